"""The three statistical tables as renderer-neutral grids: cells with spans, header ids and keys.

HTML, DOCX and text renderers all draw from these grids, so the official merges are computed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.compute import Values, fmt_number
from nianbao.editions import Column, Edition, RowNode, walk


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    scope: str | None = None  # col | colgroup | row | rowgroup (header cells)
    id: str | None = None
    headers: list[str] = field(default_factory=list)  # ids of every header this cell sits under
    key: str | None = None  # data cells: the full key path, e.g. requests.received.natural
    value: object = None
    caption: bool = False  # a full-width block caption row of 表二


@dataclass
class Grid:
    key: str
    caption: str
    columns: int
    head: list[list[Cell]]
    body: list[list[Cell]]
    label_columns: int = 1  # the leading columns that hold row labels (表三: one per level of its row tree)


def column_heading(col: Column) -> str:
    """The official column label, plus its unit when the official label omits it (2019 采购总金额)."""
    if col.unit and col.unit not in col.label:
        return f"{col.label}（单位：{col.unit}）"
    return col.label


def _num(values: Values, path: str) -> Cell:
    value = values[path]
    return Cell(fmt_number(value), key=path, value=value)


def proactive_grid(ed: Edition, values: Values) -> Grid:
    """表二: blocks of caption row, header row, data rows on a 1 + n column grid."""
    width = ed.proactive.grid - 1
    body: list[list[Cell]] = []
    for b, block in enumerate(ed.proactive.blocks):
        span = width // len(block.columns)
        cap_id = f"t2-b{b}"
        body.append([Cell(block.caption, colspan=ed.proactive.grid, header=True, scope="colgroup",
                          id=cap_id, caption=True)])
        head_id = f"t2-b{b}-label"
        row = [Cell(ed.proactive.label_header, header=True, scope="col", id=head_id, headers=[cap_id])]
        for col in block.columns:
            row.append(Cell(column_heading(col), colspan=span, header=True, scope="col", id=f"t2-b{b}-{col.key}",
                            headers=[cap_id]))
        body.append(row)
        for r in block.rows:
            row_id = f"t2-{r.key}"
            cells = [Cell(r.label, header=True, scope="row", id=row_id, headers=[cap_id])]
            for col in block.columns:
                cell = _num(values, f"proactive.{r.key}.{col.key}")
                cell.colspan = span
                cell.headers = [cap_id, f"t2-b{b}-{col.key}", row_id]
                cells.append(cell)
            body.append(cells)
    return Grid("proactive", ed.proactive.heading, ed.proactive.grid, [], body)


def _group_id(node: RowNode) -> str:
    return f"t3-g-{node.path if node.key else 'results'}".replace(".", "-")


def requests_grid(ed: Edition, values: Values) -> Grid:
    """表三: a label column per level of the row tree + the applicant columns, three header rows (two when no
    columns stand under a spanning group header)."""
    cols, labels = ed.requests.columns, ed.requests.label_columns
    depth = 3 if ed.requests.column_groups else 2
    head: list[list[Cell]] = [
        [Cell(ed.requests.corner, colspan=labels, rowspan=depth, header=True, scope="col", id="t3-corner"),
         Cell(ed.requests.applicants, colspan=len(cols), header=True, scope="colgroup", id="t3-applicants")],
        *([] for _ in range(depth - 1)),
    ]
    col_headers: dict[str, list[str]] = {}
    for c in cols:
        group = ed.requests.group_of(c)
        if group is not None:
            group_id = f"t3-{group.key}"
            if c is group.columns[0]:
                head[1].append(Cell(group.label, colspan=len(group.columns), header=True, scope="colgroup",
                                    id=group_id, headers=["t3-applicants"]))
            head[2].append(Cell(c.label, header=True, scope="col", id=f"t3-{c.key}",
                                headers=["t3-applicants", group_id]))
            col_headers[c.key] = ["t3-applicants", group_id, f"t3-{c.key}"]
        else:
            head[1].append(Cell(c.label, rowspan=depth - 1, header=True, scope="col", id=f"t3-{c.key}",
                                headers=["t3-applicants"]))
            col_headers[c.key] = ["t3-applicants", f"t3-{c.key}"]
    body: list[list[Cell]] = []
    pending: list[Cell] = []  # group label cells waiting for the first data row below them
    for visit in walk(ed.requests.tree):
        node, row_ids = visit.node, [_group_id(p) for p in visit.parents]
        if node.group:
            pending.append(Cell(node.label, rowspan=len(node.leaves()), header=True, scope="rowgroup",
                                id=_group_id(node), headers=row_ids))
            continue
        rid = f"t3-r-{node.path}".replace(".", "-")
        row = pending + [Cell(node.label, colspan=labels - visit.depth, header=True, scope="row", id=rid, headers=row_ids)]
        pending = []
        for c in cols:
            cell = _num(values, f"requests.{node.path}.{c.key}")
            cell.headers = col_headers[c.key] + row_ids + [rid]
            row.append(cell)
        body.append(row)
    return Grid("requests", ed.requests.heading, labels + len(cols), head, body, labels)


def reviews_grid(ed: Edition, values: Values) -> Grid:
    """表四: 15 columns, three header rows, one data row without a label."""
    ncols = len(ed.reviews.columns)
    head: list[list[Cell]] = [[], [], []]
    col_headers: dict[str, list[str]] = {}
    for g, group in enumerate(ed.reviews.groups):
        gid = f"t4-g{g}"
        head[0].append(Cell(group.label, colspan=ncols * len(group.parts), header=True,
                            scope="colgroup", id=gid))
        for part in group.parts:
            part_key = part.path
            nested = len(group.parts) > 1
            pid = f"t4-{part_key}"
            if nested:
                head[1].append(Cell(part.label, colspan=ncols, header=True, scope="colgroup",
                                    id=pid, headers=[gid]))
            for c in ed.reviews.columns:
                cid = f"t4-{part_key}-{c.key}"
                cell = Cell(c.label, header=True, scope="col", id=cid, headers=[gid] + ([pid] if nested else []))
                if nested:
                    head[2].append(cell)
                else:
                    cell.rowspan = 2
                    head[1].append(cell)
                col_headers[f"{part_key}.{c.key}"] = cell.headers + [cid]
    row = []
    for part in ed.reviews.parts:
        for c in ed.reviews.columns:
            cell = _num(values, f"reviews.{part.key}.{c.key}")
            cell.headers = col_headers[f"{part.key}.{c.key}"]
            row.append(cell)
    return Grid("reviews", ed.reviews.heading, len(ed.reviews.parts) * ncols, head, [row])


def grids(ed: Edition, values: Values) -> dict[str, Grid]:
    return {
        "proactive": proactive_grid(ed, values),
        "requests": requests_grid(ed, values),
        "reviews": reviews_grid(ed, values),
    }
