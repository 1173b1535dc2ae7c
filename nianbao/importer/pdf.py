"""PDF input (text layer only): words with their positions; tables rebuilt from ruling lines.

A PDF exported from Word/WPS/LibreOffice draws each table with ruling lines and places every word
at a position; the tables are rebuilt from those lines (pdfplumber's table finder), never from the
plain reading order, and the text outside them becomes one paragraph per printed line. A table that
continues on the next page is simply more rows. A PDF without a text layer (a scan) is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from nianbao.errors import Unreadable
from nianbao.importer.model import Block, Para, Table

MAX_PAGES = 200  # an annual report is a few pages; far more is not one
# a page number printed in the margin (GB/T 9704 "— 2 —", "- 2 -", "第 2 页", "2/5"): not part of the text
_FOLIO = re.compile(r"^(?:[—–\-－]\s*\d{1,3}\s*[—–\-－]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
                    r"|\d{1,3}\s*/\s*\d{1,3})$")
MARGIN = 0.12  # top and bottom share of the page where a page number stands


def read_pdf(path: Path) -> list[Block]:
    """Paragraphs (one per printed line) and tables, page by page in reading order."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(str(path))
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unreadable(f"PDF 文件已损坏或不是 PDF：{exc or type(exc).__name__}") from None
    except Exception as exc:  # pdfminer raises its own classes for encrypted or broken files
        raise Unreadable(f"PDF 文件无法打开（已加密或已损坏）：{type(exc).__name__}") from None
    pages = []
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise Unreadable(f"PDF 有 {len(pdf.pages)} 页，超过年度报告的上限 {MAX_PAGES} 页")
        chars = 0
        for page in pdf.pages:
            chars += sum(1 for c in page.chars if c.get("text", "").strip())
            pages.append(_page(page))
    if chars == 0:
        raise Unreadable("PDF 没有文字层（可能是扫描件或图片），无法导入；本工具不做文字识别，"
                         "请导入原始的 Word/WPS 文件或网页")
    return _blocks(pages)


def _cell(text: str | None) -> str:
    """A cell's printed lines joined: a Chinese label wrapped inside its cell is one label."""
    return "".join((text or "").split("\n")).strip()


def _continues(prev: list[str | None], first: list[str | None]) -> bool:
    """The first row on a page is the rest of the row the last page ended in (Word lets a row break).

    Its text stands only under the previous row's text cells, and the previous row's numbers have
    nothing under them; a repeated header row or a new row of numbers does not qualify.
    """
    from nianbao.importer.normalize import TEXT, read_number

    if len(prev) != len(first) or not any(_cell(c) for c in first):
        return False
    numbers = [bool(_cell(c)) and read_number(_cell(c)) != TEXT for c in prev]
    if not any(numbers):
        return False
    for p, f, number in zip(prev, first, numbers, strict=True):
        if _cell(f) and (number or not _cell(p) or read_number(_cell(f)) != TEXT):
            return False
    return True


def _page(page) -> list[tuple[float, str, object]]:
    """One page's lines and tables (raw rows, None for a merged cell's continuation), top to bottom."""
    tables = page.find_tables()
    placed: list[tuple[float, str, object]] = [(t.bbox[1], "table", t.extract()) for t in tables]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    for text_line in rest.extract_text_lines(layout=False, strip=True, return_chars=False):
        edge = text_line["top"] < page.height * MARGIN or text_line["bottom"] > page.height * (1 - MARGIN)
        if edge and _FOLIO.match(text_line["text"].strip()):
            continue
        placed.append((text_line["top"], "line", text_line["text"]))
    placed.sort(key=lambda p: p[0])
    return placed


def _blocks(pages: list[list[tuple[float, str, object]]]) -> list[Block]:
    """Join a row broken over a page break, then reduce to the shared block model."""
    for before, after in zip(pages, pages[1:], strict=False):
        if before and after and before[-1][1] == "table" and after[0][1] == "table" and before[-1][2] \
                and after[0][2] and _continues(before[-1][2][-1], after[0][2][0]):  # type: ignore[index]
            prev, first = before[-1][2][-1], after[0][2].pop(0)  # type: ignore[attr-defined,index]
            for k, text in enumerate(first):
                if _cell(text):
                    prev[k] = (prev[k] or "") + text
    blocks: list[Block] = []
    line = 0
    for placed in pages:
        for _, kind, data in placed:
            if kind == "line":
                line += 1
                blocks.append(Para(data, line))  # type: ignore[arg-type]
            else:
                # None is the continuation of a merged cell: its text is in the origin cell already
                rows = [[_cell(c) for c in row if c is not None] for row in data]  # type: ignore[attr-defined]
                blocks.append(Table([r for r in rows if r]))
    return blocks
