"""Narrative Markdown → tokens numbered the official way, then HTML or plain text.

One parser for every output: the DOCX converter walks the same token stream (`parse`), so
sub-headings get the same 一、/（一）/1./（1） markers everywhere. Raw HTML is never markup: the parser
finds it so that its tags can be removed (and warned about), never rendered or printed as literal tags.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from types import MethodType

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import emphasis
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token
from wcwidth import wcwidth

from nianbao.render.grid import Cell, Grid
from nianbao.render.text_table import text_table

# commonmark with raw HTML recognised, so that its tags can be taken out (_drop_raw_html) and said at their
# line (the narrative-html lint): pasted <p>, <br>, <span style=…> never print as literal tags, and no
# renderer ever emits them (the html_* render rules below write nothing). Images are parsed so they can
# be dropped (the published page stays self-contained) and reported by the narrative-image lint.
# GFM tables are on: a clerk's 工作任务/完成情况 table becomes a real table in every output.
# Strikethrough is parsed only so that ~~ never prints: the words are kept as plain text (narrative-markdown).
_MD = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(["table", "strikethrough"])
# The text left inside an HTML block, once its tags are gone, is read as Markdown without HTML.
_MD_NO_HTML = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])


def _cjk(ch: str) -> bool:
    """A wide character (汉字 or full-width punctuation such as 。，“）): a letter for emphasis flanking."""
    return unicodedata.east_asian_width(ch) in "WFA"  # A: “”‘’…— as set in Chinese text


def _scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """CommonMark's delimiter scan, except that CJK punctuation next to `*` counts as a letter.

    `**一是加强领导。**正文继续。` is the usual run-in heading; CommonMark refuses to close the bold
    after 。 because it is punctuation followed by a letter. Chinese has no spaces to flank with.
    """
    pos, marker = start, state.src[start]
    last = state.src[start - 1] if start > 0 else " "
    while pos < state.posMax and state.src[pos] == marker:
        pos += 1
    nxt = state.src[pos] if pos < state.posMax else " "
    last_punct = not _cjk(last) and (isMdAsciiPunct(ord(last)) or isPunctChar(last))
    next_punct = not _cjk(nxt) and (isMdAsciiPunct(ord(nxt)) or isPunctChar(nxt))
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    split = can_split_word or _cjk(last) or _cjk(nxt)
    can_open = left and (split or not right or last_punct)
    can_close = right and (split or not left or next_punct)
    return Scanned(can_open, can_close, pos - start)


def _cjk_emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis rule with the CJK-friendly delimiter scan."""
    # markdown-it has no hook for the delimiter scan: this state's method is replaced
    state.scanDelims = MethodType(_scan_delims, state)  # type: ignore[method-assign]
    return emphasis.tokenize(state, silent)


for _parser in (_MD, _MD_NO_HTML):
    _parser.inline.ruler.at("emphasis", _cjk_emphasis)
for _kind in ("html_block", "html_inline"):
    _MD.add_render_rule(_kind, lambda *_: "")
_MD.add_render_rule("table_open", lambda *_: '<div class="table-wrap"><table class="narrative">\n')
_MD.add_render_rule("table_close", lambda *_: "</table></div>\n")


def collect_table(tokens: list[Token], start: int) -> tuple[Grid, int]:
    """The GFM table opening at tokens[start] as a grid (header row, body rows); and the index after it."""
    head: list[list[Cell]] = []
    body: list[list[Cell]] = []
    row: list[Cell] = []
    i = start
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_close":
            (head if in_head else body).append(row)
            row = []
        elif tok.type == "inline":
            row.append(Cell(inline_text(tok), header=in_head, scope="col" if in_head else None))
        i += 1
    columns = max((len(r) for r in head + body), default=1)
    for r in head + body:  # GFM pads short rows; keep the grid rectangular
        r.extend(Cell("", header=any(r is h for h in head)) for _ in range(columns - len(r)))
    return Grid("narrative", "", columns, head, body), i + 1

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


