"""`nianbao summary`: one row per report with the key figures and issue counts, a totals row; read back from xlsx/csv."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import complete
from openpyxl import load_workbook
from synth import consistent_report, to_yaml

from nianbao import editions
from nianbao.batch.summary import request_figures
from nianbao.cli import main

A_2021 = """\
year: 2024
agency: {name: 甲市乙局, kind: department}
published: 2025-01-20
proactive:
  regulations: {made: 1, repealed: 0, in_force: 3}
  fees: {amount: 1.5}
requests:
  received: {natural: 6, business: 2}
  carried_in: {natural: 1}
  granted: {natural: 2}
  partly_granted: {natural: 1}
  withheld:
    state_secret: {natural: 1}
    third_party: {business: 1}
  unable:
    not_held: {natural: 1}
  not_processed:
    duplicate: {business: 1}
  other_handling:
    no_correction: {natural: 1}
    misc: {natural: 1}
  carried_out: {}
reviews:
  review: {upheld: 1, pending: 1, total: 2}
  litigation: {corrected: 1, total: 1}
  litigation_after_review: {total: 0}
"""

B_2021 = """\
year: 2024
agency: {name: 甲市丙局}
published: 2025-03-01
other: 无。  # with the unpaid fee below: R11 asks for the fee statement
proactive:
  fees: {amount: 0.25}
requests:
  received: {natural: 4}
  granted: {natural: 3}
  other_handling:
    unpaid_fee: {natural: 1}
  carried_out: {}
reviews:
  review: {total: 0}
  litigation: {total: 0}
  litigation_after_review: {other: 2, total: 2}
