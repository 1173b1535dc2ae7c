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
        f"{at}“上年结转3件”，{T3} · 二、上年结转政府信息公开申请数量 · 总计为 0，正文比表格多 3",
        f"{at}“办结十七件”，{T3} · （七）总计 · 总计为 4，正文比表格多 13",
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


def test_r10_still_owns_arabic_application_sentences():
    r = check(2024, BODY.format(text="共收到政府信息公开申请5件。"))
    assert [i.message for i in r.issues if i.code == "narrative-number"] == [
        f"一、总体情况（二）依申请公开：正文写收到申请 5 件，{T3}“一、本年新收政府信息公开申请数量 · 总计”为 4，正文比表格多 1"]


@pytest.mark.parametrize("year,text,expected", [
    (2025, "二〇二四年，我局认真贯彻落实条例。", ["r.yaml:5: 警告 [stale-year] 一、总体情况：正文提到“二〇二四年”作为本年度，报告年度为 2025"]),
    (2020, "二〇一九年，我局认真贯彻落实条例。", ["r.yaml:5: 警告 [stale-year] 一、总体情况：正文提到“二〇一九年”作为本年度，报告年度为 2020"]),
    (2025, "二〇二五年，我局认真贯彻落实条例。", []),
    (2025, "二〇二四年，我局公开信息100条，同比增长20%。", []),
])
def test_stale_year_in_chinese_numerals(year, text, expected):
    assert texts(check(year, f"overview: |\n  {text}\n"), "stale-year") == expected