def _drop_images(tokens: list[Token]) -> list[Token]:
    """Images never reach an output; a paragraph that held only an image disappears."""
    for tok in tokens:
        if tok.type == "inline" and tok.children and any(c.type == "image" for c in tok.children):
            tok.children = [c for c in tok.children if c.type != "image"]
    return tokens


def images(text: str) -> list[int]:
    """0-based line numbers of the images in a narrative (dropped from every output)."""
    lines = []
    for tok in _drop_raw_html(_MD.parse(text or "")):  # an image inside an HTML block is one too
        if tok.type == "inline" and tok.map:
            line = tok.map[0]
            for child in tok.children or []:
                if child.type == "softbreak":
                    line += 1
                elif child.type == "image":
                    lines.append(line)
    return lines


_RAW_HTML_DROPPED = re.compile(  # elements whose content is never text, and comments
    r"<(script|style)\b[^>]*>[\s\S]*?(?:</\1\s*>|$)|<!--[\s\S]*?(?:-->|$)", re.IGNORECASE)
# Anything that still looks like a tag after this many passes (<<<<b>b>b>b>) is left as text: bounded
# time on hostile input, and the renderers escape it.
STRIP_PASSES = 4
_ANY_HTML = re.compile(f"{_RAW_HTML_DROPPED.pattern}|{HTML_TAG_RE.pattern}", re.IGNORECASE)
# Tags that end a line in a browser: in pasted HTML they stand for the line breaks a clerk typed.
_LINE_ENDING_TAG = re.compile(r"<br\s*/?>|</(?:p|div|li|tr|h[1-6])\s*>", re.IGNORECASE)


def strip_html(source: str) -> str:
    """Text with its raw HTML removed: tags, script/style content and comments; <br> and </p> become line breaks."""
    def blank(m: re.Match) -> str:
        return "\n" * (m.group(0).count("\n") + bool(_LINE_ENDING_TAG.fullmatch(m.group(0))))

    for _ in range(STRIP_PASSES):  # removing a tag may join two halves into a new one: <<b>b>
        stripped = HTML_TAG_RE.sub(blank, _RAW_HTML_DROPPED.sub(blank, source))
        if stripped == source:
            break
        source = stripped
    return source


def _inline_without_html(tok: Token) -> None:
    """Drop the html_inline children of an inline token (a <br> becomes a line break), and the text inside
    <script>/<style>; tags that the removal joins from the text around them go too."""
    kept: list[Token] = []
    hidden = 0
    for child in tok.children or []:
        if child.type == "html_inline":
            tag = re.match(r"<(/?)(script|style)\b", child.content, re.IGNORECASE)
            if tag:
                hidden = max(hidden + (-1 if tag.group(1) else 1), 0)
            elif not hidden and _LINE_ENDING_TAG.fullmatch(child.content):
                kept.append(Token("softbreak", "br", 0, level=child.level))
            continue
        if not hidden or child.type in ("softbreak", "hardbreak"):
            kept.append(child)
    merged: list[Token] = []
    for child in kept:  # the parser splits text at "<": join it again so that <<b>b> is seen whole
        if child.type == "text" and merged and merged[-1].type == "text":
            merged[-1].content += child.content
        else:
            merged.append(child)
    for child in merged:
        if child.type == "text" and "<" in child.content:
            child.content = strip_html(child.content).replace("\n", "")
    texts = [c for c in merged if c.type == "text"]
    if texts:  # the blanks a removed tag leaves at either end, as Markdown trims a line
        texts[0].content = texts[0].content.lstrip(" \t")
        texts[-1].content = texts[-1].content.rstrip(" \t")
    tok.children = kept = merged
    tok.content = "".join(c.content if c.type != "softbreak" else "\n" for c in kept)


