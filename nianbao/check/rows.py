"""Table rows as the user wrote them (mapping or list) → one flat cell map."""

from __future__ import annotations

from nianbao.editions import Column, Edition
from nianbao.issues import ERROR, Issue
from nianbao.load import Report


def _row_specs(edition: Edition) -> list[tuple[str, tuple[Column, ...]]]:
    """(row path, columns in official order) for every data row of every table."""
    specs = [(f"proactive.{row.key}", block.columns) for block in edition.proactive.blocks for row in block.rows]
    specs += [(f"requests.{row.path}", edition.requests.columns) for row in edition.requests.rows]
    specs += [(f"reviews.{part.key}", edition.reviews.columns) for part in edition.reviews.parts]
    return specs


def value_at(data: dict, path: str):
    """The value at a dotted key path of the input, or None where any step is missing or not a mapping."""
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _set(data: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    node[last] = value


def normalize(report: Report, edition: Edition) -> list[Issue]:
    """Rewrite list-form rows as mappings in place (with source positions); a list of the wrong length becomes {}.

    A null row stays null: "not written" must stay apart from a written row of zeros (`carried_out: {}`).
    """
    issues: list[Issue] = []
    for path, columns in _row_specs(edition):
        value = value_at(report.data, path)
        parent = value_at(report.data, path.rpartition(".")[0])
        if not isinstance(parent, dict) or path.rpartition(".")[2] not in parent:
            continue
        if isinstance(value, list):
            if len(value) != len(columns):  # never a guess at which column was left out
                line, col = report.where(path)
                issues.append(
                    Issue(
                        ERROR, "row-length", path,
                        f"{edition.label(path)}：按列序填写应有 {len(columns)} 个数，实际 {len(value)} 个"
                        f"（列序：{'、'.join(c.label for c in columns)}）；无法判断是哪一列多了或少了，"
                        "请逐列核对，或改用“键: 数”的写法",
                        file=report.file, line=line, col=col, expected=len(columns), actual=len(value),
                    )
                )
                _set(report.data, path, {})
                continue
            mapping = {}
            for i, (column, item) in enumerate(zip(columns, value, strict=False)):
                mapping[column.key] = item
                pos = report.source.get(f"{path}[{i}]")
                if pos:
                    report.source[f"{path}.{column.key}"] = pos
            _set(report.data, path, mapping)
    return issues


def given_cells(report: Report, edition: Edition) -> dict[str, object]:
    """Every table cell the user actually wrote, by full key path."""
    cells: dict[str, object] = {}
    for path, columns in _row_specs(edition):
        row = value_at(report.data, path)
        if isinstance(row, dict):
            for col in columns:
                if col.key in row:
                    cells[f"{path}.{col.key}"] = row[col.key]
    return cells
