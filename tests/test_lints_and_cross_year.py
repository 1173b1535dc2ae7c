"""Narrative, date, edition and cross-year rules: each fires on its case and stays quiet otherwise."""

from __future__ import annotations

import random
import textwrap

import pytest
from conftest import complete
from synth import consistent_report, to_yaml

from nianbao import editions
from nianbao.check import check_report
from nianbao.load import load_text

HEAD = "year: 2024\nagency: {name: 测试局, kind: department}\npublished: 2025-01-20\n"


def check(body: str, previous: str | None = None):
    prev = load_text(previous, "prev.yaml") if previous else None
    return check_report(load_text(complete(HEAD + textwrap.dedent(body)), "r.yaml"), prev)


def codes(result) -> list[tuple[str, int | None]]:
    return [(i.code, i.line) for i in result.issues]


def test_stale_year_flags_last_year_written_as_the_report_year():
    r = check("""
        overview: |
          2023年，我局认真贯彻落实条例。
        """)
    assert codes(r) == [("stale-year", 6)]
    assert r.issues[0].message == "一、总体情况：正文提到“2023年”作为本年度，报告年度为 2024"


def test_stale_year_ignores_comparisons_with_last_year():
    r = check("""
        overview: |
          2024年，我局共主动公开信息120条。2023年，我局公开信息100条，同比增长20%。
        """)
    assert codes(r) == []


def test_title_with_a_different_year_is_an_error():
    """The title is the report's name: another year there is never a comparison, and the build stops."""
    r = check("title: 测试局2023年政府信息公开工作年度报告\n")
    assert [i.to_text() for i in r.issues] == [
        "r.yaml:4:8: 错误 [title-year] 标题：写的是“2023年”，报告年度为 2024，请改为“2024年”"]
    r = check("title: 测试局二〇二三年政府信息公开工作年度报告\n")
    assert [i.to_text() for i in r.issues] == [
        "r.yaml:4:8: 错误 [title-year] 标题：写的是“二〇二三年”，报告年度为 2024，请改为“2024年”"]
    assert codes(check("title: 测试局2024年度政府信息公开工作年度报告\n")) == []


def test_narrative_received_count_must_match_table():
    r = check("""
        overview:
          on_request: |
            2024年，共收到政府信息公开申请5件，全部按时办结。
        requests:
          received: {natural: 4}
          granted: {natural: 4}
        """)
    assert [c for c in codes(r) if c[0] != "overview-part"] == [("narrative-number", 7)]
    assert [c for c in codes(r) if c[0] == "overview-part"] == [("overview-part", 5)] * 4  # the other four parts
    [number] = [i for i in r.issues if i.code == "narrative-number"]
    assert number.message == ("一、总体情况（二）依申请公开：正文写“共收到政府信息公开申请5件”，三、收到和处理政府信息公开申请情况 · "
                              "一、本年新收政府信息公开申请数量 · 总计为 4，正文比表格多 1")


def test_narrative_in_agreement_with_table_is_quiet():
    r = check("""
        overview: 2024年共受理0件依申请公开。
        """)
    assert codes(r) == []


def test_statistical_period_must_be_the_whole_report_year():
    r = check("preamble: 本报告中所列数据的统计期限自2024年1月1日起至2024年12月30日止。\n")
    assert codes(r) == [("period", 4)]


def test_publication_deadline_depends_on_agency_kind():
    late = "year: 2024\nagency: {name: 某县人民政府, kind: government}\npublished: 2025-03-01\n"
    assert codes(check_report(load_text(complete(late), "g.yaml"))) == []
    very_late = late.replace("2025-03-01", "2025-04-02")
    assert codes(check_report(load_text(complete(very_late), "g.yaml"))) == [("deadline", 3)]


def test_unpaid_fee_rows_need_a_fee_note_in_section_six():
    r = check("""
        other: 无。
        requests:
          received: {natural: 2}
          other_handling:
            unpaid_fee: {natural: 2}
        """)
    assert codes(r) == [("fee-note", 5)]
    ok = check("""
        other: 本年度发出信息处理费收费通知书2件，未收取费用。
        requests:
          received: {natural: 2}
          other_handling:
            unpaid_fee: {natural: 2}
        """)
    assert codes(ok) == []


def test_fee_amount_that_looks_like_yuan_is_flagged():
    r = check("proactive:\n  fees: {amount: 403500}\n")
    assert codes(r) == [("unit", 5)]


def test_2019_edition_tables_in_a_2024_report_are_errors():
    r = check("proactive:\n  procurement: {projects: 3, amount: 1.5}\n")
    assert [(i.code, i.severity) for i in r.issues] == [("edition", "error")]
    assert "2019 版格式" in r.issues[0].message


