"""The commands as library functions: what they say (exactly) and their exit code, without the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, complete

from nianbao.batch.commands import build_command, check_command
from nianbao.build import UnknownFormat


def _run(command, *args):
    said: list[tuple[str, bool]] = []
    code = command(*args, lambda text, err=False, nl=True: said.append((text, err)), lambda it, n, verb: list(it))
    return code, said


def _clean(tmp_path: Path) -> Path:
    """A report without any issue (the examples carry their published reports' own warnings)."""
    path = tmp_path / "clean.yaml"
    path.write_text(complete("year: 2024\nagency: {name: 测试局}\n"), encoding="utf-8")
    return path


def test_check_command_says_each_verdict_and_returns_the_exit_code(tmp_path: Path):
    clean = _clean(tmp_path)
    code, said = _run(check_command, [str(clean)], None, "text", False, 1)
    assert (code, said) == (0, [(f"{clean}：通过", True)])
    code, said = _run(check_command, [str(EXAMPLES[0])], None, "text", False, 1)
    assert (code, said[-1]) == (0, (f"{EXAMPLES[0]}：0 个错误，3 个警告", True))


def test_an_empty_folder_is_said_and_ends_with_exit_2(tmp_path: Path):
    code, said = _run(check_command, [str(tmp_path)], None, "text", False, 1)
    assert (code, said) == (2, [(f"{tmp_path}：文件夹中没有 YAML 文件（*.yaml、*.yml）", True)])


def test_build_command_prints_the_files_written(tmp_path: Path):
    clean = _clean(tmp_path)
    out = tmp_path / "out"
    code, said = _run(build_command, [str(clean)], "txt", str(out), None, None, False, 1)
    assert (code, said) == (0, [(str(out / "clean.txt"), False)])


def test_an_unknown_format_is_a_usage_error_before_any_file_is_read():
    with pytest.raises(UnknownFormat, match="未知的输出格式：odt"):
        _run(build_command, ["no-such.yaml"], "odt", None, None, None, False, 1)
