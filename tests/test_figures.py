"""Narrative figures about 表三 rows (Arabic and Chinese numerals) and Chinese-numeral stale years, both editions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from nianbao.check import check_report
from nianbao.load import load_text

ROOT = Path(__file__).resolve().parent.parent
T3 = "三、收到和处理政府信息公开申请情况"


def check(year: int, body: str):
    head = f"year: {year}\nagency: {{name: 测试局, kind: department}}\npublished: {year + 1}-01-20\n"
    return check_report(load_text(head + textwrap.dedent(body), "r.yaml"))


def texts(result, code: str) -> list[str]:
    return [i.to_text() for i in result.issues if i.code == code]


BODY = """
    overview:
      on_request: |
        {text}
    requests:
      received: {{natural: 4}}
      granted: {{natural: 4}}
    """


@pytest.mark.parametrize("year", [2020, 2024])
def test_figures_in_words_and_without_shenqing_are_compared(year):
    text = "全年办结十七件，上年结转3件，予以公开八件，结转下年度继续办理2件。不予公开两件。"
    r = check(year, BODY.format(text=text))
    at = "r.yaml:7: 警告 [narrative-number] 一、总体情况（二）依申请公开：正文写"
    assert texts(r, "narrative-number") == [
        f"{at}“办结十七件”，{T3} · （七）总计 · 总计为 4，正文比表格多 13",
        f"{at}“上年结转3件”，{T3} · 二、上年结转政府信息公开申请数量 · 总计为 0，正文比表格多 3",
        f"{at}“予以公开八件”，{T3} · （一）予以公开 · 总计为 4，正文比表格多 4",
        f"{at}“结转下年度继续办理2件”，{T3} · 四、结转下年度继续办理 · 总计为 0，正文比表格多 2",
        f"{at}“不予公开两件”，{T3} · （三）不予公开 · 总计为 0，正文比表格多 2",
    ]


@pytest.mark.parametrize("year", [2020, 2024])
def test_figures_that_agree_are_quiet(year):
    r = check(year, BODY.format(text="全年办结四件，予以公开4件，不予公开零件。"))
    assert texts(r, "narrative-number") == []


def test_other_subjects_and_unclear_numbers_are_left_alone():
    text = ("12345平台共收到群众来电来信221903件，按期办结50522件。受理各类投资项目645件。"
            "予以公开一百五件。")
    r = check(2024, BODY.format(text=text))
    assert texts(r, "narrative-number") == []


def test_application_sentences_are_read_loosely_once():
    """R10's reading of a sentence about applications (any words before an Arabic figure) is kept, said once."""
    r = check(2024, BODY.format(text="共收到群众提出的政府信息公开申请5件，办结四件。"))
    assert [i.message for i in r.issues if i.code == "narrative-number"] == [
        f"一、总体情况（二）依申请公开：正文写“共收到群众提出的政府信息公开申请5件”，{T3} · 一、本年新收政府信息公开申请数量 · "
        "总计为 4，正文比表格多 1"]


@pytest.mark.parametrize("year,text,expected", [
    (2025, "二〇二四年，我局认真贯彻落实条例。", ["r.yaml:5: 警告 [stale-year] 一、总体情况：正文提到“二〇二四年”作为本年度，报告年度为 2025"]),
    (2020, "二〇一九年，我局认真贯彻落实条例。", ["r.yaml:5: 警告 [stale-year] 一、总体情况：正文提到“二〇一九年”作为本年度，报告年度为 2020"]),
    (2025, "二〇二五年，我局认真贯彻落实条例。", []),
    (2025, "二〇二四年，我局公开信息100条，同比增长20%。", []),
])
def test_stale_year_in_chinese_numerals(year, text, expected):
    assert texts(check(year, f"overview: |\n  {text}\n"), "stale-year") == expected


T2 = "二、主动公开政府信息情况"
T4 = "四、政府信息公开行政复议、行政诉讼情况"
TABLES = """
    requests:
      received: {{natural: 4}}
      carried_in: {{natural: 2}}
      granted: {{natural: 6}}
    proactive:
      regulations: {{{made}: 0}}
      normative: {{{made}: 2}}
      licensing: {{decisions: 120}}
      punishment: {{decisions: 5}}
    reviews:
      review: {{upheld: 2, total: 2}}
    """
DECISIONS = {2020: "处理决定数量", 2024: "本年处理决定数量"}
MADE_LABEL = {2020: "本年新制作数量", 2024: "本年制发件数"}
NORMATIVE = {2020: "规范性文件", 2024: "行政规范性文件"}


