"""Hostile YAML through `nianbao build`: refused inputs write nothing, accepted ones write complete files.

The same inputs as test_hostile_yaml.py (which runs `check`), now through the real build command.
"""

from __future__ import annotations

import os
import subprocess
import sys

import docx
import pytest
from click.testing import CliRunner
from conftest import ROOT, complete
from test_hostile_yaml import HEAD, REST, _bomb

from nianbao.cli import main

FORMATS = "html,txt,docx"


def build(tmp_path, body: str | bytes | None, *extra: str, name: str = "r.yaml"):
    """Run `nianbao build` on a file holding `body` (None: pass the path without creating it)."""
    src = tmp_path / name
    if isinstance(body, bytes):
        src.write_bytes(body)
    elif body is not None:
        src.write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(src), "--to", FORMATS, "-o", str(out), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    return result, written


REFUSED_UNREADABLE = {
    "alias-bomb": (_bomb(), "[too-complex]"),
    "python-object": (HEAD + "other: !!python/object/apply:os.system ['echo pwned']\n", "[unsafe-tag]"),
    "python-name": (HEAD + "other: !!python/name:os.system\n", "[unsafe-tag]"),
    "tab": (HEAD + "requests:\n\treceived: {natural: 1}\n", "[yaml-tab]"),
    "empty": ("", "文件是空的"),
    "syntax": (HEAD + "requests: {received: [1, 2\n", "[yaml-syntax]"),
    "not-a-mapping": ("- 1\n- 2\n", "[not-mapping]"),
    "bad-utf16": (b"\xff\xfe" + "year: 2024\n".encode("utf-16-le") + b"\x00\xd8", "[encoding]"),
    "binary-junk": (bytes(range(256)) * 4, "[encoding]"),
}


@pytest.mark.parametrize("name", REFUSED_UNREADABLE)
def test_unreadable_yaml_is_refused_with_exit_2_and_writes_nothing(tmp_path, name):
    body, words = REFUSED_UNREADABLE[name]
    result, written = build(tmp_path, body)
    assert result.exit_code == 2, result.output
    assert words in result.output and "无法读取，未生成" in result.output
    assert written == []


INVALID = {
    "huge-integer": "requests:\n  received: {natural: 99999999999999999999999999999999}\n",
    "float-count": "requests:\n  received: {natural: 1.5}\n",
    "15件": 'requests:\n  received: {natural: "15件"}\n',
    "boolean": "requests:\n  received: {natural: yes}\n",
    "negative": "requests:\n  received: {natural: -3}\n",
    "duplicate-key": "requests:\n  received: {natural: 1}\n  received: {natural: 2}\n",
    "binary-text": "other: !!binary aGVsbG8=\n",
}


@pytest.mark.parametrize("name", INVALID)
def test_invalid_cells_are_refused_with_exit_1_their_position_and_no_file(tmp_path, name):
    result, written = build(tmp_path, HEAD + INVALID[name])
    assert result.exit_code == 1, result.output
    assert "r.yaml:" in result.output and ": 错误 [" in result.output
    assert "校验未通过，未生成" in result.output
    assert written == []


@pytest.mark.parametrize("name", ["huge-integer", "15件", "boolean", "duplicate-key"])
def test_force_builds_a_marked_draft_from_invalid_cells(tmp_path, name):
    result, written = build(tmp_path, HEAD + INVALID[name], "--force")
    assert result.exit_code == 1, result.output  # the draft was asked for and written, but it is not publishable
    assert ": 错误 [" in result.output  # the errors are still said
    assert written == ["r.docx", "r.html", "r.txt"]
    assert "草稿·未通过校验" in (tmp_path / "out" / "r.txt").read_text(encoding="utf-8")


