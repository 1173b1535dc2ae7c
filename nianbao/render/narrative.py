"""Narrative Markdown → tokens numbered the official way, then HTML or plain text.

One parser for every output: the DOCX converter walks the same token stream (`parse`), so
sub-headings get the same 一、/（一）/1./（1） markers everywhere. Raw HTML is never markup.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from wcwidth import wcwidth

# commonmark with raw HTML off: <script> in a narrative stays text. Images are off too, so the
# published page stays self-contained (no remote resources).
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# A heading that already starts with a marker of any level keeps the author's own numbering.
_HAS_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十百零]+[、.．]|[（(][一二三四五六七八九十百零]+[）)]"
    r"|\d+[.．、]|[（(]\d+[）)]|[①-⑳]|[一二三四五六七八九十]+是)"
)
INDENT = "\u3000\u3000"  # two 字: the first-line indent of GB/T 9704 body text
MAX_LEVEL = 5


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五, 1010 → 一千零一十; from 10000 on Arabic digits (5000 headings crashed)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n >= 10000:
        return str(n)
    size, unit = (1000, "千") if n >= 1000 else (100, "百")
    rest = n % size
    inner = ("一" if 10 <= rest < 20 else "") + chinese_numeral(rest) if rest else ""
    return _CN_DIGITS[n // size] + unit + ("零" if 0 < rest < size // 10 else "") + inner


def marker(level: int, n: int) -> str:
    """The official marker of item n at a level: 1 一、 · 2 （一） · 3 1. · 4 （1） · 5 ①."""
    if level <= 1:
        return chinese_numeral(n) + "、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    return _CIRCLED[n - 1] if n <= len(_CIRCLED) else f"{n})"


def _wide(ch: str) -> bool:
    return wcwidth(ch) == 2


def _join_cjk_breaks(children: list[Token]) -> None:
    """A line break between two CJK characters is not a space in Chinese; drop it."""
    for i, tok in enumerate(children):
        if tok.type != "softbreak" or i == 0 or i + 1 >= len(children):
            continue
        before, after = children[i - 1].content, children[i + 1].content
        if before and after and _wide(before[-1]) and _wide(after[0]):
            tok.type, tok.tag, tok.content = "text", "", ""


def parse(text: str, level: int = 2) -> list[Token]:
    """Tokens of a narrative; `###` headings become level `level` (2 = （一）), `####` the next, …

    Each heading_open token gets meta["level"] (1–5) and meta["marker"] (the marker added, or ""
    when the author numbered the heading already), and the HTML tag h{level+1}, since the report
    title is h1 and the 一、 sections are h2.
    """
    tokens = _MD.parse(text or "")
    counters = [0] * (MAX_LEVEL + 2)
    for i, tok in enumerate(tokens):
        if tok.type == "inline" and tok.children:
            _join_cjk_breaks(tok.children)
        if tok.type != "heading_open":
            continue
        depth = max(int(tok.tag[1]), 3) - 3
        lvl = min(level + depth, MAX_LEVEL)
        counters[lvl] += 1
        for deeper in range(lvl + 1, len(counters)):
            counters[deeper] = 0
        inline, close = tokens[i + 1], tokens[i + 2]
        tag = f"h{min(lvl + 1, 6)}"
        tok.tag = close.tag = tag
        added = ""
        if not _HAS_MARKER.match(inline.content):
            added = marker(lvl, counters[lvl])
            inline.content = added + inline.content
            prefix = Token("text", "", 0, content=added)
            inline.children = [prefix] + list(inline.children or [])
        tok.meta = {**(tok.meta or {}), "level": lvl, "marker": added}
    return tokens


def to_html(text: str, level: int = 2) -> str:
    """Narrative → HTML fragment (escaped text, paragraphs, lists, numbered headings)."""
    return _MD.renderer.render(parse(text, level), _MD.options, {})


def inline_text(tok: Token) -> str:
    """The plain text of an inline token: emphasis dropped, a link as 文字（地址）."""
    out: list[str] = []
    href = None
    start = 0
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "link_open":
            href, start = child.attrGet("href"), len(out)
        elif child.type == "link_close":
            label = "".join(out[start:])
            if href and href != label and href != "mailto:" + label:
                out.append(f"（{href}）")
            href = None
    return "".join(out)


BULLET = "·"


def list_marker(nesting: int, n: int, ordered: bool) -> str:
    """Items of an ordered list: 1. at the first nesting, （1） at the second, ① below; bullets: ·."""
    if not ordered:
        return BULLET
    if nesting <= 1:
        return f"{n}."
    if nesting == 2:
        return f"（{n}）"
    return _CIRCLED[n - 1] if n <= len(_CIRCLED) else f"{n})"


class ListNesting:
    """The lists open while walking tokens, so every renderer numbers items the same way."""

    def __init__(self) -> None:
        self.stack: list[list] = []  # [ordered, next number] per open list

    @property
    def depth(self) -> int:
        return len(self.stack)

    def feed(self, tok: Token) -> str | None:
        """Track list tokens; for an item's opening token return its marker (with a space after a bullet)."""
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            self.stack.append([tok.type == "ordered_list_open", int(tok.attrGet("start") or 1)])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            self.stack.pop()
        elif tok.type == "list_item_open":
            ordered, number = self.stack[-1]
            self.stack[-1][1] += 1
            marker = list_marker(self.depth, number, ordered)
            return marker + " " if marker == BULLET else marker
        return None


def to_text(text: str, level: int = 2, indent: str = INDENT) -> str:
    """Narrative → plain text: one line per paragraph indented two 字, headings with their markers."""
    lines: list[str] = []
    lists = ListNesting()
    quote = 0
    prefix = ""
    heading = False
    for tok in parse(text, level):
        kind = tok.type
        marker = lists.feed(tok)
        if marker is not None:
            prefix = marker
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline":
            lead = indent + "\u3000" * (max(lists.depth - 1, 0) + quote)
            lines.append(inline_text(tok) if heading else lead + prefix + inline_text(tok))
            prefix = ""
        elif kind in ("code_block", "fence"):
            lines.append(tok.content.rstrip("\n"))
    return "\n".join(lines)
