"""Narrative Markdown → Word paragraphs, walking the token stream of render/markdown.py.

Using the same `parse` as the HTML and text renderers gives the same 一、/（一）/1./（1） markers in
every output. Text always enters the DOCX as escaped run content, never as template source, so
`{{ 7*7 }}` in a narrative is printed as written.
"""

from __future__ import annotations

from markdown_it.token import Token

from nianbao.render import narrative as md
from nianbao.render.docx.tables import table_xml
from nianbao.render.docx.xml import BOLD, BREAK, CHAR, EMPHASIS, STYLE_BODY, STYLE_HEADINGS, indent, paragraph, run

_LEADING_BLANKS = " \u3000\u00a0\t"  # pasted web text often indents with full-width spaces already


def inline_runs(children: list[Token], lead: str = "", plain: bool = False) -> str:
    """Runs for an inline token: bold and 楷体 emphasis kept (unless plain), adjacent runs merged."""
    segments: list[tuple[str, str]] = [(lead, "")] if lead else []
    bold = em = 0
    href: str | None = None
    label_start = 0
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "link_open":
            target, label_start = child.attrGet("href"), len(segments)
            href = target if isinstance(target, str) else None  # markdown-it's href is always a str
        elif kind == "link_close":
            label = "".join(text for text, _ in segments[label_start:])
            if href and href != label and href != "mailto:" + label:
                segments.append((f"（{href}）", ""))
            href = None
        elif kind == "hardbreak":
            segments.append(("\n", ""))
        elif kind == "softbreak":
            segments.append((" ", ""))
        elif kind in ("text", "code_inline", "html_inline"):
            rpr = "" if plain else (EMPHASIS if em else "") + (BOLD if bold else "")
            segments.append((child.content, rpr))
    # Drop the author's own leading blanks: the paragraph style indents two 字 already.
    start = 1 if lead else 0
    while start < len(segments):
        text, rpr = segments[start]
        stripped = text.lstrip(_LEADING_BLANKS)
        segments[start] = (stripped, rpr)
        if stripped:
            break
        start += 1
    out: list[str] = []
    buf, cur = "", ""
    for text, rpr in segments:
        if text == "\n":
            if buf:
                out.append(run(buf, cur))
            out.append(BREAK)
            buf, cur = "", ""
            continue
        if rpr != cur and buf:
            out.append(run(buf, cur))
            buf = ""
        buf, cur = buf + text, rpr
    if buf:
        out.append(run(buf, cur))
    return "".join(out)


def narrative_xml(text: str, level: int = 2) -> str:
    """Word paragraphs for a narrative; `###` headings take `level` (2 = （一）) and its style."""
    if not text or not text.strip():
        return ""
    out: list[str] = []
    lists = md.ListNesting()
    prefix = ""
    heading: int | None = None
    for tok, marker, grid in md.walk_tokens(md.parse(text, level), lists):
        kind = tok.type
        if grid is not None:
            out.append(table_xml(grid) + paragraph(""))
        elif marker is not None:
            prefix = marker
        elif kind == "heading_open":
            heading = int((tok.meta or {}).get("level", level))
        elif kind == "heading_close":
            heading = None
        elif kind == "inline":
            if heading is not None:
                style = STYLE_HEADINGS[min(max(heading, 1), len(STYLE_HEADINGS)) - 1]
                out.append(paragraph(inline_runs(tok.children or [], plain=True), style))
            else:
                nested = max(lists.depth - 1, 0)
                ppr = indent(first_line=2 * CHAR * (nested + 1)) if nested else ""
                out.append(paragraph(inline_runs(tok.children or [], prefix), STYLE_BODY, ppr))
            prefix = ""
        elif kind in ("code_block", "fence"):
            out.extend(paragraph(run(line.strip()), STYLE_BODY) for line in tok.content.splitlines() if line.strip())
    return "".join(out)
