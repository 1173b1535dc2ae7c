"""Tables as aligned plain text (display width of CJK, spans resolved): for the text output and for
GFM tables in a narrative, without the Jinja environment."""

from __future__ import annotations

from dataclasses import dataclass

from wcwidth import width as _wcwidth

from nianbao.render.grid import Cell, Grid

SEP = "  "  # between table columns
LEVEL_INDENT = "\u3000"  # one 字 per level of grouped row labels


def display_width(text: str) -> int:
    """Columns a string takes in a CJK monospace font (ambiguous characters such as “ ” are wide)."""
    return _wcwidth(text, ambiguous_width=2)


def _pad(text: str, width: int, align: str) -> str:
    gap = max(width - display_width(text), 0)
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


@dataclass
class _Item:
    col: int  # first data column
    span: int
    text: str
    align: str


def _place(grid: Grid) -> list[list[tuple[int, Cell]]]:
    """(column, cell) for every cell of every row, resolving row and column spans."""
    rows = grid.head + grid.body
    taken: set[tuple[int, int]] = set()
    placed: list[list[tuple[int, Cell]]] = []
    for r, row in enumerate(rows):
        col = 0
        out = []
        for cell in row:
            while (r, col) in taken:
                col += 1
            out.append((col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, col + dc))
            col += cell.colspan
        placed.append(out)
    return placed


def text_table(grid: Grid) -> str:
    """A grid as aligned text: row labels (group labels on their own line, indented by level) at
    the left, header cells centred over the columns they span, numbers right-aligned."""
    placed = _place(grid)
    nhead = len(grid.head)
    data_cols = [c for r in placed[nhead:] for c, cell in r if not cell.header]
    first = min(data_cols) if data_cols else 0
    ncols = grid.columns - first
    lines: list[tuple[str, str, list[_Item]]] = []  # (kind, label, items); kind: row | caption
    pending: dict[int, list[_Item]] = {}  # header cells drawn on the last row they span
    for r, row in enumerate(placed):
        label = ""
        items = pending.pop(r, [])
        for col, cell in row:
            if col == 0 and cell.colspan == grid.columns:
                lines.append(("caption", cell.text, []))
            elif col < first and r >= nhead and cell.rowspan > 1:
                lines.append(("row", LEVEL_INDENT * col + cell.text, []))  # a group label
            elif col < first:
                label = LEVEL_INDENT * col + cell.text if r >= nhead else cell.text
            else:
                item = _Item(col - first, cell.colspan, cell.text, "center" if cell.header else "right")
                target = r + cell.rowspan - 1 if r < nhead else r
                if target == r:
                    items.append(item)
                else:
                    pending.setdefault(target, []).append(item)
        if label or items:
            lines.append(("row", label, sorted(items, key=lambda i: i.col)))
    widths = [0] * ncols
    spans = [i for _k, _l, items in lines for i in items]
    for item in sorted(spans, key=lambda i: i.span):
        cols = range(item.col, item.col + item.span)
        have = sum(widths[c] for c in cols) + len(SEP) * (item.span - 1)
        need = display_width(item.text) - have
        for n, c in enumerate(cols):
            widths[c] += need // item.span + (1 if n < need % item.span else 0) if need > 0 else 0
    label_width = max([display_width(label) for kind, label, _ in lines if kind == "row"] or [0])
    out = []
    for kind, label, items in lines:
        if kind == "caption":
            out.append(label)
            continue
        parts = [_pad(label, label_width, "left")] if first else []
        col = 0
        for item in items:
            parts += [" " * widths[c] for c in range(col, item.col)]
            span_width = sum(widths[item.col:item.col + item.span]) + len(SEP) * (item.span - 1)
            parts.append(_pad(item.text, span_width, item.align))
            col = item.col + item.span
        parts += [" " * widths[c] for c in range(col, ncols)]
        out.append(SEP.join(parts).rstrip())
    return "\n".join(out)
