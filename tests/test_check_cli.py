"""`nianbao check` through its real output: exact messages, positions, JSON and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES, complete

from nianbao.cli import main

SEED002 = FIXTURES / "seeds" / "2020-echeng-gov.faithful.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _line_of(path: Path, startswith: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(startswith):
            return number
    raise AssertionError(startswith)


def test_every_example_checks_clean():
    result = run("check", *map(str, EXAMPLES))
    assert result.exit_code == 0, result.output
    assert len(EXAMPLES) == 5


def test_faithful_seed_002_reports_exactly_its_balance_and_total_errors_on_their_lines():
    result = run("check", "--format", "json", str(SEED002))
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    total_line = _line_of(SEED002, "total:")
    out_line = _line_of(SEED002, "carried_out:")
    got = sorted((i["code"], i["path"], i["line"]) for i in issues if i["severity"] == "error")
    assert got == [
        ("balance", "requests.carried_out.natural", out_line),
        ("balance", "requests.carried_out.total", out_line),
        ("total", "requests.total.natural", total_line),
        ("total", "requests.total.total", total_line),
    ]
    granted_line = _line_of(SEED002, "granted:")
    totals = [i for i in issues if i["code"] == "total"]
    assert all(granted_line in [r["line"] for r in i["related"]] for i in totals)


def test_balance_message_names_labels_expected_actual_and_difference():
    result = run("check", str(SEED002))
    out_line = _line_of(SEED002, "carried_out:")
    expected = (
        f"{SEED002}:{out_line}:26: 错误 [balance] 三、收到和处理政府信息公开申请情况 · 自然人："
        "一+二 = 15，（七）总计+四 = 0，前者比后者多 15"
    )
    assert expected in result.stdout


def test_misspelt_key_suggests_the_right_one_with_position(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text(complete("year: 2024\nagency: {name: 测试局}\nrequests:\n  recieved: {natural: 3}\n"), encoding="utf-8")
    result = run("check", str(f))
    assert result.exit_code == 1
    assert result.stdout.strip() == f"{f}:4:3: 错误 [unknown-key] 未知的键“recieved”，是不是“received”？"


def test_unreadable_input_exits_2(tmp_path):
    result = run("check", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "文件不存在" in result.stdout


def test_strict_turns_warnings_into_failure(tmp_path):
    f = tmp_path / "late.yaml"
    f.write_text(complete("year: 2024\nagency: {name: 测试局}\npublished: 2025-03-01\n"), encoding="utf-8")
    assert run("check", str(f)).exit_code == 0
    strict = run("check", "--strict", str(f))
    assert strict.exit_code == 1
    assert "[deadline]" in strict.stdout


def test_json_output_is_a_list_of_positioned_issues(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text(complete("year: 2024\nagency: {name: 测试局}\nreviews:\n  review: {upheld: 1, total: 2}\n"
                          "  litigation: {total: 0}\n  litigation_after_review: {total: 0}\n"), encoding="utf-8")
    result = run("check", "--format", "json", str(f))
    [issue] = json.loads(result.stdout)
    assert issue["code"] == "review-total"
    assert (issue["line"], issue["col"]) == (4, 30)
    assert (issue["expected"], issue["actual"]) == (1, 2)
    assert issue["message"] == "四、政府信息公开行政复议、行政诉讼情况 · 行政复议 · 总计：填写 2，结果维持+结果纠正+其他结果+尚未审结 = 1，多填 1"


@pytest.mark.parametrize("value, hint", [
    ('"15件"', "不要带单位"),
    ("true", "不是是/否"),
    ("1.5", "必须是整数"),
    ("-3", "不能为负数"),
    ("10000000000000", "大得不合常理"),
])
def test_bad_cell_values_get_a_specific_message(tmp_path, value, hint):
    f = tmp_path / "r.yaml"
    f.write_text(f"year: 2024\nagency: {{name: 测试局}}\nrequests:\n  received: {{natural: {value}}}\n", encoding="utf-8")
    result = run("check", str(f))
    assert result.exit_code == 1
    assert f"{f}:4:23:" in result.stdout and hint in result.stdout


def test_editions_lists_both_formats_with_their_years():
    result = run("editions")
    assert result.exit_code == 0
    assert "2019\t2019–2020 年度\t国办公开办函〔2019〕60号" in result.stdout
    assert "2021\t2021 年度起\t国办公开办函〔2021〕30号" in result.stdout
