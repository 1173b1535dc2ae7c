"""Text and tables repeated from last year's report (format.md §7.12): the reuse share per section, and its warnings.

`section_reuse` is the one measure: `check` warns from it, `nianbao diff` prints it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache

from nianbao.check.cnnum import NUMBER
from nianbao.check.lints import _SENTENCE
from nianbao.check.registry import Ctx, rule
from nianbao.datacache import regex
from nianbao.editions import Edition, get
from nianbao.issues import WARNING, Issue
from nianbao.load import Report

SHARE_LIMIT = 0.5  # one city deducts when more than half of a section repeats last year's
MIN_CHARS = 8  # fewer characters (numbers and official labels aside): a sub-heading or "无", not counted
MIN_SENTENCES = 3  # fewer countable sentences (a 六 of two fixed lines on fees): shown in `diff`, not warned
LABEL_MIN = 4  # official labels this long or longer are prescribed wording, left out of a sentence

_NOT_WORD = regex(r"[\W_]+")
_YEAR = regex(r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})(?=年)")


@dataclass(frozen=True)
class Sentence:
    path: str  # the key path of the value it stands in ("overview.proactive")
    text: str
    line: int | None


@dataclass(frozen=True)
class SectionReuse:
    """One prose section: how many of its sentences count, and which of them repeat last year's."""

    key: str  # "preamble" or a section key
    label: str
    counted: int
    repeated: tuple[Sentence, ...]

    @property
    def share(self) -> float:
        return len(self.repeated) / self.counted if self.counted else 0.0

    @property
    def lines(self) -> list[int]:
        return sorted({s.line for s in self.repeated if s.line})

    @property
    def copied(self) -> bool:
        """Above the limit, with enough sentences to say so."""
        return self.counted >= MIN_SENTENCES and self.share > SHARE_LIMIT


def plain(text: str) -> str:
    """Width, spaces and punctuation ignored (NFKC, then only letters and digits), years as #."""
    return _NOT_WORD.sub("", _YEAR.sub("#", unicodedata.normalize("NFKC", text)))


def normalize(text: str) -> str:
    """A sentence as compared with last year's: `plain`, and every number (Arabic or Chinese) as #."""
    return NUMBER.sub("#", plain(text))


@cache
def _prescribed(edition_id: str) -> re.Pattern[str]:
    """The wording the format prescribes (titles, captions, row and column labels), normalized, longest first."""
    texts = get(edition_id).labels.prescribed
    found = sorted({n for t in texts if len(n := normalize(t)) >= LABEL_MIN}, key=lambda n: (-len(n), n))
    return regex("|".join(map(re.escape, found)))


def _default_preamble(report: Report, edition: Edition) -> set[str]:
    """The sentences of the preamble nianbao writes when none is given: the format's, not the clerk's."""
    from nianbao.render.context import default_preamble

    agency = report.data.get("agency")
    name = agency.get("name") if isinstance(agency, dict) else ""
    text = default_preamble(2000, name if isinstance(name, str) else "", edition, [s.title for s in edition.sections])
    return {normalize(m.group()) for m in _SENTENCE.finditer(text)}


def countable(sentence: str, edition: Edition, boilerplate: Collection[str] = ()) -> str | None:
    """The normalized sentence, or None when it is prescribed wording or too short to count."""
    norm = normalize(sentence)
    if norm in boilerplate:
        return None
    rest = _prescribed(edition.id).sub("", norm)
    return norm if len(rest) - rest.count("#") >= MIN_CHARS else None


def prose(report: Report, edition: Edition) -> Iterator[tuple[str, str, str, str]]:
    """(section key, its label, key path, text) of every prose value: the preamble, 一 (or its parts), 五, 六."""
    data = report.data
    if isinstance(data.get("preamble"), str):
        yield "preamble", edition.top_labels["preamble"], "preamble", data["preamble"]
    for section in edition.prose_sections:  # 一、五、六 and any a variant adds; a table's key is never prose
        key, label = section.key, section.heading
        value = data.get(key)
        if isinstance(value, str):
            yield key, label, key, value
        elif isinstance(value, dict) and key == "overview":
            for part in edition.overview_parts:
                if isinstance(value.get(part.key), str):
                    yield key, label, f"{key}.{part.key}", value[part.key]


def sentences(report: Report, edition: Edition) -> Iterator[tuple[str, str, Sentence]]:
    """(section key, section label, sentence) with the sentence's YAML line."""
    for key, label, path, text in prose(report, edition):
        breaks, done = 0, 0
        for m in _SENTENCE.finditer(text):
            breaks += text.count("\n", done, m.start())  # counted once over the text: linear in its length
            done = m.start()
            line, _col = report.line_position(path, breaks)
            yield key, label, Sentence(path, m.group().strip(), line)


