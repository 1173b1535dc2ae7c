"""The statistical tables as Word tables, drawn from the renderer-neutral grids (grid.py).

The grids carry the official merges; here they become w:gridSpan / w:vMerge. Tables are portrait,
as wide as the type area (156 mm), ruled with 0.5 pt lines, header rows repeated on every page and
rows never split. 表二 is set in 小四 (12 pt); 表三 and 表四, with 10 and 15 columns, in 五号 (10.5 pt).
"""

from __future__ import annotations

from nianbao.render.docx.xml import STYLE_CELL, STYLE_CELL_HEAD, TYPE_WIDTH, esc, size
from nianbao.render.grid import Cell, Grid

CELL_MARGIN = 40  # ≈ 0.7 mm left and right: six digits fit a 表三 column
CELL_MARGINS = {"reviews": 20}  # 表四's 15 columns: 5-digit numbers still fit on one line
CELL_PAD = 28  # ≈ 0.5 mm above and below: rows readable, 表三 still close to one page
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
_BORDERS = "<w:tblBorders>" + "".join(
    f"<w:{side} {_BORDER}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
) + "</w:tblBorders>"
TABLE_SIZES = {"proactive": 24}  # half-points; other tables use the 五号 of the NbCell style
_SLOT = "\x00"  # where a number goes in a cached table skeleton (esc removes it from any text)
_SKELETONS: dict[tuple, list[str]] = {}


DIGIT_EM = 0.52  # a digit's advance in the table faces, in em (FandolSong 0.5, SimSun 0.5; some slack)
NUMBER_SIZES = (21, 20, 18, 17, 16, 15, 14)  # half-points: 五号 first, down to 7 pt


def number_size(grid: Grid, widths: list[int]) -> int | None:
    """The largest size (half-points) at which every number of the grid fits its column on one line.

    None when 五号 fits already. A 7-digit 表三 total or a 6-digit 表四 value would otherwise wrap
    inside its cell (238270 / 1).
    """
    margin = CELL_MARGINS.get(grid.key, CELL_MARGIN)
    need: dict[int, int] = {}  # column width → longest number in such a column
    for placed in place(grid.head + grid.body, grid.columns):
        for col, cell, origin in placed:
            if origin and cell.key:
                width = sum(widths[col:col + cell.colspan])
                need[width] = max(need.get(width, 0), len(cell.text))
    if not need:
        return None
    for half_points in NUMBER_SIZES:
        if all(n * DIGIT_EM * half_points * 10 + 2 * margin + 30 <= w for w, n in need.items()):
            return None if half_points == NUMBER_SIZES[0] else half_points
    return NUMBER_SIZES[-1]


def column_widths(grid: Grid) -> list[int]:
    """Grid column widths in twips, summing to the type width; label columns wide enough for labels."""
    n = grid.columns
    if grid.key == "requests":  # label columns (group, sub-group, row label) + 7 numbers
        data, k = 744, grid.label_columns
        labels = ([500, 1100] + [500] * k)[: k - 1]
        labels.append(TYPE_WIDTH - data * (n - k) - sum(labels))
        return labels + [data] * (n - k)
    if grid.key == "proactive":  # 1 label column + value sub-columns
        value = (TYPE_WIDTH - 2600) // (n - 1)
        return [TYPE_WIDTH - value * (n - 1)] + [value] * (n - 1)
    each = TYPE_WIDTH // n
    return [TYPE_WIDTH - each * (n - 1)] + [each] * (n - 1)


def place(rows: list[list[Cell]], ncols: int) -> list[list[tuple[int, Cell, bool]]]:
    """Each row's (column, cell, is_origin) in column order, continuation slots of row spans included."""
    below: dict[tuple[int, int], Cell] = {}  # (row, col) → a cell spanning down into it
    placed: list[list[tuple[int, Cell, bool]]] = []
    for r, row in enumerate(rows):
        out: list[tuple[int, Cell, bool]] = []
        cells = iter(row)
        col = 0
        while col < ncols:
            cont = below.pop((r, col), None)
            if cont is not None:
                out.append((col, cont, False))
                col += cont.colspan
                continue
            cell = next(cells, None)
            if cell is None:
                break
            out.append((col, cell, True))
            for dr in range(1, cell.rowspan):
                below[(r + dr, col)] = cell
            col += cell.colspan
        placed.append(out)
    return placed


