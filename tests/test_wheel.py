"""The package as a clerk installs it: sdist and wheel built from a copy of the source (`python -m build`), the
wheel installed into a fresh virtual environment, and every command run from a folder outside the source tree.

A template, edition file, registry.yaml or font config missing from the wheel fails here, not on the clerk's PC.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow

_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "node_modules", "fandol", "__pycache__", "*.egg-info", "build",
                                     "dist", "out", "artifacts", ".pytest_cache", ".hypothesis", ".ruff_cache",
                                     ".mypy_cache")
_BIN = "Scripts" if os.name == "nt" else "bin"
_EXE = ".exe" if os.name == "nt" else ""


def _env() -> dict[str, str]:
    """This process's environment without what would make the fresh environment read the checkout."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "NIANBAO_EDITIONS", "PYTHONSTARTUP")}


def _run(cmd: list[str], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(the installed `nianbao` command, a clerk's folder outside the source tree, the wheel)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    built = _run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)], work)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheels = list((work / "dist").glob("nianbao-*.whl"))
    assert len(wheels) == 1, wheels
    venv.create(work / "venv", with_pip=True, clear=True)
    python = work / "venv" / _BIN / f"python{_EXE}"
    pip = _run([str(python), "-m", "pip", "install", "--quiet", str(wheels[0])], work)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    shutil.rmtree(source)  # nothing of the checkout is left to import from
    clerk = work / "clerk"
    clerk.mkdir()
    for example in EXAMPLES:
        shutil.copy(example, clerk / example.name)
    where = _run([str(python), "-c", "import nianbao; print(nianbao.__file__)"], clerk)
    assert Path(where.stdout.strip()).is_relative_to(work / "venv"), where.stdout + where.stderr
    return work / "venv" / _BIN / f"nianbao{_EXE}", clerk, wheels[0]


def test_the_wheel_holds_every_file_of_the_package(installed):
    """Each file under nianbao/ (code, edition files, templates, registry, font config) is in the wheel, so a
    per-edition template left out (build would quietly fall back to the shared one) fails here too."""
    wheel = installed[2]
    with zipfile.ZipFile(wheel) as zf:
        shipped = set(zf.namelist())
    package = ROOT / "nianbao"
    ours = {p.relative_to(ROOT).as_posix() for p in package.rglob("*")
            if p.is_file() and not {"__pycache__", "fandol"} & set(p.relative_to(package).parts)}
    assert any(name.endswith("templates/2021/report.docx") for name in ours)
    assert sorted(ours - shipped) == []


def test_the_installed_command_checks_and_builds_every_example_outside_the_source_tree(installed):
    nianbao, clerk, _wheel = installed
    names = [p.name for p in EXAMPLES]
    checked = _run([str(nianbao), "check", *names], clerk)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = _run([str(nianbao), "build", *names, "--to", "docx,html,txt", "-o", "out"], clerk)
    assert built.returncode == 0, built.stdout + built.stderr
    for example in EXAMPLES:  # both editions' templates, the shared HTML parts, the text tables
        stem = clerk / "out" / example.stem
        with zipfile.ZipFile(stem.with_suffix(".docx")) as docx:
            assert "政府信息公开" in docx.read("word/document.xml").decode("utf-8")
        html = stem.with_suffix(".html").read_text(encoding="utf-8")
        assert "<table" in html and "</html>" in html
        assert "三、收到和处理政府信息公开申请情况" in stem.with_suffix(".txt").read_text(encoding="utf-8")


def test_the_installed_package_has_its_data(installed):
    """registry.yaml (rules), every edition file, the import aliases, the editor schema and the font config."""
    nianbao, clerk, _wheel = installed
    rules = _run([str(nianbao), "rules", "--format", "json"], clerk)
    assert rules.returncode == 0 and json.loads(rules.stdout), rules.stderr
    listed = _run([str(nianbao), "editions"], clerk)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["2019", "2021"], listed.stderr
    init = _run([str(nianbao), "init", "--year", "2025", "-o", "2025.yaml"], clerk)
    assert init.returncode == 0, init.stderr
    assert json.loads((clerk / "nianbao-2021.schema.json").read_text(encoding="utf-8"))["$id"].endswith("2021")
    schema = _run([str(nianbao), "schema", "--year", "2020"], clerk)
    assert json.loads(schema.stdout)["$id"].endswith("2019"), schema.stderr
    text = _run([str(nianbao), "build", EXAMPLES[-1].name, "--to", "txt", "-o", "published"], clerk)
    assert text.returncode == 0, text.stderr
    back = _run([str(nianbao), "import", str(Path("published") / (EXAMPLES[-1].stem + ".txt")), "-o", "back.yaml"],
                clerk)
    # exit 0 as check: the example's own two warnings (its 五 and 六, tests/test_false_alarms.py), no error
    assert back.returncode == 0 and "0 个错误，2 个警告" in back.stderr and (clerk / "back.yaml").is_file(), back.stderr
    python = nianbao.with_name(f"python{_EXE}")
    fonts = _run([str(python), "-c", "from nianbao.render.pdf import fonts_conf; print(fonts_conf().is_file())"], clerk)
    assert fonts.stdout.strip() == "True", fonts.stderr