def test_2019_report_gets_warnings_not_errors_for_format_deviation():
    text = "year: 2019\nagency: {name: 测试局}\npublished: 2020-01-20\nedition: 2021\n"
    r = check_report(load_text(complete(text), "r.yaml"))
    assert [(i.code, i.severity) for i in r.issues] == [("edition", "warning")]


def test_declared_edition_that_does_not_fit_the_year_is_an_error():
    r = check("edition: 2019\n")
    assert [(i.code, i.severity, i.line) for i in r.issues] == [("edition", "error", 4)]


def test_carried_out_is_never_derived_a_typo_moves_nothing_into_it():
    r = check("""
        requests:
          received: {natural: 6}
          granted: {natural: 5}
          carried_out: {natural: 0}
        """)
    assert codes(r) == [("balance", 8), ("balance", 8)]
    assert "三、收到和处理政府信息公开申请情况 · 自然人：一+二 = 6，（七）总计+四 = 5，前者比后者多 1" in [i.message for i in r.issues]


def _years(edition: str, seed: int, year: int):
    data = consistent_report(edition, random.Random(seed), year=year)
    return data


def _with_checks(check: str) -> list[editions.Edition]:
    """The editions whose file lists this per-edition check (all of them must pass the test)."""
    found = [ed for ed in editions.all_editions() if check in ed.checks]
    assert found, check
    return found


def _rows_with(ed: editions.Edition, column: str) -> list[str]:
    """The 表二 rows (key paths) that have this column."""
    return [row.path for b in ed.proactive.blocks if column in {c.key for c in b.columns} for row in b.rows]


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_carried_in_must_equal_last_years_carried_out(edition_id):
    ed = editions.get(edition_id)
    prev = _years(edition_id, 1, ed.year_from)
    this = _years(edition_id, 2, ed.year_from + 1)
    this["requests"]["carried_in"] = dict(prev["requests"]["carried_out"])
    this["requests"]["carried_in"]["natural"] += 1
    r = check_report(load_text(to_yaml(this), "r.yaml"), load_text(to_yaml(prev), "p.yaml"))
    carry = [i for i in r.issues if i.code == "carry-in"]
    assert [i.path for i in carry] == ["requests.carried_in.natural"]
    assert carry[0].severity == "warning"


def test_previous_items_must_follow_last_years_change_where_the_format_has_them():
    for ed in _with_checks("items_carry_rule"):
        prev = _years(ed.id, 3, ed.year_from)
        this = _years(ed.id, 4, ed.year_from + 1)
        rows = _rows_with(ed, "previous")
        for row in rows:
            this["proactive"][row]["previous"] = prev["proactive"][row]["previous"] + prev["proactive"][row]["change"]
        this["requests"]["carried_in"] = prev["requests"]["carried_out"]
        r = check_report(load_text(to_yaml(this), "r.yaml"), load_text(to_yaml(prev), "p.yaml"))
        assert [i for i in r.issues if i.code in ("items-carry", "carry-in")] == []
        this["proactive"][rows[0]]["previous"] += 2
        r = check_report(load_text(to_yaml(this), "r.yaml"), load_text(to_yaml(prev), "p.yaml"))
        assert [i.path for i in r.issues if i.code == "items-carry"] == [f"proactive.{rows[0]}.previous"]


def test_in_force_documents_are_compared_with_last_year_where_the_format_has_them():
    for ed in _with_checks("in_force_rule"):
        prev = _years(ed.id, 5, ed.year_from + 2)
        this = _years(ed.id, 6, ed.year_from + 3)
        rows = _rows_with(ed, "in_force")
        for row in rows:
            p, t = prev["proactive"][row], this["proactive"][row]
            t["in_force"] = p["in_force"] + t["made"] - t["repealed"]
        r = check_report(load_text(to_yaml(this), "r.yaml"), load_text(to_yaml(prev), "p.yaml"))
        assert [i for i in r.issues if i.code == "in-force"] == []
        this["proactive"][rows[-1]]["in_force"] += 1
        r = check_report(load_text(to_yaml(this), "r.yaml"), load_text(to_yaml(prev), "p.yaml"))
        assert [(i.path, i.severity) for i in r.issues if i.code == "in-force"] == [
            (f"proactive.{rows[-1]}.in_force", "warning")]


def test_a_subtotal_typed_into_a_group_row_is_a_structure_error():
    r = check("""
        requests:
          received: {natural: 3}
          withheld: {natural: 3}
        """)
    assert codes(r) == [("structure", 7)]
    assert r.issues[0].message.startswith("三、收到和处理政府信息公开申请情况 · （三）不予公开是分组标题，官方表格没有小计行")


def stale(year: int, text: str) -> list[str]:
    head = f"year: {year}\nagency: {{name: 云溪县交通运输局, kind: department}}\npublished: {year + 1}-01-20\n"
    r = check_report(load_text(complete(head + "overview: |\n  " + text + "\n"), "r.yaml"))
    return [i.to_text() for i in r.issues if i.code == "stale-year"]


