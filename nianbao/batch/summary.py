"""The city summary: one row per report with its key figures and issue counts, for a reviewer to sort and filter.

Every column header is an official label read from the editions (or a status word of this tool);
group sums such as （三）不予公开 = Σ withheld.* (format.md R14) are derived from the edition's row tree.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nianbao.batch.outcome import ERRORS, STATUS_ZH, Outcome
from nianbao.editions import EDITION_IDS, Edition, all_editions
from nianbao.editions import get as get_edition
from nianbao.errors import UsageError
from nianbao.issues import SEVERITY_ZH, WARNING
from nianbao.load.chars import printable
from nianbao.output import atomic_write

SUFFIXES = (".xlsx", ".csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such text as a formula
TOTAL_ROW = "合计"
FILE_HEADER = "文件"
STATUS_HEADER = "校验结果"


class SummaryFormatError(UsageError):
    """The output name does not end in .xlsx or .csv."""


@dataclass(frozen=True)
class SummaryColumn:
    key: str  # a cell path, a group path ("requests.withheld"), or one of the descriptive keys
    label: str
    section: str = ""  # the table heading a figure belongs to ("" for descriptive columns)
    numeric: bool = False


def request_figures(edition: Edition) -> list[tuple[str, str, list[str]]]:
    """(column key, official row label, row keys summed) for 表三's 总计 column: inflow, each result group, outflow."""
    out: list[tuple[str, str, list[str]]] = []
    for node in edition.requests.tree:
        # a top-level row is one column; 三、本年度办理结果 gives one column per result group (R14)
        for row in node.children or (node,):
            out.append((f"requests.{row.path}", row.label, [leaf.path for leaf in row.leaves()]))
    return out


def review_figures(edition: Edition) -> list[tuple[str, str]]:
    """(cell path, label) of each 表四 总计: 行政复议, and each kind of 行政诉讼."""
    total = edition.reviews.total_column
    out = []
    for group in edition.reviews.groups:
        for part in group.parts:
            names = [group.label] if group.label == part.label else [group.label, part.label]
            out.append((f"reviews.{part.path}.{total.key}", " · ".join(names + [total.label])))
    return out


def _total_column(edition: Edition) -> str:
    return edition.requests.total_column.key


def figures(result) -> dict:
    """The summary row of one checked report (a CheckResult): descriptive fields and every figure."""
    data = result.report.data
    edition, values = result.edition, result.values
    agency = data.get("agency") if isinstance(data.get("agency"), dict) else {}
    name, year = agency.get("name"), data.get("year")
    row: dict = {
        "agency": printable(name).strip() if isinstance(name, str) else "",  # as published: no invisible characters
        "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
        "edition": edition.id,
    }
    for path, _block, _row, _col in edition.proactive.cells():
        row[path] = values[path]
    total = _total_column(edition)
    for key, _label, rows in request_figures(edition):
        row[key] = sum(values[f"requests.{r}.{total}"] for r in rows)
    for path, _label in review_figures(edition):
        row[path] = values[path]
    return row


def columns(edition_ids: Iterable[str]) -> list[SummaryColumn]:
    """The columns for the editions present: 表二 is edition-specific, so only the editions in the batch add to it."""
    present = [get_edition(e) for e in EDITION_IDS if e in set(edition_ids)] or all_editions()[-1:]
    latest = present[-1]
    top = latest.top_labels
    cols = [SummaryColumn("file", FILE_HEADER), SummaryColumn("agency", top["agency.name"]),
            SummaryColumn("year", top["year"]), SummaryColumn("edition", top["edition"])]
    seen: set[str] = set()

    def add(key: str, label: str, section: str) -> None:
        if key not in seen:
            seen.add(key)
            cols.append(SummaryColumn(key, label, section, numeric=True))

    for ed in reversed(present):  # shared cells take the newest edition's wording, in its order
        t2 = ed.proactive.heading
        for path, _block, row, col in ed.proactive.cells():
            add(path, f"{row.label} · {col.label}", t2)
    t3 = f"{latest.requests.heading} · {next(c.label for c in latest.requests.columns if c.role == 'total')}"
    for ed in reversed(present):
        for key, label, _rows in request_figures(ed):
            add(key, label, t3)
    for ed in reversed(present):
        for path, label in review_figures(ed):
            add(path, label, latest.reviews.heading)
    cols += [SummaryColumn("errors", SEVERITY_ZH["error"], numeric=True),
             SummaryColumn("warnings", SEVERITY_ZH[WARNING], numeric=True),
             SummaryColumn("status", STATUS_HEADER)]
    return cols


