"""HTML input: block elements become paragraphs, data tables become rows of origin cells."""

from __future__ import annotations

import re
from pathlib import Path

from nianbao.errors import Unreadable
from nianbao.importer.model import Block, Para, Table
from nianbao.importer.normalize import EM, STRONG

_SKIP = {"script", "style", "noscript", "template", "iframe", "nav", "select", "button", "object", "embed",
         "svg", "canvas", "head", "title", "input", "textarea", "map", "audio", "video", "option"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "address",
          "center", "form", "figure", "figcaption", "ul", "ol", "dl", "dt", "dd", "li", "hr", "body", "html",
          "h1", "h2", "h3", "h4", "h5", "h6", "caption", "details", "summary", "fieldset", "legend"}
_WS = re.compile(r"[ \t\r\n\f]+")  # HTML whitespace; NBSP is content and stays
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
MAX_HTML_BYTES = 16 * 1024 * 1024  # a published report page is well under 2 MB
MAX_HTML_TAGS = 100_000  # parse time and memory grow with the number of nodes
LAYOUT_CELL_CHARS = 200  # a "cell" longer than this holds page content: the table is for layout
# Parts of a page: a line inside one never runs on into a line outside it (the site's name above the title)
_PARTS = {"header", "footer", "aside", "ul", "ol", "menu", "form"}
# Classes and ids that only site navigation uses (whole words: "nav", not "canvas")
_NAV_NAMES = {"nav", "navbar", "navigation", "menu", "topnav", "mainnav", "breadcrumb", "breadcrumbs", "crumb", "crumbs"}


_REPORT_WORDS = ("信息公开", "信息公開", "資訊公開", "年度报告", "年度報告")


def decode_html(raw: bytes, notes: list[str] | None = None) -> str:
    """UTF-8 when it decodes; else the declared charset or the detected one, whichever reads as a report.

    A page whose <meta> is missing, wrong or lies (GBK/Big5 declared as something else) is decoded with
    the encoding under which the report's own words appear, and `notes` says which encoding was used.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(raw[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    tried: dict[str, str] = {}
    for enc in _candidates(raw, declared):
        text = _try_decode(raw, enc)
        if text is None:
            continue
        tried.setdefault(enc, text)
        if any(w in text for w in _REPORT_WORDS):
            _note(notes, declared, enc)
            return text
    if tried:
        enc, text = next(iter(tried.items()))
        _note(notes, declared, enc)
        return text
    raise Unreadable("网页编码无法识别：既不是 UTF-8，也不是声明的编码，也无法检测出（已试 "
                     f"{'、'.join(_candidates(raw, declared))}）")


def _candidates(raw: bytes, declared: str | None) -> list[str]:
    """The declared charset, GB18030, Big5, then charset-normalizer's best guess; each once."""
    out = []
    if declared:
        out.append("gb18030" if declared in ("gb2312", "gbk") else declared)
    out += ["gb18030", "big5"]
    from charset_normalizer import from_bytes

    best = from_bytes(raw[: 256 * 1024]).best()
    if best is not None:
        out.append(best.encoding)
    return list(dict.fromkeys(out))


def _try_decode(raw: bytes, enc: str) -> str | None:
    try:
        return raw.decode(enc)
    except (LookupError, UnicodeError):  # also charset="undefined": Python's codec that refuses everything
        return None


def _note(notes: list[str] | None, declared: str | None, used: str) -> None:
    if notes is None:
        return
    if declared is None:
        notes.append(f"网页不是 UTF-8 编码，也没有声明编码；已检测并按 {used} 读取，请核对导入的文字")
    elif used != ("gb18030" if declared in ("gb2312", "gbk") else declared):
        notes.append(f"网页声明的编码 {declared} 与内容不符；已按检测到的 {used} 读取，请核对导入的文字")


