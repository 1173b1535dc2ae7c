"""compute, second half: a checked report → the render context. Templates do no arithmetic."""

from __future__ import annotations

import datetime as dt
import json

from nianbao.chars import printable_tree
from nianbao.check import CheckResult
from nianbao.compute import fmt_number, zh_date
from nianbao.render.grid import grids

TITLE_WIDTH = 20  # 2号 characters per line in the 156 mm type area


def title_lines(title: str, suffix: str, width: int = TITLE_WIDTH) -> list[str]:
    """Break a title between words, upper line longer (梯形), never inside 政府信息公开工作年度报告."""
    if len(title) <= width:
        return [title]
    candidates = []
    if title.endswith(suffix):
        candidates.append(len(title) - len(suffix))
    candidates += [i + 1 for i, ch in enumerate(title) if ch == "年" and title[i - 4:i].isdigit()]
    good = [c for c in candidates if 0 < c < len(title) and c <= width and len(title) - c <= width]
    upper_longer = [c for c in good if c >= len(title) - c]
    if upper_longer:
        cut = min(upper_longer, key=lambda c: c - (len(title) - c))
    elif good:
        cut = max(good)
    else:
        cut = width
    return [title[:cut]] + title_lines(title[cut:], suffix, width)


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
    data = printable_tree(report.data)  # no renderer ever sees a control character or lone surrogate
    year = data.get("year") if isinstance(data.get("year"), int) else 0
    agency = data.get("agency") if isinstance(data.get("agency"), dict) else {}
    name = str(agency.get("name") or "")
    title = _text(data.get("title")) or f"{name}{year}年{ed.title_suffix}"
    published = data.get("published") if isinstance(data.get("published"), dt.date) else None
    sections = []
    overview = data.get("overview")
    for s in ed.sections:
        entry = {"key": s.key, "number": s.number, "title": s.title, "heading": s.heading,
                 "table": s.table, "markdown": "", "parts": []}
        if s.key == "overview" and isinstance(overview, dict):
            entry["parts"] = [
                {"key": p.key, "number": p.number, "title": p.title, "heading": p.number + p.title,
                 "markdown": _text(overview.get(p.key))}
                for p in ed.overview_parts
            ]
        elif s.key == "overview":
            entry["markdown"] = _text(overview)
        elif not s.table:
            entry["markdown"] = _text(data.get(s.key))
        sections.append(entry)
    preamble = _text(data.get("preamble")) or default_preamble(year, name, ed, [s.title for s in ed.sections])
    tables = grids(ed, values)
    return printable_tree({
        "year": year,
        "edition": {"id": ed.id, "document": ed.document, "format_name": ed.format_name},
        "agency": {"name": name, "kind": agency.get("kind", "department")},
        "title": title,
        "title_lines": title_lines(title, ed.title_suffix),
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
    })


def report_json(result: CheckResult) -> str:
    """The report data embedded in outputs: input as written plus every computed cell."""
    data = result.report.data if result.report else {}
    payload = {"input": data, "cells": result.values.cells if result.values else {},
               "edition": result.edition.id if result.edition else None}
    text = json.dumps(payload, ensure_ascii=False, default=str, sort_keys=True)
    # Safe inside <script type="application/json">: no tag can be closed from the data.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