@pytest.mark.parametrize("year", [2020, 2026])  # the 2019 and the 2021 edition
@pytest.mark.parametrize("text,written", [
    ("我局{last}年严格落实《中华人民共和国政府信息公开条例》。", "{last}年"),
    ("我局{last}年度未收取信息处理费。", "{last}年"),
    ("我局在{last}年开展政务公开培训3次。", "{last}年"),
    ("云溪县交通运输局{last}年共主动公开政府信息120条。", "{last}年"),
    ("全局{last}年，认真贯彻落实上级部署。", "{last}年"),
    ("同时，{last}年我局开展政务公开培训。", "{last}年"),
])
def test_stale_year_of_the_agency_s_own_actions(year, text, written):
    """Subject, last year, then what was done: the time of this year's work written as last year."""
    last = year - 1
    assert stale(year, text.format(last=last)) == [
        f"r.yaml:5: 警告 [stale-year] 一、总体情况：正文提到“{written.format(last=last)}”作为本年度，报告年度为 {year}"]


@pytest.mark.parametrize("year", [2020, 2026])
def test_stale_year_this_year_named_in_brackets(year):
    assert stale(year, f"本年度（{year - 1}年），我局共收到政府信息公开申请3件。") == [
        f"r.yaml:5: 警告 [stale-year] 一、总体情况：正文写“本年度（{year - 1}年）”，报告年度为 {year}"]
    assert stale(year, f"本年度（{year}年），我局共收到政府信息公开申请3件。") == []


@pytest.mark.parametrize("year", [2020, 2026])
@pytest.mark.parametrize("text", [
    "与{last}年相比，主动公开信息增加15条。",
    "我局{last}年公开信息100条，较上年增加。",
    "收到申请数量比{last}年减少2件。",
    "我局{last}年度政府信息公开工作年度报告发布后，社会反响良好。",
    "我局{last}年度报告所列问题已全部整改。",
    "针对{last}年年报指出的问题，我局逐项落实。",
    "{last}年以来，我局持续推进政务公开标准化建设。",
    "我局{last}年以来累计公开政府信息500条。",
    "自{last}年起，我局全面推行依申请公开网上办理。",
    "我局自{last}年起推行主动公开目录动态更新。",
    "按照《政务公开三年行动计划（{prev}—{this}年）》，我局持续推进。",
    "按照《{last}年政务公开工作要点》和国办公开办函〔{last}〕60号要求，我局完成了各项任务。",
    "我局{last}年12月印发《政府信息公开工作制度》。",
    "我局于{last}年11月建成政府信息公开专栏。",
    "严格执行我局{last}年制定的保密审查制度。",
    "我局{last}年印发的《办法》继续执行。",
    "我局{last}年受理的申请已于本年办结。",
    "我局{last}年底建成的政务公开专区运行良好。",
    "在全市{last}年度政务公开考核中，我局获评优秀等次。",
    "我局在{last}年度考核中获评优秀。",
    "全市{last}年政务公开考核中我局位列第一。",
    "上年度（{last}年）结转的申请已全部办结。",
    "截至{last}年底，我局共有行政规范性文件12件。",
    "{last}年结转至本年度的申请2件已全部办结。",
    "我局{last}年、{this}年连续获评政务公开先进单位。",
])
def test_stale_year_quiet_on_legitimate_mentions_of_last_year(year, text):
    """Comparisons, last year's report and its problems, periods, plans and documents, dates of last year's events."""
    assert stale(year, text.format(last=year - 1, prev=year - 2, this=year)) == []


@pytest.mark.parametrize("year", [2020, 2026])
def test_full_width_comma_inside_a_figure(year):
    """2，856条 reads as a pause between two figures; 2,856, a year list and 第1，2项 are left alone."""
    head = f"year: {year}\nagency: {{name: 测试局, kind: department}}\npublished: {year + 1}-01-20\n"
    text = "共公开政府信息2，856条，网站访问量12，345，678人次。2,856条。2021，2022年。第1，2项。"
    r = check_report(load_text(complete(head + "overview: |\n  " + text + "\n"), "r.yaml"))
    assert [i.to_text() for i in r.issues if i.code == "number-separator"] == [
        "r.yaml:5: 警告 [number-separator] 一、总体情况：“2，856条”中的全角逗号“，”是句中停顿的标点，数字像被拆开了；"
        "请写 2856 或 2,856",
        "r.yaml:5: 警告 [number-separator] 一、总体情况：“12，345，678人次”中的全角逗号“，”是句中停顿的标点，数字像被拆开了；"
        "请写 12345678 或 12,345,678",
    ]
