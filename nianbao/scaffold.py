"""init: a complete, commented YAML scaffold for the report year's edition."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from nianbao import editions
from nianbao.check import check_file, choose_edition
from nianbao.check.editor_schema import modeline
from nianbao.editions import Block, Edition, RowNode, zh_count
from nianbao.errors import NianbaoError
from nianbao.issues import ERROR, Issue
from nianbao.load import load_file
from nianbao.yamlwriter import (
    INDENT,
    RowLine,
    columns_note,
    commented,
    flow_row,
    heading,
    kind_comment,
    literal,
    placeholder,
    proactive,
    request_tree,
    reviews,
    scalar,
)


def default_year(today: dt.date | None = None) -> int:
    """The year a report begun today is most likely for: drafting starts in November, publication ends 31 January."""
    today = today or dt.date.today()
    return today.year if today.month >= 11 else today.year - 1


def _tree_row(ed: Edition, carried_in: dict | str | None) -> RowLine:
    """One 表三 row of the scaffold: 总计 rows commented out, 结转下年度 as zeros to fill in, 上年结转 carried in."""
    def row(pad: str, node: RowNode) -> str:
        key, label = node.key, node.label
        if node.role == "total":
            return f"{pad}# {key}: {{}}{' ' * 10}# {label}：省略则自动计算；填写则核对"
        if node.role == "carried_out":
            zeros = {c.key: 0 for c in ed.requests.columns}
            return flow_row(f"{pad}{key}:", zeros, f"{label}：必须填写（全为 0 也写出），它是核对本表的依据")
        values = carried_in if key == "carried_in" else None
        if isinstance(values, str):  # last year's 结转 is unknown: the person must copy it
            return commented(f"{pad}{key}: {values}", label)
        return flow_row(f"{pad}{key}:", values, label)
    return row


def scaffold(year: int, agency: str = "", kind: str = "department", carried_in: dict | str | None = None,
             edition: Edition | None = None, previous: str | None = None,
             carried_rows: dict[str, dict] | None = None) -> str:
    """The YAML text `nianbao init` writes; every key carries its official label as a comment."""
    ed = edition or editions.for_year(year)
    top = ed.top_labels
    name = scalar(agency) if agency else placeholder(top["agency.name"])
    out = [
        modeline(ed.id),
        f"# {year}年政府信息公开工作年度报告 · 按 {ed.document}《{ed.format_name}》（{ed.id} 版）填写",
        "# 检查：nianbao check 本文件；生成：nianbao build 本文件 --to docx,html,txt",
        commented(f"year: {year}", top["year"]),
        commented("agency:", top["agency"]),
        commented(f"  name: {name}", top["agency.name"]),
        commented(f"  kind: {kind}", kind_comment(ed)),
        commented(f"published: {placeholder(f'如 {year + 1}-01-20')}", top["published"] + "：必须填写，须在条例规定期限内"),
        *([commented(f"previous: {previous}", top["previous"] + "：跨年度核对（上年结转等）据此自动进行")]
          if previous else []),
        commented(f"# edition: {ed.id}", top["edition"] + "：可省略，按年度自动选择"),
        commented("# title: …", "可省略：默认「机关名称+年度+" + ed.title_suffix + "」"),
        commented("# preamble: |", "可省略：默认按条例生成引言（依据、统计期限）"),
        "",
        commented("overview:", ed.label("overview") + f"：一段 Markdown，或以下{zh_count(len(ed.overview_parts))}部分"),
    ]
    for part in ed.overview_parts:
        out += literal(part.key, f"{year}年，{placeholder(part.title + '情况')}", part.heading, INDENT)
    for section in (s for s in ed.prose_sections if s.role != "overview"):  # 五、六 and any a variant adds
        what = section.title + ("；确实没有，写“无。”" if section.role == "other" else "")
        out += literal(section.key, placeholder(what), ed.label(section.key), body=INDENT * 2)

    def proactive_row(block: Block, row: RowNode) -> str:
        kept = (carried_rows or {}).get(row.path)
        note = f"{row.label}；{'、'.join(c.label for c in block.columns if c.key in kept)}取自上年，请按本年制发、废止更新" \
            if kept else row.label
        return flow_row(f"  {row.path}:", {**{c.key: 0 for c in block.columns}, **(kept or {})}, note)

    out += proactive(ed, proactive_row)
    out += heading(ed, "requests") + [
        f"  # 每行：申请人各列的映射，或按官方列序的列表（{len(ed.requests.columns)} 个数，含总计）。"
        f"列：{columns_note(ed.requests.columns)}",
        "  # 省略的格为 0；省略的总计列自动计算，填写的总计必须核对一致；结转下年度必须填写",
    ]
    out += request_tree(ed, _tree_row(ed, carried_in))
    out += reviews(ed, "（每行的总计必须填写并核对）", lambda part: flow_row(
        f"  {part.path}:", {c.key: 0 for c in ed.reviews.columns}, part.label))
    return "\n".join(out) + "\n"


@dataclass
class CarryOver:
    """`init --from`: the new year's scaffold and what the clerk should know about it."""

    text: str
    edition_id: str  # the new year's edition (its editor schema goes beside the file)
    warnings: list[str] = field(default_factory=list)


