"""Edition registry: the official formats as data, one file each, discovered in schemas/ and user folders.

An edition is the file `<id>.yaml` (files starting with `_` are shared parts). Folders named in the
environment variable NIANBAO_EDITIONS (separated like PATH) are searched too, after the package, so a
province can declare its variant (same id: it replaces the shipped one) or a new format (a new id)
without touching the package.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import cast

import yaml

from nianbao.datacache import load_yaml
from nianbao.settings import EDITIONS_ENV

SCHEMA_DIR = Path(__file__).with_name("schemas")  # a plain folder: importlib.resources costs more than it gives
EDITION_PROBLEMS: list[str] = []  # user edition files that cannot be used, in Chinese (the CLI stops on them)
_NOT_EDITIONS = {"import_aliases.yaml"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str = "count"  # count | signed | money
    unit: str | None = None
    group: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class ColumnGroup:
    """Adjacent columns under one spanning header (表三's 法人或其他组织), declared in the layout's column_groups."""

    key: str  # what a column's `group:` names
    label: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class RowNode:
    """A row of a table as the edition file nests it: a data row (no children) or a group of rows."""

    key: str | None  # its own key below its parent ("state_secret"); None for a heading group without one
    path: str  # key path below the table ("withheld.state_secret"); an unkeyed group has its parent's path
    label: str
    role: str | None = None  # what a rule finds it by: total | carried_out (the table's arithmetic) | unpaid_fee …
    children: tuple[RowNode, ...] = ()

    @property
    def group(self) -> bool:
        return bool(self.children)

    def leaves(self) -> tuple[RowNode, ...]:
        """The data rows at or below this node, in official order."""
        return tuple(v.node for v in walk((self,)) if not v.node.group)


@dataclass(frozen=True)
class Visit:
    """One node met by `walk`, with the groups that enclose it (outermost first)."""

    node: RowNode
    parents: tuple[RowNode, ...]

    @property
    def depth(self) -> int:
        return len(self.parents)


def walk(nodes: Iterable[RowNode], parents: tuple[RowNode, ...] = ()) -> Iterator[Visit]:
    """Every node of a row tree in official (pre-)order: the one walker of the row tree."""
    for node in nodes:
        yield Visit(node, parents)
        yield from walk(node.children, parents + (node,))


def leaves(nodes: Iterable[RowNode]) -> tuple[RowNode, ...]:
    """The data rows of a row tree, in official order."""
    return tuple(v.node for v in walk(nodes) if not v.node.group)


def row_tree(items: list, children_of: dict[str, list] | None = None, prefix: str = "") -> tuple[RowNode, ...]:
    """The RowNode tree of a table from the edition file's nested rows (`edition_children` filled in)."""
    out = []
    for item in items:
        key = item.get("key")
        path = f"{prefix}.{key}" if prefix and key else (key or prefix)
        kids = item.get("children") or []
        if item.get("edition_children"):
            kids = (children_of or {}).get(key, [])
        out.append(RowNode(key, path, item["label"], item.get("role"), row_tree(kids, children_of, path)))
    return tuple(out)


@dataclass(frozen=True)
class Block:
    """One 第二十条 block of 表二."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[RowNode, ...]

    def column(self, role: str) -> Column | None:
        """This block's column with `role` (e.g. in_force, read by the cross-year rules), or None."""
        return next((c for c in self.columns if c.role == role), None)


# Row roles the table's own arithmetic rests on; a row with another role (unpaid_fee) is an ordinary result row.
ARITHMETIC_ROLES = ("total", "carried_out")


@dataclass(frozen=True)
class Section:
    key: str  # its key in the report file
    number: str
    title: str
    table: str | None = None  # the table printed in it: proactive | requests | reviews
    role: str | None = None  # what the rules find it by: overview | problems | other

    @property
    def heading(self) -> str:
        return self.number + self.title


@dataclass(frozen=True)
class ProactiveTable:
    """表二 主动公开: blocks (one per 第二十条 item) of caption, column headers and rows on one grid."""

    heading: str
    grid: int  # columns of the grid: 1 label column + value sub-columns every block's columns divide
    label_header: str
    blocks: tuple[Block, ...]

    def cells(self) -> list[tuple[str, Block, RowNode, Column]]:
        return [(f"proactive.{row.path}.{col.key}", block, row, col)
                for block in self.blocks for row in block.rows for col in block.columns]


@dataclass(frozen=True)
class RequestTable:
    """表三 依申请公开: applicant columns under a corner cell and a tree of rows, with the rows the rules name."""

    heading: str
    corner: str
    applicants: str
    column_groups: tuple[ColumnGroup, ...]  # spanning headers over adjacent columns, in column order
    columns: tuple[Column, ...]
    tree: tuple[RowNode, ...]
    rows: tuple[RowNode, ...]  # the data rows of the tree, in official order
    received: RowNode  # 一、本年新收 (the first top-level row without a role)
    carried_in: RowNode  # 二、上年结转 (the second)
    total: RowNode  # role: total, （七）总计 = Σ details (R2)
    carried_out: RowNode  # role: carried_out, 四、结转下年度
    details: tuple[RowNode, ...]  # the result rows: data rows inside a group, without a role
    total_column: Column  # role: total
    part_columns: tuple[Column, ...]  # the columns 总计 sums

    def row(self, role: str) -> RowNode | None:
        """The data row with `role` (e.g. unpaid_fee, which not every edition has), or None."""
        return next((r for r in self.rows if r.role == role), None)

    def group_of(self, col: Column) -> ColumnGroup | None:
        """The spanning header group a column stands under, or None."""
        return next((g for g in self.column_groups if col in g.columns), None)

    @property
    def label_columns(self) -> int:
        """Label columns of the grid: one per level of the deepest row."""
        return 1 + max(v.depth for v in walk(self.tree))

    def cell(self, row: RowNode, col: Column) -> str:
        return f"requests.{row.path}.{col.key}"

    def cells(self) -> list[tuple[str, RowNode, Column]]:
        return [(self.cell(row, col), row, col) for row in self.rows for col in self.columns]


@dataclass(frozen=True)
class ReviewGroup:
    """A top header of 表四 (行政复议, 行政诉讼) over one or more parts."""

    label: str
    parts: tuple[RowNode, ...]


@dataclass(frozen=True)
class ReviewTable:
    """表四 复议诉讼: groups of parts, each part the same columns, on one data row."""

    heading: str
    groups: tuple[ReviewGroup, ...]
    parts: tuple[RowNode, ...]
    columns: tuple[Column, ...]
    total_column: Column
    part_columns: tuple[Column, ...]

    def cells(self) -> list[tuple[str, RowNode, Column]]:
        return [(f"reviews.{part.path}.{col.key}", part, col) for part in self.parts for col in self.columns]


@dataclass(frozen=True)
class Edition:
    """One official report format: sections, the three table layouts, labels and the input schema."""

    id: str
    document: str
    format_name: str
    year_from: int
    year_to: int | None
    lenient_years: tuple[int, ...]
    checks: tuple[str, ...]  # the edition-specific checks of the registry that apply to this format
    sections: tuple[Section, ...]
    overview_parts: tuple[Section, ...]
    proactive: ProactiveTable
    requests: RequestTable
    reviews: ReviewTable
    title_suffix: str
    agency_kinds: dict
    top_labels: dict
    input_schema: dict = field(repr=False, default_factory=dict)
    # previous edition id → {cell path here: the cell holding the same figure in a report of that format,
    # or None when it has none}; declared in the edition file for the cross-year rules (R6–R9)
    previous_map: dict[str, dict[str, str | None]] = field(default_factory=dict)

    @cached_property
    def cell_paths(self) -> frozenset[str]:
        """Every table cell's key path."""
        cells = [p for p, *_ in self.proactive.cells()] + [p for p, *_ in self.requests.cells()]
        return frozenset(cells + [p for p, *_ in self.reviews.cells()])

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this edition's layout declares, as rules name them (`@rule(roles=…)`): `proactive.<column
        role>`, `requests.<row role>`, `sections.<section role>`."""
        found = {f"proactive.{c.role}" for b in self.proactive.blocks for c in b.columns if c.role}
        found |= {f"sections.{s.role}" for s in self.sections if s.role}
        return frozenset(found | {f"requests.{r.role}" for r in self.requests.rows if r.role})

    def counterpart(self, path: str, previous: Edition) -> str | None:
        """The cell of a report in `previous`'s format that holds what cell `path` holds here, or None.

        Declared in this edition's `previous_edition_map`; a cell not declared there is the cell with the
        same key path, when that format has it, else the cell of the same role there (a 表二 column of that
        role in the same row, a 表三 row of that role in the same column)."""
        if previous.id == self.id:
            return path
        declared = self.previous_map.get(previous.id, {})
        if path in declared:
            return declared[path]
        if path in previous.cell_paths:
            return path
        role = self._cell_roles.get(path)
        return previous._cells_by_role.get(role) if role else None

    @cached_property
    def _cells_by_role(self) -> dict[tuple[str, str, str], str]:
        """(table, row, column) with a role standing for the row or column → the cell, where the role is unique."""
        found: dict[tuple[str, str, str], list[str]] = {}
        for path, _block, row, col in self.proactive.cells():
            if col.role:
                found.setdefault(("proactive", row.path, col.role), []).append(path)
        for path, row, col in self.requests.cells():
            if row.role:
                found.setdefault(("requests", row.role, col.key), []).append(path)
        return {key: paths[0] for key, paths in found.items() if len(paths) == 1}

    @cached_property
    def _cell_roles(self) -> dict[str, tuple[str, str, str]]:
        return {path: key for key, path in self._cells_by_role.items()}

    def covers(self, year: int) -> bool:
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def section_for(self, role: str) -> Section:
        """The section with `role` (overview, problems, other): every edition has one (checked when built)."""
        return next(s for s in self.sections if s.role == role)

    @property
    def prose_sections(self) -> tuple[Section, ...]:
        """The sections of text (no table), in official order: 一、五、六 and any a variant adds."""
        return tuple(s for s in self.sections if not s.table)

    @property
    def years_text(self) -> str:
        return f"{self.year_from}–{self.year_to} 年度" if self.year_to else f"{self.year_from} 年度起"

    @cached_property
    def labels(self) -> Labels:
        """The official labels of this format, built once from its layout: every stage reads them here."""
        return _labels(self)

    def label(self, path: str) -> str:
        """The official label of any key path, for messages: 表 · 行 · 列."""
        return self.labels.text.get(path, path)


def _sources() -> dict[str, Path]:
    """Edition id → its file: the package's, then each user folder's (a later one replaces an earlier)."""
    found: dict[str, Path] = {}
    folders = [SCHEMA_DIR]
    folders += [Path(p) for p in os.environ.get(EDITIONS_ENV, "").split(os.pathsep) if p and Path(p).is_dir()]
    for folder in folders:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            name = entry.name
            if name.endswith(".yaml") and not name.startswith("_") and name not in _NOT_EDITIONS:
                problem = None if folder is folders[0] else _unusable(entry)
                if problem:
                    EDITION_PROBLEMS.append(f"格式版本文件 {entry} 无法使用：{problem}")
                else:
                    found[name[: -len(".yaml")]] = entry
    return found


def _unusable(path: Path) -> str | None:
    """Why a user's edition file cannot be used (unreadable, not YAML, no edition id or years), or None."""
    stem = path.name.removesuffix(".yaml")
    try:
        spec = load_yaml(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return f"无法读取（{type(exc).__name__}）"
    if not isinstance(spec, dict) or str(spec.get("edition")) != stem:
        return f"文件中应有 edition: \"{stem}\"（与文件名一致）"
    years = spec.get("years")
    if not isinstance(years, dict) or not isinstance(years.get("from"), int):
        return "缺少 years: {from: 年份, to: 年份或 null}"
    return None


_SOURCES = _sources()


def _read(name: str) -> dict:
    """One edition file (or shared part), parsed: a fresh object each time, from the on-disk cache."""
    source = _SOURCES.get(name[: -len(".yaml")]) or SCHEMA_DIR / name
    return cast(dict, load_yaml(source))  # an edition file is a mapping (a user's is checked by _unusable)


def _columns(items: list) -> tuple[Column, ...]:
    return tuple(Column(**item) for item in items)


def _proactive(heading: str, spec: dict) -> ProactiveTable:
    blocks = tuple(Block(b["caption"], _columns(b["columns"]), row_tree(b["rows"])) for b in spec["blocks"])
    return ProactiveTable(heading, spec["grid"], spec["label_header"], blocks)


def _one(items: Iterable, what: str):
    """The single item the layout must have (a row or column with a role), else a Chinese message."""
    found = list(items)
    if len(found) != 1:
        raise ValueError(f"{what}须恰有一个（现有 {len(found)} 个）")
    return found[0]


def _column_groups(columns: tuple[Column, ...], items: list) -> tuple[ColumnGroup, ...]:
    """The declared column groups with their columns; a group a column names but nobody declares is named."""
    declared = {str(g["key"]): str(g["label"]) for g in items}
    keys = [c.key for c in columns]
    for col in columns:
        if col.group is not None and col.group not in declared:
            raise ValueError(f"表三的列“{col.label}”属于未声明的列组“{col.group}”（须在 column_groups 中写明 key 与 label）")
    groups = []
    for key, label in declared.items():
        if key in keys:
            raise ValueError(f"表三列组“{label}”的 key “{key}”与一列的 key 相同")
        members = tuple(c for c in columns if c.group == key)
        if not members:
            raise ValueError(f"表三列组“{label}”下没有列（列的 group: {key}）")
        first = columns.index(members[0])
        if columns[first:first + len(members)] != members:
            raise ValueError(f"表三列组“{label}”的列须彼此相邻")
        groups.append(ColumnGroup(key, label, members))
    return tuple(sorted(groups, key=lambda g: columns.index(g.columns[0])))


def _requests(heading: str, spec: dict, children_of: dict) -> RequestTable:
    tree = row_tree(spec["rows"], children_of)
    rows = leaves(tree)
    inflow = [r for r in tree if not r.group and r.role not in ARITHMETIC_ROLES]
    if len(inflow) != 2:
        raise ValueError(f"表三须有两个不带 role 的顶层数据行（本年新收、上年结转），现有 {len(inflow)} 个")
    columns = _columns(spec["columns"])
    total_col = _one((c for c in columns if c.role == "total"), "表三 role: total 的列")
    return RequestTable(
        heading, spec["corner"], spec["applicants"], _column_groups(columns, spec.get("column_groups") or []),
        columns, tree, rows, inflow[0], inflow[1],
        _one((r for r in rows if r.role == "total"), "表三 role: total 的行"),
        _one((r for r in rows if r.role == "carried_out"), "表三 role: carried_out 的行"),
        tuple(v.node for v in walk(tree) if v.parents and not v.node.group and v.node.role not in ARITHMETIC_ROLES),
        total_col, tuple(c for c in columns if c is not total_col))


def _reviews(heading: str, spec: dict) -> ReviewTable:
    parts = row_tree(spec["parts"])
    by_key = {p.key: p for p in parts}
    columns = _columns(spec["columns"])
    total_col = _one((c for c in columns if c.role == "total"), "表四 role: total 的列")
    groups = tuple(ReviewGroup(g["label"], tuple(by_key[k] for k in g["parts"])) for g in spec["groups"])
    if [p for g in groups for p in g.parts] != list(parts):
        raise ValueError("表四的 groups 须按顺序恰好覆盖全部 parts")
    return ReviewTable(heading, groups, parts, columns, total_col, tuple(c for c in columns if c is not total_col))


# The keys of 表三 and 表四 an edition file may give to replace the shared layout of _common.yaml.
TABLE_KEYS = {"requests": ("corner", "applicants", "column_groups", "columns", "rows"),
              "reviews": ("groups", "parts", "columns")}


def _layout(common: dict, spec: dict, table: str) -> dict:
    """A table's layout: the shared one, with each key the edition file gives replacing it."""
    own = spec.get(table) or {}
    return {**common[table], **{k: own[k] for k in TABLE_KEYS[table] if k in own}}


def _sections(items: list, shared: list, input_keys: Iterable[str]) -> tuple[Section, ...]:
    """An edition's sections; the ones the rules and tables need (by role and table, as _common.yaml has them)
    must be there, under the report file's keys, and a section it adds must not take another key of the file."""
    sections = tuple(Section(**s) for s in items)
    keys = [s.key for s in sections]
    for key in dict.fromkeys(keys):
        if keys.count(key) > 1:
            raise ValueError(f"sections 中 key “{key}”出现了 {keys.count(key)} 次")
    for need in (Section(**s) for s in shared):
        what, value = ("table", need.table) if need.table else ("role", need.role)
        if value is None:
            continue
        found = [s for s in sections if getattr(s, what) == value]
        if not found:
            use = "统计表放在这一节" if need.table else "检查规则要用它"
            raise ValueError(f"sections 中缺少“{need.heading}”（{what}: {value}），{use}")
        if len(found) > 1:
            raise ValueError(f"sections 中 {what}: {value} 的章节须恰有一个（现有 {len(found)} 个）")
        if found[0].key != need.key:
            raise ValueError(f"sections 中“{found[0].heading}”（{what}: {value}）的 key 须为 {need.key}（报告文件中的键）")
    shared_keys, taken = {s["key"] for s in shared}, set(input_keys)
    for s in sections:
        if s.table and s.key not in shared_keys:
            raise ValueError(f"sections 中“{s.heading}”的 table: {s.table} 不是统计表（proactive、requests、reviews）")
        if s.key not in shared_keys and s.key in taken:
            raise ValueError(f"sections 中“{s.heading}”的 key “{s.key}”已是报告文件的另一个键")
    for n, s in enumerate(sections, 1):  # the importer finds a numbered heading by its number
        expected = zh_count(n) + "、"
        if s.number != expected:
            raise ValueError(f"sections 中第 {n} 节“{s.heading}”的编号应为“{expected}”（章节按顺序编号）")
    return sections


def zh_count(n: int) -> str:
    """A small count or section number in Chinese numerals (五部分, 六、), as the format says them; Arabic past 十."""
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def _overview_parts(items: list) -> tuple[Section, ...]:
    parts = tuple(Section(**s) for s in items)
    keys = [p.key for p in parts]
    for key in dict.fromkeys(keys):
        if keys.count(key) > 1:
            raise ValueError(f"overview_parts 中 key “{key}”出现了 {keys.count(key)} 次")
    return parts


def _input_schema(common: dict, sections: tuple[Section, ...]) -> dict:
    """The cerberus rules of the keys outside the tables: the shared ones, and text for each section a variant adds."""
    added = {s.key: {"type": "string", "nullable": True} for s in sections if not s.table and s.key not in common}
    return {**common, **added}


@cache
def get(edition_id: str) -> Edition:
    """The edition with this id ('2019' or '2021'); KeyError when unknown."""
    if edition_id not in EDITION_IDS:
        raise KeyError(edition_id)
    common = _read("_common.yaml")
    spec = _read(f"{edition_id}.yaml")
    # sections and overview_parts: the edition file's list, when it gives one, replaces the shared list
    sections = _sections(spec.get("sections") or common["sections"], common["sections"],
                         [*common["input_schema"], *common["top_labels"]])
    heading = {s.table: s.heading for s in sections if s.table}
    return Edition(
        id=str(spec["edition"]),
        document=spec["document"],
        format_name=spec["format_name"],
        year_from=spec["years"]["from"],
        year_to=spec["years"]["to"],
        lenient_years=tuple(spec.get("lenient_years", ())),
        checks=tuple(spec.get("checks", ())),
        sections=sections,
        overview_parts=_overview_parts(spec.get("overview_parts") or common["overview_parts"]),
        proactive=_proactive(heading["proactive"], spec["proactive"]),
        requests=_requests(heading["requests"], _layout(common, spec, "requests"), spec.get("requests") or {}),
        reviews=_reviews(heading["reviews"], _layout(common, spec, "reviews")),
        title_suffix=common["title_suffix"],
        agency_kinds=common["agency_kinds"],
        top_labels=common["top_labels"],
        input_schema=_input_schema(common["input_schema"], sections),
        previous_map={str(k): dict(v or {}) for k, v in (spec.get("previous_edition_map") or {}).items()},
    )


# Every edition, oldest format first (by the first year it covers).
EDITION_IDS: tuple[str, ...] = tuple(sorted(_SOURCES, key=lambda i: (_read(f"{i}.yaml")["years"]["from"], i)))


def map_problems(ed: Edition) -> list[str]:
    """What is wrong with an edition's previous_edition_map (unknown editions or cells), in Chinese."""
    problems = []
    for prev_id, cells in ed.previous_map.items():
        if prev_id not in EDITION_IDS:
            problems.append(f"previous_edition_map：没有格式版本“{prev_id}”")
            continue
        previous = get(prev_id)
        for here, there in cells.items():
            if here not in ed.cell_paths:
                problems.append(f"previous_edition_map：本版没有“{here}”这一格")
            elif there is not None and there not in previous.cell_paths:
                problems.append(f"previous_edition_map：{prev_id} 版没有“{there}”这一格")
    return problems


def _check_user_editions() -> None:
    """Build every edition that comes from a user folder now, so a broken file is named before any command runs."""
    for edition_id, source in _SOURCES.items():
        if source == SCHEMA_DIR / f"{edition_id}.yaml":
            continue
        try:
            problems = map_problems(get(edition_id)) + _rule_problems(get(edition_id))
        except ValueError as exc:
            problems = [str(exc)]
        except (KeyError, TypeError, AttributeError) as exc:
            problems = [f"内容不完整或形状不对（{type(exc).__name__}: {exc}）"]
        EDITION_PROBLEMS.extend(f"格式版本文件 {source} 无法使用：{p}" for p in problems)


def _rule_problems(ed: Edition) -> list[str]:
    """What the checks applying to a user's edition find by role and its file lacks (read only with user editions)."""
    from nianbao.check.registry import role_problems

    return role_problems(ed)


def all_editions() -> list[Edition]:
    return [get(e) for e in EDITION_IDS]


def for_year(year: int) -> Edition:
    """The edition that officially applies to a report year (latest format for future years)."""
    covering = [e for e in all_editions() if e.covers(year)]
    if covering:  # the newest format that covers the year (a 2026 format supersedes an open-ended 2021 one)
        return max(covering, key=lambda e: e.year_from)
    return get(EDITION_IDS[0]) if year < get(EDITION_IDS[0]).year_from else get(EDITION_IDS[-1])


@dataclass(frozen=True)
class Labels:
    """An edition's official labels, in the shapes their readers need; built once per edition by `_labels`."""

    text: dict[str, str]  # key path → its label in messages: 表 · 行 · 列 (表三's nested row labels run together)
    path: dict[str, tuple[str, ...]]  # table cell → its full label path: table, groups, row, column group, column
    tables: tuple[str, ...]  # the section headings and every label the three tables print
    prescribed: tuple[str, ...]  # all wording the format prescribes: `tables`, the titles, the document's names


def _labels(ed: Edition) -> Labels:
    """Every label of an edition, from one walk over each table."""
    text = {s.key: s.heading for s in ed.sections}
    overview = ed.section("overview").heading
    text.update({f"overview.{p.key}": f"{overview}{p.number}{p.title}" for p in ed.overview_parts})
    path: dict[str, tuple[str, ...]] = {}
    t2, t3, t4 = ed.proactive, ed.requests, ed.reviews
    for cell, block, row, col in t2.cells():
        path[cell] = (t2.heading, block.caption, row.label, col.label)
        text[cell] = " · ".join(path[cell])
        text[cell.rpartition(".")[0]] = f"{t2.heading} · {block.caption} · {row.label}"
    for visit in walk(t3.tree):
        row = visit.node
        if row.group:
            if row.key:
                text[f"requests.{row.path}"] = f"{t3.heading} · {row.label}"
            continue
        name = "".join(p.label for p in visit.parents[1:]) + row.label  # （三）不予公开1.属于国家秘密
        groups = tuple(p.label for p in visit.parents)
        text[f"requests.{row.path}"] = f"{t3.heading} · {name}"
        for col in t3.columns:
            cell = t3.cell(row, col)
            head = (g.label,) if (g := t3.group_of(col)) else ()  # 法人或其他组织 › 商业企业
            path[cell] = (t3.heading, *groups, row.label, *head, col.label)
            text[cell] = f"{t3.heading} · {name} · {col.label}"
    group_of = {part.path: g.label for g in t4.groups for part in g.parts}
    for cell, part, col in t4.cells():
        names = (part.label,) if group_of[part.path] == part.label else (group_of[part.path], part.label)
        path[cell] = (t4.heading, *names, col.label)
        text[cell] = f"{t4.heading} · {part.label} · {col.label}"
        text[cell.rpartition(".")[0]] = f"{t4.heading} · {part.label}"
    for key, label in ed.top_labels.items():
        text.setdefault(key, label)
    tables = [s.heading for s in ed.sections] + [b.caption for b in t2.blocks]
    tables += [c.label for b in t2.blocks for c in b.columns] + [r.label for b in t2.blocks for r in b.rows]
    tables += [v.node.label for v in walk(t3.tree)] + [c.label for c in t3.columns]
    tables += [p.label for p in t4.parts] + [g.label for g in t4.groups] + [c.label for c in t4.columns]
    prescribed = tables + [s.title for s in ed.sections] + [p.number + p.title for p in ed.overview_parts]
    prescribed += [p.title for p in ed.overview_parts] + [ed.title_suffix, ed.format_name, ed.document]
    prescribed += [t3.corner, t3.applicants, *(g.label for g in t3.column_groups)]
    return Labels(text, path, tuple(tables), tuple(prescribed))


_check_user_editions()  # last: the rules it imports read this module
