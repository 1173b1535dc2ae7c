"""The small parts of the importer: numbers in cells, glosses, label comparison, cell streams, headings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nianbao import editions
from nianbao.importer.model import Para, Table
from nianbao.importer.normalize import (
    EMPTY,
    PLACEHOLDER,
    TEXT,
    Number,
    drop_glosses,
    glossed,
    is_traditional,
    label_key,
    read_number,
)
from nianbao.importer.sections import find_layout, markdown
from nianbao.importer.tokens import BREAK, Tok, tokenize


@pytest.mark.parametrize("cell, value, unit", [
    ("0", 0, None), ("+4", 4, None), ("增4", 4, None), ("增加12", 12, None), ("减5", -5, None), ("減5", -5, None),
    ("-2", -2, None), ("−2", -2, None), ("－3", -3, None), ("＋7", 7, None), ("40.35万元", Decimal("40.35"), "万元"),
    ("251000元", 251000, "元"), ("1,234", 1234, None), ("１２", 12, None), (" 8 件", 8, "件"), ("\u00a03\u3000", 3, None),
])
def test_cells_are_read_as_signed_numbers_with_their_unit(cell, value, unit):
    got = read_number(cell)
    assert isinstance(got, Number)
    assert got.value == value and got.unit == unit


@pytest.mark.parametrize("cell, kind", [
    ("", EMPTY), ("\u00a0", EMPTY), ("\u3000 ", EMPTY), ("-", PLACEHOLDER), ("/", PLACEHOLDER), ("无", PLACEHOLDER),
    ("—", PLACEHOLDER), ("规章", TEXT), ("2020年", TEXT), ("约5", TEXT),
])
def test_blank_placeholder_and_text_cells_are_not_numbers(cell, kind):
    assert read_number(cell) == kind


def test_pinyin_glosses_go_only_in_a_glossed_document():
    text = "根據(jù)條(tiáo)例規(guī)定"
    assert glossed(text)
    assert drop_glosses(text, pinyin=True) == "根據條例規定"
    assert drop_glosses("附件(a)说明", pinyin=False) == "附件(a)说明"


def test_simplified_twin_glosses_go_but_real_parentheses_stay():
    assert drop_glosses("規(规)定與(与)辦(办)理") == "規定與辦理"
    assert drop_glosses("公开(一)") == "公开(一)"
    assert drop_glosses("主(次)要") == "主(次)要"  # not a twin: 主 is not the traditional form of 次


def test_traditional_script_is_detected_but_simplified_is_not():
    assert is_traditional("政府信息公開工作年度報告總體情況，本機關不掌握相關政府信息，結轉下年度繼續辦理")
    assert not is_traditional("政府信息公开工作年度报告总体情况，本机关不掌握相关政府信息，结转下年度继续办理")


@pytest.mark.parametrize("printed", [
    "（三）不予公开", "(三)不予公开", "（3） 不予公开", "3、不予公开", "(三)不予 公开", "（三）不予公開",
])
def test_labels_compare_equal_across_numbering_width_spacing_and_script(printed):
    assert label_key(printed).body == label_key("（三）不予公开").body
    assert label_key(printed).number == 3


def test_label_typo_equivalent_and_bare_form():
    official = label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    typo = label_key("(二)部分公开(区分处理的,只计这一情况,不计其他情况)")
    assert typo.body == official.body and typo.raw != official.raw
    assert label_key("（二）部分公开").bare == official.bare


def _items(lines: list[str]) -> list:
    blocks = [Para(line, n) for n, line in enumerate(lines, 1)]
    return [(i.text if isinstance(i, Tok) else i) for i in tokenize(blocks, {}, 0, len(blocks))]


def test_pipe_layouts_give_cells_and_rows():
    assert _items(["规章 |", "0 |", "|||"]) == ["规章", "0", "", "", ""]
    assert _items(["规章 | 0 | 1 | 2 | |"]) == ["规章", "0", "1", "2", "", BREAK]
    assert _items(["│ 行政许可 │ 3 │"]) == ["行政许可", "3", BREAK]
    assert _items(["├────┼───┤"]) == [BREAK]


def test_tab_layout_joins_wrapped_cells_and_breaks_rows_on_blank_lines():
    assert _items(["\t商业", "企业", "\t0", "", "\t规章\t1\t2"]) == ["商业 企业", "0", BREAK, "规章", "1", "2", BREAK]


def test_space_layouts_split_on_wide_gaps_or_trailing_numbers():
    assert _items(["规章          0       0      0"]) == ["规章", "0", "0", "0", BREAK]
    assert _items(["行政许可 14 减2 233"]) == ["行政许可", "14", "减2", "233", BREAK]
    assert _items(["一、本年新收政府信息公开 申请数量"]) == ["一、本年新收政府信息公开 申请数量"]
    assert _items(["\u00a0"]) == [""]  # a cell holding only a no-break space is an empty cell


def test_real_tables_keep_explicit_empty_cells():
    items = tokenize([Table([["行政处罚", "0", "0", "\u00a0"]])], {}, 0, 1)
    assert [i.text if isinstance(i, Tok) else i for i in items] == [BREAK, "行政处罚", "0", "0", "", BREAK]


def test_table_three_row_labels_are_not_taken_for_section_headings():
    ed = editions.get("2021")
    lines = ["一、总体情况", "正文。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果",
             "四、结转下年度继续办理", "(一)主动公开政府信息情况", "4、 政府信息公开行政复议、行政诉讼情况",
             "五、存在问题及改进措施", "六、其他需要报告的事项"]
    layout = find_layout([Para(t, n) for n, t in enumerate(lines)], ed, set())
    assert {k: h.index for k, h in layout.headings.items()} == {
        "overview": 0, "proactive": 2, "requests": 3, "reviews": 9, "problems": 10, "other": 11}
    assert not layout.headings["problems"].official and layout.headings["reviews"].official


def test_plain_lines_become_markdown_that_renders_back_to_the_same_text():
    md = markdown([Para("(一)加强组织领导。"), Para("1. 第一点；"), Para("# 不是标题"), Para("a*b*c")])
    assert md.split("\n\n") == ["### (一)加强组织领导。", "1\\. 第一点；", "\\# 不是标题", "a\\*b\\*c"]