def _plain_markdown(tokens: list[Token]) -> list[Token]:
    """What a report cannot show, made plain alike in every output (narrative-markdown warns): a rule
    (---) is dropped, a code block becomes one body paragraph per line, struck-through words plain text."""
    out: list[Token] = []
    for tok in tokens:
        if tok.type == "hr":
            continue
        if tok.type in ("code_block", "fence"):
            for n, line in enumerate(tok.content.split("\n")):
                if not line.strip():
                    continue
                at = [tok.map[0] + n, tok.map[0] + n + 1] if tok.map else None
                out.append(Token("paragraph_open", "p", 1, block=True, level=tok.level, map=at))
                out.append(Token("inline", "", 0, block=True, level=tok.level + 1, map=at, content=line.strip(),
                                 children=[Token("text", "", 0, content=line.strip())]))
                out.append(Token("paragraph_close", "p", -1, block=True, level=tok.level))
            continue
        if tok.type == "inline" and tok.children and any(c.type in ("s_open", "s_close") for c in tok.children):
            tok.children = [c for c in tok.children if c.type not in ("s_open", "s_close")]
        out.append(tok)
    return out


def unsupported(text: str) -> list[tuple[int, str]]:
    """(0-based line, kind) of the Markdown a report cannot show: "rule" (---), "fence" (```), "strike" (~~)."""
    found: list[tuple[int, str]] = []
    for tok in _MD.parse(text or ""):
        if tok.type == "hr" and tok.map:
            found.append((tok.map[0], "rule"))
        elif tok.type == "fence" and tok.map:
            found.append((tok.map[0], "fence"))
        elif tok.type == "inline" and tok.map:
            found += [(line, "strike") for line, child in _by_line(tok.children, tok.map[0]) if child.type == "s_open"]
    return sorted(set(found))


def _by_line(children: list[Token] | None, first: int) -> Iterator[tuple[int, Token]]:
    """(0-based line, token) of an inline token's children that starts on line `first`, its line breaks counted."""
    line = first
    for child in children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        else:
            yield line, child


