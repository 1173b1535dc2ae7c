"""署名 and 成文日期 stay on one page with the end of the body; signatory and 附件说明 (GB/T 9704 §7.3.4, 7.3.5)."""

from __future__ import annotations

import copy
import io
import re

import docx
import pdfplumber
import pytest
from conftest import ROOT, need_tool

from nianbao.check import check_file
from nianbao.render.context import build_context
from nianbao.render.docx import render_docx
from nianbao.render.docx.xml import CHAR
from nianbao.render.html import render_html
from nianbao.render.text import render_text

EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"
LINE = "第{n}段：持续推进政务公开标准化规范化建设，做好政府信息主动公开工作。"
ATTACHMENTS = ["2025年政府信息公开工作台账", "依申请公开办理情况统计表（含各承办科室的答复期限、答复方式及送达情况汇总）"]


@pytest.fixture(scope="module")
def base() -> dict:
    return build_context(check_file(EXAMPLE))


def _with_body(base: dict, lines: int, **extra) -> dict:
    context = copy.deepcopy(base)
    entry = next(s for s in context["sections"] if s["key"] == "other")
    entry["markdown"] = "\n".join(LINE.format(n=n) for n in range(1, lines + 1)) or "无。"
    context.update(extra)
    return context


def test_signatory_replaces_the_agency_name_and_attachments_are_numbered_in_every_output(base):
    context = _with_body(base, 1, signatory="天水市麦积区人民政府办公室", attachments=ATTACHMENTS)
    text = render_text(context).decode().splitlines()
    at = text.index("\u3000\u3000附件：1." + ATTACHMENTS[0])
    assert text[at + 1] == "\u3000" * 5 + "2." + ATTACHMENTS[1]
    assert text[at + 3:at + 5] == ["天水市麦积区人民政府办公室", context["date_text"]]
    html = render_html(context).decode()
    assert ('<div class="attachments"><span class="label">附件：</span><ol>\n'
            f"<li>{ATTACHMENTS[0]}</li>\n<li>{ATTACHMENTS[1]}</li>\n</ol></div>") in html
    assert '<p class="name">天水市麦积区人民政府办公室</p>' in html
    paras = docx.Document(io.BytesIO(render_docx(context))).paragraphs
    texts = [p.text for p in paras]
    at = texts.index("附件：1." + ATTACHMENTS[0])
    assert texts[at + 1] == "2." + ATTACHMENTS[1]
    assert texts[at + 2:at + 5] == ["", "天水市麦积区人民政府办公室", context["date_text"]]
    first, second = paras[at].paragraph_format, paras[at + 1].paragraph_format
    # 附件： starts two 字 in; 2. starts under 1.; a wrapped line of either starts under its name
    emu = 635 * CHAR  # twips → EMU
    assert first.left_indent + first.first_line_indent == 2 * emu
    assert second.left_indent + second.first_line_indent == 5 * emu
    assert first.left_indent == second.left_indent


def test_one_attachment_has_no_number(base):
    context = _with_body(base, 0, attachments=["工作台账"])
    assert "\u3000\u3000附件：工作台账" in render_text(context).decode().splitlines()
    assert '<ol class="single">' in render_html(context).decode()


def test_signatory_and_attachments_are_read_from_the_yaml(tmp_path):
    source = EXAMPLE.read_text("utf-8") + "signatory: 天水市麦积区人民政府办公室\nattachments:\n  - 工作台账\n  - 统计表\n"
    path = tmp_path / "r.yaml"
    path.write_text(source, "utf-8")
    result = check_file(path)
    assert [i.code for i in result.issues if i.severity == "error"] == []
    context = build_context(result)
    assert context["signatory"] == "天水市麦积区人民政府办公室"
    assert context["attachments"] == ["工作台账", "统计表"]


def test_every_signature_paragraph_keeps_with_the_next_and_the_last_body_paragraph_too(base):
    document = docx.Document(io.BytesIO(render_docx(_with_body(base, 3, attachments=ATTACHMENTS))))
    paras = document.paragraphs
    date = max(i for i, p in enumerate(paras) if p.text == base["date_text"])
    last_body = max(i for i, p in enumerate(paras) if p.text.startswith("第3段"))
    assert all(p.paragraph_format.keep_with_next for p in paras[last_body:date])
    assert not paras[date].paragraph_format.keep_with_next


