"""A report that passes check is ready to publish: each missing part is an error naming it, at a line.

Each case starts from an example that checks clean and removes or empties one thing, through the CLI.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, complete

from nianbao import yamlwriter
from nianbao.check import check_report
from nianbao.cli import main
from nianbao.load import load_text

EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"  # 2021 edition, overview as one paragraph
PARTS = ROOT / "examples" / "2020-fuyuan-zwfw.yaml"  # 2019 edition, overview in five parts


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _own_warnings() -> set[tuple[str, str]]:
    """The examples' own warnings (faults of the published reports, read in tests/test_false_alarms.py)."""
    own = set()
    for path in (EXAMPLE, PARTS):
        own |= {(i.code, i.message) for i in check_report(load_text(path.read_text(encoding="utf-8"))).warnings}
    return own


OWN = _own_warnings()


def _check(tmp_path: Path, text: str) -> tuple[int, list[dict]]:
    """Exit code and issues of `text`, without the example's own warnings."""
    f = tmp_path / "r.yaml"
    f.write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", str(f))
    return result.exit_code, [i for i in json.loads(result.stdout) if (i["code"], i["message"]) not in OWN]


def _drop_block(text: str, key: str) -> str:
    """The text without the top-level `key:` and its indented lines."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if re.match(rf"{re.escape(key)}:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def _empty_block(text: str, key: str) -> str:
    dropped = _drop_block(text, key)
    return dropped + f'{key}: ""\n' if key in ("problems", "other", "overview") else dropped + f"{key}: {{}}\n"


def test_the_examples_are_complete():
    for path in (EXAMPLE, PARTS):
        assert run("check", str(path)).exit_code == 0  # their warnings are the published reports' own
    assert {code for code, _ in OWN} == {"problems-follow-up", "fee-statement"}


@pytest.mark.parametrize("key, title", [
    ("overview", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"), ("reviews", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"), ("other", "六、其他需要报告的事项"),
    ("published", "发布（成文）日期"),
])
def test_a_deleted_section_table_or_date_is_an_error_naming_it_on_line_1(tmp_path, key, title):
    code, issues = _check(tmp_path, _drop_block(EXAMPLE.read_text(encoding="utf-8"), key))
    assert code == 1
    assert [(i["code"], i["line"], i["message"]) for i in issues] == [("missing-part", 1, f"缺少：{title}")]


@pytest.mark.parametrize("key, title", [
    ("overview", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"), ("reviews", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"), ("other", "六、其他需要报告的事项"),
])
def test_an_empty_section_or_table_is_an_error_naming_it_at_its_key(tmp_path, key, title):
    text = _empty_block(EXAMPLE.read_text(encoding="utf-8"), key)
    code, issues = _check(tmp_path, text)
    assert code == 1
    line = text.splitlines().index(next(ln for ln in text.splitlines() if ln.startswith(f"{key}:"))) + 1
    assert [(i["code"], i["line"]) for i in issues] == [("missing-part", line)]
    assert issues[0]["message"] == f"缺少：{title}（已写出“{key}:”，但没有内容）"


def test_a_table_written_out_with_zeros_is_fine(tmp_path):
    text = complete("year: 2024\nagency: {name: 测试局}\nrequests:\n  received: {}\n  carried_out: {}\n")
    assert _check(tmp_path, text) == (0, [])


def test_a_missing_part_of_a_five_part_overview_is_a_warning(tmp_path):
    text = PARTS.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("  platforms:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ") and lines[i].strip())
    code, issues = _check(tmp_path, "".join(lines[:start] + lines[end:]))
    assert code == 0
    assert [(i["code"], i["severity"], i["message"]) for i in issues] == [(
        "overview-part", "warning",
        "一、总体情况：缺少（四）政府信息公开平台建设（分部分填写时五部分都应写出；也可以写成一段）")]


def test_missing_carried_out_says_why_it_must_be_written(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    without = "".join(ln for ln in text.splitlines(keepends=True) if not ln.startswith("  carried_out:"))
    code, issues = _check(tmp_path, without)
    assert code == 1
    requests_line = without.splitlines().index(next(ln for ln in without.splitlines() if ln.startswith("requests:"))) + 1
    assert [(i["code"], i["line"], i["message"]) for i in issues] == [(
        "carried-out-missing", requests_line, "四、结转下年度继续办理 未填写：它是核对本表的唯一依据（全为 0 也请写出）")]


def test_a_column_left_out_of_a_written_carried_out_row_is_0_never_derived():
    text = complete("year: 2024\nagency: {name: 测试局}\nrequests:\n"
                    "  received: {natural: 2, business: 1}\n  carried_out: {natural: 2}\n")
    result = check_report(load_text(text, "r.yaml"))
    assert result.values["requests.carried_out.business"] == 0
    assert sorted((i.code, i.message.split("：")[0]) for i in result.errors) == [
        ("balance", "三、收到和处理政府信息公开申请情况 · 商业企业"), ("balance", "三、收到和处理政府信息公开申请情况 · 总计")]


def test_a_missing_review_total_is_an_error_on_its_row(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  litigation: {upheld: 0, corrected: 0, other: 0, pending: 0, total: 0}",
        "  litigation: {upheld: 0, corrected: 0, other: 0, pending: 0}")
    code, issues = _check(tmp_path, text)
    line = text.splitlines().index(next(ln for ln in text.splitlines() if ln.startswith("  litigation:"))) + 1
    assert code == 1
    assert [(i["code"], i["line"], i["message"]) for i in issues] == [(
        "review-total-missing", line,
        "四、政府信息公开行政复议、行政诉讼情况 · 未经复议直接起诉 · 总计 未填写：它是核对本行的唯一依据（全为 0 也请写出）")]


@pytest.mark.parametrize("numbers", [[11, 3, 0, 0, 1, 15], [11, 3, 0, 0, 1, 0, 15, 0]])
def test_a_list_row_of_the_wrong_length_names_the_columns_and_guesses_nothing(tmp_path, numbers):
    text = complete("year: 2024\nagency: {name: 测试局}\nrequests:\n"
                    f"  received: {numbers}\n  carried_out: {{}}\n")
    code, issues = _check(tmp_path, text)
    assert code == 1
    [row] = [i for i in issues if i["code"] == "row-length"]
    assert (row["line"], row["message"]) == (4, (
        f"三、收到和处理政府信息公开申请情况 · 一、本年新收政府信息公开申请数量：按列序填写应有 7 个数，实际 {len(numbers)} 个"
        "（列序：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）；无法判断是哪一列多了或少了，"
        "请逐列核对，或改用“键: 数”的写法"))


def test_a_seven_number_list_row_is_read_in_the_official_order():
    text = complete("year: 2024\nagency: {name: 测试局}\nrequests:\n"
                    "  received: [11, 3, 0, 0, 1, 0, 15]\n  granted: [11, 3, 0, 0, 1, 0, 15]\n  carried_out: {}\n")
    result = check_report(load_text(text, "r.yaml"))
    assert result.issues == []
    assert result.values["requests.received.legal"] == 1


def test_an_imported_report_whose_agency_was_not_recognised_has_a_placeholder_error(tmp_path):
    from nianbao import render_context
    from nianbao.importer import import_file
    from nianbao.render import renderer

    text = EXAMPLE.read_text(encoding="utf-8")
    page = renderer("txt")(render_context(check_report(load_text(text, "x.yaml"))), None).decode("utf-8")
    source = tmp_path / "x.txt"
    source.write_text(page.replace("天水市麦积区政务服务管理局", ""), encoding="utf-8")
    result = import_file(source)
    assert yamlwriter.PLACEHOLDER_OPEN in result.yaml_text
    assert "placeholder" in [i.code for i in result.check.errors]
