"""The arithmetic consistency rules (勾稽关系) of format.md §6, over computed cell values."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.check.registry import Ctx, rule
from nianbao.compute import fmt_number
from nianbao.issues import ERROR, INFO, WARNING, Issue, more_or_less


def _prefix(label: str) -> str:
    """'一、本年新收…' → '一'; the short row names the corner-cell rule speaks of."""
    return label.split("、")[0]


@rule("R1", "balance", "一+二 = （七）总计+四，逐列（结转下年度从不推算，见 carried-out-missing）")
def balance_rule(ctx: Ctx) -> list[Issue]:
    v, t = ctx.values, ctx.edition.requests
    received, carried_in, total, out, p = t.received, t.carried_in, t.total, t.carried_out, t.cell
    issues: list[Issue] = []
    for c in t.columns:
        paths = [p(received, c), p(carried_in, c), p(total, c), p(out, c)]
        if not v.known(*paths):
            continue
        left = v[paths[0]] + v[paths[1]]
        right = v[paths[2]] + v[paths[3]]
        if left != right:
            issues.append(ctx.issue(
                ERROR, "balance", [paths[3], paths[2], paths[0]], paths,
                f"{t.heading} · {c.label}：{_prefix(received.label)}+{_prefix(carried_in.label)} = {left}，"
                f"{total.label}+{_prefix(out.label)} = {right}，前者比后者{more_or_less(left - right)}",
                expected=left, actual=right))
    return issues


@rule("R2", "total", "填写的（七）总计 = 各项办理结果之和，逐列")
def total_rule(ctx: Ctx) -> list[Issue]:
    v, t = ctx.values, ctx.edition.requests
    total, p = t.total, t.cell
    issues: list[Issue] = []
    for c in t.columns:
        detail_paths = [p(r, c) for r in t.details]
        if v.known(p(total, c), *detail_paths) and p(total, c) in v.given:
            summed = sum(v[x] for x in detail_paths)
            if v[p(total, c)] != summed:
                issues.append(ctx.issue(
                    ERROR, "total", [p(total, c)], [p(total, c)] + detail_paths,
                    f"{t.heading} · {total.label} · {c.label}：填写 {v[p(total, c)]}，"
                    f"各项办理结果之和 {summed}，{more_or_less(v[p(total, c)] - summed, '填')}",
                    expected=summed, actual=v[p(total, c)]))
    return issues


@rule("R3", "row-total", "表三每行填写的总计 = 各申请人类别之和")
def row_total_rule(ctx: Ctx) -> list[Issue]:
    t = ctx.edition.requests
    issues: list[Issue] = []
    for row in t.rows:
        issue = ctx.given_total_mismatch(
            "row-total", t.cell(row, t.total_column), [t.cell(row, c) for c in t.part_columns],
            f"{t.heading} · {row.label} · {t.total_column.label}", f"{'、'.join(c.label for c in t.part_columns)}之和 ")
        issues += [issue] if issue else []
    return issues


@rule("R15", "all-zero", "未收到也未结转申请时，办理结果与结转都应为 0")
def all_zero_rule(ctx: Ctx) -> list[Issue]:
    ed, v, t = ctx.edition, ctx.values, ctx.edition.requests
    inflow = [t.cell(r, c) for r in (t.received, t.carried_in) for c in t.columns]
    if not (v.known(*inflow) and all(v[x] == 0 for x in inflow)):
        return []
    rest = [t.cell(r, c) for r in (*t.details, t.total, t.carried_out) for c in t.columns]
    nonzero = [x for x in rest if v.known(x) and v[x] != 0 and x in v.given]
    if not nonzero:
        return []
    return [ctx.issue(
        ERROR, "all-zero", nonzero, inflow + nonzero,
        f"{t.heading}：{t.received.label}与{t.carried_in.label}都是 0，"
        f"办理结果和结转却不是 0（如 {ed.label(nonzero[0])} = {v[nonzero[0]]}）")]


@rule("R4", "review-total", "表四复议、诉讼填写的总计 = 各结果之和")
def review_rules(ctx: Ctx) -> list[Issue]:
    ed = ctx.edition
    t4, total_col, parts = ed.reviews.heading, ed.reviews.total_column, ed.reviews.part_columns
    issues = []
    for part in ed.reviews.parts:
        issue = ctx.given_total_mismatch(
            "review-total", f"reviews.{part.key}.{total_col.key}", [f"reviews.{part.key}.{c.key}" for c in parts],
            f"{t4} · {part.label} · {total_col.label}", f"{'+'.join(c.label for c in parts)} = ")
        issues += [issue] if issue else []
    return issues


MONEY_SUSPECT = 10_000  # 万元, i.e. 1 亿元 of fees is implausible for one agency's report


@rule("R12", "unit", "金额栏（万元）的数值达到 1 亿元，可能误按元填写")
def unit_rule(ctx: Ctx) -> list[Issue]:
    ed, v = ctx.edition, ctx.values
    issues = []
    for path, _block, _row, col in ed.proactive.cells():
        if col.type == "money" and v.known(path) and v[path] >= MONEY_SUSPECT:
            issues.append(ctx.issue(
                WARNING, "unit", [path], [path],
                f"{ed.label(path)}：{fmt_number(v[path])} 万元即 {fmt_number(v[path] / 10000)} 亿元，"
                f"可能误按“元”填写；本栏单位是万元", actual=v[path]))
    return issues


@rule("R9", "published-count", "本年新公开数量不大于对外公开总数量", per_edition=True,
      roles=("proactive.new_published", "proactive.total_published"))
def published_count_rule(ctx: Ctx) -> list[Issue]:
    ed, v = ctx.edition, ctx.values
    issues = []
    for block in ed.proactive.blocks:
        new, whole = block.column("new_published"), block.column("total_published")
        if new and whole:
            for row in block.rows:
                a, b = f"proactive.{row.path}.{new.key}", f"proactive.{row.path}.{whole.key}"
                if v.known(a, b) and v[a] > v[b]:
                    issues.append(ctx.issue(
                        WARNING, "published-count", [a], [a, b],
                        f"{ed.label(a)} {v[a]} 大于对外公开总数量 {v[b]}", expected=f"<= {v[b]}", actual=v[a]))
    return issues


def _carried_out_counterparts(ctx: Ctx) -> list[tuple[str, str, str | None]]:
    """(column label, this year's 上年结转 cell, last year's 结转下年度 cell or None) for every 表三 column."""
    ed, ped = ctx.edition, ctx.previous_edition
    assert ped is not None
    t = ed.requests
    return [(c.label, t.cell(t.carried_in, c), ed.counterpart(t.cell(t.carried_out, c), ped)) for c in t.columns]


@rule("R6", "carry-in", "跨年度：本年“上年结转”与上年报告的“结转下年度继续办理”相同", needs=("previous",))
def carry_in_rule(ctx: Ctx) -> list[Issue]:
    prev, ed, v = ctx.previous, ctx.edition, ctx.values
    assert prev is not None
    issues = []
    t = ed.requests
    for column, here, there in _carried_out_counterparts(ctx):
        if there is not None and v.known(here) and prev.known(there) and v[here] != prev[there]:
            issues.append(ctx.issue(
                WARNING, "carry-in", [here], [here],
                f"{t.heading} · {t.carried_in.label} · {column}：本年填写 {v[here]}，上年报告"
                f"“{t.carried_out.label}”为 {prev[there]}，{more_or_less(v[here] - prev[there], '填')}",
                expected=prev[there], actual=v[here]))
    return issues


# What each cross-year check of 表二 reads, by the column roles of the edition file: the column of the rows
# it checks, the columns of the same row it reads there (last year) and here. Through Edition.counterpart,
# so a previous report in another format is compared where its edition file maps the cells;
# previous_counterpart_rule names the rest.
_FROM_PREVIOUS = {
    "items_carry_rule": ("R7", "items_last_year", ("items_last_year", "items_change"), ()),
    "in_force_rule": ("R8", "in_force", ("in_force",), ("made", "repealed")),
    "repealed_count_rule": ("R9", "in_force", ("in_force",), ("made", "repealed")),
}
_CROSS_YEAR_ROLES = {check: tuple(f"proactive.{r}" for r in dict.fromkeys((col, *there, *here)))
                     for check, (_rid, col, there, here) in _FROM_PREVIOUS.items()}


def _previous_cells(ctx: Ctx, check: str) -> Iterator[tuple[str, dict[str, str], dict[str, str | None]]]:
    """(path, {role: this row's cell}, {role: last year's cell, or None without a counterpart}) for one check."""
    ed, ped = ctx.edition, ctx.previous_edition
    assert ped is not None
    _rid, checked, there, here = _FROM_PREVIOUS[check]
    for block in ed.proactive.blocks:
        cols = {r: block.column(r) for r in dict.fromkeys((checked, *there, *here))}
        if None in cols.values():
            continue
        for row in block.rows:
            cells = {r: f"proactive.{row.path}.{c.key}" for r, c in cols.items() if c is not None}
            yield cells[checked], cells, {r: ed.counterpart(cells[r], ped) for r in there}


@rule(None, "no-counterpart", "跨年度：上年报告的格式没有对应格时说明一次哪些格未作跨年度核对", needs=("previous",))
def previous_counterpart_rule(ctx: Ctx) -> list[Issue]:
    """A cross-year check that cannot compare a cell (last year's format has no such cell) says so, once."""
    ed, ped = ctx.edition, ctx.previous_edition
    assert ped is not None
    lost: dict[str, list[str]] = {}
    if any(there is None for *_, there in _carried_out_counterparts(ctx)):
        lost["R6"] = [here for _c, here, there in _carried_out_counterparts(ctx) if there is None]
    for check, (rid, *_roles) in _FROM_PREVIOUS.items():
        if check in ed.checks:
            cells = [path for path, _base, there in _previous_cells(ctx, check) if None in there.values()]
            if cells:
                lost.setdefault(rid, []).extend(cells)
    if not lost:
        return []
    paths = list(dict.fromkeys(p for cells in lost.values() for p in cells))
    return [ctx.issue(
        INFO, "no-counterpart", ["previous"], paths,
        f"上年报告按 {ped.id} 版格式填写，没有与本年以下各格对应的格，{'、'.join(lost)} 跨年度核对未比较这些格："
        + "；".join(ed.label(p) for p in paths))]


@rule("R7", "items-carry", "跨年度：上一年项目数量 = 上年报告的上一年项目数量 + 本年增/减",
      per_edition=True, needs=("previous",), roles=_CROSS_YEAR_ROLES["items_carry_rule"])
def items_carry_rule(ctx: Ctx) -> list[Issue]:
    prev, ed, v = ctx.previous, ctx.edition, ctx.values
    assert prev is not None
    issues = []
    for path, _here, there in _previous_cells(ctx, "items_carry_rule"):
        before, change = there["items_last_year"], there["items_change"]
        if before is None or change is None or not prev.known(before, change):
            continue
        expected = prev[before] + prev[change]
        if v.known(path) and v[path] != expected:
            issues.append(ctx.issue(
                WARNING, "items-carry", [path], [path],
                f"{ed.label(path)}：填写 {v[path]}，上年项目数量+上年增/减 = {expected}，"
                f"{more_or_less(v[path] - expected, '填')}", expected=expected, actual=v[path]))
    return issues


@rule("R8", "in-force", "跨年度：现行有效件数 ≈ 上年现行有效 + 本年制发 − 本年废止", per_edition=True, needs=("previous",),
      roles=_CROSS_YEAR_ROLES["in_force_rule"])
def in_force_rule(ctx: Ctx) -> list[Issue]:
    prev, ed, v = ctx.previous, ctx.edition, ctx.values
    assert prev is not None
    issues = []
    for path, here, there in _previous_cells(ctx, "in_force_rule"):
        last = there["in_force"]
        if last is None or not (v.known(path, here["made"], here["repealed"]) and prev.known(last)):
            continue
        made, repealed = v[here["made"]], v[here["repealed"]]
        expected = prev[last] + made - repealed
        if v[path] != expected:
            issues.append(ctx.issue(
                WARNING, "in-force", [path], [path, here["made"], here["repealed"]],
                f"{ed.label(path)}：填写 {v[path]}，上年现行有效 {prev[last]}+本年制发 {made}"
                f"−本年废止 {repealed} = {expected}，{more_or_less(v[path] - expected, '填')}"
                f"（文件到期失效也会造成差异，请核实）", expected=expected, actual=v[path]))
    return issues


@rule("R9", "published-count", "跨年度：本年废止件数不多于上年现行有效与本年制发之和",
      per_edition=True, needs=("previous",), roles=_CROSS_YEAR_ROLES["repealed_count_rule"])
def repealed_count_rule(ctx: Ctx) -> list[Issue]:
    prev, ed, v = ctx.previous, ctx.edition, ctx.values
    assert prev is not None
    issues = []
    for _path, here, there in _previous_cells(ctx, "repealed_count_rule"):
        last = there["in_force"]
        if last is None or not (v.known(here["made"], here["repealed"]) and prev.known(last)):
            continue
        made, repealed = v[here["made"]], v[here["repealed"]]
        if repealed > prev[last] + made:
            rp = here["repealed"]
            issues.append(ctx.issue(
                WARNING, "published-count", [rp], [rp],
                f"{ed.label(rp)} {repealed} 多于上年现行有效 {prev[last]} 与本年制发 {made} 之和"))
    return issues