def ambiguous(year: int, text: str) -> list[str]:
    made = "new_made" if year < 2021 else "made"
    body = f"overview: |\n  {text}\n" + textwrap.dedent(TABLES.format(made=made))
    r = check(year, body)
    assert not [i for i in r.issues if i.code == "narrative-number"]  # an ambiguous figure is never compared
    return [i.to_text() for i in r.issues if i.code == "narrative-ambiguous"]


AMB = "r.yaml:5: 提示 [narrative-ambiguous] 一、总体情况：正文写"
TOTAL = f"{T3} · （七）总计 · 总计（表格为 6）"


@pytest.mark.parametrize("year", [2020, 2024])
def test_a_figure_two_tables_can_own_is_ambiguous(year):
    """办结 is 表三's （七）总计 and, after 行政许可 or 行政处罚, 表二's 处理决定数量: both named, neither compared."""
    assert ambiguous(year, "行政许可办理完毕99件。本年度共作出行政处罚决定5件，办结7件。") == [
        f"{AMB}“行政许可办理完毕99件”，99 可能指{TOTAL}，也可能指{T2} · 第二十条第（五）项 · 行政许可 · "
        f"{DECISIONS[year]}（表格为 120），不能确定是哪一格，未作核对",
        f"{AMB}“办结7件”，7 可能指{TOTAL}，也可能指{T2} · 第二十条第（六）项 · 行政处罚 · {DECISIONS[year]}（表格为 5），"
        "不能确定是哪一格，未作核对",
    ]


@pytest.mark.parametrize("year", [2020, 2024])
def test_a_table3_word_right_after_a_review_is_ambiguous(year):
    assert ambiguous(year, "因政府信息公开被申请行政复议2件，已办结3件。") == [
        f"{AMB}“办结3件”，3 可能指{TOTAL}，也可能说的是{T4} · 行政复议 · 总计（表格为 2），不能确定是哪一格，未作核对"]


@pytest.mark.parametrize("year", [2020, 2024])
def test_received_including_the_carried_in_is_ambiguous(year):
    """共受理申请N件（含上年结转M件）: N is 新收, or 新收 and 上年结转 together (兴安盟行署办公室 2025 writes so)."""
    received = f"{T3} · 一、本年新收政府信息公开申请数量 · 总计"
    assert ambiguous(year, "共受理政府信息公开申请9件（含上年结转2件）。") == [
        f"{AMB}“受理政府信息公开申请9件”，9 可能指{received}（表格为 4），也可能指{received}与"
        "二、上年结转政府信息公开申请数量 · 总计之和（表格为 6），不能确定是哪一格，未作核对"]


@pytest.mark.parametrize("year", [2020, 2024])
def test_sum_or_each_is_ambiguous(year):
    assert ambiguous(year, f"制发规章和{NORMATIVE[year]}5件。") == [
        f"{AMB}“制发规章和{NORMATIVE[year]}5件”，5 可能是{T2} · 第二十条第（一）项 · 规章 · {MADE_LABEL[year]}与"
        f"{T2} · 第二十条第（一）项 · {NORMATIVE[year]} · {MADE_LABEL[year]}之和，也可能是各自的件数（表格分别为 0、2），"
        "不能确定是哪一种，未作核对"]


@pytest.mark.parametrize("year", [2020, 2024])
@pytest.mark.parametrize("text", [
    "全年行政许可办结120件。",  # 表二 agrees: the text is right as one reading has it
    "因政府信息公开被申请行政复议2件，已办结2件。",
    "被申请行政复议2件，收到申请4件，办结6件。",  # 收到申请 starts a clause of its own
    "本年度未发生因政府信息公开引起的行政复议、行政诉讼，收到申请4件，办结6件。",
    "共受理政府信息公开申请6件（含上年结转2件）。",
    "共受理政府信息公开申请4件（含上年结转2件）。",
    "制发规章和行政规范性文件2件。",
])
def test_figures_one_reading_agrees_with_are_quiet(year, text):
    assert ambiguous(year, text) == []


@pytest.mark.parametrize("year", [2020, 2024])
def test_a_reading_of_several_cells_is_named_as_their_sum(year):
    block = f"{T2} · 第二十条第（六）项"
    assert ambiguous(year, "行政处罚和行政强制办结7件。") == [
        f"{AMB}“行政处罚和行政强制办结7件”，7 可能指{TOTAL}，也可能指{block} · 行政处罚 · {DECISIONS[year]}与"
        f"{block} · 行政强制 · {DECISIONS[year]}之和（表格为 5），不能确定是哪一格，未作核对"]
