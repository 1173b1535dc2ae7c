"""Official table labels of an edition, in the comparable form the recogniser matches against."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from nianbao import editions
from nianbao.editions import Column, Edition
from nianbao.importer.aliases import row_aliases
from nianbao.importer.normalize import LabelKey, label_key


@dataclass(frozen=True)
class RowSpec:
    """A labelled row: its key path, official label, columns; `group` rows carry no numbers."""

    table: str
    path: str
    label: str
    columns: tuple[Column, ...]
    keys: tuple[tuple[LabelKey, bool], ...]  # (key, is_official)
    group: bool = False


@dataclass
class Labels:
    """Everything the recogniser needs to know about one edition's tables."""

    edition: Edition
    rows: list[RowSpec] = field(default_factory=list)
    headers: dict[str, set[str]] = field(default_factory=dict)  # table → header label bodies
    review_triggers: set[str] = field(default_factory=set)

    def data_rows(self, table: str | None = None) -> list[RowSpec]:
        return [r for r in self.rows if not r.group and (table is None or r.table == table)]


def _keys(label: str, path: str, aliases: dict[str, tuple[str, ...]]) -> tuple[tuple[LabelKey, bool], ...]:
    keys = [(label_key(label), True)]
    keys += [(label_key(a), False) for a in aliases.get(path, ())]
    return tuple(keys)


def _requests(ed: Edition, aliases, out: list[RowSpec]) -> None:
    for visit in editions.walk(ed.requests.tree):
        node = visit.node
        path = f"requests.{node.path}" if node.path else "requests"
        columns = () if node.group else ed.requests.columns
        out.append(RowSpec("requests", path, node.label, columns, _keys(node.label, path, aliases), node.group))


@cache
def labels(edition_id: str) -> Labels:
    """The label tables of one edition (cached)."""
    ed = editions.get(edition_id)
    aliases = row_aliases()
    out = Labels(ed)
    for block in ed.proactive.blocks:
        for row in block.rows:
            path = f"proactive.{row.key}"
            out.rows.append(RowSpec("proactive", path, row.label, block.columns, _keys(row.label, path, aliases)))
    _requests(ed, aliases, out.rows)
    for part in ed.reviews.parts:
        path = f"reviews.{part.key}"
        out.rows.append(RowSpec("reviews", path, part.label, ed.reviews.columns, _keys(part.label, path, aliases)))
    body = lambda text: label_key(text).body  # noqa: E731
    out.headers["proactive"] = {body(ed.proactive.label_header)} | {body(b.caption) for b in ed.proactive.blocks} | {
        body(c.label) for b in ed.proactive.blocks for c in b.columns}
    out.headers["requests"] = {body(ed.requests.corner), body(ed.requests.applicants)} | {
        body(g.label) for g in ed.requests.column_groups} | {
        body(c.label) for c in ed.requests.columns}
    out.headers["reviews"] = {body(g.label) for g in ed.reviews.groups} | {
        body(p.label) for p in ed.reviews.parts} | {body(c.label) for c in ed.reviews.columns}
    requests_words = out.headers["requests"] | {k.body for r in out.rows if r.table == "requests" for k, _ in r.keys}
    out.review_triggers = out.headers["reviews"] - requests_words
    return out


@cache
def distinctive(edition_id: str) -> frozenset[tuple[int | None, str]]:
    """Labels (numbering, body) that occur in this edition's tables and in no other edition's."""
    def own(ed_id: str) -> set[tuple[int | None, str]]:
        ed = editions.get(ed_id)
        texts = [b.caption for b in ed.proactive.blocks] + [c.label for b in ed.proactive.blocks for c in b.columns]
        texts += [r.label for b in ed.proactive.blocks for r in b.rows] + [r.label for r in ed.requests.rows]
        return {(label_key(t).number, label_key(t).body) for t in texts}

    mine = own(edition_id)
    for other in editions.EDITION_IDS:
        if other != edition_id:
            mine -= own(other)
    return frozenset(mine)
