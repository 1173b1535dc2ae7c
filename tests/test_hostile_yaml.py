"""Hostile YAML through the real command line: a clear message, exit 1 or 2, never a traceback."""

from __future__ import annotations

import os
import time
import tracemalloc

import pytest
from click.testing import CliRunner
from conftest import complete

from nianbao.cli import main
from nianbao.errors import Unreadable
from nianbao.load import load_text

HEAD = "year: 2024\nagency: {name: 测试局}\npublished: 2025-01-20\n"
REST = complete(HEAD + "problems: 无。\n")[len(HEAD + "problems: 无。\n"):]  # every other required part


def check(tmp_path, body: str | bytes, name: str = "r.yaml"):
    f = tmp_path / name
    if isinstance(body, bytes):
        f.write_bytes(body)
    else:
        f.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(f)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def _bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_within_a_second():
    start = time.perf_counter()
    with pytest.raises(Unreadable) as exc:
        load_text(_bomb(), "bomb.yaml")
    assert exc.value.issue.code == "too-complex"
    assert time.perf_counter() - start < 1.0


def test_billion_laughs_is_refused_with_bounded_memory():
    tracemalloc.start()
    with pytest.raises(Unreadable):
        load_text(_bomb(), "bomb.yaml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 100 * 1024 * 1024


def test_billion_laughs_exits_2_with_a_message(tmp_path):
    result = check(tmp_path, _bomb())
    assert result.exit_code == 2
    assert "[too-complex]" in result.output and "别名" in result.output


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system", "!custom x", "!!set {a}"])
def test_non_safe_tags_are_refused(tmp_path, tag):
    result = check(tmp_path, HEAD + f"other: {tag}\n")
    assert result.exit_code == 2
    assert "[unsafe-tag]" in result.output and ":4:8:" in result.output


@pytest.mark.parametrize("value, code", [
    ("99999999999999999999999999999999", "too-large"),
    ("1.5", "type"),
    ('"15件"', "type"),
    ("yes", "type"),
    ("[1, 2]", "type"),
])
def test_bad_cell_values_exit_1_with_their_position(tmp_path, value, code):
    result = check(tmp_path, HEAD + f"requests:\n  received: {{natural: {value}}}\n")
    assert result.exit_code == 1
    assert f":5:23: 错误 [{code}]" in result.output


def test_binary_where_text_is_expected_is_a_type_error(tmp_path):
    result = check(tmp_path, HEAD + "other: !!binary aGVsbG8=\n")
    assert result.exit_code == 1
    assert ":4:8: 错误 [type]" in result.output


def test_null_cell_counts_as_omitted(tmp_path):
    result = check(tmp_path, complete(HEAD + "requests:\n  received: {natural: null}\n"))
    assert result.exit_code == 0, result.output


def test_duplicate_keys_exit_1(tmp_path):
    result = check(tmp_path, HEAD + "requests:\n  received: {natural: 1}\n  received: {natural: 2}\n")
    assert result.exit_code == 1
    assert ":6:3: 错误 [duplicate-key]" in result.output


def test_tab_indentation_exits_2_with_plain_language(tmp_path):
    result = check(tmp_path, HEAD + "requests:\n\treceived: {natural: 1}\n")
    assert result.exit_code == 2
    assert ":5:1: 错误 [yaml-tab]" in result.output


def test_empty_file_exits_2(tmp_path):
    result = check(tmp_path, "")
    assert result.exit_code == 2
    assert "文件是空的" in result.output


def test_directory_and_missing_path_exit_2(tmp_path):
    for target, words in ((tmp_path, "文件夹"), (tmp_path / "none.yaml", "不存在")):
        result = CliRunner().invoke(main, ["check", str(target)])
        assert result.exit_code == 2 and words in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root 可以读取任何文件，无法构造不可读文件")
def test_unreadable_file_exits_2(tmp_path):
    f = tmp_path / "secret.yaml"
    f.write_text(HEAD, encoding="utf-8")
    f.chmod(0)
    result = CliRunner().invoke(main, ["check", str(f)])
    assert result.exit_code == 2 and "没有读取权限" in result.output


def test_twenty_megabyte_narrative_is_checked(tmp_path):
    big = "我局认真落实条例。" * (20 * 1024 * 1024 // 27)
    result = check(tmp_path, HEAD + f"problems: {big}\n" + REST)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16"])
def test_chinese_windows_encodings_are_read_correctly(tmp_path, encoding):
    result = check(tmp_path, complete(HEAD + "other: 无。\n").encode(encoding))
    assert result.exit_code == 0, result.output
    assert "mojibake" not in result.output
