"""The arithmetic consistency rules (勾稽关系) of format.md §6, over computed cell values."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.compute import Values, fmt_number
from nianbao.editions import Edition
from nianbao.issues import ERROR, WARNING, Issue, Location
from nianbao.load import Report


@dataclass
class Ctx:
    report: Report
    edition: Edition
    values: Values
    previous: Values | None = None
    previous_edition: Edition | None = None

    def loc(self, path: str) -> Location:
        line, col = self.report.source.get(path, (None, None))
        return Location(path, line, col, self.values.cells.get(path))

    def issue(self, severity: str, code: str, primary: list[str], involved: list[str], message: str,
              expected=None, actual=None) -> Issue:
        """An issue placed at the first written cell of `primary` (else the nearest ancestor)."""
        given = self.values.given
        anchor = next((p for p in primary if p in given), primary[0])
        line, col = self.report.where(anchor)
        related = [self.loc(p) for p in involved if p in given and p != anchor]
        return Issue(severity, code, anchor, message, file=self.report.file, line=line, col=col,
                     related=related, expected=expected, actual=actual)


    def given_total_mismatch(self, code: str, total: str, parts: list[str], where: str, what: str) -> Issue | None:
        """R3/R4: a written 总计 that is not the sum of its parts (omitted totals are computed, so agree)."""
        v = self.values
        if total not in v.given or not v.known(total, *parts):
            return None
        summed = sum(v[x] for x in parts)
        if v[total] == summed:
            return None
        return self.issue(ERROR, code, [total], [total] + parts,
                          f"{where}：填写 {v[total]}，{what}{summed}，相差 {v[total] - summed}",
                          expected=summed, actual=v[total])


def _prefix(label: str) -> str:
    """'一、本年新收…' → '一'; the short row names the corner-cell rule speaks of."""
    return label.split("、")[0]


def _diff(a, b) -> str:
    return fmt_number(round(a - b, 6) if isinstance(a - b, float) else a - b)


def request_rules(ctx: Ctx) -> list[Issue]:
    ed, v = ctx.edition, ctx.values
    t3 = ed.section("requests").heading
    rows = ed.request_rows
    received, carried_in = (r for r in rows if not r.groups and not r.role)
    total = next(r for r in rows if r.role == "total")
    out = next(r for r in rows if r.role == "carried_out")
    details = [r for r in rows if r.groups and not r.role]
    cols = ed.request_columns
    total_col = next(c for c in cols if c.role == "total")
    parts = [c for c in cols if c.role != "total"]
    issues: list[Issue] = []

    def p(row, col) -> str:
        return f"requests.{row.key}.{col.key}"

    for c in cols:
        # R1: 一 + 二 = （七） + 四, column by column
        paths = [p(received, c), p(carried_in, c), p(total, c), p(out, c)]
        if v.known(*paths):
            left = v[paths[0]] + v[paths[1]]
            right = v[paths[2]] + v[paths[3]]
            if p(out, c) not in v.given and v[paths[3]] < 0:
                issues.append(ctx.issue(
                    ERROR, "carried-out-negative", [p(total, c), p(received, c)], paths,
                    f"{t3} · {out.label} · {c.label}：按 {_prefix(received.label)}+{_prefix(carried_in.label)}"
                    f"−{total.label} 计算为 {v[paths[3]]}，不能为负；请检查各行数字",
                    expected=">= 0", actual=v[paths[3]]))
            elif left != right:
                issues.append(ctx.issue(
                    ERROR, "balance", [paths[3], paths[2], paths[0]], paths,
                    f"{t3} · {c.label}：{_prefix(received.label)}+{_prefix(carried_in.label)} = {left}，"
                    f"{total.label}+{_prefix(out.label)} = {right}，相差 {left - right}",
                    expected=left, actual=right))
        # R2: （七）总计 = sum of the result rows
        detail_paths = [p(r, c) for r in details]
        if v.known(p(total, c), *detail_paths) and p(total, c) in v.given:
            summed = sum(v[x] for x in detail_paths)
            if v[p(total, c)] != summed:
                issues.append(ctx.issue(
                    ERROR, "total", [p(total, c)], [p(total, c)] + detail_paths,
                    f"{t3} · {total.label} · {c.label}：填写 {v[p(total, c)]}，"
                    f"各项办理结果之和 {summed}，相差 {v[p(total, c)] - summed}",
                    expected=summed, actual=v[p(total, c)]))
    # R3: the 总计 column of every row = 自然人 + 法人或其他组织
    for row in rows:
        issue = ctx.given_total_mismatch(
            "row-total", p(row, total_col), [p(row, c) for c in parts],
            f"{t3} · {row.label} · {total_col.label}", f"{'、'.join(c.label for c in parts)}之和 ")
        issues += [issue] if issue else []
    # R15: nothing received or carried in, yet results reported
    inflow = [p(r, c) for r in (received, carried_in) for c in cols]
    if v.known(*inflow) and all(v[x] == 0 for x in inflow):
        rest = [p(r, c) for r in details + [total, out] for c in cols]
        nonzero = [x for x in rest if v.known(x) and v[x] != 0 and x in v.given]
        if nonzero:
            issues.append(ctx.issue(
                ERROR, "all-zero", nonzero, inflow + nonzero,
                f"{t3}：{received.label}与{carried_in.label}都是 0，"
                f"办理结果和结转却不是 0（如 {ed.label(nonzero[0])} = {v[nonzero[0]]}）"))
    return issues


def review_rules(ctx: Ctx) -> list[Issue]:
    ed = ctx.edition
    t4 = ed.section("reviews").heading
    total_col = next(c for c in ed.review_columns if c.role == "total")
    parts = [c for c in ed.review_columns if c.role != "total"]
    issues = []
    for part in ed.review_parts:
        issue = ctx.given_total_mismatch(
            "review-total", f"reviews.{part.key}.{total_col.key}", [f"reviews.{part.key}.{c.key}" for c in parts],
            f"{t4} · {part.label} · {total_col.label}", f"{'+'.join(c.label for c in parts)} = ")
        issues += [issue] if issue else []
    return issues


def proactive_rules(ctx: Ctx) -> list[Issue]:
    """R9 (within the year), R12 (万元 sanity)."""
    ed, v = ctx.edition, ctx.values
    issues = []
    for path, _block, _row, col in ed.proactive_cells():
        if col.type == "money" and v.known(path) and v[path] >= MONEY_SUSPECT:
            issues.append(ctx.issue(
                WARNING, "unit", [path], [path],
                f"{ed.label(path)}：{fmt_number(v[path])} 万元即 {fmt_number(v[path] / 10000)} 亿元，"
                f"可能误按“元”填写；本栏单位是万元", actual=v[path]))
    for block in ed.blocks:
        keys = [c.key for c in block.columns]
        if "new_published" in keys and "total_published" in keys:
            for row in block.rows:
                a, b = f"proactive.{row.key}.new_published", f"proactive.{row.key}.total_published"
                if v.known(a, b) and v[a] > v[b]:
                    issues.append(ctx.issue(
                        WARNING, "published-count", [a], [a, b],
                        f"{ed.label(a)} {v[a]} 大于对外公开总数量 {v[b]}", expected=f"<= {v[b]}", actual=v[a]))
    return issues


MONEY_SUSPECT = 10_000  # 万元, i.e. 1 亿元 of fees is implausible for one agency's report


def cross_year_rules(ctx: Ctx) -> list[Issue]:
    """R6–R9 against last year's report."""
    prev, ped, ed, v = ctx.previous, ctx.previous_edition, ctx.edition, ctx.values
    if prev is None or ped is None:
        return []
    issues = []
    t3 = ed.section("requests").heading
    carried_in = next(r for r in ed.request_rows if not r.groups and not r.role and r.key != "received")
    prev_out = next(r for r in ped.request_rows if r.role == "carried_out")
    for c in ed.request_columns:
        here, there = f"requests.{carried_in.key}.{c.key}", f"requests.{prev_out.key}.{c.key}"
        if v.known(here) and prev.known(there) and v[here] != prev[there]:
            issues.append(ctx.issue(
                WARNING, "carry-in", [here], [here],
                f"{t3} · {carried_in.label} · {c.label}：本年填写 {v[here]}，上年报告"
                f"“{prev_out.label}”为 {prev[there]}，相差 {v[here] - prev[there]}",
                expected=prev[there], actual=v[here]))
    if ed.id == ped.id:
        for path, _block, row, col in ed.proactive_cells():
            base = f"proactive.{row.key}"
            if col.key == "previous":
                expected = prev[f"{base}.previous"] + prev[f"{base}.change"]
                if v.known(path) and v[path] != expected:
                    issues.append(ctx.issue(
                        WARNING, "items-carry", [path], [path],
                        f"{ed.label(path)}：填写 {v[path]}，上年项目数量+上年增/减 = {expected}，"
                        f"相差 {v[path] - expected}", expected=expected, actual=v[path]))
            if col.key == "in_force":
                made, repealed = v[f"{base}.made"], v[f"{base}.repealed"]
                expected = prev[path] + made - repealed
                if v[path] != expected:
                    issues.append(ctx.issue(
                        WARNING, "in-force", [path], [path, f"{base}.made", f"{base}.repealed"],
                        f"{ed.label(path)}：填写 {v[path]}，上年现行有效 {prev[path]}+本年制发 {made}"
                        f"−本年废止 {repealed} = {expected}，相差 {v[path] - expected}"
                        f"（文件到期失效也会造成差异，请核实）", expected=expected, actual=v[path]))
                if repealed > prev[path] + made:
                    rp = f"{base}.repealed"
                    issues.append(ctx.issue(
                        WARNING, "published-count", [rp], [rp],
                        f"{ed.label(rp)} {repealed} 多于上年现行有效 {prev[path]} 与本年制发 {made} 之和"))
    return issues
