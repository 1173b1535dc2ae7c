"""表二、表三、表四 from the cell stream: rows found by official label, numbers counted from the label.

A number is placed only when its column is certain: the row has at least as many cells as columns
(explicit empty cells keep their place), or the document ends inside the row. A row whose empty
cells vanished, a stray number, a blank or a placeholder is reported, never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from nianbao.editions import Column
from nianbao.importer.labels import Labels, RowSpec
from nianbao.importer.normalize import TEXT, Number, fold, label_key, read_number, similarity
from nianbao.importer.tokens import BREAK, Item, Mark, Tok
from nianbao.importer.values import convert
from nianbao.issues import ERROR, WARNING, Issue

ORDER = {None: -1, "proactive": 0, "requests": 1, "reviews": 2}
FUZZY = 0.9  # a label this close to exactly one official label is read as a typo of it (and reported)


@dataclass
class Occurrence:
    spec: RowSpec | None
    cells: list[Tok]
    reason: str  # why collection stopped: break | text | end
    tok: Tok
    how: str = "exact"

    @property
    def strong(self) -> bool:
        return any(not c.empty for c in self.cells)


@dataclass
class Found:
    """What the recogniser read: cell values, YAML notes per row, problems, and the gaps."""

    values: dict[str, object] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    issues: list[Issue] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)  # cell path → reason
    reported: set[str] = field(default_factory=set)  # rows whose gap already has its own issue
    tables: set[str] = field(default_factory=set)
    origin: dict[str, Tok] = field(default_factory=dict)  # cell path → the cell its number was read from


def _collect(items: list[Item], j: int) -> tuple[list[Tok], int, str]:
    cells: list[Tok] = []
    while j < len(items):
        item = items[j]
        if item is BREAK:  # nothing after this row: the document was cut off inside it
            rest = items[j:]
            return cells, j, "end" if all(x is BREAK or (isinstance(x, Tok) and x.empty) for x in rest) else "break"
        if isinstance(item, Mark) or read_number(item.text) == TEXT:
            return cells, j, "text"
        cells.append(item)
        j += 1
    return cells, j, "end"


class Recogniser:
    """Walks the cell stream once, keeping every labelled row it meets; then places the numbers."""

    def __init__(self, labels: Labels, file: str = ""):
        self.labels, self.ed, self.file = labels, labels.edition, file
        self.found = Found()
        self.occ: dict[str, list[Occurrence]] = defaultdict(list)
        self.review_run: Occurrence | None = None
        self.unmatched: list[Tok] = []  # text cells in the tables that are no label: a row's label may be among them
        self.units: dict[str, str] = {}
        # Header cells the official format does not have (a 小计 column): rows with extra numbers then can't be placed
        self.extra_headers: dict[str, list[str]] = defaultdict(list)
        self.zone: str | None = None  # the header being read: "proactive:<caption>" or "requests"
        self.block = ""
        self.captions = {label_key(b.caption).body: b for b in self.ed.proactive.blocks}

    def issue(self, severity: str, code: str, path: str, message: str, tok: Tok | None = None) -> None:
        self.found.issues.append(Issue(severity, code, path, message, file=self.file,
                                       line=tok.line if tok else None))

    # ── pass 1: walk the stream ─────────────────────────────────────────────────────────────
    def match(self, text: str, state: str | None) -> tuple[RowSpec, str] | None:
        key = label_key(text)
        if not key.body or read_number(text) != TEXT:
            return None
        best, best_score = None, -1
        for spec in self.labels.rows:
            if ORDER[spec.table] < ORDER[state]:
                continue
            for official_key, official in spec.keys:
                if key.number is not None and official_key.number is not None and key.number != official_key.number:
                    continue
                if key.body == official_key.body:
                    how = ("exact" if key.raw == official_key.raw else "variant") if official else "alias"
                elif key.bare and key.bare == official_key.bare:
                    how = "bare" if official else "alias"
                else:
                    continue
                score = 4 * (spec.table == state) + 2 * (how == "exact") + (key.number is not None)
                if score > best_score:
                    best, best_score = (spec, how), score
        if best is None and len(text.split()) > 1:  # "（三）不予公开 1.属于国家秘密": group and row in one cell
            last = self.match(text.split()[-1], state)
            if last and not last[0].group and self.match(" ".join(text.split()[:-1]), state):
                return last
        return best or self._fuzzy(text, key, state)

    def _fuzzy(self, text, key, state) -> tuple[RowSpec, str] | None:
        if len(key.body) < 6 or any(key.body in h for h in self.labels.headers.values()):
            return None
        scored = [(similarity(text, spec.label), spec) for spec in self.labels.rows
                  if ORDER[spec.table] >= ORDER[state] and spec.table != "reviews"
                  and (key.number is None or label_key(spec.label).number in (None, key.number))]
        good = sorted((s for s in scored if s[0] >= FUZZY), key=lambda s: -s[0])
        if len(good) == 1 or (len(good) > 1 and good[0][0] > good[1][0]):
            return good[0][1], "fuzzy"
        return None

    def walk(self, items: list[Item]) -> None:
        self._header_units(items)
        state, i = None, 0
        while i < len(items):
            item = items[i]
            if item is BREAK or (isinstance(item, Tok) and item.empty):
                i += 1
                continue
            if isinstance(item, Mark):
                state = item.table if ORDER[item.table] > ORDER[state] else state
                self.zone = "requests" if item.table == "requests" else None
                i += 1
                continue
            key = label_key(item.text)
            self._header_zone(key, state)
            if ORDER[state] < ORDER["reviews"] and key.number is None and key.body in self.labels.review_triggers:
                state = "reviews"
            hit = self.match(item.text, state)
            joined = self._wrapped(items, i, item, state) if not hit or hit[1] != "exact" else None
            if joined:
                spec, how, cells, j, reason = joined
                state, self.zone = spec.table, None
                tok = Tok(item.text + items[j - 1].text, item.line)
                self.occ[spec.path].append(Occurrence(spec, cells, reason, tok, how))
                i = j
                continue
            if hit:
                spec, how = hit
                state, self.zone = spec.table, None
                cells, j, reason = _collect(items, i + 1)
                if spec.group:
                    if any(isinstance(read_number(c.text), Number) for c in cells):
                        self.issue(WARNING, "import-extra", spec.path,
                                   f"原表「{item.text}」一行有小计数字；官方格式此行不填数字，未导入", item)
                else:
                    self.occ[spec.path].append(Occurrence(spec, cells, reason, item, how))
                i = max(j, i + 1)
                continue
            if read_number(item.text) == TEXT and len(key.body) >= 4:
                self.unmatched.append(item)
            if read_number(item.text) != TEXT:
                start = i  # in a row-structured source, empty cells before the first number belong to the row
                while start > 0 and isinstance(before := items[start - 1], Tok) and before.empty:
                    start -= 1
                if not (start < i and (start == 0 or items[start - 1] is BREAK)):
                    start = i
                cells, j, reason = _collect(items, start)
                if state == "reviews" and self.review_run is None:
                    self.review_run = Occurrence(None, cells, reason, item)
                elif any(not c.empty for c in cells):
                    self._stray(cells, state, item)
                i = max(j, i + 1)
                continue
            if state in ("proactive", "requests") and i + 1 < len(items) and isinstance(after := items[i + 1], Tok) \
                    and isinstance(read_number(after.text), Number) and key.body not in self.labels.headers[state]:
                cells, j, _ = _collect(items, i + 1)
                self.issue(WARNING, "import-extra", state,
                           f"{self.ed.label(state)}：原表有官方格式没有的一行「{item.text}」"
                           f"（{len(cells)} 个数字），未导入", item)
                i = j
                continue
            if self.zone and len(key.body) <= 10 and not re.search(r"[,:;、。]", fold(item.text)) \
                    and not any(key.body in h for h in self.labels.headers.values()):
                self.extra_headers[self.zone].append(item.text)
            i += 1

    def _wrapped(self, items: list[Item], i: int, label: Tok, state: str | None):
        """A label (items[i]) wrapped around its numbers (PDF text: first half, the number line, second half)."""
        cells, j, reason = _collect(items, i + 1)
        while j < len(items) and items[j] is BREAK:
            j += 1
        if not any(not c.empty for c in cells) or j >= len(items) or not isinstance(second := items[j], Tok) \
                or read_number(second.text) != TEXT:
            return None
        rest = second.text
        if self.match(rest, state):
            return None  # the text after the numbers is a row of its own
        hit = self.match(label.text + rest, state)
        if not hit or hit[0].group or hit[1] == "fuzzy":
            return None
        return hit[0], hit[1], cells, j + 1, "break" if reason == "break" else "text"

    def _header_zone(self, key, state: str | None) -> None:
        if key.body in self.captions:
            self.block = key.body
        if key.body == label_key(self.ed.proactive.label_header).body:
            self.zone = f"proactive:{self.block}"
        elif ORDER[state] < ORDER["requests"] and key.body in self.labels.headers["requests"]:
            self.zone = "requests"

    def _zone_of(self, row: str) -> str:
        if row.startswith("requests."):
            return "requests"
        key = row.partition(".")[2]
        return next((f"proactive:{c}" for c, b in self.captions.items() if any(r.key == key for r in b.rows)), "")

    def _stray(self, cells: list[Tok], state: str | None, tok: Tok) -> None:
        where = self.ed.label(state) + "：" if state else ""
        shown = " ".join(c.text or "（空）" for c in cells[:8]) + (" …" if len(cells) > 8 else "")
        self.issue(ERROR, "import-ambiguous", state or "", f"{where}有 {len(cells)} 个数字（{shown}）"
                   "前面没有可识别的行标签，无法确定所属的行，未导入", tok)

    def _header_units(self, items: list[Item]) -> None:
        money = [c for b in self.ed.proactive.blocks for c in b.columns if c.type == "money"]
        for item in items:
            if not isinstance(item, Tok) or "元" not in item.text:
                continue
            for col in money:
                if label_key(item.text).bare == label_key(col.label).bare:
                    self.units[col.label] = "万元" if "万元" in fold(item.text) else "元"

    # ── pass 2: place the numbers ───────────────────────────────────────────────────────────
    def place(self) -> Found:
        for spec in self.labels.data_rows():
            if spec.table == "reviews":
                continue
            self._place_row(spec, self._pick(spec))
        self._place_reviews()
        return self.found

    def _pick(self, spec: RowSpec) -> Occurrence | None:
        occs = self.occ.get(spec.path, [])
        strong = [o for o in occs if o.strong]
        if len(strong) > 1:
            self.issue(WARNING, "import-extra", spec.path,
                       f"{self.ed.label(spec.path)}：原表此行出现 {len(strong)} 次，只导入第一次", strong[1].tok)
        if strong:
            return strong[0]
        numbered = label_key(spec.label).number is not None
        weak = [o for o in occs if o.cells and (label_key(o.tok.text).number is not None or not numbered)]
        cut = [o for o in occs if o.reason == "end"]
        return next(iter(weak or cut), None)

    def _place_row(self, spec: RowSpec, occ: Occurrence | None) -> None:
        paths = [f"{spec.path}.{c.key}" for c in spec.columns]
        if occ is None:
            seen = self._seen(spec)
            for p in paths:
                self.found.missing[p] = (f"原文有这一行（「{seen.text}」），但无法确定它的数字" if seen
                                         else "原文没有这一行")
            return
        self.found.tables.add(spec.table)
        if occ.how != "exact":
            self.issue(WARNING, "import-label", spec.path,
                       f"原表行标签「{occ.tok.text}」不是官方写法「{spec.label}」，按此行导入", occ.tok)
        self._assign(spec.path, list(zip(paths, spec.columns, strict=True)), occ)

    def _seen(self, spec: RowSpec) -> Tok | None:
        """An unplaced text cell that is the start or the end of this row's label: the row is there."""
        body = label_key(spec.label).body
        for tok in self.unmatched:
            part = label_key(tok.text).body
            if len(part) >= 4 and part != body and (body.startswith(part) or body.endswith(part)):
                return tok
        return None

    def _place_reviews(self) -> None:
        parts = self.ed.reviews.parts
        strong = {p.path: self._pick_review(p.path) for p in parts}
        if any(strong.values()):
            for part in parts:
                spec = next(r for r in self.labels.rows if r.path == f"reviews.{part.path}")
                self._place_row(spec, strong[part.path])
            return
        slots = [(f"reviews.{p.path}.{c.key}", c) for p in parts for c in self.ed.reviews.columns]
        if self.review_run is None:
            for path, _ in slots:
                self.found.missing[path] = "原文没有这张表"
            return
        self.found.tables.add("reviews")
        self._assign("reviews", slots, self.review_run)

    def _pick_review(self, key: str) -> Occurrence | None:
        return next((o for o in self.occ.get(f"reviews.{key}", []) if o.strong), None)

    def _assign(self, row: str, slots: list[tuple[str, Column]], occ: Occurrence) -> None:
        cells, n = occ.cells, len(slots)
        label = self.ed.label(row)
        if len(cells) < n and occ.reason != "end":
            got = sum(1 for c in cells if not c.empty)
            for path, _ in slots:
                self.found.missing[path] = f"此行只有 {got} 个数字（应为 {n} 个），无法确定各数字所在的列"
            shown = " ".join(c.text or "（空）" for c in cells)
            self.found.reported.add(row)
            self.issue(ERROR, "import-ambiguous", row, f"{label}：原表此行只有 {len(cells)} 格（{shown}），"
                       f"应为 {n} 格；空格丢失后无法确定各数字所在的列，整行未导入", occ.tok)
            return
        extra = [c.text for c in cells[n:] if not c.empty]
        unknown = self.extra_headers.get(self._zone_of(row))
        if extra and unknown:
            for path, _ in slots:
                self.found.missing[path] = f"原表表头有官方格式没有的列（{'、'.join(unknown)}），无法确定各数字对应的列"
            self.found.reported.add(row)
            self.issue(ERROR, "import-ambiguous", row, f"{label}：原表表头有官方格式没有的列「{'、'.join(unknown)}」，"
                       f"此行有 {n + len(extra)} 个数字（应为 {n} 个），无法确定各数字对应的列，整行未导入", occ.tok)
            return
        if extra:
            self.issue(WARNING, "import-extra", row, f"{label}：原表此行多出 {len(extra)} 个数字"
                       f"（{' '.join(extra)}），官方格式只有 {n} 列，按列序取前 {n} 个，多出的未导入", occ.tok)
            self.found.notes[row].append(f"原表多出 {' '.join(extra)}，未导入")
        for k, (path, col) in enumerate(slots):
            if k >= len(cells):
                self.found.missing[path] = "原文在此中断"
                continue
            self._value(path, col, cells[k], row)

    def _value(self, path: str, col: Column, cell: Tok, row: str) -> None:
        out = convert(col, cell.text, self.units.get(col.label))
        self.found.notes[row] += out.notes
        if out.missing:
            self.found.missing[path] = out.missing
            return
        if out.unit_doubt:
            self.issue(WARNING, "import-unit", path, f"{self.ed.label(path)}：原表「{cell.text}」未注明单位，"
                       f"按{col.unit}原样导入；若原表单位是元，请除以 10000", cell)
        self.found.values[path] = out.value
        self.found.origin[path] = cell


def recognise(items: list[Item], labels: Labels, file: str = "") -> Found:
    """Read every table number the stream holds for one edition; gaps and oddities become issues."""
    rec = Recogniser(labels, file)
    rec.walk(items)
    return rec.place()
