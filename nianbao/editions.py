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
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml

from nianbao.settings import EDITIONS_ENV  # noqa: E402

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10× faster

SCHEMA_PACKAGE = "nianbao.schemas"
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
class RowNode:
    """A row of a table as the edition file nests it: a data row (no children) or a group of rows."""

    key: str | None  # its own key below its parent ("state_secret"); None for a heading group without one
    path: str  # key path below the table ("withheld.state_secret"); an unkeyed group has its parent's path
    label: str
    role: str | None = None  # total | carried_out (data rows the rules name)
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


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str
    table: str | None = None

    @property
    def heading(self) -> str:
        return self.number + self.title


@dataclass
class Edition:
    """One official report format: sections, table layouts, labels and the input schema."""

    id: str
    document: str
    format_name: str
    year_from: int
    year_to: int | None
    lenient_years: tuple[int, ...]
    checks: tuple[str, ...]  # the edition-specific checks of the registry that apply to this format
    sections: tuple[Section, ...]
    overview_parts: tuple[Section, ...]
    proactive_grid: int
    proactive_label_header: str
    blocks: tuple[Block, ...]
    request_columns: tuple[Column, ...]
    request_rows: tuple[RowNode, ...]  # the data rows of request_tree, in official order
    request_tree: tuple[RowNode, ...]  # the nested rows, for renderers drawing merged cells
    requests_corner: str
    requests_applicants: str
    requests_org_group: str
    review_groups: tuple[dict, ...]
    review_parts: tuple[RowNode, ...]
    review_columns: tuple[Column, ...]
    title_suffix: str
    agency_kinds: dict
    top_labels: dict
    input_schema: dict = field(repr=False, default_factory=dict)

    @property
    def request_details(self) -> tuple[RowNode, ...]:
        """表三's result rows: the data rows inside a group, except those with a role ((七)总计)."""
        return tuple(v.node for v in walk(self.request_tree) if v.parents and not v.node.group and not v.node.role)

    @property
    def request_inflow(self) -> tuple[RowNode, ...]:
        """表三's top-level data rows without a role: 一、本年新收 and 二、上年结转, in that order."""
        return tuple(r for r in self.request_tree if not r.group and not r.role)

    def covers(self, year: int) -> bool:
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def years_text(self) -> str:
        return f"{self.year_from}–{self.year_to} 年度" if self.year_to else f"{self.year_from} 年度起"

    def proactive_cells(self) -> list[tuple[str, Block, RowNode, Column]]:
        return [
            (f"proactive.{row.key}.{col.key}", block, row, col)
            for block in self.blocks
            for row in block.rows
            for col in block.columns
        ]

    def request_cells(self) -> list[tuple[str, RowNode, Column]]:
        return [
            (f"requests.{row.path}.{col.key}", row, col)
            for row in self.request_rows
            for col in self.request_columns
        ]

    def review_cells(self) -> list[tuple[str, RowNode, Column]]:
        return [
            (f"reviews.{part.key}.{col.key}", part, col)
            for part in self.review_parts
            for col in self.review_columns
        ]

    def label(self, path: str) -> str:
        """The official label of any key path, for messages: 表 · 行 · 列."""
        return _labels(self.id).get(path, path)


def _sources() -> dict[str, Traversable]:
    """Edition id → its file: the package's, then each user folder's (a later one replaces an earlier)."""
    found: dict[str, Traversable] = {}
    folders: list[Traversable] = [resources.files(SCHEMA_PACKAGE)]
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


def _unusable(path: Traversable) -> str | None:
    """Why a user's edition file cannot be used (unreadable, not YAML, no edition id or years), or None."""
    stem = path.name.removesuffix(".yaml")
    try:
        spec = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
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
    source = _SOURCES.get(name[: -len(".yaml")]) or resources.files(SCHEMA_PACKAGE).joinpath(name)
    text = source.read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)


def _columns(items: list) -> tuple[Column, ...]:
    return tuple(Column(**item) for item in items)


