"""Issue 13: numbers and punctuation as a clerk types them, the root cause first, positions where the mistake is."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, not_about_sections

from nianbao.check import check_file
from nianbao.check.cnnum import parse
from nianbao.cli import main

MAIJI = next(p for p in EXAMPLES if p.name == "2022-maiji-zwfw.yaml")  # 2021 edition, all zeros
JINYUN = next(p for p in EXAMPLES if p.name == "2020-jinyun-rsj.yaml")  # 2019 edition, 3 requests received
LIC = "二、主动公开政府信息情况 · 第二十条第（五）项 · 行政许可 · 本年处理决定数量"
RECV = "三、收到和处理政府信息公开申请情况 · 一、本年新收政府信息公开申请数量"


def _mutate(tmp_path: Path, source: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of an example with one edit; returns the file and the 1-based line of the edit."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    out = tmp_path / "report.yaml"
    out.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return out, line


def _check(path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", str(path)])
    return result.exit_code, not_about_sections(result.stdout.splitlines())


def test_thousands_separator_in_flow_mapping_is_named_with_the_fix(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "licensing: {decisions: 0}", "licensing: {decisions: 1,873}")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line}:26: 错误 [number-format] {LIC}：“1,873”里的逗号是千位分隔符，但在花括号 {{ }} 里逗号分隔各项，"
                   "YAML 把它拆成了 decisions: 1 和多出的键“873”；请去掉逗号，写成 decisions: 1873"]


def test_split_number_in_a_request_row_gives_one_error_not_its_consequences(tmp_path):
    path, line = _mutate(tmp_path, JINYUN, "received: {natural: 3,", "received: {natural: 1,100,")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line}:23: 错误 [number-format] {RECV} · 自然人：“1,100”里的逗号是千位分隔符，"
                   "但在花括号 { } 里逗号分隔各项，YAML 把它拆成了 natural: 1 和多出的键“100”；请去掉逗号，写成 natural: 1100"]


@pytest.mark.parametrize(("typed", "done"), [
    ("１８７３", "全角数字或符号改为半角"),
    ('"1,873"', "去掉了千位分隔符“,”"),
    ('"1，873"', "全角数字或符号改为半角；去掉了千位分隔符“，”"),
    ("“1873”", "去掉了引号 “”"),
])
def test_normalised_numbers_check_clean_with_their_warning(tmp_path, typed, done):
    path, line = _mutate(tmp_path, MAIJI, "licensing: {decisions: 0}", f"licensing: {{decisions: {typed}}}")
    code, out = _check(path)
    assert code == 0
    shown = typed.strip('"')
    assert out == [f"{path}:{line}:26: 警告 [number-format] {LIC}：“{shown}”已按 1873 读取（{done}）；请直接写 1873"]
    result = check_file(path)
    assert result.values[("proactive.licensing.decisions")] == 1873


def test_block_style_thousands_is_read_with_a_warning(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "licensing: {decisions: 0}", "licensing:\n    decisions: 1,873")
    code, out = _check(path)
    assert code == 0
    assert out == [f"{path}:{line + 1}:16: 警告 [number-format] {LIC}：“1,873”已按 1873 读取（去掉了千位分隔符“,”）；请直接写 1873"]


def test_chinese_numeral_suggests_the_figure(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "licensing: {decisions: 0}", "licensing: {decisions: 十一}")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line}:26: 错误 [number-format] {LIC}：“十一”是中文数字，请填阿拉伯数字：是不是 11？"]


@pytest.mark.parametrize(("text", "number"), [("十一", 11), ("两", 2), ("二十", 20), ("一百零五", 105),
                                              ("三千二百", 3200), ("一万二千", 12000), ("一八七三", 1873),
                                              ("一百五", None)])  # 150 in speech, 105 by the letter: no guess
def test_chinese_numerals(text, number):
    assert parse(text) == number


def test_empty_value_is_said_to_be_empty(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "licensing: {decisions: 0}", "licensing: {decisions: }")
    code, out = _check(path)
    assert code == 0
    assert out == [f"{path}:{line}:26: 警告 [empty-value] {LIC}：没有填写（空值），按 0 计；确为 0 请写 0"]


def test_full_width_comma_in_flow_mapping_is_named(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "received: {natural: 0, business: 0,", "received: {natural: 11，business: 3,")
    code, out = _check(path)
    assert code == 2
    assert out == [f"{path}:{line}:25: 错误 [fullwidth-punct] YAML 语法错误：第 {line} 行第 25 列是全角逗号“，”（中文输入法）；"
                   "YAML 的格式符号要用英文输入法，请改为半角逗号“,”"]


def test_full_width_colon_is_named_and_not_reported_as_unknown_key(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "licensing: {decisions: 0}", "licensing: {decisions：9}")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line}:24: 错误 [fullwidth-punct] 第 {line} 行第 24 列是全角冒号“：”（中文输入法）；"
                   "YAML 的格式符号要用英文输入法，请改为半角冒号“:”（其后加一个空格）"]


def test_full_width_colon_in_block_style_is_named_at_its_column(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "licensing: {decisions: 0}", "licensing:\n    decisions：9")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line + 1}:14: 错误 [fullwidth-punct] 第 {line + 1} 行第 14 列是全角冒号“：”（中文输入法）；"
                   "YAML 的格式符号要用英文输入法，请改为半角冒号“:”（其后加一个空格）"]


def test_full_width_space_in_indentation_is_named(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "\n  kind: department", "\n\u3000kind: department")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line + 1}:1: 错误 [fullwidth-punct] 第 {line + 1} 行第 1 列是全角空格“\u3000”（中文输入法）；"
                   "YAML 的格式符号要用英文输入法，请改为半角空格"]


def test_unclosed_quote_is_reported_where_it_opens(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "  name: 天水市麦积区政务服务管理局 ", '  name: "天水市麦积区政务服务管理局 ')
    code, out = _check(path)
    assert code == 2
    assert out == [f'{path}:{line}:9: 错误 [yaml-syntax] YAML 语法错误：引号 " 没有配对：从这里开始的引号直到文件末尾都没有结束；'
                   '请在值的末尾补上 "，或去掉这个引号']


@pytest.mark.parametrize("spaces", [3, 5])
def test_indentation_error_is_reported_at_the_misindented_line(tmp_path, spaces):
    path, line = _mutate(tmp_path, JINYUN, "\n    state_secret:", "\n" + " " * spaces + "state_secret:")
    code, out = _check(path)
    assert code == 2
    assert out == [f"{path}:{line + 1}:{spaces + 1}: 错误 [yaml-syntax] YAML 语法错误：这一行缩进 {spaces} 个空格，"
                   "与同一层的其他行（4 个空格）没有对齐（did not find expected key）"]


def test_misspelt_row_is_the_only_error_not_followed_by_its_consequences(tmp_path):
    path, line = _mutate(tmp_path, JINYUN, "\n  received:", "\n  recieved:")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line + 1}:3: 错误 [unknown-key] 未知的键“recieved”，是不是“received”？"]


def test_duplicate_row_is_the_only_error(tmp_path):
    path, line = _mutate(tmp_path, JINYUN, "\n  carried_in:", "\n  received:")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line + 1}:3: 错误 [duplicate-key] 键“received”重复出现（第一次在第 {line} 行）；"
                   "YAML 只会保留后一个，请删去其中一个"]


def test_wrong_length_row_comes_first_and_alone(tmp_path):
    path, line = _mutate(tmp_path, JINYUN,
                         "received: {natural: 3, business: 0, research: 0, nonprofit: 0, legal: 0, other: 0, total: 3}",
                         "received: [3, 0, 0, 0, 0]")
    code, out = _check(path)
    assert code == 1
    assert len(out) == 1 and out[0].startswith(f"{path}:{line}:13: 错误 [row-length] {RECV}：按列序填写应有 7 个数，实际 5 个")


def test_root_cause_comes_before_errors_it_did_not_cause(tmp_path):
    text = JINYUN.read_text(encoding="utf-8").replace("\n  received:", "\n  recieved:")
    text = text.replace("coercion: {previous: 0, change: -3, decisions: 0}", "coercion: {previous: 0, change: -3, decisions: -1}")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    out = _check(path)[1]
    codes = [line.split("[")[1].split("]")[0] for line in out]
    assert codes == ["unknown-key", "negative"]  # the negative cell is earlier in the file, the misspelt row first


PUB = "发布（成文）日期"


@pytest.mark.parametrize("typed", ["2023年1月31日", "'2023.1.31'", "'2023-1-31'", "2023/1/31", "“２０２３年１月３１日”"])
def test_dates_as_typed_are_read_with_a_warning_naming_the_form_to_write(tmp_path, typed):
    path, line = _mutate(tmp_path, MAIJI, "published: 2023-01-31", f"published: {typed}")
    code, out = _check(path)
    assert code == 0
    shown = typed.strip("'“”")
    assert out == [f"{path}:{line}:12: 警告 [date-format] {PUB}：“{shown}”已按 2023-01-31 读取；"
                   "请直接写成 2023-01-31（年-月-日，月和日都写两位）"]


def test_an_impossible_date_is_one_error_not_also_missing(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "published: 2023-01-31", "published: 2023年2月30日")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line}:12: 错误 [date-format] {PUB}：“2023年2月30日”不是有效的日期（2023 年没有 2 月 30 日），"
                   "请核对后按年-月-日写（月和日都写两位）"]


@pytest.mark.parametrize(("typed", "why"), [
    ("2023-02-30", "2023 年没有 2 月 30 日"),  # unquoted: PyYAML's date reader refuses it, check still names it
    ("2023-13-01", "没有 13 月，月份是 1 到 12"),
    ("2023年13月1日", "没有 13 月，月份是 1 到 12"),
])
def test_an_impossible_date_written_as_recommended_is_the_same_error(tmp_path, typed, why):
    path, line = _mutate(tmp_path, MAIJI, "published: 2023-01-31", f"published: {typed}")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line}:12: 错误 [date-format] {PUB}：“{typed}”不是有效的日期（{why}），"
                   "请核对后按年-月-日写（月和日都写两位）"]


def test_a_right_date_in_quotes_is_told_to_drop_the_quotes(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "published: 2023-01-31", "published: '2023-01-31'")
    code, out = _check(path)
    assert code == 0
    assert out == [f"{path}:{line}:12: 警告 [date-format] {PUB}：“2023-01-31”加了引号，已按日期读取；请去掉引号，直接写成 2023-01-31"]


KINDS = ("这里写英文代码：department 表示县级以上人民政府部门（及其他机关、乡镇街道），"
         "government 表示各级人民政府（本级政府报告）")


@pytest.mark.parametrize(("typed", "guess"), [
    ("部门", "；是不是 department？"), ("政府", "；是不是 government？"), ("县人民政府", "；是不是 government？"),
    ("局", ""),
])
def test_agency_kind_in_chinese_is_explained_and_matched(tmp_path, typed, guess):
    path, line = _mutate(tmp_path, MAIJI, "kind: department", f"kind: {typed}")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line}:9: 错误 [not-allowed] 机关类型：不能取“{typed}”，{KINDS}{guess}"]


def test_an_ambiguous_date_is_an_error_with_an_example_for_the_report_year(tmp_path):
    path, line = _mutate(tmp_path, MAIJI, "published: 2023-01-31", "published: 1/31/2023")
    code, out = _check(path)
    assert code == 1
    assert out == [f"{path}:{line}:12: 错误 [type] {PUB}：应为日期，实际是“1/31/2023”；请按年-月-日写成 2023-01-20 这样的形式"]
