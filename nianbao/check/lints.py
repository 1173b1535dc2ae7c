"""Rules over the narrative and dates: R11, R16, stale years and the markup lints (R10 is figures.py)."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from nianbao.check.cnnum import parse as parse_numeral
from nianbao.check.registry import Ctx, rule
from nianbao.compute import statistical_period, zh_date
from nianbao.datacache import regex
from nianbao.editions import Edition, RowNode
from nianbao.issues import WARNING, Issue
from nianbao.load.chars import UNPRINTABLE, describe


def narratives(ctx: Ctx) -> Iterator[tuple[str, str, str]]:
    """(key path, text, official label) of every prose value in the report."""
    data, ed = ctx.report.data, ctx.edition
    for key in ("title", "preamble"):
        if isinstance(data.get(key), str):
            yield key, data[key], ed.top_labels[key]
    for section in ed.prose_sections:  # 一 (or its parts), 五, 六 and any section a variant adds
        value = data.get(section.key)
        if isinstance(value, str):
            yield section.key, value, ed.label(section.key)
        elif isinstance(value, dict) and section.role == "overview":
            for part in ed.overview_parts:
                text = value.get(part.key)
                if isinstance(text, str):
                    yield f"{section.key}.{part.key}", text, ed.label(f"{section.key}.{part.key}")


def _issue(ctx: Ctx, code: str, path: str, text: str, at: int, message: str, severity: str = WARNING,
           **kw) -> Issue:
    line, col = ctx.report.line_position(path, bisect_left(_line_breaks(text), at))
    return Issue(severity, code, path, message, file=ctx.report.file, line=line, col=col, **kw)


@lru_cache(maxsize=16)
def _line_breaks(text: str) -> list[int]:
    """Offsets of the line breaks of a narrative, once: thousands of issues in one value stay linear."""
    return [m.start() for m in re.finditer("\n", text)]


_SENTENCE = regex(r"[^。；;！!？?\n]+")
_PERIOD_SENTENCE = regex(r"[^。！!？?\n]+")  # a sentence that runs over 「；」: 复议2件；诉讼1件
_CN_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
# No two adjacent \s* anywhere: on a long run of blanks they backtrack quadratically (or worse).
_PERIOD = regex(_CN_DATE + r"\s*(?:起\s*)?(?:至|到|—|－|-|~|～)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@rule("R16", ("period", "deadline"), "统计期限为本年1月1日至12月31日；发布日期不晚于条例第四十九条的期限", needs=("year",))
def period_rules(ctx: Ctx) -> list[Issue]:
    """R16: the statistical period and the publication deadline."""
    year = ctx.year
    assert year is not None
    issues = []
    start, end = statistical_period(year)
    for path, text, label in narratives(ctx):
        for sentence in _SENTENCE.finditer(text):
            if "统计" not in sentence.group():
                continue
            for m in _PERIOD.finditer(sentence.group()):
                y1, m1, d1, y2, m2, d2 = m.groups()
                try:
                    got = (dt.date(int(y1), int(m1), int(d1)), dt.date(int(y2 or y1), int(m2), int(d2)))
                except ValueError:
                    got = None
                if got != (start, end):
                    issues.append(_issue(
                        ctx, "period", path, text, sentence.start() + m.start(),
                        f"{label}：统计期限写为“{m.group()}”，{year} 年度报告应为"
                        f"{start.year}年1月1日至{end.year}年12月31日", actual=m.group()))
    published = ctx.report.data.get("published")
    if isinstance(published, dt.date):
        agency = ctx.report.data.get("agency")
        kind = agency.get("kind") if isinstance(agency, dict) else None  # anything but a str is a schema error
        kind = kind if isinstance(kind, str) else "department"
        deadline = dt.date(year + 1, 3, 31) if kind == "government" else dt.date(year + 1, 1, 31)
        line, col = ctx.report.where("published")
        who = ctx.edition.agency_kinds.get(kind, kind)
        if published <= end:
            issues.append(Issue(WARNING, "deadline", "published",
                                f"发布日期 {zh_date(published)} 早于统计期限结束（{zh_date(end)}），请核对年度",
                                file=ctx.report.file, line=line, col=col, actual=str(published)))
        elif published > deadline:
            issues.append(Issue(WARNING, "deadline", "published",
                                f"发布日期 {zh_date(published)} 晚于条例第四十九条规定的期限"
                                f"（{who}：{zh_date(deadline)}前），晚 {(published - deadline).days} 天",
                                file=ctx.report.file, line=line, col=col,
                                expected=str(deadline), actual=str(published)))
    return issues


_APPLICATION = regex(r"政府信息公开申请|依申请公开|公开申请|信息公开的申请")
FEE_WORDS = "信息处理费"  # what 六 names when it says whether fees were charged


def unpaid_fee_row(ed: Edition) -> RowNode | None:
    """表三's row of applications no longer handled because the fee went unpaid (not in every edition)."""
    return ed.requests.row("unpaid_fee")