"""

HEADER_2021 = [
    "文件", "机关全称", "报告年度", "格式版本",
    "规章 · 本年制发件数", "规章 · 本年废止件数", "规章 · 现行有效件数",
    "行政规范性文件 · 本年制发件数", "行政规范性文件 · 本年废止件数", "行政规范性文件 · 现行有效件数",
    "行政许可 · 本年处理决定数量", "行政处罚 · 本年处理决定数量", "行政强制 · 本年处理决定数量",
    "行政事业性收费 · 本年收费金额（单位：万元）",
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开",
    "（四）无法提供", "（五）不予处理", "（六）其他处理", "（七）总计", "四、结转下年度继续办理",
    "行政复议 · 总计", "行政诉讼 · 未经复议直接起诉 · 总计", "行政诉讼 · 复议后起诉 · 总计",
    "错误", "警告", "校验结果",
]


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.yaml").write_text(complete(A_2021), encoding="utf-8")
    (folder / "b.yaml").write_text(complete(B_2021), encoding="utf-8")
    (folder / "c.yaml").write_text("year: [2024\n", encoding="utf-8")
    return folder


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_has_official_headers_one_row_per_report_and_a_totals_row(reports, tmp_path):
    out = tmp_path / "summary.csv"
    result = run_cli("summary", str(reports), "-o", str(out))
    assert result.exit_code == 2, result.output  # one of the three is unreadable: the worst file's code
    header, a, b, c, totals = read_csv(out)
    assert header == HEADER_2021
    assert a == [str(reports / "a.yaml"), "甲市乙局", "2024", "2021",
                 "1", "0", "3", "0", "0", "0", "0", "0", "0", "1.5",
                 "8", "1", "2", "1", "2", "1", "1", "2", "9", "0",
                 "2", "1", "0", "0", "0", "通过"]
    assert b == [str(reports / "b.yaml"), "甲市丙局", "2024", "2021",
                 "0", "0", "0", "0", "0", "0", "0", "0", "0", "0.25",
                 "4", "0", "3", "0", "0", "0", "0", "1", "4", "0",
                 "0", "0", "2", "0", "2", "有警告"]
    assert c == [str(reports / "c.yaml")] + [""] * 26 + ["1", "0", "无法读取"]
    assert totals == ["合计", "2 份报告", "2024", "2021",  # the unreadable file adds nothing
                      "1", "0", "3", "0", "0", "0", "0", "0", "0", "1.75",
                      "12", "1", "5", "1", "2", "1", "1", "3", "13", "0",
                      "2", "1", "2", "0", "2", "其中 0 份有错误"]


def test_summary_says_what_it_wrote(reports, tmp_path):
    out = tmp_path / "summary.csv"
    result = run_cli("summary", str(reports), "-o", str(out))
    assert result.stderr.splitlines()[-2:] == [
        "共 3 个文件：通过 1，有警告 1，有错误 0，无法读取 1", f"已生成 {out}（3 份报告）"]


def test_xlsx_reads_back_with_table_headings_labels_numbers_and_totals(reports, tmp_path):
    out = tmp_path / "summary.xlsx"
    assert run_cli("summary", str(reports), "-o", str(out)).exit_code == 2  # one unreadable report: the worst file's code
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[1]) == HEADER_2021
    assert rows[0][4] == "二、主动公开政府信息情况"
    assert rows[0][14] == "三、收到和处理政府信息公开申请情况 · 总计"
    assert rows[0][24] == "四、政府信息公开行政复议、行政诉讼情况"
    assert {str(r) for r in ws.merged_cells.ranges} == {"E1:N1", "O1:X1", "Y1:AA1"}
    a = dict(zip(HEADER_2021, rows[2], strict=True))
    assert a["机关全称"] == "甲市乙局" and a["报告年度"] == 2024 and a["格式版本"] == "2021"
    assert (a["（三）不予公开"], a["（六）其他处理"], a["（七）总计"], a["行政复议 · 总计"]) == (2, 2, 9, 2)
    assert a["行政事业性收费 · 本年收费金额（单位：万元）"] == 1.5
    totals = dict(zip(HEADER_2021, rows[5], strict=True))
    assert totals["文件"] == "合计" and totals["一、本年新收政府信息公开申请数量"] == 12 and totals["警告"] == 2
    assert (totals["报告年度"], totals["校验结果"]) == (2024, "其中 0 份有错误")
    assert len(rows) == 6
    assert ws.auto_filter.ref == "A2:AD5"  # the totals row stays out of sorting
    assert ws.freeze_panes == "C3"
    assert ws.cell(6, 1).font.b


def test_group_columns_are_the_sums_of_their_rows_for_both_editions(tmp_path):
    rng = random.Random(7)
    data = {e: consistent_report(e, rng, agency=f"{e}局") for e in editions.EDITION_IDS}
    for e, d in data.items():
        (tmp_path / f"{e}.yaml").write_text(to_yaml(d), encoding="utf-8")
    out = tmp_path / "s.csv"
    assert run_cli("summary", str(tmp_path / "2019.yaml"), str(tmp_path / "2021.yaml"), "-o", str(out)).exit_code == 0
    header, *rows = read_csv(out)
    assert [r[0] for r in rows[2:]] == ["合计", "合计"]  # one per report year: never added together
    for e, row in zip(editions.EDITION_IDS, rows[:2], strict=True):
        got = dict(zip(header, row, strict=True))
        req = data[e]["requests"]
        assert got["（三）不予公开"] == str(sum(cells["total"] for cells in req["withheld"].values()))
        assert got["（五）不予处理"] == str(sum(cells["total"] for cells in req["not_processed"].values()))
        other = req["other_handling"]
        expected_other = other["total"] if "total" in other else sum(c["total"] for c in other.values())
        assert got["（六）其他处理"] == str(expected_other)
        assert got["（七）总计"] == str(req["total"]["total"])


def test_mixed_editions_get_both_editions_proactive_columns_once(tmp_path):
    rng = random.Random(3)
    for e in editions.EDITION_IDS:
        (tmp_path / f"{e}.yaml").write_text(to_yaml(consistent_report(e, rng)), encoding="utf-8")
    out = tmp_path / "s.csv"
    assert run_cli("summary", str(tmp_path), "-o", str(out)).exit_code == 0
    header = read_csv(out)[0]
    assert len(header) == len(set(header))
    assert "政府集中采购 · 采购项目数量" in header and "规章 · 本年制发件数" in header
    assert header.index("行政许可 · 本年处理决定数量") < header.index("规章 · 本年新制作数量")


def test_other_handling_is_one_row_in_2019_and_a_group_in_2021():
    def rows_of(e: str) -> dict:
        return {key: rows for key, _label, rows in request_figures(editions.get(e))}

    assert rows_of("2019")["requests.other_handling"] == ["other_handling"]
    assert rows_of("2021")["requests.other_handling"] == [
        "other_handling.no_correction", "other_handling.unpaid_fee", "other_handling.misc"]
    assert rows_of("2021")["requests.withheld"][0] == "withheld.state_secret"


def test_an_unknown_summary_format_is_a_usage_error(reports, tmp_path):
    result = run_cli("summary", str(reports), "-o", str(tmp_path / "s.ods"))
    assert result.exit_code == 2
    assert f"汇总表只能是 .xlsx 或 .csv 文件：{tmp_path / 's.ods'}" in result.output
    assert not (tmp_path / "s.ods").exists()


def test_an_agency_name_that_looks_like_a_formula_stays_text(tmp_path):
    report = tmp_path / "r.yaml"
    report.write_text('year: 2024\nagency: {name: "=HYPERLINK(\\"x\\")"}\n', encoding="utf-8")
    xlsx, csv_out = tmp_path / "s.xlsx", tmp_path / "s.csv"
    assert run_cli("summary", str(report), "-o", str(xlsx)).exit_code == 1  # the report has errors
    assert run_cli("summary", str(report), "-o", str(csv_out)).exit_code == 1
    cell = load_workbook(xlsx).active["B3"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")
    assert read_csv(csv_out)[1][1] == '\'=HYPERLINK("x")'


@pytest.mark.parametrize("agency", ["甲局", "{name: [甲, 乙]}", "{name: 5}"])
def test_an_agency_of_the_wrong_shape_leaves_the_name_blank_and_counts_the_error(tmp_path, agency):
    report = tmp_path / "r.yaml"
    report.write_text(f"year: 2024\nagency: {agency}\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    assert run_cli("summary", str(report), "-o", str(out)).exit_code == 1  # the report has errors
    row = dict(zip(HEADER_2021, read_csv(out)[1], strict=True))
    assert (row["机关全称"], row["报告年度"], row["校验结果"]) == ("", "2024", "有错误")
    assert int(row["错误"]) >= 1


def _year_report(year: int, received: int, name: str) -> str:
    return complete(f"year: {year}\nagency: {{name: {name}}}\nrequests:\n  received: {{natural: {received}}}\n")


def test_reports_of_different_years_get_one_totals_row_each_with_their_error_counts(tmp_path):
    (tmp_path / "a.yaml").write_text(_year_report(2024, 3, "甲局"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_year_report(2025, 5, "乙局"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(_year_report(2024, 7, "丙局").replace("problems: ", "problems: \"\"\n# "),
                                     encoding="utf-8")
    out = tmp_path / "s.csv"
    assert run_cli("summary", str(tmp_path), "-o", str(out)).exit_code == 1  # a report has errors: the worst file's code
    header, a, b, c, t2024, t2025 = read_csv(out)
    got = {row[0]: dict(zip(header, row, strict=True)) for row in (a, b, c)}
    assert got[str(tmp_path / "c.yaml")]["校验结果"] == "有错误"
    t2024, t2025 = dict(zip(header, t2024, strict=True)), dict(zip(header, t2025, strict=True))
    received = "一、本年新收政府信息公开申请数量"
    assert (t2024["文件"], t2024["机关全称"], t2024["报告年度"], t2024[received], t2024["校验结果"]) == (
        "合计", "2 份报告", "2024", "10", "其中 1 份有错误")
    assert (t2025["文件"], t2025["机关全称"], t2025["报告年度"], t2025[received], t2025["校验结果"]) == (
        "合计", "1 份报告", "2025", "5", "其中 0 份有错误")
    assert t2024["错误"] == "1"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_summary_refuses_an_existing_file_and_force_replaces_it(reports, tmp_path, suffix):
    out = tmp_path / f"s{suffix}"
    out.write_bytes(b"the reviewer's notes")
    refused = run_cli("summary", str(reports), "-o", str(out))
    assert refused.exit_code == 2
    assert refused.stderr == f"{out}：文件已存在，未覆盖（确需替换请加 --force）\n"
    assert out.read_bytes() == b"the reviewer's notes"
    assert run_cli("summary", str(reports), "-o", str(out), "--force").exit_code == 2  # one report is unreadable: the worst file's code
    assert out.read_bytes() != b"the reviewer's notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", out.name]
