"""`nianbao diff`: last year's report against this year's — every table cell that changed, big jumps, text reused.

Informational, for the clerk before publishing and the 政务公开办 reviewing a department: it never fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from nianbao.check import CheckResult
from nianbao.check.reuse import SHARE_LIMIT, SectionReuse, same_problems, section_reuse, table_paths
from nianbao.compute import fmt_number

JUMP_FACTOR = 5  # a cell that grew or shrank this many times over…
JUMP_FLOOR = 10  # …with the larger of the two values at least this, is flagged
SEP = " › "


@dataclass(frozen=True)
class Side:
    file: str
    agency: str
    year: int | None
    edition: str

    @staticmethod
    def of(result: CheckResult) -> Side:
        data = result.report.data if result.report else {}
        agency = data.get("agency")
        name = agency.get("name") if isinstance(agency, dict) else None
        year = data.get("year")
        return Side(result.file, name.strip() if isinstance(name, str) else "",
                    year if isinstance(year, int) and not isinstance(year, bool) else None,
                    result.edition.id if result.edition else "")

    def text(self) -> str:
        year = f"{self.year} 年度" if self.year is not None else "年度不明"
        return f"{self.file}（{self.agency or '机关不明'}，{year}，{self.edition} 版格式）"


@dataclass(frozen=True)
class Change:
    """One table cell whose number differs between the two years."""

    path: str
    label: tuple[str, ...]
    last: int | float | Decimal
    this: int | float | Decimal
    change: int | Decimal
    jump: bool

    def ratio_text(self) -> str:
        if not self.jump:
            return ""
        low, high = sorted((Decimal(str(self.last)), Decimal(str(self.this))))
        if low == 0:
            return "上年为 0" if Decimal(str(self.last)) == 0 else "本年为 0"
        factor = fmt_number(round(high / low, 1))
        return f"增至 {factor} 倍" if Decimal(str(self.this)) > Decimal(str(self.last)) else f"降至 1/{factor}"


@dataclass(frozen=True)
class ReportDiff:
    last: Side
    this: Side
    compared: int  # cells both editions have and both reports give a usable number for
    last_only: int  # cells only last year's edition has (another format): not compared
    this_only: int
    unusable: tuple[str, ...]  # cells unusable in either report (a check error): not compared
    changes: tuple[Change, ...]
    reuse: tuple[SectionReuse, ...]
    problems_same: bool

    @property
    def same_edition(self) -> bool:
        return self.last.edition == self.this.edition

    @property
    def jumps(self) -> int:
        return sum(c.jump for c in self.changes)


def _is_jump(a, b) -> bool:
    low, high = sorted((Decimal(str(a)), Decimal(str(b))))
    return high >= JUMP_FLOOR and (low == 0 or high >= JUMP_FACTOR * low)


def _change(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return b - a
    return Decimal(str(b)) - Decimal(str(a))


def compare(last: CheckResult, this: CheckResult) -> ReportDiff:
    """The year-on-year view of two checked, readable reports."""
    assert last.report and this.report and last.edition and this.edition and last.values and this.values
    led, ted = last.edition, this.edition
    last_paths, this_paths = table_paths(led), table_paths(ted)
    # this year's cell → last year's cell holding the same figure (the edition file's previous_edition_map,
    # else the same key path), in this year's order; the cross-year rules R6–R9 pair cells the same way
    last_set = set(last_paths)
    both = {p: q for p in this_paths if (q := ted.counterpart(p, led)) is not None and q in last_set}
    labels = ted.labels.path
    lv, tv = last.values, this.values
    unusable = tuple(p for p, q in both.items() if not (lv.known(q) and tv.known(p)))
    changes = tuple(
        Change(p, labels[p], lv[q], tv[p], _change(lv[q], tv[p]), _is_jump(lv[q], tv[p]))
        for p, q in both.items() if p not in unusable and Decimal(str(lv[q])) != Decimal(str(tv[p])))
    return ReportDiff(
        Side.of(last), Side.of(this), len(both) - len(unusable), len(last_set - set(both.values())),
        len(set(this_paths) - set(both)), unusable, changes,
        tuple(section_reuse(this.report, ted, last.report, led)), same_problems(this.report, last.report))


def _number(value) -> str:
    return fmt_number(value)


def _signed(value) -> str:
    text = fmt_number(value)
    return text if text.startswith("-") else "+" + text


def _share_line(s: SectionReuse) -> str:
    if not s.counted:
        return f"{s.label}：没有可比的句子"
    where = f"，第 {'、'.join(map(str, s.lines))} 行" if s.lines else ""
    flag = "  ← 超过一半" if s.share > SHARE_LIMIT else ""
    return f"{s.label}：{s.counted} 句中 {len(s.repeated)} 句（{s.share:.0%}）{where}{flag}"


def edition_note(d: ReportDiff) -> str | None:
    if d.same_edition:
        return None
    return (f"两份报告的格式版本不同（上年 {d.last.edition} 版，本年 {d.this.edition} 版）：只比较两版都有的单元格；"
            f"上年格式独有的 {d.last_only} 个、本年格式独有的 {d.this_only} 个单元格未比较")


def to_text(d: ReportDiff) -> str:
    """The plain-text view: header, changed cells (jumps marked), reuse per section."""
    lines = [f"上年：{d.last.text()}", f"本年：{d.this.text()}"]
    note = edition_note(d)
    lines += [note] if note else []
    lines.append(f"表格：比较 {d.compared} 个单元格，{len(d.changes)} 个有变化，"
                 f"其中 {d.jumps} 个变化达 {JUMP_FACTOR} 倍以上（标 ！）")
    if d.unusable:
        lines.append(f"  另有 {len(d.unusable)} 个单元格的数字无法使用（见 nianbao check），未比较")
    for c in d.changes:
        mark = "！" if c.jump else "  "
        extra = f"，{c.ratio_text()}" if c.jump else ""
        lines.append(f"{mark}{SEP.join(c.label)}：{_number(c.last)} → {_number(c.this)}（{_signed(c.change)}{extra}）")
    lines.append("正文与上年报告相同的句子（年份和数字不计）：")
    lines += [f"  {_share_line(s)}" for s in d.reuse] or ["  两份报告都没有正文"]
    if d.problems_same:
        problems = next((s.label for s in d.reuse if s.key == "problems"), "")
        lines.append(f"{problems}与上年报告的这一部分相同（年份不计）")
    return "\n".join(lines) + "\n"


def to_data(d: ReportDiff) -> dict:
    """The JSON view: the same facts, with key paths for programs."""

    def num(value):
        return value if isinstance(value, int) else float(value)

    def side(s: Side) -> dict:
        return {"file": s.file, "agency": s.agency, "year": s.year, "edition": s.edition}

    return {
        "last": side(d.last), "this": side(d.this), "same_edition": d.same_edition,
        "compared": d.compared, "not_compared": {"last_edition_only": d.last_only, "this_edition_only": d.this_only,
                                                "unusable": list(d.unusable)},
        "changes": [{"path": c.path, "label": list(c.label), "last": num(c.last), "this": num(c.this),
                     "change": num(c.change), "jump": c.jump} for c in d.changes],
        "jump_rule": {"factor": JUMP_FACTOR, "floor": JUMP_FLOOR},
        "reuse": [{"section": s.key, "label": s.label, "sentences": s.counted, "repeated": len(s.repeated),
                   "share": round(s.share, 4), "lines": s.lines,
                   "repeated_sentences": [{"path": x.path, "line": x.line, "text": x.text} for x in s.repeated]}
                  for s in d.reuse],
        "reuse_limit": SHARE_LIMIT,
        "problems_same": d.problems_same,
    }


def to_json(d: ReportDiff) -> str:
    return json.dumps(to_data(d), ensure_ascii=False, indent=2) + "\n"


def to_html(d: ReportDiff) -> str:
    """One self-contained, escaped page (no script, no external resource) from _shared/diff.html.j2."""
    from nianbao.render import env

    template = env.environment().get_template("_shared/diff.html.j2")
    return env.render(template, {
        "d": d, "note": edition_note(d), "sep": SEP, "number": _number, "signed": _signed,
        "factor": JUMP_FACTOR, "limit": SHARE_LIMIT,
        "problems_label": next((s.label for s in d.reuse if s.key == "problems"), ""),
    })


RENDER = {"text": to_text, "json": to_json, "html": to_html}
