"""WordprocessingML fragments as strings: the lean way to write thousands of paragraphs fast.

Every number comes from reference/layout.md §1–§2 (GB/T 9704 on A4). Children are written in
schema order, and every piece of user text goes through `esc`, which drops the characters XML
cannot hold (control characters, unpaired surrogates) so that no input makes a DOCX unopenable.
"""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Page (twips; 1 mm = 56.693 tw): A4, margins 37/35/28/26 mm, footer 25 mm (dash 7 mm under the type area).
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1587, 1474
HEADER_DIST, FOOTER_DIST = 851, 1417
TYPE_WIDTH = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 8845 tw = 156 mm
LINE_PITCH = 579  # 28.95 pt: 22 lines in 225 mm
CHAR = 315  # one 3号 字 advance with the −0.25 pt character spacing: 28 × 315 ≤ 8845
TITLE_LINE = 700  # 35 pt exact: a 2号 line

# Paragraph style ids written by the template generator and referenced by the renderer.
STYLE_BODY = "NbBody"
STYLE_TITLE = "NbTitle"
STYLE_HEADINGS = ("NbH1", "NbH2", "NbH3", "NbH4")
STYLE_SIGNATURE = "NbSignature"
STYLE_DRAFT = "NbDraft"
STYLE_CELL = "NbCell"
STYLE_CELL_HEAD = "NbCellHead"
STYLE_FOOTER = "NbFooter"
STYLE_EMPHASIS = "NbEmphasis"  # a character style
REQUIRED_STYLES = (STYLE_BODY, STYLE_TITLE, *STYLE_HEADINGS, STYLE_SIGNATURE, STYLE_DRAFT, STYLE_CELL,
                   STYLE_CELL_HEAD, STYLE_EMPHASIS)

# XML 1.0 Char, minus the white space that would change layout inside a run.
_NOT_XML = re.compile("[^\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACE_LIKE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def clean(text: object) -> str:
    """Text Word can store: tabs and newlines become spaces, other controls and lone surrogates go."""
    s = str(text)
    if _NOT_XML.search(s):
        s = _NOT_XML.sub("", s.translate(_SPACE_LIKE))
    return s


def esc(text: object) -> str:
    """Clean, then escape for an element's text content."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: object) -> str:
    """Clean, then escape for an attribute value."""
    return esc(text).replace('"', "&quot;")


def rfonts(name: str) -> str:
    """All four font slots set to one family (layout.md §2.3), CJK punctuation in the CJK font."""
    n = attr(name)
    return f'<w:rFonts w:ascii="{n}" w:hAnsi="{n}" w:eastAsia="{n}" w:cs="{n}" w:hint="eastAsia"/>'


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


BOLD = "<w:b/><w:bCs/>"
# *Emphasis* → the 楷体 character style (the Chinese italic): LibreOffice 7.4 does not draw Word's 着重号
# (w:em), so dots would vanish from the PDF preview. rStyle comes first in rPr.
EMPHASIS = f'<w:rStyle w:val="{STYLE_EMPHASIS}"/>'


# Characters per <w:t>: libxml2 (lxml, python-docx) refuses text nodes over 10 MB unless told otherwise.
T_CHUNK = 1_000_000


def run(text: str, rpr: str = "") -> str:
    """One run of escaped text, split into several <w:t> when huge; `rpr` holds rPr children in schema order."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    text = clean(text)
    body = "".join(f'<w:t xml:space="preserve">{esc(text[i:i + T_CHUNK])}</w:t>'
                   for i in range(0, max(len(text), 1), T_CHUNK))
    return f"<w:r>{props}{body}</w:r>"


BREAK = "<w:r><w:br/></w:r>"


def paragraph(content: str, style: str | None = None, ppr: str = "") -> str:
    """A paragraph; `ppr` holds pPr children after pStyle, already in schema order."""
    head = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{head}{ppr}</w:pPr>" if head or ppr else ""
    return f"<w:p>{props}{content}</w:p>"


def indent(left: int = 0, first_line: int = 0, hanging: int = 0) -> str:
    """w:ind in twips only: LibreOffice ignores *Chars, and Word would prefer them over twips."""
    parts = f' w:left="{left}"' if left else ""
    if hanging:
        parts += f' w:hanging="{hanging}"'
    else:
        parts += f' w:firstLine="{first_line}"' if first_line else ' w:firstLine="0"'
    return f"<w:ind{parts}/>"