def table(outcomes: list[Outcome]) -> tuple[list[SummaryColumn], list[list], list[list]]:
    """(columns, one row per report in input order, one 合计 row per report year and edition)."""
    cols = columns({o.figures["edition"] for o in outcomes if o.figures})
    rows: list[list] = []
    groups: dict[tuple, list[tuple[list, int]]] = {}
    for o in outcomes:
        record = {**(o.figures or {}), "file": o.file, "errors": o.errors + (1 if o.crash else 0),
                  "warnings": o.warnings, "status": STATUS_ZH[o.status]}
        rows.append([record.get(c.key) for c in cols])
        if o.figures:  # different years (or editions) are never added together
            groups.setdefault((o.figures["year"], o.figures["edition"]), []).append((rows[-1], record["errors"]))
    order = sorted(groups, key=lambda k: (k[0] is None, k[0] or 0, k[1]))
    return cols, rows, [_totals(cols, key, groups[key]) for key in order]


def _totals(cols: list[SummaryColumn], key: tuple, members: list[tuple[list, int]]) -> list:
    """One 合计 row: sums of the figures its reports have, how many reports it adds and how many have errors."""
    year, edition = key
    keys = [c.key for c in cols]
    out: list = []
    for i, c in enumerate(cols):
        numbers = [r[i] for r, _e in members if isinstance(r[i], (int, float))]
        out.append(_tidy(sum(numbers)) if c.numeric and numbers else None)
    with_errors = sum(1 for _r, errors in members if errors)
    out[0] = TOTAL_ROW
    out[keys.index("agency")] = f"{len(members)} 份报告" + ("" if year is not None else "（年度无法识别）")
    out[keys.index("year")], out[keys.index("edition")] = year, edition
    out[keys.index("status")] = f"其中 {with_errors} 份{STATUS_ZH[ERRORS]}"
    return out


def _tidy(value):
    return round(value, 4) if isinstance(value, float) else value


def _inert(value):
    """Text that a spreadsheet would evaluate gets a leading apostrophe in CSV (the usual defence)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def output_kind(path: str | os.PathLike) -> str:
    """'xlsx' or 'csv' from the file name; anything else is a clear error."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise SummaryFormatError(f"汇总表只能是 .xlsx 或 .csv 文件：{path}")
    return suffix[1:]


def write_summary(outcomes: list[Outcome], path: str | os.PathLike, replace: bool = True) -> Path:
    """Write the summary as .xlsx or .csv (UTF-8 with BOM, so Excel opens the Chinese correctly), atomically."""
    kind = output_kind(path)
    cols, rows, totals = table(outcomes)
    payload = _xlsx(cols, rows, totals) if kind == "xlsx" else _csv(cols, rows, totals)
    return atomic_write(path, payload, replace=replace)


def _csv(cols: list[SummaryColumn], rows: list[list], totals: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.label for c in cols])
    for r in rows + totals:
        writer.writerow(["" if v is None else _inert(v) for v in r])
    return buf.getvalue().encode("utf-8-sig")


def _xlsx(cols: list[SummaryColumn], rows: list[list], totals: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append([c.section or None for c in cols])  # row 1: the table each figure comes from, merged
    ws.append([c.label for c in cols])  # row 2: the column labels, with the filter buttons
    start = 0
    for i in range(1, len(cols) + 1):
        if i == len(cols) or cols[i].section != cols[start].section:
            if cols[start].section and i - start > 1:
                ws.merge_cells(start_row=1, start_column=start + 1, end_row=1, end_column=i)
            start = i
    for n, r in enumerate(rows + totals, start=3):
        ws.append(r)
        for i, value in enumerate(r, start=1):
            if isinstance(value, str) and value.startswith("="):
                ws.cell(n, i).data_type = "s"  # an agency name is text, never a formula
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for cell in list(ws[1]) + list(ws[2]):
        cell.font, cell.alignment = Font(bold=True), wrap
    first_total = len(rows) + 3
    for n in range(first_total, first_total + len(totals)):
        for i in range(1, len(cols) + 1):
            ws.cell(n, i).font = Font(bold=True)
    for i, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = 14 if c.numeric else 28 if c.key in ("file", "agency") else 10
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{first_total - 1}"  # the 合计 rows stay out of sorting
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
