"""Narrative figures about 表二 and 表四 cells, breakdowns, rates, the other edition's wording, sections 五 and 六."""

from __future__ import annotations

import textwrap

import pytest

from nianbao.check import check_report
from nianbao.load import load_text

T2 = "二、主动公开政府信息情况"
T3 = "三、收到和处理政府信息公开申请情况"
T4 = "四、政府信息公开行政复议、行政诉讼情况"
AT = "r.yaml:5: 警告"  # the first line of the overview text


def check(year: int, body: str, kind: str = "department"):
    head = f"year: {year}\nagency: {{name: 测试局, kind: {kind}}}\npublished: {year + 1}-01-20\n"
    return check_report(load_text(head + textwrap.dedent(body), "r.yaml"))


def said(year: int, text: str, tables: str, code: str = "narrative-number", kind: str = "department") -> list[str]:
    body = "overview: |\n  " + text + "\n" + textwrap.dedent(tables)
    return [i.to_text() for i in check(year, body, kind).issues if i.code == code]


PROACTIVE_2021 = """
    proactive:
      regulations: {made: 0, repealed: 0, in_force: 2}
      normative: {made: 2, repealed: 1, in_force: 10}
      licensing: {decisions: 120}
      punishment: {decisions: 5}
      coercion: {decisions: 0}
      fees: {amount: 10}
    """
PROACTIVE_2019 = """
    proactive:
      regulations: {new_made: 0, new_published: 0, total_published: 2}
      normative: {new_made: 2, new_published: 2, total_published: 10}
      licensing: {previous: 11, change: 4, decisions: 5113}
      other_services: {previous: 3, change: 0, decisions: 1375}
      punishment: {previous: 2, change: 0, decisions: 5}
      procurement: {projects: 3, amount: 40.35}
    """


def test_table2_figures_2021_edition():
    text = "新制发行政规范性文件3件，废止1件，现行有效十二件；作出行政处罚决定五件；收取行政事业性收费12.5万元。"
    assert said(2022, text, PROACTIVE_2021) == [
        f"{AT} [narrative-number] 一、总体情况：正文写“新制发行政规范性文件3件”，{T2} · 第二十条第（一）项 · "
        "行政规范性文件 · 本年制发件数为 2，正文比表格多 1",
        f"{AT} [narrative-number] 一、总体情况：正文写“现行有效十二件”，{T2} · 第二十条第（一）项 · "
        "行政规范性文件 · 现行有效件数为 10，正文比表格多 2",
        f"{AT} [narrative-number] 一、总体情况：正文写“收取行政事业性收费12.5万元”，{T2} · 第二十条第（八）项 · "
        "行政事业性收费 · 本年收费金额（单位：万元）为 10，正文比表格多 2.5",
    ]


def test_table2_figures_2019_edition():
    text = ("本年新制作规范性文件3件。向社会公示行政许可信息5113项，其他对外管理服务事项信息1373项。"
            "政府集中采购项目3个。")
    assert said(2020, text, PROACTIVE_2019) == [
        f"{AT} [narrative-number] 一、总体情况：正文写“本年新制作规范性文件3件”，{T2} · 第二十条第（一）项 · "
        "规范性文件 · 本年新制作数量为 2，正文比表格多 1",
        f"{AT} [narrative-number] 一、总体情况：正文写“其他对外管理服务事项信息1373项”，{T2} · 第二十条第（五）项 · "
        "其他对外管理服务事项 · 处理决定数量为 1375，正文比表格少 2",
    ]


@pytest.mark.parametrize("year,tables", [(2022, PROACTIVE_2021), (2020, PROACTIVE_2019)])
def test_table2_quiet_when_agreeing_unclear_or_about_something_else(year, tables):
    text = ("制发规范性文件2件。制发规章和行政规范性文件5件。行政许可事项清单共120项。制定规章制度8件。"
            "全市作出行政处罚决定900件。行政处罚和行政强制决定共5件。行政许可职权57类。")
    assert said(year, text, tables) == []


