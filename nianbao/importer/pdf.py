"""PDF input (text layer only): words with their positions; tables rebuilt from ruling lines.

A PDF exported from Word/WPS/LibreOffice draws each table with ruling lines and places every word
at a position; the tables are rebuilt from those lines (pdfplumber's table finder), never from the
plain reading order. The text outside them is rebuilt from the page's own coordinates: a line's
words are joined by the PDF's real spaces (space glyphs, or a gap wider than the spacing a
typesetter adds between Chinese and digits), and printed lines are joined into paragraphs by layout
(a paragraph starts with a first-line indent or after a short line; a line that reaches the right
edge of the type area runs on, also over a page break); a centred title set over several lines is
one title. A table that continues on the next page is simply more rows. A PDF without a text layer
(a scan) is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from nianbao.errors import Unreadable
from nianbao.importer.model import Block, Para, Table

MAX_PAGES = 200  # an annual report is a few pages; far more is not one
# a page number printed in the margin (GB/T 9704 "— 2 —", "- 2 -", "第 2 页", "2/5"): not part of the text
_FOLIO = re.compile(r"^(?:[—–\-－]\s*\d{1,3}\s*[—–\-－]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
                    r"|\d{1,3}\s*/\s*\d{1,3})$")
MARGIN = 0.12  # top and bottom share of the page where a page number stands
X_TOLERANCE = 3  # pt: a wider gap between Latin letters or digits is a space (pdfplumber's default)
RAGGED = 4  # em: how far short of the right edge a left-aligned line that stops mid-sentence may end
_CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’]")
_CLOSING = "。！？；：…”’」』）)!?;:"  # a line ending in one of these may well end its paragraph


def read_pdf(path: Path) -> list[Block]:
    """Paragraphs (printed lines joined by layout) and tables, page by page in reading order."""
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


@dataclass
class _Line:
    """One printed line outside the tables, with where it stands on its page."""

    text: str
    x0: float
    x1: float
    top: float
    size: float  # the font size of most of its characters


def _is_cjk(ch: str) -> bool:
    """A Chinese character or full-width punctuation (typesetters add their own spacing next to digits)."""
    return bool(_CJK.match(ch))


def _line_text(chars: list[dict], spaces: list[dict]) -> str:
    """A line's characters, with a space only where the PDF has one.

    A space glyph is a space. Without one, a gap is a space only when it is wider than what a
    typesetter adds by itself: justification stretches every gap of a line alike (its median gap
    between Chinese characters, taken off first), and LibreOffice and Word set about a quarter em
    between a Chinese character and a digit or Latin letter — measured 0.22 em on our PDFs against
    0.32 em and more for a real space — so between those a gap counts from half an em (a column gap),
    between two Chinese characters from an em, and between Latin letters and digits from 3 pt
    (pdfplumber's own tolerance).
    """
    gaps = sorted(b["x0"] - a["x1"] for a, b in zip(chars, chars[1:], strict=False)
                  if _is_cjk(a["text"]) and _is_cjk(b["text"]))
    base = max(0.0, gaps[len(gaps) // 2]) if gaps else 0.0
    out = [chars[0]["text"]] if chars else []
    for a, b in zip(chars, chars[1:], strict=False):
        mid_a, mid_b = (a["x0"] + a["x1"]) / 2, (b["x0"] + b["x1"]) / 2
        real = any(mid_a < (s["x0"] + s["x1"]) / 2 < mid_b for s in spaces)
        gap, em = b["x0"] - a["x1"], max(a["size"], b["size"])
        cjk = _is_cjk(a["text"]) + _is_cjk(b["text"])
        if real or (cjk == 2 and gap - base >= em) or (cjk == 1 and gap - base >= em / 2) \
                or (cjk == 0 and gap > X_TOLERANCE):
            out.append(" ")
        out.append(b["text"])
    return "".join(out).strip()


_Rows = list[list[str | None]]  # a table as pdfplumber extracts it: None for a merged cell's continuation
_Placed = tuple[float, str, "_Line | _Rows"]  # (top, "line" or "table", the line or the table's rows)


def _page(page) -> list[_Placed]:
    """One page's lines and tables (raw rows, None for a merged cell's continuation), top to bottom."""
    tables = page.find_tables()
    placed: list[_Placed] = [(t.bbox[1], "table", t.extract()) for t in tables]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    spaces = [c for c in rest.chars if not c.get("text", "").strip()]
    for text_line in rest.extract_text_lines(layout=False, strip=True, return_chars=True):
        chars = [c for c in text_line["chars"] if c.get("text", "").strip()]
        if not chars:
            continue
        mid = (text_line["top"] + text_line["bottom"]) / 2
        own = [s for s in spaces if s["top"] <= mid <= s["bottom"]]
        text = _line_text(chars, own)
        edge = text_line["top"] < page.height * MARGIN or text_line["bottom"] > page.height * (1 - MARGIN)
        if not text or (edge and _FOLIO.match(text)):
            continue
        sizes = sorted(c["size"] for c in chars)
        placed.append((text_line["top"], "line",
                       _Line(text, text_line["x0"], text_line["x1"], text_line["top"], sizes[len(sizes) // 2])))
    placed.sort(key=lambda p: p[0])
    return placed


@dataclass
class _Measure:
    """The type area of the body text, measured from the document's own lines."""

    size: float  # the body text's font size (the size most characters are set in)
    left: float  # where a paragraph's continuation lines start
    right: float  # where a full line ends
    pitch: float  # from one body line to the next within a paragraph

    @classmethod
    def of(cls, lines: list[_Line]) -> _Measure | None:
        weight: Counter[float] = Counter()
        for line in lines:
            weight[round(line.size * 2) / 2] += len(line.text)
        if not weight:
            return None
        size = weight.most_common(1)[0][0]
        body = [ln for ln in lines if abs(ln.size - size) < 0.5]

        ends = [ln.x1 for ln in body]  # the right edge is one that at least two lines reach: a single line
        shared = [v for v in ends if sum(abs(v - w) <= size * 0.15 for w in ends) >= 2]  # may stick out
        left, right = min(ln.x0 for ln in body), max(shared or ends)
        steps: Counter[float] = Counter(round(b.top - a.top) for a, b in zip(body, body[1:], strict=False)
                                        if 0 < b.top - a.top < size * 3)
        pitch = float(steps.most_common(1)[0][0]) if steps else size * 1.5
        return cls(size, left, right, pitch)

    def body(self, line: _Line) -> bool:
        return abs(line.size - self.size) < 0.5

    def flush_left(self, line: _Line) -> bool:
        return line.x0 <= self.left + self.size / 2

    def runs_on(self, line: _Line) -> bool:
        """The line does not end its paragraph: it reaches the right edge of the type area.

        A line a few characters short still runs on when it stops mid-sentence (a left-aligned text
        breaks before a number or word that does not fit).
        """
        short = self.right - line.x1
        return short <= self.size or (short <= self.size * RAGGED and line.text[-1] not in _CLOSING)

    def centred(self, line: _Line) -> bool:
        return abs((line.x0 + line.x1) / 2 - (self.left + self.right) / 2) <= self.size \
            and not self.flush_left(line)


