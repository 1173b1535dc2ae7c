"""The imported report as YAML in the DESIGN.md format, with the Chinese comments of `nianbao init`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from nianbao.editions import Edition, walk
from nianbao.importer.meta import Meta
from nianbao.importer.normalize import label_key
from nianbao.importer.tables import Found
from nianbao.placeholder import placeholder
from nianbao.scaffold import _comment_pad, _row, scalar


@dataclass
class Narrative:
    """The prose sections as Markdown; None = the section is missing from the source."""

    preamble: str | None = None
    overview: str | dict[str, str] | None = None
    overview_titles: dict[str, str] = field(default_factory=dict)  # the source's own part sub-headings
    problems: str | None = None
    other: str | None = None
    notes: dict[str, str] = field(default_factory=dict)  # section key → note for its comment


def number(value: object) -> str:
    """A cell value as YAML: 25.1, never 2.51E+1."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _block(key: str, text: str | None, comment: str, indent: str = "") -> list[str]:
    if text is None:
        return [f"{indent}# {key}: 原文缺此节（{comment}），未导入"]
    if not text.strip():
        return [_comment_pad(f'{indent}{key}: ""', comment)]
    lines = [_comment_pad(f"{indent}{key}: |", comment)]
    lines += [f"{indent}  {line}" if line else "" for line in text.split("\n")]
    return lines


def _cells(found: Found, path: str, columns) -> tuple[dict[str, str], list[str]]:
    values, gaps = {}, []
    for col in columns:
        cell = f"{path}.{col.key}"
        if cell in found.values:
            values[col.key] = number(found.values[cell])
        else:
            gaps.append(f"{col.label}（{found.missing.get(cell, '未导入')}）")
    return values, gaps


def _data_row(found: Found, pad: str, key: str, path: str, columns, label: str) -> str:
    values, gaps = _cells(found, path, columns)
    notes = list(found.notes.get(path, []))
    if not values:
        reasons = sorted({found.missing.get(f"{path}.{c.key}", "未导入") for c in columns})
        return f"{pad}# {key}: 未导入——{'；'.join(reasons)}（{label}）"
    if gaps:
        notes.append("未导入：" + "、".join(gaps))
    return _row(f"{pad}{key}:", values, "；".join([label] + notes))


def _requests(ed: Edition, found: Found, out: list[str]) -> None:
    for visit in walk(ed.requests.tree):
        node = visit.node
        pad = "  " * (1 + sum(1 for p in visit.parents if p.key))
        if node.group and node.key:
            out.append(_comment_pad(f"{pad}{node.key}:", node.label))
        elif node.group:
            out.append(f"{pad}# {node.label}")
        else:
            out.append(_data_row(found, pad, str(node.key), f"requests.{node.path}", ed.requests.columns, node.label))


def emit(ed: Edition, meta: Meta, text: Narrative, found: Found, source: str, declare_edition: bool,
         header: list[str]) -> str:
    """The YAML text: metadata, narrative, then every table number in the official row order."""
    top = ed.top_labels
    out = [f"# 由 nianbao import 从 {source} 导入（{ed.id} 版格式：{ed.document}《{ed.format_name}》）",
           "# 导入结果须人工核对；未能导入的内容在下面的注释里逐项说明。"]
    out += ["# " + " ".join(line.split("\n")) for line in header]
    out.append(_comment_pad(f"year: {meta.year}", top["year"]) if meta.year else f"# year: 原文未能识别（{top['year']}），请填写")
    out.append(_comment_pad("agency:", top["agency"]))
    notes = [n for n in meta.notes if n.startswith("机关")]
    name = meta.agency or placeholder(top["agency.name"] + "（原文未能识别）")
    out.append(_comment_pad(f"  name: {scalar(name)}", "；".join([top["agency.name"]] + notes)))
    out.append(_comment_pad(f"  kind: {meta.kind}", "department | government（" + "；".join(
        f"{k}：{v}" for k, v in ed.agency_kinds.items()) + "）"))
    date_notes = [n for n in meta.notes if n.startswith("发布")]
    if meta.published:
        out.append(_comment_pad(f"published: {meta.published.isoformat()}", "；".join([top["published"]] + date_notes)))
    else:
        out.append(f"# published: 原文未载发布日期（{top['published']}）")
    edition_line = f'edition: "{ed.id}"'
    out.append(_comment_pad(edition_line if declare_edition else "# " + edition_line,
                            top["edition"] + ("：原表所用格式与报告年度不符" if declare_edition else "：可省略，按年度自动选择")))
    if meta.title:
        out.append(_comment_pad(f"title: {scalar(meta.title)}", top["title"] + "：原文标题照录"))
    out += _block("preamble", text.preamble, top["preamble"]) if text.preamble else []
    out.append("")
    overview_label = ed.label("overview") + text.notes.get("overview", "")
    if isinstance(text.overview, dict):
        out.append(_comment_pad("overview:", overview_label))
        for part in ed.overview_parts:
            own = text.overview_titles.get(part.key)
            differs = own and label_key(own).body != label_key(part.title).body
            comment = part.number + part.title + (f"；原文：{own}" if differs else "")
            out += _block(part.key, text.overview.get(part.key, ""), comment, "  ")
    else:
        out += _block("overview", text.overview, overview_label)
    for key in ("problems", "other"):
        out += _block(key, getattr(text, key), ed.label(key) + text.notes.get(key, ""))
    out += ["", _comment_pad("proactive:", ed.label("proactive"))]
    for block in ed.proactive.blocks:
        out.append(f"  # {block.caption}：" + "、".join(f"{c.key} {c.label}" for c in block.columns))
        for row in block.rows:
            out.append(_data_row(found, "  ", row.path, f"proactive.{row.path}", block.columns, row.label))
    cols = "、".join(f"{c.key} {c.label}" for c in ed.requests.columns)
    out += ["", _comment_pad("requests:", ed.label("requests")), f"  # 列：{cols}"]
    _requests(ed, found, out)
    out += ["", _comment_pad("reviews:", ed.label("reviews"))]
    out.append("  # 列：" + "、".join(f"{c.key} {c.label}" for c in ed.reviews.columns))
    for review_row in ed.reviews.parts:
        out.append(_data_row(found, "  ", review_row.path, f"reviews.{review_row.path}", ed.reviews.columns,
                             ed.label(f"reviews.{review_row.path}").split(" · ", 1)[1]))
    return _UNPRINTABLE.sub("", "\n".join(out) + "\n")


# What YAML cannot hold (controls, lone surrogates, noncharacters) or would read as a line break (CR,
# NEL, LS, PS): source text quoted in comments (original headings, notes) must never carry them in.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