@pytest.mark.libreoffice
def test_signature_and_date_share_a_page_with_body_text_for_0_to_30_more_lines(base, tmp_path):
    need_tool("soffice", "LibreOffice converts the DOCX to PDF")
    from nianbao.render.pdf import convert_docx_files

    files = []
    for lines in range(31):
        path = tmp_path / f"r{lines:02d}.docx"
        extra = {"attachments": ATTACHMENTS} if lines % 3 == 0 else {}
        path.write_bytes(render_docx(_with_body(base, lines, **extra)))
        files.append(path)
    outcomes = []
    for lines, pdf in enumerate(convert_docx_files(files, tmp_path)):
        with pdfplumber.open(pdf) as doc:
            pages = [(p.extract_text() or "") for p in doc.pages]
        name_pages = [i for i, t in enumerate(pages) if base["agency"]["name"] in t.replace(" ", "")]
        date_pages = [i for i, t in enumerate(pages) if base["date_text"] in t.replace(" ", "")]
        page = pages[name_pages[-1]].replace(" ", "")
        before = page[:page.rindex(base["agency"]["name"])]
        before = re.sub(r"附件：.*", "", before, flags=re.S).strip()
        outcomes.append((lines, name_pages[-1] == date_pages[-1], bool(re.search(r"[\u4e00-\u9fff]{6}", before)),
                         len(pages)))
    assert [o for o in outcomes if not (o[1] and o[2])] == []
    assert len({o[3] for o in outcomes}) >= 2  # the body really did push the block onto a new page


NAME_45 = "新疆维吾尔自治区伊犁哈萨克自治州奎屯市人民政府办公室政务公开与政务服务数据资源管理服务中心"
NAME_28 = "吉林省延边朝鲜族自治州延吉市人民政府办公室政务公开办公室"
LONG_NAMES = {  # name → its 署名 lines: broken after a unit, the upper line not shorter
    NAME_45: ["新疆维吾尔自治区伊犁哈萨克自治州奎屯市人民政府办公室", "政务公开与政务服务数据资源管理服务中心"],
    NAME_28: ["吉林省延边朝鲜族自治州延吉市", "人民政府办公室政务公开办公室"],
    "青海省海西蒙古族藏族自治州格尔木市住房和城乡建设局": ["青海省海西蒙古族藏族自治州格尔木市住房和城乡建设局"],
    "湖北省鄂州市鄂城区市场监督管理局": ["湖北省鄂州市鄂城区市场监督管理局"],
}


@pytest.mark.parametrize("name", [NAME_45, NAME_28])
def test_a_name_too_long_for_its_place_is_broken_after_a_unit_in_docx_and_html(base, name):
    context = _with_body(base, 1, signatory=name)
    first, second = LONG_NAMES[name]
    paras = docx.Document(io.BytesIO(render_docx(context))).paragraphs
    at = [p.text for p in paras].index(first)
    assert [p.text for p in paras[at:at + 3]] == [first, second, context["date_text"]]
    # lines start under one another, the longest 右空二字 (26 字 from the left edge), the date two 字 right
    lefts = [round((p.paragraph_format.left_indent or 0) / (635 * CHAR), 2) for p in paras[at:at + 3]]
    start = 26 - max(len(first), len(second))
    assert lefts == [start, start, start + 2]
    assert all(p.paragraph_format.keep_with_next for p in paras[at:at + 2])
    assert f'<p class="name">{first}<br>{second}</p>' in render_html(context).decode()


@pytest.mark.libreoffice
def test_long_names_in_the_pdf_right_gap_two_zi_lines_aligned_date_two_zi_right(base, tmp_path):
    need_tool("soffice", "LibreOffice converts the DOCX to PDF")
    from nianbao.render.pdf import convert_docx_files

    files = []
    for n, name in enumerate(LONG_NAMES):
        files.append(tmp_path / f"name{n}.docx")
        files[-1].write_bytes(render_docx(_with_body(base, 1, signatory=name)))
    zi, right = 15.75, 184 / 25.4 * 72  # one 3号 字 with the −0.25 pt spacing; the type area's right edge in pt
    for (name, expected), pdf in zip(LONG_NAMES.items(), convert_docx_files(files, tmp_path), strict=True):
        with pdfplumber.open(pdf) as doc:
            lines = doc.pages[-1].extract_text_lines()
        texts = [line["text"].replace(" ", "") for line in lines]
        at = texts.index(expected[0])
        name_lines, date = lines[at:at + len(expected)], lines[at + len(expected)]
        assert texts[at:at + len(expected) + 1] == [*expected, base["date_text"]]
        assert max(abs(line["x0"] - name_lines[0]["x0"]) for line in name_lines) < 0.5, name
        assert 1.9 < (right - max(line["x1"] for line in name_lines)) / zi < 2.2, name  # 右空二字
        assert abs((date["x0"] - name_lines[0]["x0"]) / zi - 2) < 0.1, name  # 首字右移二字