def _join(a: str, b: str) -> str:
    """Two printed lines of one paragraph: a space between them only where both sides are Latin words."""
    space = a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalpha()
    return a + (" " if space else "") + b


def _runs_into(prev: _Line, line: _Line, measure: _Measure, same_page: bool) -> bool:
    """`line` continues the paragraph `prev` ended (nothing stands between them but maybe a page break).

    A body line runs on into the next flush-left body line when it reaches the right edge; a new
    paragraph begins with a first-line indent, after a short line (a heading such as 一、… or （一）…
    ends short) or after a wider gap. A line that starts with （一） or 1. and fills the line is the
    first line of a paragraph, not a heading: it runs on.
    Lines of a larger, centred title run into each other whatever their length.
    """
    if same_page and not 0 < line.top - prev.top <= max(measure.pitch, prev.size) * 1.3:
        return False
    if measure.body(prev) and measure.body(line):
        return measure.runs_on(prev) and measure.flush_left(line)
    return same_page and abs(prev.size - line.size) < 0.5 and prev.size > measure.size * 1.15 \
        and measure.centred(prev) and measure.centred(line) and line.top - prev.top <= prev.size * 1.8


def _blocks(pages: list[list[_Placed]]) -> list[Block]:
    """Join a row broken over a page break, join printed lines into paragraphs, reduce to blocks."""
    for before, after in zip(pages, pages[1:], strict=False):
        end, start = (before[-1][2] if before else None), (after[0][2] if after else None)
        if isinstance(end, list) and isinstance(start, list) and end and start and _continues(end[-1], start[0]):
            prev, first = end[-1], start.pop(0)
            for k, text in enumerate(first):
                if text and _cell(text):
                    prev[k] = (prev[k] or "") + text
    items = [(n, data) for n, placed in enumerate(pages) for _, _, data in placed]
    measure = _Measure.of([d for _, d in items if isinstance(d, _Line)])
    blocks: list[Block] = []
    line = 0
    last: tuple[int, _Line] | None = None  # the page and last printed line of the paragraph being built
    for n, data in items:
        if not isinstance(data, _Line):
            # None is the continuation of a merged cell: its text is in the origin cell already
            rows = [[_cell(c) for c in row if c is not None] for row in data]
            blocks.append(Table([r for r in rows if r]))
            last = None
            continue
        line += 1
        para = blocks[-1] if blocks else None
        if last is not None and measure is not None and isinstance(para, Para) \
                and (last[0] == n or last[0] == n - 1) and _runs_into(last[1], data, measure, last[0] == n):
            para.text = _join(para.text, data.text)
        else:
            blocks.append(Para(data.text, line))
        last = (n, data)
    return blocks