def _cell(cell: Cell, width: int, origin: bool, rpr: str, grid_key: str, keep: str) -> str:
    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
    merge = ""
    if cell.rowspan > 1:
        merge = '<w:vMerge w:val="restart"/>' if origin else "<w:vMerge/>"
    props = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
    if not origin:
        return f'<w:tc>{props}<w:p><w:pPr><w:pStyle w:val="{STYLE_CELL}"/>{keep}</w:pPr></w:p></w:tc>'
    style = STYLE_CELL_HEAD if cell.header and not (cell.scope == "row" or cell.scope == "rowgroup") else STYLE_CELL
    if (cell.scope == "row" and grid_key == "requests") or (grid_key == "narrative" and not cell.header):
        align = '<w:jc w:val="left"/>'
    else:
        align = ""
    text = _SLOT if cell.key else esc(cell.text)
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>' if rpr else (
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>')
    return f'<w:tc>{props}<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}{align}</w:pPr>{run}</w:p></w:tc>'


def _is_heading_row(row: list[Cell]) -> bool:
    return all(c.header and c.scope in ("col", "colgroup") for c in row)


def table_xml(grid: Grid) -> str:
    """One w:tbl for a grid: head rows marked as repeating header rows, official merges kept.

    Only the numbers differ between reports of an edition, so the XML around them is built once
    per table layout and the numbers are slotted in.
    """
    rows = grid.head + grid.body
    numbers_at = number_size(grid, column_widths(grid))
    layout = (grid.key, grid.columns, len(grid.head), numbers_at,
              tuple((c.key or c.text, c.colspan, c.rowspan, c.header, c.scope, c.caption) for row in rows for c in row))
    fragments = _SKELETONS.get(layout)
    if fragments is None:
        if len(_SKELETONS) > 32:
            _SKELETONS.clear()
        fragments = _SKELETONS[layout] = _skeleton(grid, numbers_at).split(_SLOT)
    numbers = [esc(c.text) for row in rows for c in row if c.key]
    out = [fragments[0]]
    for number, fragment in zip(numbers, fragments[1:], strict=True):
        out += (number, fragment)
    return "".join(out)


def _skeleton(grid: Grid, numbers_at: int | None = None) -> str:
    widths = column_widths(grid)
    half_points = TABLE_SIZES.get(grid.key)
    rpr = size(half_points) if half_points else ""
    number_rpr = size(numbers_at) if numbers_at else rpr
    margin = CELL_MARGINS.get(grid.key, CELL_MARGIN)
    rows = grid.head + grid.body
    blocks = any(row[0].caption for row in rows)
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{TYPE_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>{_BORDERS}'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{CELL_PAD}" w:type="dxa"/>'
        f'<w:left w:w="{margin}" w:type="dxa"/><w:bottom w:w="{CELL_PAD}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        # no conditional formatting, no banding (noHBand 0x0200 + noVBand 0x0400) as Word 2007 reads it too: the
        # firstRow=… attributes are not in its schema, and Word 2010 and later read w:val when they are absent
        '<w:tblLook w:val="0600"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    ]
    for r, placed in enumerate(place(rows, grid.columns)):
        header = "<w:tblHeader/>" if r < len(grid.head) else ""
        # Column-heading rows stay with the row below; 表二 breaks only between its blocks.
        in_block = blocks and r + 1 < len(rows) and not rows[r + 1][0].caption
        keep = "<w:keepNext/>" if r < len(grid.head) or _is_heading_row(rows[r]) or in_block else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        for col, cell, origin in placed:
            width = sum(widths[col:col + cell.colspan])
            out.append(_cell(cell, width, origin, number_rpr if cell.key else rpr, grid.key, keep))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
