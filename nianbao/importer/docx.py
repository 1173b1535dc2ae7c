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

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*([1-6])$", re.I)


def read_docx(path: Path) -> list[Block]:
    """Read a Word 2007+ file; the old binary .doc and damaged files are refused with a reason."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(path):
        raise Unreadable("不是有效的 DOCX 文件（旧版 .doc 请先在 Word/WPS 中另存为 .docx）")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError, zlib.error, EOFError,
            NotImplementedError, RuntimeError) as exc:  # damaged XML, deflate data, compression method, encryption
        raise Unreadable(f"DOCX 文件已损坏或不是 Word 文档：{exc}") from None
    body = getattr(document.element, "body", None)  # a root other than w:document has none
    if body is None:
        raise Unreadable("DOCX 文件已损坏或不是 Word 文档：word/document.xml 中没有正文")
    blocks: list[Block] = []
    try:
        _walk(body, document, blocks)
    except (InvalidXmlError, InvalidValueError, ValueError, KeyError) as exc:  # XML that breaks the Word schema
        raise Unreadable(f"DOCX 文件已损坏：正文的 XML 不符合 Word 格式（{exc}）") from None
    return blocks


def _walk(element, document, blocks: list[Block]) -> None:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            para = Paragraph(child, document)
            heading = None
            try:
                m = _HEADING_STYLE.search(para.style.name or "") if para.style is not None else None
                heading = int(m.group(1)) if m else None
            except (KeyError, ValueError, AttributeError, InvalidXmlError, InvalidValueError):
                heading = None
            for line in _runs_text(para).split("\n"):
                blocks.append(Para(line, heading=heading))
        elif child.tag == qn("w:tbl"):
            blocks.append(_table(child))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _walk(content, document, blocks)


def _runs_text(para) -> str:
    """The paragraph's text, bold and italic runs wrapped in emphasis marks."""
    parts = []
    for item in para.iter_inner_content() if hasattr(para, "iter_inner_content") else para.runs:
        runs = item.runs if hasattr(item, "runs") else [item]
        for run in runs:
            text = run.text
            bold = _flag(run, "bold")
            if text.strip() and (bold or _emphasised(run)):
                mark = STRONG if bold else EM
                text = mark + text + mark
            parts.append(text)
    joined = "".join(parts)
    return joined.replace(STRONG * 2, "").replace(EM * 2, "")


def _emphasised(run) -> bool:
    """Italic, an emphasis mark (着重号), or a character style named for emphasis (Word's 'Emphasis', 强调)."""
    from docx.oxml.ns import qn

    if _flag(run, "italic"):
        return True
    rpr = run._r.rPr
    if rpr is not None and rpr.find(qn("w:em")) is not None:
        return True
    try:
        name = (run.style.name or "") if run.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return False
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