@rule("R11", "fee-note", "有因未缴费不再处理的申请时，“其他需要报告的事项”应说明信息处理费", per_edition=True,
      roles=("requests.unpaid_fee",))
def fee_note_rules(ctx: Ctx) -> list[Issue]:
    """R11: applications dropped for unpaid fees ought to be explained in 六、其他需要报告的事项."""
    ed, v = ctx.edition, ctx.values
    row = unpaid_fee_row(ed)
    if row is None:
        return []
    cell, key = ed.requests.cell(row, ed.requests.total_column), ed.section_for("other").key
    other = ctx.report.data.get(key)
    if v.known(cell) and v[cell] > 0 and not (isinstance(other, str) and FEE_WORDS in other):
        line, col = ctx.report.where(key)
        return [Issue(WARNING, "fee-note", key,
                      f"{ed.label(key)}：表三“{row.label}”有 {v[cell]} 件，"
                      f"应说明信息处理费的收取情况（收费通知书件数、收费金额）",
                      file=ctx.report.file, line=line, col=col)]
    return []


_STALE = regex(r"(?:^|[。；！？\n])[ \t\r\u3000]*(?:[一二三四五六七八九十]+是[ \t\r\u3000]*)?(\d{4}|[〇○零一二三四五六七八九]{4})\s*年度?\s*(?:，|,|以来|我|全|本|在|各|共|是)")
SENTENCE_MAX = 500  # characters looked at after a year for a comparison word
_STALE_REPORT = regex(r"现将[^。]{0,12}?(\d{4}|[〇○零一二三四五六七八九]{4})\s*年度?")
_COMPARE = regex(r"上一?年|去年|同比|相比|较|比上|对比|以前|之前")


@rule(None, "stale-year", "正文把上一年当作本年度（照抄去年的报告）", needs=("year",))
def stale_year_rules(ctx: Ctx) -> list[Issue]:
    """A narrative that speaks of last year as 'this year' was copied from last year's report."""
    year = ctx.year
    assert year is not None
    issues = []
    for path, text, label in narratives(ctx):
        if path == "title":
            for m in re.finditer(r"(\d{4})\s*年", text):
                if int(m.group(1)) != year:
                    issues.append(_issue(ctx, "stale-year", path, text, m.start(),
                                         f"{label}：写的是“{m.group(1)}年”，报告年度为 {year}",
                                         expected=year, actual=int(m.group(1))))
            continue
        for pattern in (_STALE, _STALE_REPORT):
            for m in pattern.finditer(text):
                found = parse_numeral(m.group(1))  # 2024 or 二〇二四
                if found != year - 1:
                    continue
                end = text.find("。", m.end(), m.end() + SENTENCE_MAX)  # never a scan to the end per match
                sentence = text[m.start():end if end >= 0 else m.end() + SENTENCE_MAX]
                if _COMPARE.search(sentence) or str(year) in sentence:
                    continue
                at = m.start(1)
                issues.append(_issue(
                    ctx, "stale-year", path, text, at,
                    f"{label}：正文提到“{m.group(1)}年”作为本年度，报告年度为 {year}",
                    expected=year, actual=found))
                break
    return issues


