"""Narrative Markdown in the DOCX: official heading numbers and fonts, emphasis, lists, literal text."""

from __future__ import annotations

import copy
import io

import docx
import pytest
from conftest import ROOT

from nianbao import render_context
from nianbao.render.docx import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def base_context() -> dict:
    return render_context(ROOT / "examples" / "2022-maiji-zwfw.yaml")


def _render(base: dict, section: str, markdown: str) -> list:
    """Paragraphs of the DOCX after the heading of `section` up to the next 一、 heading."""
    context = copy.deepcopy(base)
    entry = next(s for s in context["sections"] if s["key"] == section)
    entry["markdown"], entry["parts"] = markdown, []
    paragraphs = docx.Document(io.BytesIO(render_docx(context))).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == entry["heading"])
    out = []
    for p in paragraphs[start + 1:]:
        if p.style.name in ("年报标题1级", "年报署名日期") or not p.text:
            break
        out.append(p)
    return out


def test_sub_headings_get_official_numbers_and_the_level_fonts(base_context):
    md = "### 工作开展\n\n正文一\n\n#### 制度建设\n\n正文二\n\n#### 平台建设\n\n### 下一步\n\n正文三"
    paras = _render(base_context, "problems", md)
    assert [(p.style.name, p.text) for p in paras] == [
        ("年报标题2级", "（一）工作开展"), ("年报正文", "正文一"), ("年报标题3级", "1.制度建设"),
        ("年报正文", "正文二"), ("年报标题3级", "2.平台建设"), ("年报标题2级", "（二）下一步"), ("年报正文", "正文三"),
    ]
    assert paras[0].style.element.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "楷体_GB2312"
    assert paras[0].paragraph_format.keep_with_next or paras[0].style.paragraph_format.keep_with_next


def test_sub_headings_inside_the_five_overview_parts_start_at_level_three(base_context):
    context = copy.deepcopy(base_context)
    overview = context["sections"][0]
    overview["markdown"] = ""
    overview["parts"] = [{"key": "proactive", "heading": "（一）主动公开", "markdown": "### 政策解读\n\n正文"}]
    paragraphs = docx.Document(io.BytesIO(render_docx(context))).paragraphs
    i = next(i for i, p in enumerate(paragraphs) if p.text == "（一）主动公开")
    assert [(p.style.name, p.text) for p in paragraphs[i:i + 3]] == [
        ("年报标题2级", "（一）主动公开"), ("年报标题3级", "1.政策解读"), ("年报正文", "正文")]


def test_author_numbered_heading_is_not_numbered_twice(base_context):
    paras = _render(base_context, "problems", "### (一)存在的问题\n\n正文")
    assert paras[0].text == "(一)存在的问题"


def test_bold_becomes_bold_runs_and_emphasis_the_kaiti_character_style(base_context):
    (para,) = _render(base_context, "problems", "一是**加强领导**，二是*完善制度*，三是***两者***。")
    runs = [(r.text, bool(r.bold), r.style.name) for r in para.runs]
    normal = "Default Paragraph Font"
    assert runs == [("一是", False, normal), ("加强领导", True, normal), ("，二是", False, normal),
                    ("完善制度", False, "年报强调"), ("，三是", False, normal), ("两者", True, "年报强调"),
                    ("。", False, normal)]
    kai = para.runs[3].style.element.find(f"{W}rPr/{W}rFonts")
    assert kai.get(f"{W}eastAsia") == kai.get(f"{W}ascii") == "楷体_GB2312"


def test_lists_become_numbered_body_paragraphs(base_context):
    paras = _render(base_context, "problems", "1. 公开形式单一\n2. 队伍不稳定\n   - 人员变动\n\n正文")
    assert [p.text for p in paras] == ["1.公开形式单一", "2.队伍不稳定", "· 人员变动", "正文"]
    assert {p.style.name for p in paras} == {"年报正文"}


def test_each_line_is_a_paragraph_and_pasted_indents_are_dropped(base_context):
    paras = _render(base_context, "problems", "\u3000\u3000第一行\n第二行 with\nEnglish")
    assert [p.text for p in paras] == ["第一行", "第二行 with", "English"]


def test_template_syntax_stays_literal_and_html_tags_go(base_context):
    text = "{{ 7*7 }} {% if true %}是{% endif %} <b>粗</b> {#注#}"
    (para,) = _render(base_context, "other", text)
    assert para.text == "{{ 7*7 }} {% if true %}是{% endif %} 粗 {#注#}"


def test_tabs_and_control_characters_never_break_the_docx(base_context):
    (para,) = _render(base_context, "other", "甲\t乙\x07丙\x0c丁\ud800戊")
    assert para.text == "甲 乙丙丁戊"