def _previous_ref(previous_path: str, output: str | None) -> str:
    """last year's file as the new file will name it: relative to where the new file is written."""
    start = Path(output).resolve().parent if output else Path.cwd()
    try:
        return Path(os.path.relpath(Path(previous_path).resolve(), start)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(previous_path).resolve().as_posix()


def _in_force(result, prev_ed: Edition, this_ed: Edition) -> dict[str, dict]:
    """现行有效件数 of last year's rows that this year's edition has too (the starting point, to be updated)."""
    carried: dict[str, dict] = {}
    if result.values is None:
        return carried
    this_cols = {(row.path, c.key) for b in this_ed.proactive.blocks for row in b.rows for c in b.columns}
    for path, _block, row, col in prev_ed.proactive.cells():
        if col.key == "in_force" and (row.path, col.key) in this_cols and result.values.known(path):
            carried.setdefault(row.path, {})[col.key] = result.values[path]
    return carried


def carry_over(previous_path: str, year: int | None = None, agency: str = "", output: str | None = None,
               force: bool = False) -> CarryOver:
    """A scaffold for the year after `previous_path`: agency, 上年结转, 现行有效件数 and `previous:` carried forward.

    Raises NianbaoError naming last year's errors (its 结转 would be wrong) unless `force`."""
    prev = load_file(previous_path)
    result = check_file(previous_path)
    if result.errors and not force:
        raise NianbaoError(list(result.errors) + [Issue(
            ERROR, "carry-over", "", f"上年度报告有 {len(result.errors)} 个错误，带入的结转数等可能不对；"
            "请先改正上年报告，或加 --force 照样生成", file=str(previous_path))])
    ed, _ = choose_edition(prev)
    raw_year = prev.data.get("year")
    known_year = isinstance(raw_year, int) and not isinstance(raw_year, bool)
    prev_year = raw_year if known_year and isinstance(raw_year, int) else default_year() - 1
    warnings = []
    if year and known_year and year != prev_year + 1:
        warnings.append(f"上年度报告是 {prev_year} 年度的，新报告却是 {year} 年度（不是 {prev_year + 1}）；"
                        "结转数与跨年度核对按相邻年度设计，请确认年度")
    year = year or prev_year + 1
    this_ed = editions.for_year(year)
    raw_agency = prev.data.get("agency")
    agency_map: dict = raw_agency if isinstance(raw_agency, dict) else {}
    name, kind = agency_map.get("name"), agency_map.get("kind")  # carried forward only when they are text
    carried: dict | str | None = None
    if result.values is not None and ed is not None:
        out_row = ed.requests.carried_out
        cells = {c.key: result.values[f"requests.{out_row.path}.{c.key}"] for c in ed.requests.columns}
        carried = {k: v for k, v in cells.items() if v}
        if any(i.code == "carried-out-missing" for i in result.issues):  # never derived, so not known
            carried = placeholder(f"上年报告未写“{out_row.label}”，请照上年公布的表格填写")
    text = scaffold(year, agency or (name if isinstance(name, str) else ""),
                    kind if isinstance(kind, str) else "department", carried, this_ed,
                    previous=_previous_ref(previous_path, output), carried_rows=_in_force(result, ed, this_ed))
    return CarryOver(text, this_ed.id, warnings)


def scaffold_from(previous_path: str, year: int | None = None) -> str:
    """The carried-over scaffold text alone (see carry_over)."""
    return carry_over(previous_path, year, force=True).text


def agency_warning(agency: str, year: int | None = None) -> str | None:
    """What init says about an --agency longer than the schema allows (check would refuse it), or None."""
    ed = editions.for_year(year) if year else editions.all_editions()[-1]
    limit = ed.input_schema.get("agency", {}).get("schema", {}).get("name", {}).get("maxlength")
    if limit is None or len(agency) <= limit:
        return None
    return (f"{ed.top_labels['agency.name']}长 {len(agency)} 个字，超过上限 {limit} 个字，校验时会报错；"
            "请检查是否误粘贴了其他内容")