def test_table2_money_in_yuan_and_a_government_speaking_of_its_area():
    assert said(2022, "收取行政事业性收费100000元。", PROACTIVE_2021) == []
    assert said(2022, "全区作出行政处罚决定9件。", PROACTIVE_2021, kind="government") == [
        f"{AT} [narrative-number] 一、总体情况：正文写“全区作出行政处罚决定9件”，{T2} · 第二十条第（六）项 · "
        "行政处罚 · 本年处理决定数量为 5，正文比表格多 4"]


REVIEWS = """
    reviews:
      review: {upheld: 2, corrected: 0, other: 0, pending: 0, total: 2}
      litigation: {upheld: 0, corrected: 0, other: 0, pending: 1, total: 1}
      litigation_after_review: {upheld: 0, corrected: 0, other: 0, pending: 1, total: 1}
    """


@pytest.mark.parametrize("year", [2020, 2022])
def test_table4_figures_both_editions(year):
    text = ("因政府信息公开被申请行政复议两件，其中维持1件，纠正1件；被提起行政诉讼2件，尚未审结2件。"
            "政府信息公开行政复议、行政诉讼均为0件。")
    assert said(year, text, REVIEWS) == [
        f"{AT} [narrative-number] 一、总体情况：正文写“其中维持1件”，{T4} · 行政复议 · 结果维持为 2，正文比表格少 1",
        f"{AT} [narrative-number] 一、总体情况：正文写“纠正1件”，{T4} · 行政复议 · 结果纠正为 0，正文比表格多 1",
        f"{AT} [narrative-number] 一、总体情况：正文写“政府信息公开行政复议、行政诉讼均为0件”，{T4} · 行政复议 · 总计为 2，"
        "正文比表格少 2",
        f"{AT} [narrative-number] 一、总体情况：正文写“政府信息公开行政复议、行政诉讼均为0件”，{T4} · 行政诉讼 · 总计为 2，"
        "正文比表格少 2",
    ]


@pytest.mark.parametrize("year", [2020, 2022])
def test_table4_quiet(year):
    text = ("全年办理行政复议案件120件。因政府信息公开被申请行政复议2件，均维持。复议后起诉1件。"
            "涉及政府信息公开的行政诉讼2件，其中直接起诉1件。")
    assert said(year, text, REVIEWS) == []


def test_breakdown_whose_parts_exceed_the_total():
    text = "共收到政府信息公开申请10件，其中自然人6件、法人或其他组织5件。"
    assert said(2022, text, "", "narrative-sum") == [
        f"{AT} [narrative-sum] 一、总体情况：“共收到政府信息公开申请10件”，其中所列分项 6件＋5件 合计 11件，比总数多 1件"]


def test_breakdowns_that_add_up_or_list_only_some_parts_are_quiet():
    text = ("共收到申请10件，其中自然人6件、法人4件。共受理投资项目645件，其中并联审批项目45件，联动项目38件。"
            "全年累计发布信息1204条，其中局门户网站共计发布信息627条，其中发布工作动态339条，信息公开288条。")
    assert said(2022, text, "", "narrative-sum") == []


REQUESTS = """
    requests:
      received: {{natural: 8, total: 8}}
      carried_in: {{natural: 2, total: 2}}
      granted: {{natural: 5, total: 5}}
      partly_granted: {{natural: 1, total: 1}}
      unable: {{not_held: {{natural: 2, total: 2}}}}
      carried_out: {{natural: 2, total: 2}}
    """.format()


@pytest.mark.parametrize("year", [2020, 2022])
def test_rates_against_table3(year):
    text = "收到政府信息公开申请8件，办结率100%，公开率90%。"
    assert said(year, text, REQUESTS, "narrative-rate") == [
        f"{AT} [narrative-rate] 一、总体情况：正文写“办结率100%”，按{T3}，（七）总计 8 件 ÷"
        "（一、本年新收政府信息公开申请数量 8 件 + 二、上年结转政府信息公开申请数量 2 件）= 80%",
        f"{AT} [narrative-rate] 一、总体情况：正文写“公开率90%”，按{T3}，（一）予以公开 5 件、"
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 件，（七）总计 8 件，"
        "一、本年新收政府信息公开申请数量 8 件，任何算法都得不到 90%",
    ]


