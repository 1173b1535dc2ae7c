"""HTML: one self-contained page per report, with issues shown in place for drafts and the preview."""

from __future__ import annotations

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


def numbered_issues(issues: list[dict]) -> list[dict]:
    """Issues with a running number (the anchor #issue-N) and the Chinese severity."""
    return [{**issue, "n": n, "severity_zh": SEVERITY_ZH.get(issue.get("severity"), "")}  # type: ignore[arg-type]
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
    extra = {
        "show_issues": show,
        "numbered_issues": issues,
        "cell_issues": _cells_under(cell_issues(issues), keys) if issues else {},
        "section_issues": section_issues(issues, [s["key"] for s in context["sections"]]),
        "tbodies": tbodies,
        "preview": bool(context.get("preview")),
        "reload_url": context.get("reload_url", ""),
        "version": context.get("version", 0),
    }
    return {**context, **extra}


def render_html(context: dict, templates_dir: Path | None = None) -> bytes:
    """The report page as UTF-8 bytes, from '<edition>/report.html.j2'."""
    template = env.report_template(templates_dir, context["edition"]["id"], "html")
    return env.render(template, html_variables(context)).encode("utf-8")
