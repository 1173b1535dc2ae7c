"""Copied from last year (issue 14, items 4 and 5): sections whose sentences mostly repeat last year's, 五
unchanged, every table number unchanged — exact messages, firing and quiet, in both editions (the false-alarm
count over pairs of real reports is in test_false_alarms.py)."""

from __future__ import annotations

import textwrap

import pytest
from conftest import ROOT

from nianbao.check import check_file, check_report
from nianbao.check.reuse import normalize, section_reuse
from nianbao.editions import for_year
from nianbao.load import load_text

CODES = ("copied-text", "same-problems", "same-tables")
P5 = "五、存在的主要问题及改进情况"

OVERVIEW_LAST = ("{y}年，我局认真贯彻落实政府信息公开条例，主动公开各类信息120条。"
                 "我局完善了信息发布审核制度，做到先审后发。"
                 "门户网站政务公开专栏全年更新栏目十二个。")
PROBLEMS_LAST = "一是公开内容还不够全面。二是工作人员业务水平有待提高。下一步，我局将加强培训，充实公开内容。"


def report(year: int, overview: str, problems: str, cells: str = "", name: str = "r.yaml", other: str = "无。"):
    head = f"year: {year}\nagency: {{name: 测试局, kind: department}}\npublished: {year + 1}-01-20\n"
    body = f"overview: |\n  {overview}\nproblems: |\n  {problems}\nother: {other}\n" + textwrap.dedent(cells)
    return load_text(head + body, name)


def found(this, last) -> list[str]:
    return [i.to_text() for i in check_report(this, last).issues if i.code in CODES]


@pytest.mark.parametrize("year", [2020, 2023])
def test_a_section_copied_with_new_years_and_numbers_is_warned_with_its_lines(year):
    last = report(year - 1, OVERVIEW_LAST.format(y=year - 1), PROBLEMS_LAST, name="last.yaml")
    overview = (OVERVIEW_LAST.format(y=year).replace("120条", "一百三十五条").replace("十二个", "15个")
                + "全年新增政策解读专栏一个，发布解读材料八篇。")
    this = report(year, overview, "一是信息公开的及时性还需提高。下一步，我局将建立信息发布台账，逐条跟踪。")
    assert found(this, last) == [
        "r.yaml:5: 警告 [copied-text] 一、总体情况：本年 4 句中有 3 句与上年报告相同（75%，年份和数字不计），"
        "见第 5 行；请按本年情况重写"]


@pytest.mark.parametrize("year", [2020, 2023])
def test_half_or_less_repeated_is_quiet(year):
    last = report(year - 1, OVERVIEW_LAST.format(y=year - 1), PROBLEMS_LAST)
    overview = (OVERVIEW_LAST.format(y=year).split("。")[0] + "。我局今年首次编制了政务公开事项标准目录。"
                "各科室确定一名信息员，负责本科室信息的报送。门户网站新设“政策问答”栏目。")
    this = report(year, overview, "一是信息公开的及时性还需提高。下一步，我局将建立信息发布台账，逐条跟踪。")
    assert found(this, last) == []
    shares = {s.key: (s.counted, len(s.repeated)) for s in section_reuse(this, for_year(year), last, for_year(year - 1))}
    assert shares == {"overview": (4, 1), "problems": (2, 0), "other": (0, 0)}


@pytest.mark.parametrize("year", [2020, 2023])
def test_problems_identical_but_for_the_year_is_warned_once(year):
    last = report(year - 1, "我局全年主动公开信息八十条，同比增长。", f"{year - 1}年，" + PROBLEMS_LAST)
    this = report(year, "我局全年主动公开信息九十五条，新设了依申请公开专栏。", f"{year}年，" + PROBLEMS_LAST)
    assert found(this, last) == [
        f"r.yaml:6:11: 警告 [same-problems] {P5}：与上年报告的这一部分相同（年份不计），"
        "应写本年存在的问题，以及上年所列问题的改进情况"]


