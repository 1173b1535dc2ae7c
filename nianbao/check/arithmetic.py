"""Arithmetic the narrative does itself: breakdowns (共N件，其中A件、B件), rates against 表三 (办结率, 公开率) and 表四 (纠错率)."""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from nianbao.check.cnnum import ARABIC, CHARS, figure, masked
from nianbao.check.figures import _OTHER_SUBJECT
from nianbao.check.lints import _APPLICATION, _SENTENCE, _issue, narratives
from nianbao.check.registry import Ctx, rule
from nianbao.datacache import regex
from nianbao.issues import Issue

_UNITS = "件|个|项|条|部|起|宗|家|人次|人"
_FIGURE = regex(rf"(?<![\d.{CHARS}])({ARABIC}|[{CHARS}]+)\s*({_UNITS})(?![\d次])")
_TOTAL_WORDS = regex(r"共|合计|总计|累计|总数|全年")
_NESTED = regex(r"共|合计|总计|累计")
WINDOW = 300  # characters around 其中 looked at: a breakdown is one sentence (bounds the work on hostile text)


@rule("R10", "narrative-sum", "正文“共…件，其中…”的分项之和不超过合计")
def breakdown_rules(ctx: Ctx) -> list[Issue]:
    """Parts listed after 其中 that add up to more than the total they break down cannot all be right.

    Parts adding up to less are left alone: 其中 often names only some of them (其中并联审批项目45件).
    """
    issues = []
    for path, text, label in narratives(ctx):
        for sentence in _SENTENCE.finditer(text):
            s = sentence.group()
            marks = [m.start() for m in re.finditer("其中", s)]
            figures = list(_FIGURE.finditer(s)) if marks else []
            starts = [f.start() for f in figures]
            plain = masked(s) if marks else s  # the comma of 2,856 ends no clause
            for i, at in enumerate(marks):
                lo = max(0, at - WINDOW)
                last = bisect_left(starts, at) - 1  # the figure right before 其中
                if last < 0 or figures[last].start() < lo:
                    continue
                total = figures[last]
                clause_start = max([plain.rfind(ch, lo, total.start()) for ch in "，,；;：:"] + [lo - 1])
                if not _TOTAL_WORDS.search(s, clause_start + 1, total.start()) or s[total.end():at].strip("，,：: "):
                    continue
                end = min(marks[i + 1] if i + 1 < len(marks) else len(s), at + WINDOW)
                parts = [m for m in figures[last + 1:bisect_left(starts, end)] if m.group(2) == total.group(2)
                         and m.end() <= end]
                if len(parts) < 2 or any(_NESTED.search(s, at, p.start()) for p in parts):
                    continue
                whole = figure(total.group(1))
                values = [figure(p.group(1)) for p in parts]
                if whole is None or any(x is None for x in values):
                    continue
                summed = sum(x for x in values if x is not None)
                if summed > whole:
                    listed = "＋".join(p.group() for p in parts)
                    said = re.sub(r"^其中[，,]?", "", s[clause_start + 1:total.end()].strip())
                    issues.append(_issue(
                        ctx, "narrative-sum", path, text, sentence.start() + at,
                        f"{label}：“{said}”，其中所列分项 {listed} 合计 {summed}{total.group(2)}，"
                        f"比总数多 {summed - whole}{total.group(2)}", expected=whole, actual=summed))
    return issues


_RATE = regex(r"(?<!按时)(?<!按期)(?<!限时)(?<!及时)(?<!当场)(?<!主动)(办结率|公开率)(?:达到|达|为|是)?\s*"
              r"(\d+(?:\.\d+)?)\s*[%％]")


def _matches(stated: str, part: int, whole: int) -> bool:
    """Whether part/whole, rounded or cut to the decimals written, is the stated percentage."""
    places = Decimal(1).scaleb(-len(stated.partition(".")[2]))
    exact = Decimal(part) * 100 / Decimal(whole)
    return Decimal(stated) in (exact.quantize(places, ROUND_HALF_UP), exact.quantize(places, ROUND_DOWN))