@pytest.mark.parametrize("year", [2020, 2022])
def test_rates_that_match_or_speak_of_something_else_are_quiet(year):
    text = ("收到政府信息公开申请8件，办结率80%，公开率75%。政府信息公开申请公开率62.5%。"
            "12345热线按期办结率99.79%。依申请公开按时办结率100%。")
    assert said(year, text, REQUESTS, "narrative-rate") == []


def wording(year: int, text: str) -> list[str]:
    return [i.to_text() for i in check(year, "overview: |\n  " + text + "\n").issues if i.code == "edition-wording"]


def test_2019_terms_in_a_2021_edition_report():
    text = "本年新制作数量为3件。按第二十条第(九)项公开政府集中采购项目。"
    new = "本报告适用 2021 版格式（国办公开办函〔2021〕30号）"
    old = "是 2019 版格式（国办公开办函〔2019〕60号）表格的用语"
    assert wording(2022, text) == [
        f"{AT} [edition-wording] 一、总体情况：“本年新制作数量”{old}，{new}",
        f"{AT} [edition-wording] 一、总体情况：“第二十条第（九）项”{old}，{new}，2021 版表二没有第二十条第（九）项",
        f"{AT} [edition-wording] 一、总体情况：“政府集中采购”{old}，{new}，2021 版表二没有第二十条第（九）项",
    ]


def test_2021_terms_in_a_2019_edition_report():
    assert wording(2020, "现行有效件数12件。") == [
        f"{AT} [edition-wording] 一、总体情况：“现行有效件数”是 2021 版格式（国办公开办函〔2021〕30号）表格的用语，"
        "本报告适用 2019 版格式（国办公开办函〔2019〕60号）"]


@pytest.mark.parametrize("year,text", [
    (2020, "制定行政规范性文件3件，办理其他处理。"),
    (2022, "公开规范性文件3件，处理决定数量统计，其他对外管理服务事项。"),
])
def test_words_both_editions_share_are_quiet(year, text):
    assert wording(year, text) == []


PROBLEMS_LONG = ("（一）存在的问题。公开形式比较单一，政策解读不够深入。\n\n"
                 "  （二）改进措施。下一步将丰富公开形式，加强政策解读。")


@pytest.mark.parametrize("year", [2020, 2022])
@pytest.mark.parametrize("text,expected", [
    ("无。", ["r.yaml:5: 警告 [problems-empty] 五、存在的主要问题及改进情况：只写了“无。”，"
             "应写明本年度存在的主要问题和改进措施"]),
    ("我局政府信息公开工作还存在一些不足，今后将进一步改进。",
     ["r.yaml:5: 警告 [problems-empty] 五、存在的主要问题及改进情况：只有一句笼统的话"
      "（“我局政府信息公开工作还存在一些不足，今后将进一步改进”），应写明本年度存在的主要问题和改进措施"]),
    (PROBLEMS_LONG, ["r.yaml:5: 警告 [problems-follow-up] 五、存在的主要问题及改进情况："
                     "没有说明上一年度报告所列问题的整改（改进）情况"]),
    (PROBLEMS_LONG + "上年度报告所列问题均已整改。", []),
])
def test_section_five(year, text, expected):
    r = check(year, "problems: |\n  " + text + "\n")
    assert [i.to_text() for i in r.issues if i.code.startswith("problems-")] == expected


@pytest.mark.parametrize("year", [2020, 2022])
def test_section_five_naming_last_year_by_its_number(year):
    text = PROBLEMS_LONG + f"针对{year - 1}年报告指出的问题，我局逐项落实。"
    assert [i for i in check(year, "problems: |\n  " + text + "\n").issues if i.code.startswith("problems-")] == []


FEE = "r.yaml:5: 警告 [fee-statement] 六、其他需要报告的事项：没有说明信息处理费的收取情况（未收取也应写明）"


@pytest.mark.parametrize("year,text,expected", [
    (2022, "无。", [FEE]),
    (2022, "本年度未收取信息处理费。", []),
    (2020, "无。", []),  # the 2019 format has no fees to report
])
def test_section_six_fee_statement(year, text, expected):
    r = check(year, "other: |\n  " + text + "\n")
    assert [i.to_text() for i in r.issues if i.code == "fee-statement"] == expected


