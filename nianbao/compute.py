"""From checked data to numbers for every cell: zeros filled and omitted 表三 总计 computed; nothing checked against is derived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from nianbao.editions import Edition

_BAD = object()  # a cell whose written value is not a usable number
MAX_COUNT = 10**9  # no agency handles a billion of anything in a year; beyond it a cell is unusable


@dataclass
class Values:
    """Every table cell's number; `given` holds the paths the user wrote, `bad` the unusable ones."""

    cells: dict[str, Any] = field(default_factory=dict)  # int, or Decimal for money
    given: set[str] = field(default_factory=set)
    bad: set[str] = field(default_factory=set)

    def __getitem__(self, path: str):
        return self.cells[path]

    def known(self, *paths: str) -> bool:
        return not any(p in self.bad for p in paths)


def _number(value, col_type: str):
    if isinstance(value, bool) or value is None:
        return _BAD if isinstance(value, bool) else None
    if isinstance(value, (int, float)) and not -MAX_COUNT <= value <= MAX_COUNT:  # also NaN: before any arithmetic
        return _BAD
    if col_type == "money":
        return value if isinstance(value, (int, float)) and value >= 0 else _BAD
    if isinstance(value, int) and (col_type == "signed" or value >= 0):
        return value
    return _BAD


def compute_values(given: dict[str, object], edition: Edition, unknown_rows: Collection[str] = ()) -> Values:
    """Fill omitted cells with 0 and omitted 表三 totals with sums; 结转 and 表四 总计 are only ever as written.

    Cells under `unknown_rows` (key paths an earlier mistake made unknowable: a row that could not be read,
    a misspelt or duplicate key, a split number) are unknown, not 0, and so is any sum over them.
    """
    vals = Values()
    unknown = set(unknown_rows)

    def lost(path: str) -> bool:
        return any(path == u or path.startswith(u + ".") for u in unknown)

    def put(path: str, raw, col_type: str, default, sources: Iterable[str] = ()):
        num = _BAD if lost(path) else _number(raw, col_type)
        if path in given and num is not None:
            vals.given.add(path)
        if num is _BAD:
            vals.bad.add(path)
            vals.cells[path] = 0
        elif num is None:
            vals.cells[path] = default() if callable(default) else default
            if any(s in vals.bad for s in sources):
                vals.bad.add(path)
        else:
            vals.cells[path] = num

    for path, _block, _row, col in edition.proactive.cells():
        put(path, given.get(path), col.type, 0)

    t = edition.requests
    cols, parts, total_col, details = t.columns, t.part_columns, t.total_column, t.details
    ordinary = [r for r in t.rows if r is not t.total and r is not t.carried_out]
    for row in ordinary:
        base = f"requests.{row.path}"
        for c in parts:
            put(f"{base}.{c.key}", given.get(f"{base}.{c.key}"), c.type, 0)
        row_parts = [f"{base}.{c.key}" for c in parts]
        put(f"{base}.{total_col.key}", given.get(f"{base}.{total_col.key}"), "count",
            lambda ps=row_parts: sum(vals.cells[p] for p in ps), row_parts)
    total_row = f"requests.{t.total.path}"
    for c in cols:
        detail_cells = [f"requests.{r.path}.{c.key}" for r in details]
        put(f"{total_row}.{c.key}", given.get(f"{total_row}.{c.key}"), "count",
            lambda ps=detail_cells: sum(vals.cells[p] for p in ps), detail_cells)
    out_row = f"requests.{t.carried_out.path}"
    for c in parts:  # never derived from other rows: 结转 is what R1 checks the table against
        put(f"{out_row}.{c.key}", given.get(f"{out_row}.{c.key}"), c.type, 0)
    out_parts = [f"{out_row}.{c.key}" for c in parts]
    put(f"{out_row}.{total_col.key}", given.get(f"{out_row}.{total_col.key}"), "count",
        lambda: sum(vals.cells[p] for p in out_parts), out_parts)

    for path, _part, col in edition.reviews.cells():  # 表四 总计 too is never derived: R4 checks against it
        put(path, given.get(path), col.type, 0)
    return vals


def fmt_number(value) -> str:
    """Numbers as an agency prints them: integers plain, money without float noise."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def zh_date(day: dt.date | None) -> str:
    """GB/T 9704 date: Arabic digits, full year, no zero padding."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def statistical_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
