"""Loading: positions for every key, safe parsing, encodings, and plain-language refusals."""

from __future__ import annotations

import time

import pytest

from nianbao.errors import Unreadable
from nianbao.load import load_file, load_text

REPORT = """year: 2024
agency:
  name: 测试局
requests:
  received: {natural: 3, business: 1}
  carried_in: [1, 0, 0, 0, 0, 0]
"""


def test_source_map_points_at_every_value_including_list_items():
    r = load_text(REPORT, "r.yaml")
    assert r.source["year"] == (1, 7)
    assert r.source["agency.name"] == (3, 9)
    assert r.source["requests.received.natural"] == (5, 23)
    assert r.source["requests.received.business"] == (5, 36)
    assert r.source["requests.carried_in[0]"] == (6, 16)
    assert r.source["requests.carried_in[5]"] == (6, 31)
    assert r.key_source["requests.received"] == (5, 3)


def test_omitted_value_is_placed_at_its_nearest_written_ancestor():
    r = load_text(REPORT, "r.yaml")
    assert r.where("requests.received.total") == r.source["requests.received"]


def test_duplicate_keys_are_an_error_naming_both_lines():
    r = load_text("year: 2024\nyear: 2023\n", "d.yaml")
    [issue] = r.issues
    assert (issue.code, issue.line, issue.col) == ("duplicate-key", 2, 1)
    assert "第一次在第 1 行" in issue.message


def test_tab_indentation_gets_a_plain_language_message():
    with pytest.raises(Unreadable) as exc:
        load_text("agency:\n\tname: x\n", "t.yaml")
    issue = exc.value.issue
    assert (issue.code, issue.line, issue.col) == ("yaml-tab", 2, 1)
    assert "Tab" in issue.message and "空格" in issue.message


def test_yaml_syntax_error_has_position():
    with pytest.raises(Unreadable) as exc:
        load_text("year: 2024\nagency: {name: x\n", "s.yaml")
    assert exc.value.issue.code == "yaml-syntax"
    assert exc.value.issue.line == 3


def test_python_tags_are_refused():
    with pytest.raises(Unreadable) as exc:
        load_text("year: !!python/object/apply:os.system ['echo hi']\n", "p.yaml")
    assert exc.value.issue.code == "unsafe-tag"
    assert exc.value.issue.line == 1


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    start = time.perf_counter()
    with pytest.raises(Unreadable) as exc:
        load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert exc.value.issue.code == "too-complex"
    assert time.perf_counter() - start < 5  # generous; the real figure is in the benchmark note


def test_empty_file_and_non_mapping_are_refused():
    with pytest.raises(Unreadable) as exc:
        load_text("", "e.yaml")
    assert exc.value.issue.code == "not-mapping"
    with pytest.raises(Unreadable) as exc:
        load_text("- 1\n- 2\n", "l.yaml")
    assert exc.value.issue.code == "not-mapping"


def test_utf8_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + "year: 2024\nagency: {name: 测试局}\n".encode())
    r = load_file(p)
    assert r.data["agency"]["name"] == "测试局" and r.issues == []


def test_gbk_file_is_read_correctly_with_a_warning_naming_the_encoding(tmp_path):
    p = tmp_path / "gbk.yaml"
    p.write_bytes("year: 2024\nagency: {name: 测试局}\n".encode("gbk"))
    r = load_file(p)
    assert r.data["agency"]["name"] == "测试局"
    [issue] = r.issues
    assert issue.code == "encoding" and "GB18030" in issue.message and issue.severity == "warning"


def test_utf16_file_is_read(tmp_path):
    p = tmp_path / "u16.yaml"
    p.write_bytes("year: 2024\nagency: {name: 测试局}\n".encode("utf-16"))
    assert load_file(p).data["agency"]["name"] == "测试局"


def test_undecodable_bytes_are_refused_not_mojibaked(tmp_path):
    p = tmp_path / "bin.yaml"
    p.write_bytes(b"year: 2024\nname: \xff\xfe\xfd\x80\x80\n")
    with pytest.raises(Unreadable) as exc:
        load_file(p)
    assert exc.value.issue.code == "encoding" and "UTF-8" in exc.value.issue.message


@pytest.mark.parametrize("make, words", [
    (lambda d: d / "missing.yaml", "不存在"),
    (lambda d: d, "文件夹"),
])
def test_missing_file_or_directory_is_refused(tmp_path, make, words):
    with pytest.raises(Unreadable) as exc:
        load_file(make(tmp_path))
    assert exc.value.issue.code == "unreadable" and words in exc.value.issue.message


def test_yaml_syntax_errors_are_explained_in_chinese():
    with pytest.raises(Unreadable) as exc:
        load_text("year: 2024\nagency: {name: 测试局\n", "s.yaml")
    assert exc.value.issue.message == (
        "YAML 语法错误：花括号 { } 没有配对，或两项之间少了逗号（did not find expected ',' or '}'）")
    with pytest.raises(Unreadable) as exc:
        load_text("other: 见附件: 1\n", "c.yaml")
    assert "值里有冒号时请给整个值加引号" in exc.value.issue.message