def test_section_six_left_to_r11_when_a_fee_was_unpaid():
    r = check(2022, "other: |\n  无。\nrequests:\n  other_handling: {unpaid_fee: {natural: 1, total: 1}}\n")
    assert [i.code for i in r.issues if i.code in ("fee-note", "fee-statement")] == ["fee-note"]


ITEMS = "二、主动公开政府信息情况 · 第二十条第（五）项 · 行政许可"


def test_table2_items_of_the_2019_format():
    """上一年项目数量 is compared; 新增/取消 count one way, 本年增/减 is net: the cell may not exceed the additions."""
    text = "上一年行政许可事项12项，本年新增3项。取消行政处罚事项1项。"
    tables = PROACTIVE_2019.replace("punishment: {previous: 2, change: 0", "punishment: {previous: 2, change: -2")
    assert said(2020, text, tables) == [
        f"{AT} [narrative-number] 一、总体情况：正文写“上一年行政许可事项12项”，{ITEMS} · 上一年项目数量为 11，正文比表格多 1",
        f"{AT} [narrative-number] 一、总体情况：正文写“本年新增3项”，{ITEMS} · 本年增/减为 4，是增减相抵后的净数，"
        "净增加不会多于正文所写的新增数 3",
        f"{AT} [narrative-number] 一、总体情况：正文写“取消行政处罚事项1项”，{T2} · 第二十条第（六）项 · 行政处罚 · "
        "本年增/减为 -2，是增减相抵后的净数，净减少不会多于正文所写的减少数 1",
    ]


@pytest.mark.parametrize("year,tables", [(2022, PROACTIVE_2021), (2020, PROACTIVE_2019)])
def test_table2_items_quiet(year, tables):
    text = ("上一年行政许可事项11项，本年新增5项，取消1项。行政处罚事项减少2项。作出行政处罚决定5件，减少2件。"
            "行政许可事项比上一年增加4项。")
    assert said(year, text, tables) == []


REVIEWS_PENDING = """
    reviews:
      review: {upheld: 1, corrected: 1, other: 0, pending: 2, total: 4}
      litigation: {upheld: 0, corrected: 0, other: 0, pending: 1, total: 1}
      litigation_after_review: {upheld: 1, corrected: 0, other: 0, pending: 0, total: 1}
    """


@pytest.mark.parametrize("year", [2020, 2022])
def test_correction_rates_against_table4(year):
    text = "因政府信息公开被申请行政复议4件，纠错率30%；政府信息公开行政诉讼2件，纠错率10%。"
    assert said(year, text, REVIEWS_PENDING, "narrative-rate") == [
        f"{AT} [narrative-rate] 一、总体情况：正文写“纠错率30%”，按{T4}，行政复议结果纠正 1 件 ÷ 总计 4 件 = 25%"
        "（÷ 已审结 2 件 = 50%）",
        f"{AT} [narrative-rate] 一、总体情况：正文写“纠错率10%”，按{T4}，行政诉讼结果纠正 0 件 ÷ 总计 2 件 = 0%"
        "（÷ 已审结 1 件 = 0%）",
    ]


@pytest.mark.parametrize("year", [2020, 2022])
def test_correction_rates_that_match_or_speak_of_others_are_quiet(year):
    """÷ 总计 or ÷ the cases decided both count; a 司法局's 全市行政复议纠错率 (no 公开), no group or both are left alone."""
    text = ("因政府信息公开被申请行政复议4件，纠错率25%。政府信息公开类复议案件纠错率50%。政府信息公开行政诉讼纠错率0%。"
            "全市行政复议纠错率15%。政务公开工作纠错率15%。因政府信息公开被申请行政复议4件、被提起行政诉讼2件，纠错率17%。")
    assert said(year, text, REVIEWS_PENDING, "narrative-rate") == []


DECISIONS_2021 = """
    proactive:
      licensing: {decisions: 2856}
      punishment: {decisions: 412}
      coercion: {decisions: 37}
    """
DECISIONS_2019 = """
    proactive:
      licensing: {previous: 11, change: 0, decisions: 2856}
      punishment: {previous: 2, change: 0, decisions: 412}
      coercion: {previous: 1, change: 0, decisions: 37}
    """


