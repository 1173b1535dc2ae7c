"""The table region as one stream of cells: every layout (pipes, tabs, blank lines, real tables) alike.

A stream item is a Tok (one cell, possibly empty), BREAK (a row is known to end here) or a Mark
(a section heading met inside the region). Row breaks are only emitted where the layout shows them;
in the one-cell-per-line layouts rows are found from their labels alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.importer.model import Block, Para, Table
from nianbao.importer.normalize import PLACEHOLDER, Number, clean_space, read_number


@dataclass(frozen=True)
class Tok:
    text: str
    line: int | None = None

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Mark:
    """A section heading inside the table region: the table that follows (proactive, requests, reviews)."""

    table: str
    line: int | None = None


BREAK = None
Item = Tok | Mark | None

_PIPES = re.compile(r"[|│┃｜]")
_BORDER = re.compile(r"[\s+\-=_─━┌┐└┘├┤┬┴┼═╪╫╬╔╗╚╝╠╣╦╩|│┃｜:]+")
_GAP = re.compile(r"\s{2,}")


def tokenize(blocks: list[Block], marks: dict[int, str], start: int, end: int) -> list[Item]:
    """The cells of blocks[start:end]; `marks` maps a block index to the table its heading opens."""
    region = blocks[start:end]
    tab_layout = any(isinstance(b, Para) and b.text.startswith("\t") for b in region)
    out: list[Item] = []
    prev_tab = prev_lone = False
    for index in range(start, end):
        block = blocks[index]
        lone = isinstance(block, Para) and _PIPES.fullmatch(block.text.strip()) is not None
        if lone and index not in marks:
            # one cell per line, each closed by a line holding only "|": the pipe ends the cell above it;
            # only two closers in a row enclose an (empty) cell of their own
            if prev_lone:
                out.append(Tok("", block.line if isinstance(block, Para) else None))
            prev_lone, prev_tab = True, False
            continue
        prev_lone = False
        if index in marks:
            out.append(Mark(marks[index], getattr(block, "line", None)))
            prev_tab = False
        elif isinstance(block, Table):
            out += _table(block)
            prev_tab = False
        else:
            prev_tab = _line(block, tab_layout, prev_tab, out)
    return out


def _table(table: Table) -> list[Item]:
    items: list[Item] = [BREAK]
    if table.caption:
        items += [Tok(table.caption), BREAK]
    for row in table.rows:
        items += [Tok(clean_space(cell).strip()) for cell in row]
        items.append(BREAK)
    return items


def _emit(out: list[Item], cells: list[str], line: int | None) -> None:
    out.extend(Tok(c.strip(), line) for c in cells)
    if sum(1 for c in cells if c.strip()) >= 2:
        out.append(BREAK)  # several cells on one line: the line is a row


def _line(para: Para, tab_layout: bool, prev_tab: bool, out: list[Item]) -> bool:
    """Append the cells of one text line; returns whether it was a tab-indented cell."""
    raw, line = para.text, para.line
    text = clean_space(raw)
    if raw == "":
        if tab_layout:
            out.append(BREAK)
        return False
    if not text.strip():
        out.append(Tok("", line))  # a cell holding only NBSP / spaces / a tab: an explicit empty cell
        return raw.startswith("\t")
    if _PIPES.search(text):
        if _BORDER.fullmatch(text) and re.search(r"[-=─━┼+═]", text):
            out.append(BREAK)
            return False
        _emit(out, _split_pipes(text), line)
        return False
    if _BORDER.fullmatch(text) and re.search(r"[-=─━┼+═]", text):
        out.append(BREAK)
        return False
    if text.startswith("\t"):
        _emit(out, text.split("\t")[1:], line)
        return True
    if tab_layout and prev_tab and out and isinstance(out[-1], Tok):
        out[-1] = Tok(out[-1].text + " " + text.strip(), out[-1].line)  # a cell's second line (商业\n企业)
        return True
    parts = _GAP.split(text.strip())
    if len(parts) == 1:
        parts = _split_numbers(text.strip())
    _emit(out, parts, line)
    return False


def _split_pipes(text: str) -> list[str]:
    """Each pipe ends one cell; a leading pipe on a line with content is a border."""
    segments = _PIPES.split(text)
    content = any(s.strip() for s in segments)
    if text.rstrip().endswith(("|", "│", "┃", "｜")):
        segments = segments[:-1]
    if content and text.lstrip().startswith(("|", "│", "┃", "｜")) and not segments[0].strip():
        segments = segments[1:]
    return segments


def _split_numbers(text: str) -> list[str]:
    """'规章 0 0 0' → label and numbers; a line of single-space-separated numbers → numbers."""
    parts = text.split()
    k = len(parts)
    while k > 0 and (isinstance(read_number(parts[k - 1]), Number) or read_number(parts[k - 1]) == PLACEHOLDER):
        k -= 1
    if k == len(parts):
        return [text]
    return ([" ".join(parts[:k])] if k else []) + parts[k:]
