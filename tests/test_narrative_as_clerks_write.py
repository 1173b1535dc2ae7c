"""Narrative as clerks paste it: run-in bold next to 。, one paragraph per line, GFM tables, images."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import docx
import pytest
from conftest import ROOT

from nianbao.check import check_file
from nianbao.render.context import build_context
from nianbao.render.docx import render_docx
from nianbao.render.html import render_html
from nianbao.render.text import render_text

RUN_IN = "**一是加强领导。**正文继续。"
PASTED = "（一）主动公开\n2025年，我局主动公开信息。\n（二）依申请公开\n全年收到申请12件。"
TABLE = "| 工作任务 | 完成情况 |\n| --- | --- |\n| 更新公开指南 | 已完成 |\n| 规范公开目录 | 推进中 |"


@pytest.fixture(scope="module")
def base() -> dict:
    return build_context(check_file(ROOT / "examples" / "2022-maiji-zwfw.yaml"))


def _with(base: dict, markdown: str) -> dict:
    context = copy.deepcopy(base)
    entry = next(s for s in context["sections"] if s["key"] == "problems")
    entry["markdown"] = markdown
    return context


def _docx(context: dict) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(context)))


def test_run_in_bold_after_cjk_punctuation_in_every_output(base):
    context = _with(base, RUN_IN)
    html = render_html(context).decode()
    assert "<p><strong>一是加强领导。</strong>正文继续。</p>" in html
    text = render_text(context).decode()
    assert "\u3000\u3000一是加强领导。正文继续。" in text.splitlines()
    para = next(p for p in _docx(context).paragraphs if "一是加强领导" in p.text)
    assert [(r.text, bool(r.bold)) for r in para.runs] == [("一是加强领导。", True), ("正文继续。", False)]
    for out in (html, text, "".join(p.text for p in _docx(context).paragraphs)):
        assert "**" not in out


def test_emphasis_around_quotes_and_brackets(base):
    html = render_html(_with(base, "正文**“引号”**继续，*（一）强调*后文")).decode()
    assert "正文<strong>“引号”</strong>继续，<em>（一）强调</em>后文" in html


def test_pasted_lines_become_one_paragraph_each_with_no_spaces(base):
    context = _with(base, PASTED)
    lines = PASTED.split("\n")
    html = render_html(context).decode()
    assert "".join(f"<p>{line}</p>\n" for line in lines) in html
    text = render_text(context).decode().splitlines()
    start = text.index("\u3000\u3000" + lines[0])
    assert text[start:start + 4] == ["\u3000\u3000" + line for line in lines]
    paras = [p.text for p in _docx(context).paragraphs]
    start = paras.index(lines[0])
    assert paras[start:start + 4] == lines


def test_gfm_table_is_a_real_table_in_every_output(base):
    context = _with(base, "下表列出任务：\n\n" + TABLE)
    html = render_html(context).decode()
    assert re.search(r'<table class="narrative">\s*<thead>\s*<tr>\s*<th>工作任务</th>\s*<th>完成情况</th>', html)
    assert "<td>规范公开目录</td>\n<td>推进中</td>" in html
    assert "| ---" not in html
    text = render_text(context).decode()
    rows = [line for line in text.splitlines() if "规范公开目录" in line or "工作任务" in line]
    assert [line.split() for line in rows] == [["工作任务", "完成情况"], ["规范公开目录", "推进中"]]
    assert "|" not in text
    document = _docx(context)
    narrative = [t for t in document.tables if t.rows[0].cells[0].text == "工作任务"]
    assert len(narrative) == 1
    assert [[c.text for c in row.cells] for row in narrative[0].rows] == [
        ["工作任务", "完成情况"], ["更新公开指南", "已完成"], ["规范公开目录", "推进中"]]


def test_gfm_table_right_under_a_list_item_and_a_line_right_under_the_table(base):
    context = _with(base, "1. 第一项；\n2. 第二项。\n" + TABLE + "\n表后的一段。")
    html = render_html(context).decode()
    assert "<li>第二项。</li>\n</ol>\n<div class=\"table-wrap\"><table" in html
    assert "</table></div>\n<p>表后的一段。</p>" in html
    text = render_text(context).decode()
    assert "|" not in text and "\u3000\u3000表后的一段。" in text.splitlines()
    document = _docx(context)
    (narrative,) = [t for t in document.tables if t.rows[0].cells[0].text == "工作任务"]
    assert [[c.text for c in row.cells] for row in narrative.rows][-1] == ["规范公开目录", "推进中"]
    assert "表后的一段。" in [p.text for p in document.paragraphs]


def test_image_is_dropped_and_warned_at_its_line(tmp_path: Path):
    source = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text("utf-8")
    photo = "![公开查阅点照片](%E6%9F%A5.jpg)"
    source = source.replace("problems: |", f"problems: |\n  前文。\n  {photo}\n  后文。", 1)
    path = tmp_path / "r.yaml"
    path.write_text(source, "utf-8")
    result = check_file(path)
    line = source.splitlines().index(f"  {photo}") + 1
    found = [i for i in result.issues if i.code == "narrative-image"]
    assert [(i.line, i.message) for i in found] == [
        (line, "五、存在的主要问题及改进情况：第 2 行是图片，年报正文不能放图片，生成时已略去")]
    context = build_context(result)
    html, text = render_html(context).decode(), render_text(context).decode()
    html = html[html.index("<article"):html.index("</article>")]  # the data JSON keeps the input as written
    assert "<img" not in html
    for out in (html, text, "\n".join(p.text for p in _docx(context).paragraphs)):
        assert "公开查阅点照片" not in out and "%E6" not in out and "前文。" in out


def test_raw_html_is_warned_at_its_line_and_no_tag_reaches_any_output(tmp_path: Path):
    source = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text("utf-8")
    pasted = ['前文。', '<p>网页上的一段</p>', '正文<br>续行<span style="color:red">红字</span>。',
              '<!-- 编辑器的注释 -->后文。']
    source = source.replace("problems: |", "problems: |\n" + "".join(f"  {line}\n" for line in pasted), 1)
    path = tmp_path / "r.yaml"
    path.write_text(source, "utf-8")
    result = check_file(path)
    first = source.splitlines().index(f"  {pasted[1]}") + 1
    found = [(i.line, i.message) for i in result.issues if i.code == "narrative-html"]
    label = "五、存在的主要问题及改进情况"
    assert found == [
        (first, f"{label}：第 2 行有 HTML 标记 <p>，年报正文不用 HTML，生成时已删去标记，文字照排"),
        (first + 1, f'{label}：第 3 行有 HTML 标记 <br>、<span style="color:red">，年报正文不用 HTML，'
                    "生成时已删去标记，文字照排"),
        (first + 2, f"{label}：第 4 行有 HTML 标记 <!-- 编辑器的注释 -->，年报正文不用 HTML，生成时已删去标记，文字照排"),
    ]
    context = build_context(result)
    paragraphs = ["前文。", "网页上的一段", "正文", "续行红字。", "后文。"]  # <br> and </p> end a line
    html = render_html(context).decode()
    section = html[html.index('<section id="section-problems"'):]
    section = section[:section.index("</section>")]
    assert "".join(f"<p>{p}</p>\n" for p in paragraphs) in section
    text = render_text(context).decode().splitlines()
    start = text.index("\u3000\u3000前文。")
    assert text[start:start + 5] == ["\u3000\u3000" + p for p in paragraphs]
    paras = [p.text for p in _docx(context).paragraphs]
    start = paras.index("前文。")
    assert paras[start:start + 5] == paragraphs
    for out in (section, "\n".join(text), "\n".join(paras)):
        assert not re.search(r"&lt;|<(?:br|span|!--)|编辑器的注释", out)


def test_rule_fence_and_strikethrough_are_warned_and_plain_in_every_output(tmp_path: Path):
    source = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text("utf-8")
    written = ["前文。", "", "---", "", "```", "围栏里的一行", "```", "正文~~删去的话~~继续。"]
    source = source.replace("problems: |", "problems: |\n" + "".join(f"  {line}\n" if line else "\n"
                                                                      for line in written), 1)
    path = tmp_path / "r.yaml"
    path.write_text(source, "utf-8")
    result = check_file(path)
    first = source.splitlines().index("  前文。") + 1
    label = "五、存在的主要问题及改进情况"
    assert [(i.line, i.message) for i in result.issues if i.code == "narrative-markdown"] == [
        (first + 2, f"{label}：第 3 行是分隔线，年报正文不用分隔线，生成时已略去"),
        (first + 4, f"{label}：第 5 行起是代码块（```），年报正文不用代码块，生成时按正文段落排出"),
        (first + 7, f"{label}：第 8 行有删除线（~~），年报正文不用删除线，生成时按普通文字排出"),
    ]
    context = build_context(result)
    paragraphs = ["前文。", "围栏里的一行", "正文删去的话继续。"]
    html = render_html(context).decode()
    section = html[html.index('<section id="section-problems"'):]
    section = section[:section.index("</section>")]
    assert "".join(f"<p>{p}</p>\n" for p in paragraphs) in section
    text = render_text(context).decode().splitlines()
    start = text.index("\u3000\u3000前文。")
    assert text[start:start + 3] == ["\u3000\u3000" + p for p in paragraphs]
    paras = [p.text for p in _docx(context).paragraphs]
    start = paras.index("前文。")
    assert paras[start:start + 3] == paragraphs
    for out in (section, "\n".join(text), "\n".join(paras)):
        assert not re.search(r"<hr|<pre|<code|<s>|~~|```|---", out)
