"""HTML: one self-contained page per report, with issues shown in place for drafts and the preview."""

from __future__ import annotations

import math
from pathlib import Path

from nianbao.issues import SEVERITY_ZH
from nianbao.render import env
from nianbao.render.grid import Cell, Grid


def tbodies(grid: Grid) -> list[list[list[Cell]]]:
    """Body rows split at 表二's full-width block captions, one <tbody> per 第二十条 block."""
    groups: list[list[list[Cell]]] = []
    for row in grid.body:
        if not groups or (row and row[0].caption):
            groups.append([])
        groups[-1].append(row)
    return groups


TYPE_WIDTH_PT = 156 / 25.4 * 72  # the A4 type area of GB/T 9704 (442 pt), as @page in report.css
TABLE_PT = 10.5  # 五号: the table size of report.css
DIGIT_EM = 0.55  # a digit's advance in the 仿宋 faces, in em, with some slack (FandolFang 0.5)
CELL_PAD_PT = 3.5  # print padding of a cell, left and right (1.5 pt each), and its 0.5 pt rule
LABEL_PT = 3 * TABLE_PT + CELL_PAD_PT  # a label column keeps at least three characters a line
SMALLEST_PT = 4.0  # a floor; a 10-digit 表四 (the schema allows up to 10⁹) fits at 4.5 pt


HEAD_CHARS = 3.3  # a number column of 表三 holds 自然人 on one line (商业企业 in two)
LEAST_LABEL_SHARE = 30.0  # % of the type area its label columns keep however long the numbers
OUTER_LABEL_CHARS = (2, 4)  # 表三's outer label columns (三、本年度办理结果, （三）不予公开) in characters, as in the DOCX


def print_columns(grid: Grid) -> list[float] | None:
    """Print widths (% of the table) of a table whose rows carry labels, or None for one without.

    Left to Chromium's automatic layout, 表三's labels took half the width and the number heads stood
    one or two characters a line (自/然/人). Each number column gets room for three characters or its
    longest number at 五号, the label columns what is left, never under 30 %: longer numbers shrink.
    """
    labels = grid.label_columns
    numbers = grid.columns - labels
    if not grid.head or not grid.body or not grid.body[0] or not grid.body[0][0].header or numbers <= 0:
        return None
    digits = max((len(c.text) for row in grid.body for c in row if c.key), default=1)
    number = max(HEAD_CHARS * TABLE_PT, digits * DIGIT_EM * TABLE_PT) + CELL_PAD_PT
    each = math.ceil(100 * min(number / TYPE_WIDTH_PT * 100, (100 - LEAST_LABEL_SHARE) / numbers)) / 100
    outer = [round((chars * TABLE_PT + CELL_PAD_PT) / TYPE_WIDTH_PT * 100, 2)
             for chars in (OUTER_LABEL_CHARS + (OUTER_LABEL_CHARS[-1],) * labels)[: labels - 1]]
    return [*outer, round(100 - each * numbers - sum(outer), 2)] + [each] * numbers


def print_number_size(grid: Grid, widths: list[float] | None = None) -> float | None:
    """The size (pt) at which every number of the grid stays whole in print inside the 156 mm type area.

    None when 五号 fits. Numbers never wrap (white-space: nowrap), so a table whose numbers are wider
    than the type area made Chromium shrink the whole page to 11 pt; 6-digit 表四 values need 8 pt.
    Numbers sit at the end of their row, so a cell's columns are counted from the right. With
    `widths` (print_columns) each column holds its own numbers; without, they share what the labels leave.
    """
    need = [0.0] * grid.columns  # per grid column: digits it must hold
    for row in grid.head + grid.body:
        end = grid.columns
        for cell in reversed([c for c in row if c.key]):
            start = max(end - cell.colspan, 0)
            for col in range(start, end):
                need[col] = max(need[col], len(cell.text) / cell.colspan)
            end = start
    numbers = [n for n in need if n]
    if not numbers:
        return None
    if widths:
        room = min((w / 100 * TYPE_WIDTH_PT - CELL_PAD_PT) / (n * DIGIT_EM) for w, n in zip(widths, need, strict=True) if n)
        size = math.floor(2 * room) / 2
    else:
        labels = grid.columns - len(numbers)
        room = TYPE_WIDTH_PT - labels * LABEL_PT - len(numbers) * CELL_PAD_PT
        size = math.floor(2 * room / (sum(numbers) * DIGIT_EM)) / 2 if room > 0 else SMALLEST_PT
    return None if size >= TABLE_PT else max(size, SMALLEST_PT)


