"""Narrative Markdown: sub-headings numbered the official way, raw HTML off, CJK line breaks joined."""

from __future__ import annotations

import pytest

from nianbao.render.narrative import chinese_numeral, marker, parse, to_html, to_text

NARRATIVE = "总述。\n\n### 加强领导\n\n正文一\n\n#### 小项\n\n#### 又一小项\n\n### (二)自带编号\n\n### 第三项\n"


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"),
                                         (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_numerals(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


def test_markers_follow_gb9704_levels() -> None:
    assert [marker(level, 2) for level in (1, 2, 3, 4, 5)] == ["二、", "（二）", "2.", "（2）", "②"]


def test_h3_headings_get_the_second_level_marker_and_h4_the_third() -> None:
    html = to_html(NARRATIVE, level=2)
    assert "<h3>（一）加强领导</h3>" in html
    assert "<h4>1.小项</h4>" in html and "<h4>2.又一小项</h4>" in html
    assert "<h3>(二)自带编号</h3>" in html  # the author's own number is kept
    assert "<h3>（三）第三项</h3>" in html  # and still counted


def test_headings_inside_an_overview_part_start_one_level_deeper() -> None:
    html = to_html("### 甲\n\n#### 乙\n", level=3)
    assert "<h4>1.甲</h4>" in html and "<h5>（1）乙</h5>" in html


def test_token_stream_carries_level_and_added_marker_for_other_converters() -> None:
    heads = [t for t in parse(NARRATIVE, 2) if t.type == "heading_open"]
    assert [(t.meta["level"], t.meta["marker"]) for t in heads] == [
        (2, "（一）"), (3, "1."), (3, "2."), (2, ""), (2, "（三）")]


def test_raw_html_is_neither_markup_nor_literal_tags() -> None:
    assert to_html("<script>alert(1)</script>") == ""
    assert to_html("正文<b>加粗</b>继续<br>下一行<!-- 注 -->。") == "<p>正文加粗继续</p>\n<p>下一行。</p>\n"
    assert to_html("收费<500元，x < 5") == "<p>收费&lt;500元，x &lt; 5</p>\n"  # not tags: text as written
    assert to_html("`<b>`") == "<p><code>&lt;b&gt;</code></p>\n"
    assert "<img" not in to_html("![图](http://example.org/x.png)")


def test_a_single_line_break_starts_a_paragraph_and_adds_no_space() -> None:
    assert to_html("第一行\n第二行") == "<p>第一行</p>\n<p>第二行</p>\n"
    assert to_text("第一行\n第二行") == "\u3000\u3000第一行\n\u3000\u3000第二行"
    assert to_html("word\nnext") == "<p>word</p>\n<p>next</p>\n"
    assert to_html("- 一项\n  续写") == "<ul>\n<li>一项续写</li>\n</ul>\n"  # inside a list item: joined


def test_plain_text_keeps_markers_indents_paragraphs_and_spells_out_links() -> None:
    text = to_text("### 标题\n\n段落**强调**。\n\n- 甲\n- 乙\n\n1. 一\n2. 二\n\n[网站](https://example.org)")
    assert text.split("\n") == ["（一）标题", "\u3000\u3000段落强调。", "\u3000\u3000· 甲", "\u3000\u3000· 乙",
                                "\u3000\u30001.一", "\u3000\u30002.二", "\u3000\u3000网站（https://example.org）"]


def test_nested_list_items_get_the_same_markers_in_text_and_word():
    from nianbao.render.docx.narrative import narrative_xml
    from nianbao.render.narrative import to_text

    source = "1. 第一项\n   1. 子项甲\n   2. 子项乙\n2. 第二项\n"
    text = to_text(source)
    xml = narrative_xml(source)
    for sign, item in (("1.", "第一项"), ("（1）", "子项甲"), ("（2）", "子项乙"), ("2.", "第二项")):
        assert sign + item in text
        assert sign in xml and item in xml