@pytest.mark.parametrize("year,tables,column", [(2026, DECISIONS_2021, "本年处理决定数量"),
                                                (2020, DECISIONS_2019, "处理决定数量")])
def test_table2_decisions_said_short_or_with_thousands_separators(year, tables, column):
    """行政许可N件, 实施行政强制N件, 行政处罚案件N件 count the decisions; 2,865 and 2，865 are one figure."""
    text = ("行政许可2865件。行政处罚421件。实施行政强制39件。行政处罚案件421件。作出行政许可决定2,865件。"
            "作出行政许可决定2，865件。")
    licensing, punishment = f"{T2} · 第二十条第（五）项 · 行政许可 · {column}", f"{T2} · 第二十条第（六）项 · 行政处罚 · {column}"
    coercion = f"{T2} · 第二十条第（六）项 · 行政强制 · {column}"
    assert said(year, text, tables) == [
        f"{AT} [narrative-number] 一、总体情况：正文写“行政许可2865件”，{licensing}为 2856，正文比表格多 9",
        f"{AT} [narrative-number] 一、总体情况：正文写“行政处罚421件”，{punishment}为 412，正文比表格多 9",
        f"{AT} [narrative-number] 一、总体情况：正文写“实施行政强制39件”，{coercion}为 37，正文比表格多 2",
        f"{AT} [narrative-number] 一、总体情况：正文写“行政处罚案件421件”，{punishment}为 412，正文比表格多 9",
        f"{AT} [narrative-number] 一、总体情况：正文写“作出行政许可决定2,865件”，{licensing}为 2856，正文比表格多 9",
        f"{AT} [narrative-number] 一、总体情况：正文写“作出行政许可决定2，865件”，{licensing}为 2856，正文比表格多 9",
    ]


@pytest.mark.parametrize("year,tables", [(2026, DECISIONS_2021), (2020, DECISIONS_2019)])
def test_table2_short_forms_quiet(year, tables):
    """Agreeing figures, and counts of other things: published items (条), applications, items (项), other words."""
    text = ("行政许可2856件，行政处罚412件，实施行政强制37件。作出行政许可决定2,856件。行政处罚案件412件。"
            "公开行政许可信息2865条。行政许可信息2865条。受理行政许可申请2865件。行政许可事项120项。"
            "公开行政处罚421件。涉及行政处罚421件。")
    assert said(year, text, tables) == []


@pytest.mark.parametrize("year", [2020, 2026])
def test_thousands_separators_in_table3_table4_and_breakdowns(year):
    text = ("共收到政府信息公开申请1,234件，其中自然人1,000件、法人或其他组织300件。因政府信息公开被申请行政复议1,002件。"
            "办结1\u2009199件。")
    requests = "\n    requests:\n      received: {natural: 1200, total: 1200}\n      total: {natural: 1200, total: 1200}\n"
    assert said(year, text, requests) + said(year, text, requests, "narrative-sum") == [
        f"{AT} [narrative-number] 一、总体情况：正文写“共收到政府信息公开申请1,234件”，{T3} · "
        "一、本年新收政府信息公开申请数量 · 总计为 1200，正文比表格多 34",
        f"{AT} [narrative-number] 一、总体情况：正文写“因政府信息公开被申请行政复议1,002件”，{T4} · 行政复议 · 总计为 0，"
        "正文比表格多 1002",
        f"{AT} [narrative-number] 一、总体情况：正文写“办结1\u2009199件”，{T3} · （七）总计 · 总计为 1200，正文比表格少 1",
        f"{AT} [narrative-sum] 一、总体情况：“共收到政府信息公开申请1,234件”，其中所列分项 1,000件＋300件 合计 1300件，"
        "比总数多 66件",
    ]


@pytest.mark.parametrize("year", [2020, 2026])
def test_a_plain_space_between_digits_is_two_figures(year):
    """减2 233 is a pasted table row, not 2233: only narrow and no-break spaces group thousands."""
    assert said(year, "行政许可2 865件。", DECISIONS_2021 if year > 2020 else DECISIONS_2019) == []

