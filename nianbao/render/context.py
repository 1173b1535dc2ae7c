"""compute, second half: a checked report → the render context. Templates do no arithmetic."""

from __future__ import annotations

import datetime as dt
import json
from typing import cast

from nianbao.check import CheckResult
from nianbao.compute import fmt_number, zh_date
from nianbao.load.chars import printable_tree
from nianbao.render.grid import grids
from nianbao.render.title import title_lines, title_words


def default_preamble(ctx_year: int, agency: str, edition, section_titles: list[str]) -> str:
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《{edition.format_name}》"
        f"（{edition.document}）要求，由{agency}编制。全文包括{'、'.join(section_titles)}。"
        f"本报告所列数据的统计期限为{ctx_year}年1月1日至{ctx_year}年12月31日。"
    )


def _text(value) -> str:
    return value.strip("\n") if isinstance(value, str) else ""


def build_context(result: CheckResult) -> dict:
    """Everything a template needs, with every number already computed and formatted."""
    report, ed, values = result.report, result.edition, result.values
    if report is None or ed is None or values is None:
        raise ValueError("cannot render a report that could not be read")
    # no renderer ever sees a control character or lone surrogate; printable_tree keeps the shape (a dict in, a dict out)
    data = cast(dict, printable_tree(report.data))
    year = data["year"] if isinstance(data.get("year"), int) else 0
    agency: dict = data["agency"] if isinstance(data.get("agency"), dict) else {}
    name = str(agency.get("name") or "")
    title = _text(data.get("title")) or f"{name}{year}年{ed.title_suffix}"
    published = data.get("published") if isinstance(data.get("published"), dt.date) else None
    sections = []
    overview = data.get("overview")
    for s in ed.sections:
        entry: dict = {"key": s.key, "number": s.number, "title": s.title, "heading": s.heading,
                 "table": s.table, "markdown": "", "parts": []}
        if s.role == "overview" and isinstance(overview, dict):
            entry["parts"] = [
                {"key": p.key, "number": p.number, "title": p.title, "heading": p.number + p.title,
                 "markdown": _text(overview.get(p.key))}
                for p in ed.overview_parts
            ]
        elif s.role == "overview":
            entry["markdown"] = _text(overview)
        elif not s.table:
            entry["markdown"] = _text(data.get(s.key))
        sections.append(entry)
    preamble = _text(data.get("preamble")) or default_preamble(year, name, ed, [s.title for s in ed.sections])
    tables = grids(ed, values)
    lines = title_lines(title, ed.title_suffix, name)
    return cast(dict, printable_tree({
        "year": year,
        "edition": {"id": ed.id, "document": ed.document, "format_name": ed.format_name},
        "agency": {"name": name, "kind": agency.get("kind", "department")},
        "signatory": _text(data.get("signatory")).strip() or name,
        "attachments": [a.strip() for a in data.get("attachments") or [] if isinstance(a, str) and a.strip()]
        if isinstance(data.get("attachments"), list) else [],
        "attachments_label": ed.top_labels["attachments"],
        "title": title,
        "title_lines": lines,
        "title_words": [title_words(line, title, name, ed.title_suffix) for line in lines],
        "preamble": preamble,
        "published": published,
        "date_text": zh_date(published),
        "sections": sections,
        "tables": tables,
        "values": {k: fmt_number(v) for k, v in values.cells.items()},
        "draft": not result.ok,
        "draft_label": "草稿·未通过校验",
        "issues": [i.to_dict() for i in result.issues],
        "data_json": report_json(result),
    }))


def report_json(result: CheckResult) -> str:
    """The report data embedded in outputs: input as written plus every computed cell."""
    data = result.report.data if result.report else {}
    payload = {"input": data, "cells": result.values.cells if result.values else {},
               "edition": result.edition.id if result.edition else None}
    text = json.dumps(payload, ensure_ascii=False, default=str, sort_keys=True, allow_nan=False)  # load refuses NaN
    # Safe inside <script type="application/json">: no tag can be closed from the data.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
