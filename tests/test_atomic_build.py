"""Atomic outputs: `nianbao build` killed with SIGKILL at random moments never leaves a partial file.

Each trial restores the previous outputs, starts the real CLI as a subprocess and kills its whole
process group after a random delay spread over a normal build's duration. Every target must then be
byte-identical to its previous version or to a reference build (the renderers are deterministic).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
import yaml
from conftest import ROOT

EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"
FORMATS = ("html", "txt", "docx")
TRIALS = 50
SEED = int(os.environ.get("NIANBAO_ATOMIC_SEED", "20250120"))
# A long narrative makes the outputs a few hundred KB, so that writing them takes long enough to be hit.
NARRATIVE = "我局认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。\n\n" * 1000


def _cli(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "nianbao", "build", str(src), "--to", ",".join(FORMATS), "-o", str(out)]


def _write_report(path: Path, agency: str) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["agency"]["name"] = agency
    data["problems"] = NARRATIVE
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """The report, its previous outputs (from an older version of it) and a reference new build."""
    base = tmp_path_factory.mktemp("atomic")
    src = base / "report.yaml"
    _write_report(src, "天水市麦积区政务服务管理局（旧）")
    old_dir = base / "old"
    assert _run(_cli(src, old_dir)).returncode == 0
    _write_report(src, "天水市麦积区政务服务管理局")
    ref_dir = base / "ref"
    start = time.perf_counter()
    done = _run(_cli(src, ref_dir))
    duration = time.perf_counter() - start
    assert done.returncode == 0, done.stderr.decode()
    old = {fmt: (old_dir / f"report.{fmt}").read_bytes() for fmt in FORMATS}
    new = {fmt: (ref_dir / f"report.{fmt}").read_bytes() for fmt in FORMATS}
    assert all(old[f] != new[f] for f in FORMATS)
    return src, old, new, duration


def test_a_normal_build_leaves_no_temporary_files(setup, tmp_path):
    src, _old, new, _duration = setup
    out = tmp_path / "out"
    assert _run(_cli(src, out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"report.{fmt}" for fmt in FORMATS)
    assert all((out / f"report.{fmt}").read_bytes() == new[fmt] for fmt in FORMATS)


def test_a_normal_build_over_previous_outputs_replaces_them_and_leaves_no_temporary_files(setup, tmp_path):
    src, old, new, _duration = setup
    out = tmp_path / "out"
    out.mkdir()
    for fmt in FORMATS:
        (out / f"report.{fmt}").write_bytes(old[fmt])
    assert _run(_cli(src, out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"report.{fmt}" for fmt in FORMATS)
    assert all((out / f"report.{fmt}").read_bytes() == new[fmt] for fmt in FORMATS)


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_each_target_old_or_new(setup, tmp_path):
    src, old, new, duration = setup
    source_bytes = src.read_bytes()
    rng = random.Random(SEED)
    out = tmp_path / "out"
    seen: dict[str, int] = {"old": 0, "new": 0, "killed-running": 0}
    for trial in range(TRIALS):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        for fmt in FORMATS:
            (out / f"report.{fmt}").write_bytes(old[fmt])
        # Half the trials anywhere in the run, half in its last quarter, where the files are written.
        delay = rng.uniform(0, 1.1 * duration) if trial % 2 else rng.uniform(0.75 * duration, 1.1 * duration)
        proc = subprocess.Popen(_cli(src, out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            seen["killed-running"] += 1
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        for fmt in FORMATS:
            got = (out / f"report.{fmt}").read_bytes()
            assert got in (old[fmt], new[fmt]), f"trial {trial} (+{delay:.3f}s): report.{fmt} is partial ({len(got)} bytes)"
            seen["old" if got == old[fmt] else "new"] += 1
        assert src.read_bytes() == source_bytes
        strays = [p.name for p in out.iterdir() if not p.name.startswith(".report.")]
        assert sorted(strays) == sorted(f"report.{fmt}" for fmt in FORMATS)  # only the targets and our own temps
    print(f"atomic build: {TRIALS} trials, {seen}")
    assert seen["killed-running"] >= TRIALS // 4  # the kills really landed during builds


def test_a_docx_that_survived_a_kill_still_opens(setup, tmp_path):
    _src, old, new, _duration = setup
    for payload in (old["docx"], new["docx"]):
        path = tmp_path / "r.docx"
        path.write_bytes(payload)
        assert any("麦积区政务服务管理局" in p.text for p in docx.Document(str(path)).paragraphs)