@cache
def get(edition_id: str) -> Edition:
    """The edition with this id ('2019' or '2021'); KeyError when unknown."""
    if edition_id not in EDITION_IDS:
        raise KeyError(edition_id)
    common = _read("_common.yaml")
    spec = _read(f"{edition_id}.yaml")
    req = common["requests"]
    tree = row_tree(req["rows"], spec["requests"])
    blocks = tuple(
        Block(
            b["caption"],
            _columns(b["columns"]),
            row_tree(b["rows"]),
        )
        for b in spec["proactive"]["blocks"]
    )
    return Edition(
        id=str(spec["edition"]),
        document=spec["document"],
        format_name=spec["format_name"],
        year_from=spec["years"]["from"],
        year_to=spec["years"]["to"],
        lenient_years=tuple(spec.get("lenient_years", ())),
        checks=tuple(spec.get("checks", ())),
        sections=tuple(Section(**s) for s in common["sections"]),
        overview_parts=tuple(Section(**s) for s in common["overview_parts"]),
        proactive_grid=spec["proactive"]["grid"],
        proactive_label_header=spec["proactive"]["label_header"],
        blocks=blocks,
        request_columns=_columns(req["columns"]),
        request_rows=leaves(tree),
        request_tree=tree,
        requests_corner=req["corner"],
        requests_applicants=req["applicants"],
        requests_org_group=req["org_group"],
        review_groups=tuple(common["reviews"]["groups"]),
        review_parts=row_tree(common["reviews"]["parts"]),
        review_columns=_columns(common["reviews"]["columns"]),
        title_suffix=common["title_suffix"],
        agency_kinds=common["agency_kinds"],
        top_labels=common["top_labels"],
        input_schema=common["input_schema"],
    )


# Every edition, oldest format first (by the first year it covers).
EDITION_IDS: tuple[str, ...] = tuple(sorted(_SOURCES, key=lambda i: (_read(f"{i}.yaml")["years"]["from"], i)))


def all_editions() -> list[Edition]:
    return [get(e) for e in EDITION_IDS]


def for_year(year: int) -> Edition:
    """The edition that officially applies to a report year (latest format for future years)."""
    covering = [e for e in all_editions() if e.covers(year)]
    if covering:  # the newest format that covers the year (a 2026 format supersedes an open-ended 2021 one)
        return max(covering, key=lambda e: e.year_from)
    return get(EDITION_IDS[0]) if year < get(EDITION_IDS[0]).year_from else get(EDITION_IDS[-1])


@cache
def _labels(edition_id: str) -> dict[str, str]:
    ed = get(edition_id)
    labels: dict[str, str] = {}
    for section in ed.sections:
        labels[section.key] = section.heading
    for part in ed.overview_parts:
        labels[f"overview.{part.key}"] = f"{ed.section('overview').heading}{part.number}{part.title}"
    t2 = ed.section("proactive").heading
    for path, block, row, col in ed.proactive_cells():
        labels[path] = f"{t2} · {block.caption} · {row.label} · {col.label}"
        labels[path.rpartition(".")[0]] = f"{t2} · {block.caption} · {row.label}"
    t3 = ed.section("requests").heading
    for visit in walk(ed.request_tree):
        row = visit.node
        if row.group and row.key:
            labels[f"requests.{row.path}"] = f"{t3} · {row.label}"
        elif not row.group:
            name = "".join(p.label for p in visit.parents[1:]) + row.label
            labels[f"requests.{row.path}"] = f"{t3} · {name}"
            for col in ed.request_columns:
                labels[f"requests.{row.path}.{col.key}"] = f"{t3} · {name} · {col.label}"
    t4 = ed.section("reviews").heading
    for path, review_row, col in ed.review_cells():
        labels[path] = f"{t4} · {review_row.label} · {col.label}"
        labels[path.rpartition(".")[0]] = f"{t4} · {review_row.label}"
    for key, text in ed.top_labels.items():
        labels.setdefault(key, text)
    return labels