def section_reuse(this: Report, this_edition: Edition, last: Report, last_edition: Edition) -> list[SectionReuse]:
    """Per prose section of this year's report: its countable sentences and those found in last year's prose."""
    last_boilerplate = _default_preamble(last, last_edition)
    seen = {n for _k, _l, s in sentences(last, last_edition)
            if (n := countable(s.text, last_edition, last_boilerplate)) is not None}
    boilerplate = _default_preamble(this, this_edition)
    order: list[str] = []
    labels: dict[str, str] = {}
    counted: dict[str, int] = {}
    repeated: dict[str, list[Sentence]] = {}
    for key, label, sentence in sentences(this, this_edition):
        if key not in labels:
            order.append(key)
            labels[key], counted[key], repeated[key] = label, 0, []
        norm = countable(sentence.text, this_edition, boilerplate)
        if norm is None:
            continue
        counted[key] += 1
        if norm in seen:
            repeated[key].append(sentence)
    return [SectionReuse(k, labels[k], counted[k], tuple(repeated[k])) for k in order]


LINES_SHOWN = 30  # a message names this many lines at most


def _lines_text(lines: list[int]) -> str:
    shown = "、".join(map(str, lines[:LINES_SHOWN]))
    return f"见第 {shown} 行" + (f"等 {len(lines)} 行" if len(lines) > LINES_SHOWN else "") if lines else "见上年报告"


def same_problems(this: Report, last: Report) -> bool:
    """五 identical to last year's once years (and width, spaces, punctuation) are set aside."""
    a, b = this.data.get("problems"), last.data.get("problems")
    return isinstance(a, str) and isinstance(b, str) and len(plain(a)) >= MIN_CHARS and plain(a) == plain(b)


@rule(None, ("copied-text", "same-problems"), "跨年度：正文各部分与上年报告重复的句子超过一半；五与上年相同",
      needs=("previous",))
def copied_text_rule(ctx: Ctx) -> list[Issue]:
    """Sections whose sentences mostly repeat last year's (years and numbers aside); 五 unchanged."""
    last, last_ed = ctx.previous_report, ctx.previous_edition
    if last is None or last_ed is None:
        return []
    report = ctx.report
    issues = []
    five_same = same_problems(report, last)
    if five_same:
        line, col = report.where("problems")
        issues.append(Issue(WARNING, "same-problems", "problems",
                            f"{ctx.edition.section('problems').heading}：与上年报告的这一部分相同（年份不计），"
                            "应写本年存在的问题，以及上年所列问题的改进情况",
                            file=report.file, line=line, col=col))
    for section in section_reuse(report, ctx.edition, last, last_ed):
        # the preamble (customary wording: basis, period, contents) is measured, not warned about
        if section.key == "preamble" or not section.copied or (five_same and section.key == "problems"):
            continue
        first = section.repeated[0]
        issues.append(Issue(
            WARNING, "copied-text", section.key,
            f"{section.label}：本年 {section.counted} 句中有 {len(section.repeated)} 句与上年报告相同"
            f"（{section.share:.0%}，年份和数字不计），{_lines_text(section.lines)}；请按本年情况重写",
            file=report.file, line=first.line, col=None,
            expected=f"<= {SHARE_LIMIT:.0%}", actual=f"{section.share:.0%}"))
    return issues


def table_paths(edition: Edition) -> list[str]:
    """Every cell of 表二, 表三 and 表四, in the official order."""
    return ([p for p, *_ in edition.proactive.cells()] + [p for p, *_ in edition.requests.cells()]
            + [p for p, *_ in edition.reviews.cells()])


@rule(None, "same-tables", "跨年度：表二至表四的全部数字与上年报告相同（并非全为 0）", needs=("previous",))
def same_tables_rule(ctx: Ctx) -> list[Issue]:
    """Every table number equal to last year's (and not all zero): the tables were very likely copied."""
    prev, ped, ed, v = ctx.previous, ctx.previous_edition, ctx.edition, ctx.values
    if prev is None or ped is None or ped.id != ed.id:  # another edition's 表二 cannot be equal cell by cell
        return []
    paths = table_paths(ed)
    if not (v.known(*paths) and prev.known(*paths)):
        return []
    if any(v[p] != prev[p] for p in paths) or not any(v[p] for p in paths):
        return []
    tables = [s for s in ed.sections if s.table]
    headings = "".join(f"“{s.heading}”" for s in tables)
    anchor = next((s.key for s in tables if s.key in ctx.report.source), tables[0].key)
    line, col = ctx.report.where(anchor)
    return [Issue(WARNING, "same-tables", anchor,
                  f"{headings}的全部 {len(paths)} 个数字与上年报告完全相同，请核对是否照抄了上年的表格",
                  file=ctx.report.file, line=line, col=col)]