def test_null_cell_builds(tmp_path):
    result, written = build(tmp_path, complete(HEAD + "requests:\n  received: {natural: null}\n"))
    assert result.exit_code == 0, result.output
    assert written == ["r.docx", "r.html", "r.txt"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_windows_encodings_build_without_mojibake(tmp_path, encoding):
    result, written = build(tmp_path, complete(HEAD + "other: 无需报告的其他事项。\n").encode(encoding))
    assert result.exit_code == 0, result.output
    assert "无需报告的其他事项。" in (tmp_path / "out" / "r.txt").read_text(encoding="utf-8")
    assert any("无需报告的其他事项。" in p.text for p in docx.Document(str(tmp_path / "out" / "r.docx")).paragraphs)


def test_directory_given_as_the_file(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    result = CliRunner().invoke(main, ["build", str(folder), "--to", FORMATS, "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "文件夹中没有 YAML 文件" in result.output
    assert not (tmp_path / "out").exists()


def test_missing_file(tmp_path):
    result, written = build(tmp_path, None, name="none.yaml")
    assert result.exit_code == 2 and "不存在" in result.output and written == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root 可以读取任何文件，无法构造不可读文件")
def test_unreadable_file(tmp_path):
    src = tmp_path / "secret.yaml"
    src.write_text(HEAD, encoding="utf-8")
    src.chmod(0)
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "没有读取权限" in result.output


def test_an_output_that_would_overwrite_the_input_is_skipped(tmp_path):
    src = tmp_path / "r.html"  # a YAML report unwisely named .html, built next to itself
    src.write_text(complete(HEAD), encoding="utf-8")
    before = src.read_bytes()
    result = CliRunner().invoke(main, ["build", str(src), "--to", "html,txt"])
    assert result.exit_code == 1 and "输出文件会覆盖输入文件" in result.output
    assert src.read_bytes() == before and (tmp_path / "r.txt").is_file()


@pytest.mark.slow
def test_twenty_megabyte_narrative_builds_every_format(tmp_path):
    """A 20 MB paragraph: the DOCX must still open (libxml2 refuses text nodes over 10 MB)."""
    big = "我局认真落实条例。" * (20 * 1024 * 1024 // 27)
    src = tmp_path / "big.yaml"
    src.write_text(HEAD + f"problems: {big}\n" + REST, encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "nianbao", "build", str(src), "--to", FORMATS, "-o", str(out)],
                          cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["big.docx", "big.html", "big.txt"]
    assert (out / "big.txt").stat().st_size > 20_000_000
    document = docx.Document(str(out / "big.docx"))
    assert max(len(p.text) for p in document.paragraphs) == len(big)


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/null"])
def test_a_pipe_or_device_given_as_the_file_is_refused_not_read(tmp_path, command, kind):
    """A named pipe used to block for ever and /dev/zero to fill the memory; both are refused at once."""
    if kind == "fifo":
        target = tmp_path / "pipe.yaml"
        os.mkfifo(target)
    else:
        target = kind
    cmd = [sys.executable, "-m", "nianbao", command, str(target)] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    # The timeout only guards against the old hang; a refusal takes well under a second.
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=60)
    stderr, stdout = done.stderr.decode(), done.stdout.decode()
    assert done.returncode == 2 and "Traceback" not in stderr
    assert "不是普通文件" in stdout + stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_without_read_permission_is_said_plainly_even_when_tests_run_as_root(tmp_path, monkeypatch, command):
    """Root reads every file, so the permission error is raised where load.py opens the file."""
    import nianbao.load as load

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load, "open", denied, raising=False)
    src = tmp_path / "secret.yaml"
    src.write_text(HEAD, encoding="utf-8")
    result = CliRunner().invoke(main, [command, str(src), "-j", "1"] + (["-o", str(tmp_path / "out")] if command == "build" else []))
    assert result.exit_code == 2 and "没有读取权限" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("agency", ["某局", "[1, 2]", "{name: [1], kind: [2]}", "{name: 某局, kind: {a: 1}}"])
def test_agency_of_the_wrong_shape_is_a_type_error_everywhere(tmp_path, agency):
    """Found by fuzzing: the deadline rule and `init --from` assumed `agency` was a mapping of strings."""
    body = f"year: 2024\nagency: {agency}\npublished: 2025-01-20\n"
    result, written = build(tmp_path, body)
    assert result.exit_code == 1 and "[type]" in result.output and "内部错误" not in result.output
    assert written == []
    result, written = build(tmp_path, body, "--force")
    assert "内部错误" not in result.output and written == ["r.docx", "r.html", "r.txt"]
    scaffold = CliRunner().invoke(main, ["init", "--from", str(tmp_path / "r.yaml"), "--force"])  # it has errors
    assert scaffold.exit_code == 0 and scaffold.exception is None, scaffold.output
    assert "year: 2025" in scaffold.output and "kind: department" in scaffold.output
