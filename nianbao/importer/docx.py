"""DOCX input: body paragraphs and tables in order; merged cells resolved to their origin cell."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from docx.exceptions import InvalidXmlError as InvalidValueError
from docx.oxml.exceptions import InvalidXmlError
from lxml import etree

from nianbao.errors import Unreadable
from nianbao.importer.model import Block, Para, Table
from nianbao.importer.normalize import EM, STRONG
from nianbao.settings import zip_too_big

MAX_BODY_ELEMENTS = 100_000  # a long report has about 2,000 paragraphs
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*([1-6])$", re.I)


def read_docx(path: Path) -> list[Block]:
    """Read a Word 2007+ file; the old binary .doc and damaged files are refused with a reason."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(path):
        raise Unreadable("不是有效的 DOCX 文件（旧版 .doc 请先在 Word/WPS 中另存为 .docx）")
    try:
        with zipfile.ZipFile(path) as zf:
            too_big = zip_too_big(zf)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise Unreadable(f"DOCX 文件已损坏或不是 Word 文档：{exc}") from None
    if too_big:
        raise Unreadable(f"DOCX 文件{too_big}")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError, zlib.error, EOFError,
            NotImplementedError, RuntimeError) as exc:  # damaged XML, deflate data, compression method, encryption
        raise Unreadable(f"DOCX 文件已损坏或不是 Word 文档：{exc}") from None
    body = getattr(document.element, "body", None)  # a root other than w:document has none
    if body is None:
        raise Unreadable("DOCX 文件已损坏或不是 Word 文档：word/document.xml 中没有正文")
    count = sum(1 for _ in body.iterchildren())
    if count > MAX_BODY_ELEMENTS:
        raise Unreadable(f"DOCX 正文有 {count} 个段落或表格（上限 {MAX_BODY_ELEMENTS}），不像一份年度报告，拒绝读取")
    blocks: list[Block] = []
    try:
        _walk(body, document, blocks, _style_names(document))
    except (InvalidXmlError, InvalidValueError, ValueError, KeyError) as exc:  # XML that breaks the Word schema
        raise Unreadable(f"DOCX 文件已损坏：正文的 XML 不符合 Word 格式（{exc}）") from None
    return blocks


def _style_names(document) -> dict[str, str]:
    """Style id → name, read once: python-docx searches every style for each paragraph and run (quadratic)."""
    from docx.oxml.ns import qn

    names: dict = {}
    try:
        root = document.styles.element
    except (KeyError, ValueError, AttributeError, InvalidXmlError):
        return names
    for style in root.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        names.setdefault(style.get(qn("w:styleId")) or "", (name.get(qn("w:val")) or "") if name is not None else "")
    return names


def _style_of(element, props: str, tag: str, names: dict[str, str]) -> str:
    from docx.oxml.ns import qn

    pr = element.find(qn(props))
    ref = pr.find(qn(tag)) if pr is not None else None
    return names.get(ref.get(qn("w:val")) or "", "") if ref is not None else ""


def _walk(element, document, blocks: list[Block], names: dict[str, str]) -> None:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    p_tag, tbl_tag, sdt_tag, t_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:t")
    for child in element.iterchildren():
        if child.tag == p_tag:
            m = _HEADING_STYLE.search(_style_of(child, "w:pPr", "w:pStyle", names))
            heading = int(m.group(1)) if m else None
            if next(child.iter(t_tag, qn("w:br"), qn("w:cr"), qn("w:tab")), None) is None:
                blocks.append(Para("", heading=heading))  # no text at all: skip python-docx's proxies
                continue
            for line in _runs_text(Paragraph(child, document), names).split("\n"):
                blocks.append(Para(line, heading=heading))
        elif child.tag == tbl_tag:
            blocks.append(_table(child))
        elif child.tag == sdt_tag:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _walk(content, document, blocks, names)


def _runs_text(para, names: dict[str, str]) -> str:
    """The paragraph's text, bold and italic runs wrapped in emphasis marks."""
    parts = []
    for item in para.iter_inner_content() if hasattr(para, "iter_inner_content") else para.runs:
        runs = item.runs if hasattr(item, "runs") else [item]
        for run in runs:
            text = run.text
            bold = _flag(run, "bold")
            if text.strip() and (bold or _emphasised(run, names)):
                mark = STRONG if bold else EM
                text = mark + text + mark
            parts.append(text)
    joined = "".join(parts)
    return joined.replace(STRONG * 2, "").replace(EM * 2, "")


def _emphasised(run, names: dict[str, str]) -> bool:
    """Italic, an emphasis mark (着重号), or a character style named for emphasis (Word's 'Emphasis', 强调)."""
    from docx.oxml.ns import qn

    if _flag(run, "italic"):
        return True
    rpr = run._r.rPr
    if rpr is not None and rpr.find(qn("w:em")) is not None:
        return True
    name = _style_of(run._r, "w:rPr", "w:rStyle", names)
    return "emphasis" in name.lower() or "强调" in name


def _flag(run, name: str) -> bool:
    """run.bold / run.italic; False when the value is not one Word defines (w:val="x" in a damaged file)."""
    try:
        return bool(getattr(run, name))
    except (InvalidValueError, InvalidXmlError, ValueError):
        return False


def _cell_text(tc) -> str:
    from docx.oxml.ns import qn

    parts = []
    for p in tc.findall(qn("w:p")):
        parts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return " ".join(parts)


def _table(tbl) -> Table:
    from docx.oxml.ns import qn

    table = Table()
    for tr in tbl.findall(qn("w:tr")):
        row = []
        for tc in tr.findall(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            vmerge = props.find(qn("w:vMerge")) if props is not None else None
            if vmerge is not None and vmerge.get(qn("w:val"), "continue") != "restart":
                continue  # continuation of a vertically merged cell: its origin is in an earlier row
            row.append(_cell_text(tc))
        table.rows.append(row)
    return table