def read_html(path: Path, notes: list[str] | None = None) -> list[Block]:
    """Parse an HTML page into paragraphs and tables, in document order."""
    from bs4 import BeautifulSoup

    raw = path.read_bytes()
    if len(raw) > MAX_HTML_BYTES:
        raise Unreadable(f"网页过大（{len(raw) // 1024 // 1024} MB，上限 {MAX_HTML_BYTES // 1024 // 1024} MB），"
                         "不像一份年度报告的网页")
    tags = raw.count(b"<")
    if tags > MAX_HTML_TAGS:
        raise Unreadable(f"网页有约 {tags} 个标签（上限 {MAX_HTML_TAGS}），不像一份年度报告的网页，拒绝读取")
    text = decode_html(raw, notes)
    if "<" not in text:
        raise Unreadable("文件内容不是 HTML")
    soup = BeautifulSoup(text, "lxml")
    walker = _Walker()
    try:
        walker.walk(soup.body or soup)
    except RecursionError:  # thousands of nested tags: no real page, but it must not crash the import
        raise Unreadable("网页的标签嵌套过深（数百层以上），不像正常的网页，无法读取") from None
    walker.flush()
    return walker.blocks


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.parts: list[int] = [0]  # the page parts (_PARTS) the walk is inside, innermost last
        self.opened = 0
        self.last_part = 0  # the part of the last paragraph

    def flush(self, heading: int | None = None, item: str | None = None) -> None:
        text = "".join(self.buf)
        self.buf = []
        for line in text.split("\n"):
            line = _WS.sub(" ", line).strip(" ")
            if line:
                gap = bool(self.blocks) and self.parts[-1] != self.last_part
                self.blocks.append(Para(line, heading=heading, item=item, gap=gap))
                self.last_part, item = self.parts[-1], None

    def walk(self, node) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.buf.append(_WS.sub(" ", str(child)))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP or _is_nav(child):
                continue
            name = child.name
            if name == "br":
                self.buf.append("\n")
            elif name in ("strong", "b", "em", "i"):
                mark = STRONG if name in ("strong", "b") else EM
                self.buf.append(mark)
                self.walk(child)
                self.buf.append(mark)
            elif name == "table" and not _is_layout(child):
                self.flush()
                self.blocks.append(_table(child))
            elif name == "pre":
                self.flush()
                self.buf.append(child.get_text())
                self.flush()
            elif name in _BLOCK or name == "table" or name in ("tr", "td", "th", "tbody", "thead", "tfoot"):
                self.flush()
                if name in _PARTS:
                    self.opened += 1
                    self.parts.append(self.opened)
                self.walk(child)
                heading = int(name[1]) if re.fullmatch(r"h[1-6]", name) else None
                self.flush(heading, _item(child) if name == "li" else None)
                if name in _PARTS:
                    self.parts.pop()
            else:
                self.walk(child)


def _is_nav(tag) -> bool:
    """Site navigation marked as such (role, class or id): menus and breadcrumbs, never the report."""
    if (tag.get("role") or "").lower() == "navigation":
        return True
    names = tag.get("class") or []
    names = names.split() if isinstance(names, str) else list(names)
    return any(n.lower() in _NAV_NAMES for n in [*names, *(tag.get("id") or "").split()])


def _item(li) -> str:
    parent = li.find_parent(["ol", "ul"])
    if parent is not None and parent.name == "ol":
        return f"{len(li.find_previous_siblings('li')) + 1}."
    return "-"


def _rows(table) -> list:
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _is_layout(table) -> bool:
    if table.find("table") is not None:
        return True
    return any(len(cell.get_text()) > LAYOUT_CELL_CHARS for cell in table.find_all(["td", "th"]))


def _cell_text(cell) -> str:
    for br in cell.find_all("br"):
        br.replace_with(" ")
    return _WS.sub(" ", cell.get_text()).strip(" ")


def _table(table) -> Table:
    caption = table.find("caption")
    out = Table(caption=_cell_text(caption) if caption is not None else "")
    for tr in _rows(table):
        out.rows.append([_cell_text(c) for c in tr.find_all(["td", "th"], recursive=False)])
    return out