def numbered_issues(issues: list[dict]) -> list[dict]:
    """Issues with a running number (the anchor #issue-N) and the Chinese severity."""
    return [{**issue, "n": n, "severity_zh": SEVERITY_ZH.get(issue.get("severity", ""), "")}
            for n, issue in enumerate(issues, 1)]


def cell_issues(issues: list[dict]) -> dict[str, dict]:
    """Cell key → its issues: `primary` when the cell is the one a rule fails on, else related."""
    index: dict[str, dict] = {}

    def add(key: str, issue: dict, primary: bool) -> None:
        entry = index.setdefault(key, {"numbers": [], "messages": [], "primary": False, "error": False})
        if issue["n"] not in entry["numbers"]:
            entry["numbers"].append(issue["n"])
            entry["messages"].append(f"{issue['severity_zh']}：{issue['message']}")
        entry["primary"] = entry["primary"] or primary
        entry["error"] = entry["error"] or (primary and issue.get("severity") == "error")

    for issue in issues:
        if issue.get("path"):
            add(issue["path"], issue, True)
        for rel in issue.get("related") or []:
            if rel.get("path"):
                add(rel["path"], issue, False)
    return index


def _cells_under(index: dict[str, dict], keys: list[str]) -> dict[str, dict]:
    """Row-level issues ("requests.received") also mark every cell of that row."""
    out: dict[str, dict] = {}
    for key in keys:
        hits = [entry for path, entry in index.items() if key == path or key.startswith(path + ".")]
        if hits:
            out[key] = {
                "numbers": sorted({n for h in hits for n in h["numbers"]}),
                "messages": [m for h in hits for m in h["messages"]],
                "primary": any(h["primary"] for h in hits),
                "error": any(h["error"] for h in hits),
            }
    return out


def section_issues(issues: list[dict], section_keys: list[str]) -> dict[str, list[dict]]:
    """Section key → the issues whose path lies in it (listed again under that section)."""
    out: dict[str, list[dict]] = {key: [] for key in section_keys}
    for issue in issues:
        head = (issue.get("path") or "").split(".")[0]
        if head in out:
            out[head].append(issue)
    return out


def html_variables(context: dict) -> dict:
    """The render context plus what the HTML template needs to show issues in place.

    serve.py adds `preview`, `reload_url` and `version` to the context; built files have none of them.
    """
    show = bool(context.get("preview") or context.get("draft"))
    issues = numbered_issues(context["issues"]) if show else []
    keys = [cell.key for grid in context["tables"].values()
            for row in grid.head + grid.body for cell in row if cell.key]
    columns = {key: print_columns(grid) for key, grid in context["tables"].items()}
    extra = {
        "show_issues": show,
        "numbered_issues": issues,
        "cell_issues": _cells_under(cell_issues(issues), keys) if issues else {},
        "section_issues": section_issues(issues, [s["key"] for s in context["sections"]]),
        "tbodies": tbodies,
        "print_columns": columns,
        "number_sizes": {key: print_number_size(grid, columns[key]) for key, grid in context["tables"].items()},
        "preview": bool(context.get("preview")),
        "reload_url": context.get("reload_url", ""),
        "version": context.get("version", 0),
    }
    return {**context, **extra}


def render_html(context: dict, templates_dir: Path | None = None) -> bytes:
    """The report page as UTF-8 bytes, from '<edition>/report.html.j2'."""
    template = env.report_template(templates_dir, context["edition"]["id"], "html")
    return env.render(template, html_variables(context)).encode("utf-8")
