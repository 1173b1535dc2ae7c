"""The intermediate form every input format is reduced to: paragraphs and tables of cell strings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Para:
    """One line of text (TXT) or one paragraph (HTML, DOCX); `heading` is 1–6 when marked as one."""

    text: str
    line: int | None = None
    heading: int | None = None
    item: str | None = None  # "-" or "1." for list items
    gap: bool = False  # another part of the page (HTML header, menu) comes before it: it does not run on from above


@dataclass
class Table:
    """A real table: rows of origin cells (a merged cell appears once, in its first row and column)."""

    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""


Block = Para | Table