@pytest.mark.parametrize("year", [2020, 2023])
def test_problems_with_new_figures_is_copied_text_not_identical(year):
    tail = "三是依申请公开答复的规范性有待加强。"
    last = report(year - 1, "我局全年主动公开信息八十条。",
                  "一是公开的信息只有80条，还不够全面。二是业务培训偏少，全年只举办了2次。" + tail)
    this = report(year, "我局全年主动公开信息九十五条。",
                  "一是公开的信息只有95条，还不够全面。二是业务培训偏少，全年只举办了3次。" + tail)
    assert found(this, last) == [
        f"r.yaml:7: 警告 [copied-text] {P5}：本年 3 句中有 3 句与上年报告相同（100%，年份和数字不计），"
        "见第 7 行；请按本年情况重写"]


@pytest.mark.parametrize("year", [2020, 2023])
def test_a_short_formulaic_section_repeated_is_not_warned(year):
    other = "本年度未收取信息处理费。本机关全年没有发出收费通知书。"
    last = report(year - 1, OVERVIEW_LAST.format(y=year - 1), PROBLEMS_LAST, other=other)
    this = report(year, "我局今年首次编制了政务公开事项标准目录，各科室确定一名信息员。", "一是信息公开的及时性还需提高。",
                  other=other)
    assert found(this, last) == []
    six = section_reuse(this, for_year(year), last, for_year(year - 1))[-1]
    assert (six.key, six.counted, len(six.repeated)) == ("other", 2, 2)


def test_headings_boilerplate_and_short_sentences_do_not_count():
    text = "（一）主动公开\n无。\n一是。\n存在的问题。"
    for sentence in text.split("\n"):
        assert section_reuse(report(2023, sentence, "无"), for_year(2023), report(2022, sentence, "无"),
                             for_year(2022))[0].counted == 0, sentence
    assert normalize("2023年，我局公开１２０条信息。") == normalize("二〇二二年,我局公开一百条信息")


TABLES_2021 = """
    proactive:
      licensing: {decisions: 12}
    requests:
      received: {natural: 3}
      granted: {natural: 3}
      carried_out: {}
    reviews:
      review: {upheld: 1, total: 1}
    """
TABLES_2019 = """
    proactive:
      licensing: {previous: 5, change: 1, decisions: 12}
    requests:
      received: {natural: 3}
      granted: {natural: 3}
      carried_out: {}
    reviews:
      review: {upheld: 1, total: 1}
    """


@pytest.mark.parametrize("year,cells,count", [(2020, TABLES_2019, 198), (2023, TABLES_2021, 200)])
def test_every_table_number_equal_to_last_year_is_warned(year, cells, count):
    last = report(year - 1, "去年的正文，写的是去年的事情。", "去年的问题。", cells)
    this = report(year, "今年的正文，写的是今年的新情况。", "今年的问题。", cells)
    assert found(this, last) == [
        "r.yaml:11:3: 警告 [same-tables] “二、主动公开政府信息情况”“三、收到和处理政府信息公开申请情况”"
        f"“四、政府信息公开行政复议、行政诉讼情况”的全部 {count} 个数字与上年报告完全相同，请核对是否照抄了上年的表格"]


@pytest.mark.parametrize("year,cells", [(2020, TABLES_2019), (2023, TABLES_2021)])
def test_tables_quiet_when_one_number_differs_or_all_are_zero(year, cells):
    last = report(year - 1, "去年的正文，写的是去年的事情。", "去年的问题。", cells)
    changed = report(year, "今年的正文，写的是今年的新情况。", "今年的问题。", cells.replace("decisions: 12", "decisions: 13"))
    zeros = "\n    requests:\n      carried_out: {}\n"
    assert found(changed, last) == []
    assert found(report(year, "今年的正文，写的是今年的新情况。", "今年的问题。", zeros),
                 report(year - 1, "去年的正文，写的是去年的事情。", "去年的问题。", zeros)) == []


def test_without_a_previous_report_nothing_is_said():
    this = report(2023, OVERVIEW_LAST.format(y=2023), PROBLEMS_LAST, TABLES_2021)
    assert found(this, None) == []


def test_the_fixture_pair_warns_of_its_copied_problems_section():
    result = check_file(ROOT / "tests" / "fixtures" / "diff" / "2022-maiji-zwfw.yaml")
    assert [i.to_text().split(": ", 1)[1] for i in result.issues] == [
        f"警告 [same-problems] {P5}：与上年报告的这一部分相同（年份不计），应写本年存在的问题，以及上年所列问题的改进情况"]
