"""Plain text for pasting into a website CMS: official markers kept, tables aligned by display width."""

from __future__ import annotations

from pathlib import Path

from nianbao.issues import SEVERITY_ZH
from nianbao.render import env
from nianbao.render.text_table import text_table


def text_variables(context: dict) -> dict:
    """The render context plus the text tables and issue labels."""
    return {
        **context,
        "text_tables": {key: text_table(grid) for key, grid in context["tables"].items()},
        "severity_zh": SEVERITY_ZH,
    }


def render_text(context: dict, templates_dir: Path | None = None) -> bytes:
    """The report as UTF-8 plain text, from '<edition>/report.txt.j2'."""
    template = env.report_template(templates_dir, context["edition"]["id"], "txt")
    return env.render(template, text_variables(context)).encode("utf-8")