def _drop_empty_paragraphs(tokens: list[Token]) -> list[Token]:
    """A paragraph left with no text (it held only an image or HTML tags) disappears, not a blank line."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (tok.type == "paragraph_open" and i + 2 < len(tokens) and tokens[i + 1].type == "inline"
                and tokens[i + 2].type == "paragraph_close"
                and not "".join(c.content for c in tokens[i + 1].children or []).strip()
                and not any(c.type == "image" for c in tokens[i + 1].children or [])):
            i += 3
            continue
        out.append(tok)
        i += 1
    return out


def _drop_raw_html(tokens: list[Token]) -> list[Token]:
    """Raw HTML never reaches an output: tags go, their text stays (warned by the narrative-html lint)."""
    out: list[Token] = []
    for tok in tokens:
        if tok.type == "html_block":
            inner = _MD_NO_HTML.parse(strip_html(tok.content))
            for sub in _drop_raw_html(inner):
                sub.level += tok.level
                if sub.map and tok.map:
                    sub.map = [sub.map[0] + tok.map[0], sub.map[1] + tok.map[0]]
                out.append(sub)
            continue
        if tok.type == "inline" and tok.children and any(c.type == "html_inline" for c in tok.children):
            _inline_without_html(tok)
        out.append(tok)
    return out


def raw_html(text: str) -> list[tuple[int, list[str]]]:
    """(0-based line, the tags on it) for every line of a narrative that holds raw HTML."""
    found: dict[int, list[str]] = {}
    for tok in _MD.parse(text or ""):
        if tok.type == "html_block" and tok.map:
            for m in _ANY_HTML.finditer(tok.content):  # an unclosed <!-- is one comment, not one per <!--
                tag = m.group(0) if not m.group(1) else m.group(0)[:m.group(0).index(">") + 1]  # <script …>
                found.setdefault(tok.map[0] + tok.content.count("\n", 0, m.start()), []).append(tag)
        elif tok.type == "inline" and tok.map:
            for line, child in _by_line(tok.children, tok.map[0]):
                if child.type == "html_inline":
                    found.setdefault(line, []).append(child.content)
    return sorted(found.items())


def _one_paragraph_per_line(tokens: list[Token]) -> list[Token]:
    """A single line break starts a new paragraph, as in Word and as `import` writes them."""
    out: list[Token] = []
    for i, tok in enumerate(tokens):
        opener = tokens[i - 1] if i else None
        if (tok.type != "inline" or opener is None or opener.type != "paragraph_open" or opener.hidden
                or not any(c.type == "softbreak" for c in tok.children or [])):
            out.append(tok)
            continue
        lines: list[list[Token]] = [[]]
        for child in tok.children or []:
            if child.type == "softbreak":
                lines.append([])
            else:
                lines[-1].append(child)
        lines = [line for line in lines if line]
        for n, children in enumerate(lines):
            if n:
                out.append(Token("paragraph_close", "p", -1, block=True, level=opener.level))
                out.append(Token("paragraph_open", "p", 1, block=True, level=opener.level, map=opener.map))
            line_map = [tok.map[0] + n, tok.map[0] + n + 1] if tok.map else None
            piece = Token("inline", "", 0, level=tok.level, map=line_map, block=True,
                          content="".join(c.content for c in children), children=children)
            out.append(piece)
    return out


_TABLE_DELIMITER = re.compile(r"^ {0,3}\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?$|^ {0,3}\|?\s*:?-+:?\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _tables_apart(text: str) -> str:
    """Blank lines around a GFM table written without them, as clerks do: under a list item the table
    would be taken in as lazy continuation text ("2.第二项。 | 工作任务 | 完成情况 |…"), and a line
    without "|" right under it would become one more row instead of the next paragraph."""
    lines = text.split("\n")
    out: list[str] = []
    fenced = table = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        above = lines[i - 1].strip() if i else ""
        if table and "|" not in line:
            table = False
            if line.strip():
                out.append("")
        elif (not fenced and not table and "|" in line and i + 1 < len(lines) and "|" in lines[i + 1]
              and _TABLE_DELIMITER.match(lines[i + 1])):
            table = True
            if above and not above.startswith("|"):
                out.append("")
        out.append(line)
    return "\n".join(out)


def parse(text: str, level: int = 2) -> list[Token]:
    """Tokens of a narrative; `###` headings become level `level` (2 = （一）), `####` the next, …

    Each heading_open token gets meta["level"] (1–5) and meta["marker"] (the marker added, or ""
    when the author numbered the heading already), and the HTML tag h{level+1}, since the report
    title is h1 and the 一、 sections are h2.
    """
    tokens = _one_paragraph_per_line(_drop_empty_paragraphs(_drop_images(_plain_markdown(_drop_raw_html(
        _MD.parse(_tables_apart(text or "")))))))
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


def walk_tokens(tokens: list[Token], lists: ListNesting) -> Iterator[tuple[Token, str | None, Grid | None]]:
    """(token, the list marker it opens, the grid of a GFM table) in order, `lists` fed as it goes: the one walk
    of the text and Word renderers (a table comes as its opening token with its grid, its own tokens skipped)."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        marker = lists.feed(tok)
        if tok.type == "table_open":
            grid, i = collect_table(tokens, i)
            yield tok, marker, grid
        else:
            i += 1
            yield tok, marker, None


def to_text(text: str, level: int = 2, indent: str = INDENT) -> str:
    """Narrative → plain text: one line per paragraph indented two 字, headings with their markers."""

    lines: list[str] = []
    lists = ListNesting()
    quote = 0
    prefix = ""
    heading = False
    for tok, marker, grid in walk_tokens(parse(text, level), lists):
        kind = tok.type
        if grid is not None:
            lines.append(text_table(grid))
        elif marker is not None:
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
