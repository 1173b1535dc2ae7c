"""The claims the narrative makes about 表二 and 表四 cells: which cells a figure speaks of (figures.py compares them).

The prose words below are only the ways reports say a row or a column; every label a message names is read
from the edition. A figure that could mean two cells (规章和行政规范性文件5件: their sum, or each) is claimed as
unclear, never guessed; 行政许可事项120项 in the 2019 format names no column and is no claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import cast

from nianbao.check.cnnum import ARABIC, CHARS, GROUPED, figure, masked, ungrouped
from nianbao.check.lints import _PERIOD_SENTENCE
from nianbao.check.registry import Ctx
from nianbao.datacache import regex

_COUNT_UNITS = "件|个|项|条|部|起|宗"
_MONEY_UNITS = {"亿元": Decimal(10_000), "万元": Decimal(1), "元": Decimal("0.0001")}
_FIGURE = regex(rf"(?<![\d.{CHARS}])({ARABIC}(?:\.\d+)?|[{CHARS}]+)\s*({_COUNT_UNITS}|亿元|万元|元)")
WORDS_BEFORE = 40  # characters before a figure that can say what it counts (bounds the work on long clauses)
_CLAUSE = regex(rf"(?:{GROUPED.pattern}|[^，,：:；;（）()])+")  # 2,856 is one figure, not two clauses

# 表二: (prose words, row key). 规章制度 is an agency's internal rules, not 规章.
_T2_ROWS = [
    (r"规章(?!制度)", "regulations"),
    (r"(?:行政)?规范性文件", "normative"),
    (r"其他对外管理服务事项|对外管理服务事项", "other_services"),
    (r"行政许可", "licensing"),
    (r"行政处罚", "punishment"),
    (r"行政强制", "coercion"),
    (r"行政事业性收费", "fees"),
    (r"政府集中采购|集中采购", "procurement"),
]
# 表二: (prose words, the column keys they may mean; the edition keeps those it has for the row).
_T2_MEASURES = [
    (r"新制发|制发|印发|出台|新制定|制定|新制作|制作", ("made", "new_made")),
    (r"废止|废除|宣布失效", ("repealed",)),
    (r"现行有效", ("in_force",)),
    (r"新公开", ("new_published",)),
    (r"累计公开|对外公开总数|公开总数", ("total_published",)),
    (r"处理决定|作出|办理|办结|公示|审批|决定", ("decisions",)),
    (r"采购项目", ("projects",)),
    # 2019 format: the items (事项) a licence, penalty or fee row counts, last year and the change this year.
    (r"上一年度?", ("previous",)),
    (r"本年新增|本年增加|新增|增加", ("change",)),
    (r"本年减少|本年删减|减少|删减|取消", ("-change",)),
]
_BOUNDS: dict[tuple[str, ...], str] = {("change",): "most", ("-change",): "least"}
_ITEM_UNITS = ("项", "个")  # items are counted so; 减少2件 after 行政处罚决定5件 speaks of decisions
# 表四: (prose words, part keys; 行政诉讼 is both of its parts, as the table's group is).
_T4_ROWS = [
    (r"(?:行政)?复议后(?:提起)?(?:行政)?(?:起诉|诉讼)", ("litigation_after_review",)),
    (r"未经复议直接起诉|直接(?:提起)?(?:行政)?(?:起诉|诉讼)", ("litigation",)),
    (r"行政复议", ("review",)),
    (r"行政诉讼", ("litigation", "litigation_after_review")),
]
_T4_MEASURES = [
    (r"维持", "upheld"),
    (r"纠正|撤销|确认违法|责令(?:重新)?(?:答复|履行)", "corrected"),
    (r"其他结果", "other"),
    (r"尚未审结|未审结|正在审理|审理中", "pending"),
]
_SUM_WORDS = regex(r"共|合计|总计|一共")
_EACH_WORDS = regex(r"各|均|都")
_FILLER = regex(r"其中|另有|另|还有|共计|共|计|为|了|的|均|分别|已|有|案件|案|信息|事项|决定")
_SCOPE = regex(r"全[省市区县州盟旗镇乡]")  # a department's table is its own, not the county's
# 行政许可2856件, 实施行政强制37件, 行政处罚案件412件: a row named with no column, counted in 件, is its decisions.
# Only these few words may stand around it: 受理行政许可申请…件 or 公开行政许可信息…条 count something else.
_SHORT_FORM = regex(r"我[局委办厅署院会]|本[局委办厅署院会]|本机关|我单位|本单位|全年|本年度?|共计|累计|共|计|为|"
                         r"实施|案件|[、和及与\s]")
_SHORT_UNIT = "件"
_DECISIONS = ("decisions",)


@dataclass
class _Segment:
    """One figure of a sentence with the words before it since the previous figure."""

    text: str  # the words before the figure, within the clause
    start: int  # offset of the figure in the sentence
    number: str
    unit: str
    figure: str  # number and unit as written


def _segments(sentence: str) -> list[_Segment]:
    out = []
    for clause in _CLAUSE.finditer(sentence):
        pos = 0
        for m in _FIGURE.finditer(clause.group()):
            words = clause.group()[max(pos, m.start() - WORDS_BEFORE):m.start()]
            out.append(_Segment(words, clause.start() + m.start(), m.group(1), m.group(2), m.group()))
            pos = m.end()
    return out


class _Words:
    """A list of (prose words, key) as one regex: the keys found in a text, leftmost first, each once."""

    def __init__(self, patterns: list) -> None:
        self.keys = [key for _, key in patterns]
        self.regex = regex("|".join(f"(?P<w{i}>{words})" for i, (words, _) in enumerate(patterns)))
        self.any = regex("|".join(words for words, _ in patterns))

    def found(self, text: str) -> list:
        seen: list = []
        for m in self.regex.finditer(text):
            key = self.keys[int(cast(str, m.lastgroup)[1:])]  # every alternative is a named group: w<i>
            if key not in seen:
                seen.append(key)
        return seen


T2_ROWS, T2_MEASURES, T4_ROWS, T4_MEASURES = (_Words(x) for x in (_T2_ROWS, _T2_MEASURES, _T4_ROWS, _T4_MEASURES))


def _count(seg: _Segment) -> int | None:
    return figure(seg.number) if seg.unit not in _MONEY_UNITS else None


def _money(seg: _Segment) -> Decimal | None:
    if seg.unit not in _MONEY_UNITS:
        return None
    try:
        return Decimal(ungrouped(seg.number)) * _MONEY_UNITS[seg.unit]
    except InvalidOperation:
        return None


def _bare_step(seg: _Segment, words: _Words) -> bool:
    """'废止1件', '其中维持2件': a figure that only adds a measure to the subject named before it."""
    return not _FILLER.sub("", words.any.sub("", seg.text)).strip(" 、和及")


@dataclass
class _Claim:
    seg: _Segment
    paths: list[list[str]]  # one list of cells per subject
    combine: str | None  # "sum" (A和B共N), "each" (A、B均为N), None: unclear (A和B 5件)
    sign: int = 1  # -1: 减少2项 is a change of -2
    bound: str | None = None  # see Claim


@dataclass
class Claim:
    """A figure of the narrative and the cells it speaks of, as one reader understood it."""

    at: int  # offset of the figure in the narrative
    quote: str  # the words that state it
    said: int | Decimal
    paths: list[list[str]]  # one list of cells (summed) per subject
    names: list[str]  # the official label of each subject
    combine: str | None  # "sum", "each", or None: which of the two is unclear
    table: str  # the key of the table: proactive, requests, reviews
    # 新增4项 / 取消3项 count one direction, 本年增/减 is the net change: "most" (the cell is at most the figure)
    # or "least" (at least it), never equal
    bound: str | None = None


def _combine(seg: _Segment, subjects: int) -> str | None:
    """How a figure relates to several subjects: their sum, each of them, or unclear (None)."""
    if subjects == 1:
        return "sum"
    if _EACH_WORDS.search(seg.text):
        return "each"
    if _SUM_WORDS.search(seg.text):
        return "sum"
    return "each" if figure(seg.number) == 0 else None


@dataclass(frozen=True)
class Tables:
    """What the claims are read against, worked out once per check run rather than once per sentence."""

    government: bool  # a government's report may speak of 全县/全区 as its own
    t2_cells: frozenset[str]
    t4_parts: frozenset[str]
    t4_columns: frozenset[str]
    t4_total: str

    @staticmethod
    def of(ctx: Ctx) -> Tables:
        ed, agency = ctx.edition, ctx.report.data.get("agency")
        kind = agency.get("kind") if isinstance(agency, dict) else None
        return Tables(kind == "government", frozenset(path for path, *_ in ed.proactive.cells()),
                       frozenset(p.path for p in ed.reviews.parts), frozenset(c.key for c in ed.reviews.columns),
                       ed.reviews.total_column.key)


Context = dict[int, tuple[list[list[str]], str]]  # figure offset → (the subject's cells, the words before it)


def _table2_claims(tables: Tables, sentence: str, segments: list[_Segment], context: Context) -> list[_Claim]:
    cells = tables.t2_cells
    own = tables.government or not _SCOPE.search(sentence)  # else: context only, no claim
    claims = []
    subject: list[str] = []
    measure: tuple[str, ...] | None = None
    for seg in segments:
        rows = T2_ROWS.found(seg.text)
        measures = T2_MEASURES.found(seg.text)
        if rows or subject:
            context[seg.start] = ([[f"proactive.{row}"] for row in rows or subject], seg.text)
        if len(measures) > 1:
            subject, measure = [], None
            continue  # 制发并公开…: which column is unclear
        if rows:
            subject = rows
            if measures:
                measure = measures[0]
            elif seg.unit == _SHORT_UNIT and not _SHORT_FORM.sub("", T2_ROWS.any.sub("", seg.text)):
                measure = _DECISIONS
            else:
                measure = measure if _bare_step(seg, T2_ROWS) else None
        elif subject and measures and _bare_step(seg, T2_MEASURES):
            measure = measures[0]
        else:
            subject, measure = [], None
            continue
        paths: list[list[str]] = []
        for row in subject:
            if seg.unit in _MONEY_UNITS:
                cols = ["amount"] if (measure is None or measure == ("decisions",)) else []
            else:
                cols = list(measure or ())
                if measure in (("previous",), ("change",), ("-change",)) and seg.unit not in _ITEM_UNITS:
                    cols = []
                cols = [c.lstrip("-") for c in cols]
            found = [f"proactive.{row}.{c}" for c in cols if f"proactive.{row}.{c}" in cells]
            if len(found) != 1:
                paths = []
                break
            paths.append(found)
        if paths and own:
            claims.append(_Claim(seg, paths, _combine(seg, len(subject)), -1 if measure == ("-change",) else 1,
                                 _BOUNDS.get(measure or ())))
    return claims


def _table4_claims(tables: Tables, sentence: str, segments: list[_Segment], context: Context) -> list[_Claim]:
    own = "公开" in sentence  # 办理行政复议案件120件 (a 司法局 reviewing others) is not 表四: context only
    parts, cols, total = tables.t4_parts, tables.t4_columns, tables.t4_total
    claims = []
    subject: list[tuple[str, ...]] = []
    for seg in segments:
        if seg.unit in _MONEY_UNITS:
            subject = []
            continue
        rows = T4_ROWS.found(seg.text)
        measures = T4_MEASURES.found(seg.text)
        if rows or subject:
            context[seg.start] = ([[f"reviews.{p}.{total}" for p in row if p in parts] for row in rows or subject],
                                  seg.text)
        if len(measures) > 1:
            subject = []
            continue
        if rows:
            subject = rows
        elif not (subject and measures and _bare_step(seg, T4_MEASURES)):
            subject = []
            continue
        col = measures[0] if measures else total
        if col not in cols:
            continue
        paths = [[f"reviews.{p}.{col}" for p in row if p in parts] for row in subject]
        if all(paths) and own:
            claims.append(_Claim(seg, paths, _combine(seg, len(subject))))
    return claims


def _label(ctx: Ctx, cells: list[str]) -> str:
    """The official label of one cell, or of the 表四 group whose parts these cells are (行政诉讼 · 总计)."""
    ed = ctx.edition
    if len(cells) == 1:
        return ed.label(cells[0])
    parts = [c.split(".")[1] for c in cells]
    group = next(g for g in ed.reviews.groups if sorted(p.path for p in g.parts) == sorted(parts))
    col = next(c for c in ed.reviews.columns if c.key == cells[0].split(".")[2])
    return f"{ed.reviews.heading} · {group.label} · {col.label}"


def claims(ctx: Ctx, tables: Tables, text: str) -> tuple[list[Claim], Context]:
    """The 表二 and 表四 claims of one narrative, and at each figure the 表二 row or 表四 part a sentence speaks of.

    The second is for the 表三 reader: 办结3件 right after 行政复议 or 行政许可 may not be about applications.
    """
    found: list[Claim] = []
    context: Context = {}
    for sentence in _PERIOD_SENTENCE.finditer(text):
        s = sentence.group()
        segments = _segments(s)
        here: Context = {}
        for table, claim in ([("proactive", c) for c in _table2_claims(tables, s, segments, here)]
                             + [("reviews", c) for c in _table4_claims(tables, s, segments, here)]):
            seg = claim.seg
            said = _money(seg) if seg.unit in _MONEY_UNITS else _count(seg)
            if said is not None:
                found.append(Claim(sentence.start() + seg.start, _quote(s, seg), claim.sign * said, claim.paths,
                                   [_label(ctx, ps) for ps in claim.paths], claim.combine, table, claim.bound))
        context.update((sentence.start() + at, got) for at, got in here.items())
    return found, context


def _quote(sentence: str, seg: _Segment) -> str:
    """The words of the sentence that state the figure: its clause up to the figure."""
    lo = max(0, seg.start - WORDS_BEFORE)
    plain = masked(sentence[lo:seg.start])  # the comma of 2,856 ends no clause; only the words looked at
    clause_start = lo + max([plain.rfind(ch) for ch in "，,：:；;（）()"] + [-1])
    return (sentence[clause_start + 1:seg.start].strip() + seg.figure).strip()