@rule(None, "narrative-image", "正文中的图片（生成时略去）")
def image_rules(ctx: Ctx) -> list[Issue]:
    """Images cannot go into the report: said at their line, dropped from every output."""
    issues = []
    for path, text, label in narratives(ctx):
        if "![" not in text:  # every Markdown image starts so: no need to load the parser for prose without
            continue
        from nianbao.render.narrative import images  # the one Markdown parser the renderers use

        for line in images(text):
            at = ([0] + [b + 1 for b in _line_breaks(text)])[line]
            issues.append(_issue(ctx, "narrative-image", path, text, at,
                                 f"{label}：第 {line + 1} 行是图片，年报正文不能放图片，生成时已略去"))
    return issues


_MAYBE_HTML = re.compile(r"<[A-Za-z/!?]")  # how every HTML tag, comment or declaration starts


@rule(None, "narrative-html", "正文中的 HTML 标记（生成时删去，文字保留）")
def raw_html_rules(ctx: Ctx) -> list[Issue]:
    """HTML pasted from a web editor (<p>, <br>, <span style=…>) is neither markup nor literal text in the report."""
    issues = []
    for path, text, label in narratives(ctx):
        if path == "title" or not _MAYBE_HTML.search(text):  # the title is plain text, printed as written;
            continue  # prose without "<" and a letter, /, ! or ? holds no tag: no need to load the parser
        from nianbao.render.narrative import raw_html  # the one Markdown parser the renderers use

        starts = [0] + [b + 1 for b in _line_breaks(text)]
        for line, tags in raw_html(text):
            opening = [t for t in tags if not t.startswith("</")] or tags
            shown = list(dict.fromkeys(" ".join(t.split()) for t in opening))
            named = "、".join(t if len(t) <= 40 else t[:39] + "…" for t in shown[:3]) + ("等" if len(shown) > 3 else "")
            found = text.find(tags[0], starts[line])
            issues.append(_issue(ctx, "narrative-html", path, text, found if found >= 0 else starts[line],
                                 f"{label}：第 {line + 1} 行有 HTML 标记 {named}，年报正文不用 HTML，"
                                 "生成时已删去标记，文字照排"))
    return issues


# How a rule (--- *** ___), a fence (``` ~~~) or strikethrough (~~) can start: prose without any of them
# never loads the parser.
_MAYBE_MARKDOWN = re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$|^ {0,3}(?:```|~~~)|~~", re.M)
_MARKDOWN_SAID = {
    "rule": "是分隔线，年报正文不用分隔线，生成时已略去",
    "fence": "起是代码块（```），年报正文不用代码块，生成时按正文段落排出",
    "strike": "有删除线（~~），年报正文不用删除线，生成时按普通文字排出",
}


@rule(None, "narrative-markdown", "正文中年报用不上的 Markdown 写法：分隔线、代码块、删除线（生成时略去或按正文排出）")
def unsupported_markdown_rules(ctx: Ctx) -> list[Issue]:
    """Markdown that means nothing in a printed report is said at its line, and made plain in every output."""
    issues = []
    for path, text, label in narratives(ctx):
        if path == "title" or not _MAYBE_MARKDOWN.search(text):
            continue
        from nianbao.render.narrative import unsupported  # the one Markdown parser the renderers use

        starts = [0] + [b + 1 for b in _line_breaks(text)]
        for line, kind in unsupported(text):
            issues.append(_issue(ctx, "narrative-markdown", path, text, starts[line],
                                 f"{label}：第 {line + 1} 行{_MARKDOWN_SAID[kind]}"))
    return issues


@rule(None, "control-char", "正文和机关名称中不可见的控制字符（生成时删除）")
def control_char_rules(ctx: Ctx) -> list[Issue]:
    """Invisible control characters and broken surrogates in prose: said once per value, then removed."""
    issues = []
    texts = list(narratives(ctx))
    agency = ctx.report.data.get("agency")
    if isinstance(agency, dict) and isinstance(agency.get("name"), str):
        texts.append(("agency.name", agency["name"], "机关全称"))
    for path, text, label in texts:
        found = UNPRINTABLE.findall(text)
        if found:
            first = UNPRINTABLE.search(text)
            assert first is not None  # findall found some
            shown = "、".join(dict.fromkeys(describe(ch) for ch in found[:20]))
            issues.append(_issue(ctx, "control-char", path, text, first.start(),
                                 f"{label}：含有 {len(found)} 个不可见的控制字符（{shown}），生成时已删除；"
                                 "多为从网页或其他文档粘贴带入，请删去"))
    return issues
