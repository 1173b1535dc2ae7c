"""Edition registry: the official formats as data, one file each, discovered in schemas/ and user folders.

An edition is the file `<id>.yaml` (files starting with `_` are shared parts). Folders named in the
environment variable NIANBAO_EDITIONS (separated like PATH) are searched too, after the package, so a
province can declare its variant (same id: it replaces the shipped one) or a new format (a new id)
without touching the package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
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
class Row:
    """A data row of a table: its key path, official label and the labels of its groups."""

    key: str  # key path below the table, e.g. "withheld.state_secret"
    label: str
    groups: tuple[str, ...] = ()  # labels of enclosing group rows, outermost first
    role: str | None = None


@dataclass(frozen=True)
class Block:
    """One 第二十条 block of 表二."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


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
    request_rows: tuple[Row, ...]
    request_tree: list  # nested rows as in the schema file, for renderers drawing merged cells
    requests_corner: str
    requests_applicants: str
    requests_org_group: str
    review_groups: tuple[dict, ...]
    review_parts: tuple[Column, ...]
    review_columns: tuple[Column, ...]
    title_suffix: str
    agency_kinds: dict
    top_labels: dict
    input_schema: dict = field(repr=False, default_factory=dict)

    def covers(self, year: int) -> bool:
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def years_text(self) -> str:
        return f"{self.year_from}–{self.year_to} 年度" if self.year_to else f"{self.year_from} 年度起"

    def proactive_cells(self) -> list[tuple[str, Block, Row, Column]]:
        return [
            (f"proactive.{row.key}.{col.key}", block, row, col)
            for block in self.blocks
            for row in block.rows
            for col in block.columns
        ]

    def request_cells(self) -> list[tuple[str, Row, Column]]:
        return [
            (f"requests.{row.key}.{col.key}", row, col)
            for row in self.request_rows
            for col in self.request_columns
        ]

    def review_cells(self) -> list[tuple[str, Column, Column]]:
        return [
            (f"reviews.{part.key}.{col.key}", part, col)
            for part in self.review_parts
            for col in self.review_columns
        ]

    def label(self, path: str) -> str:
        """The official label of any key path, for messages: 表 · 行 · 列."""
        return _labels(self.id).get(path, path)


def _sources() -> dict[str, object]:
    """Edition id → its file: the package's, then each user folder's (a later one replaces an earlier)."""
    found: dict[str, object] = {}
    folders: list = [resources.files(SCHEMA_PACKAGE)]
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
    try:
        spec = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return f"无法读取（{type(exc).__name__}）"
    if not isinstance(spec, dict) or str(spec.get("edition")) != path.stem:
        return f"文件中应有 edition: \"{path.stem}\"（与文件名一致）"
    years = spec.get("years")
    if not isinstance(years, dict) or not isinstance(years.get("from"), int):
        return "缺少 years: {from: 年份, to: 年份或 null}"
    return None


_SOURCES = _sources()


def _read(name: str) -> dict:
    source = _SOURCES.get(name[: -len(".yaml")]) or resources.files(SCHEMA_PACKAGE).joinpath(name)
    text = source.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    return yaml.load(text, Loader=SAFE_LOADER)


def _flatten_rows(tree: list, prefix: str, groups: tuple[str, ...]) -> list[Row]:
    rows: list[Row] = []
    for node in tree:
        children = node.get("children")
        key = node.get("key")
        if children:
            sub = f"{prefix}{key}." if key else prefix
            rows += _flatten_rows(children, sub, groups + (node["label"],))
        else:
            rows.append(Row(prefix + key, node["label"], groups, node.get("role")))
    return rows


def _fill_edition_children(tree: list, children: list) -> list:
    out = []
    for node in tree:
        node = dict(node)
        if node.pop("edition_children", False) and children:
            node["children"] = children
        if node.get("children"):
            node["children"] = _fill_edition_children(node["children"], children)
        out.append(node)
    return out


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
    tree = _fill_edition_children(req["rows"], spec["requests"]["other_handling"])
    blocks = tuple(
        Block(
            b["caption"],
            _columns(b["columns"]),
            tuple(Row(r["key"], r["label"]) for r in b["rows"]),
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
        request_rows=tuple(_flatten_rows(tree, "", ())),
        request_tree=tree,
        requests_corner=req["corner"],
        requests_applicants=req["applicants"],
        requests_org_group=req["org_group"],
        review_groups=tuple(common["reviews"]["groups"]),
        review_parts=_columns(common["reviews"]["parts"]),
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
    _group_labels(ed.request_tree, "requests", t3, labels)
    for path, row, col in ed.request_cells():
        name = "".join(row.groups[1:]) + row.label
        labels[path] = f"{t3} · {name} · {col.label}"
        labels[path.rpartition(".")[0]] = f"{t3} · {name}"
    t4 = ed.section("reviews").heading
    for path, review_row, col in ed.review_cells():
        labels[path] = f"{t4} · {review_row.label} · {col.label}"
        labels[path.rpartition(".")[0]] = f"{t4} · {review_row.label}"
    for key, text in ed.top_labels.items():
        labels.setdefault(key, text)
    return labels


def _group_labels(tree: list, prefix: str, title: str, labels: dict[str, str]) -> None:
    for node in tree:
        key = node.get("key")
        path = f"{prefix}.{key}" if key else prefix
        if key and node.get("children"):
            labels[path] = f"{title} · {node['label']}"
        if node.get("children"):
            _group_labels(node["children"], path, title, labels)