def _pct(part: int, whole: int) -> str:
    return format((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize(), "f")


@rule("R10", "narrative-rate", "正文的办结率、公开率与表三件数相符")
def rate_rules(ctx: Ctx) -> list[Issue]:
    """办结率 is 办结 ÷ (新收 + 上年结转); 公开率 is 予以公开 (with or without 部分公开) ÷ 办结 or ÷ 新收.

    A 公开率 is warned about only when none of these readings gives the stated figure.
    """
    ed, v = ctx.edition, ctx.values
    t3 = ed.requests
    by_path = {r.path: r for r in t3.rows}
    rows = {"received": t3.received, "carried_in": t3.carried_in, "total": t3.total,
            "granted": by_path.get("granted"), "partly_granted": by_path.get("partly_granted")}
    if any(r is None for r in rows.values()):
        return []
    need = {k: t3.cell(r, t3.total_column) for k, r in rows.items() if r is not None}
    if not all(p in v.cells for p in need.values()) or not v.known(*need.values()):
        return []
    n = {k: v[p] for k, p in need.items()}
    name = {k: r.label for k, r in rows.items() if r is not None}
    heading = t3.heading
    issues = []
    for path, text, label in narratives(ctx):
        for sentence in _SENTENCE.finditer(text):
            s = sentence.group()
            if not (_APPLICATION.search(s) or path == "overview.on_request") or _OTHER_SUBJECT.search(s):
                continue
            for m in _RATE.finditer(s):
                what, stated = m.group(1), m.group(2)
                at = sentence.start() + m.start()
                if what == "办结率":
                    base = n["received"] + n["carried_in"]
                    if base and not _matches(stated, n["total"], base):
                        issues.append(_issue(
                            ctx, "narrative-rate", path, text, at,
                            f"{label}：正文写“{m.group()}”，按{heading}，{name['total']} {n['total']} 件 ÷"
                            f"（{name['received']} {n['received']} 件 + {name['carried_in']} {n['carried_in']} 件）"
                            f"= {_pct(n['total'], base)}%", expected=_pct(n["total"], base), actual=stated))
                    continue
                readings = [(a, b) for a in (n["granted"], n["granted"] + n["partly_granted"])
                            for b in (n["total"], n["received"]) if b]
                if readings and not any(_matches(stated, a, b) for a, b in readings):
                    issues.append(_issue(
                        ctx, "narrative-rate", path, text, at,
                        f"{label}：正文写“{m.group()}”，按{heading}，{name['granted']} {n['granted']} 件、"
                        f"{name['partly_granted']} {n['partly_granted']} 件，{name['total']} {n['total']} 件，"
                        f"{name['received']} {n['received']} 件，任何算法都得不到 {stated}%", actual=stated))
    return issues


_CORRECTION_RATE = regex(r"纠错率(?:达到|达|为|是)?\s*(\d+(?:\.\d+)?)\s*[%％]")


@rule("R10", "narrative-rate", "正文的行政复议、行政诉讼纠错率与表四件数相符")
def correction_rate_rules(ctx: Ctx) -> list[Issue]:
    """纠错率 is 结果纠正 ÷ 总计 (or ÷ the cases decided, 总计 − 尚未审结) of the one 表四 group the sentence names.

    Only sentences about disclosure (公开): a 司法局's own 行政复议纠错率 over other agencies is not 表四.
    """
    ed, v = ctx.edition, ctx.values
    t4 = ed.reviews
    cols = {c.key: c for c in t4.columns}
    if not {"corrected", "pending"} <= cols.keys():
        return []
    total = t4.total_column
    names = [(g, g.label, g.label.removeprefix("行政")) for g in t4.groups]  # 行政复议, or 复议 as prose shortens it
    issues = []
    for path, text, label in narratives(ctx):
        for sentence in _SENTENCE.finditer(text):
            s = sentence.group()
            if "公开" not in s or "纠错率" not in s:
                continue
            for m in _CORRECTION_RATE.finditer(s):
                before = s[:m.start()]
                named = [g for g, long, short in names if long in before or short in before]
                if len(named) != 1:
                    continue  # no group, or both (复议2件、诉讼1件，纠错率…): which cases it divides is unclear
                group = named[0]
                cells = {key: [f"reviews.{p.path}.{key}" for p in group.parts] for key in ("corrected", "pending", total.key)}
                if not all(p in v.cells for ps in cells.values() for p in ps) or not v.known(*sum(cells.values(), [])):
                    continue
                n = {key: sum(v[p] for p in ps) for key, ps in cells.items()}
                bases = [b for b in (n[total.key], n[total.key] - n["pending"]) if b > 0]
                stated = m.group(1)
                if bases and not any(_matches(stated, n["corrected"], b) for b in bases):
                    issues.append(_issue(
                        ctx, "narrative-rate", path, text, sentence.start() + m.start(),
                        f"{label}：正文写“{m.group()}”，按{t4.heading}，{group.label}{cols['corrected'].label} "
                        f"{n['corrected']} 件 ÷ {total.label} {n[total.key]} 件 = {_pct(n['corrected'], n[total.key])}%"
                        + (f"（÷ 已审结 {bases[-1]} 件 = {_pct(n['corrected'], bases[-1])}%）" if n["pending"] else ""),
                        expected=_pct(n["corrected"], bases[0]), actual=stated))
    return issues
