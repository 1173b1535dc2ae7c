"""The imported report as YAML in the DESIGN.md format, with the Chinese comments of `nianbao init`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from nianbao.editions import Edition
from nianbao.importer.meta import Meta
from nianbao.importer.normalize import label_key
from nianbao.importer.tables import Found
from nianbao.yamlwriter import (
    columns_note,
    commented,
    flow_row,
    heading,
    kind_comment,
    literal,
    placeholder,
    printable,
    proactive,
    request_tree,
    reviews,
    scalar,
)


@dataclass
class Narrative:
    """The prose sections as Markdown; None = the section is missing from the source."""

    preamble: str | None = None
    overview: str | dict[str, str] | None = None
    overview_titles: dict[str, str] = field(default_factory=dict)  # the source's own part sub-headings
    prose: dict[str, str] = field(default_factory=dict)  # the other prose sections found (五, 六, …), by key
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
        return [commented(f'{indent}{key}: ""', comment)]
    return literal(key, text, comment, indent)


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
    return flow_row(f"{pad}{key}:", values, "；".join([label] + notes))


def emit(ed: Edition, meta: Meta, text: Narrative, found: Found, source: str, declare_edition: bool,
         header: list[str]) -> str:
    """The YAML text: metadata, narrative, then every table number in the official row order."""
    top = ed.top_labels
    out = [f"# 由 nianbao import 从 {source} 导入（{ed.id} 版格式：{ed.document}《{ed.format_name}》）",
           "# 导入结果须人工核对；未能导入的内容在下面的注释里逐项说明。"]
    out += ["# " + " ".join(line.split("\n")) for line in header]
    out.append(commented(f"year: {meta.year}", top["year"]) if meta.year else f"# year: 原文未能识别（{top['year']}），请填写")
    out.append(commented("agency:", top["agency"]))
    notes = [n for n in meta.notes if n.startswith("机关")]
    name = meta.agency or placeholder(top["agency.name"] + "（原文未能识别）")
    out.append(commented(f"  name: {scalar(name)}", "；".join([top["agency.name"]] + notes)))
    out.append(commented(f"  kind: {meta.kind}", kind_comment(ed)))
    date_notes = [n for n in meta.notes if n.startswith("发布")]
    if meta.published:
        out.append(commented(f"published: {meta.published.isoformat()}", "；".join([top["published"]] + date_notes)))
    else:
        out.append(f"# published: 原文未载发布日期（{top['published']}）")
    edition_line = f'edition: "{ed.id}"'
    out.append(commented(edition_line if declare_edition else "# " + edition_line,
                            top["edition"] + ("：原表所用格式与报告年度不符" if declare_edition else "：可省略，按年度自动选择")))
    if meta.title:
        out.append(commented(f"title: {scalar(meta.title)}", top["title"] + "：原文标题照录"))
    out += _block("preamble", text.preamble, top["preamble"]) if text.preamble else []
    out.append("")
    overview_label = ed.label("overview") + text.notes.get("overview", "")
    if isinstance(text.overview, dict):
        out.append(commented("overview:", overview_label))
        for part in ed.overview_parts:
            own = text.overview_titles.get(part.key)
            differs = own and label_key(own).body != label_key(part.title).body
            comment = part.number + part.title + (f"；原文：{own}" if differs else "")
            out += _block(part.key, text.overview.get(part.key, ""), comment, "  ")
    else:
        out += _block("overview", text.overview, overview_label)
    for key in (s.key for s in ed.prose_sections if s.role != "overview"):
        out += _block(key, text.prose.get(key), ed.label(key) + text.notes.get(key, ""))
    out += proactive(ed, lambda block, row: _data_row(found, "  ", row.path, f"proactive.{row.path}", block.columns,
                                                     row.label))
    out += heading(ed, "requests") + [f"  # 列：{columns_note(ed.requests.columns)}"]
    out += request_tree(ed, lambda pad, node: _data_row(found, pad, str(node.key), f"requests.{node.path}",
                                                        ed.requests.columns, node.label))
    out += reviews(ed, "", lambda part: _data_row(found, "  ", part.path, f"reviews.{part.path}", ed.reviews.columns,
                                                  part.label))
    return printable("\n".join(out) + "\n")  # source text in comments never carries a control or line break in
