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


def test_title_with_a_different_year_is_stale():
    r = check("title: 测试局2023年政府信息公开工作年度报告\n")
    assert codes(r) == [("stale-year", 4)]


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
