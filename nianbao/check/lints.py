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
from nianbao.issues import ERROR, WARNING, Issue
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


_YEAR = r"(\d{4}|[〇○零一二三四五六七八九]{4})"  # 2025 or 二〇二五
# A sentence or clause that opens with last year as its time: 2025年，我局… / 一是2025年我局… / 同时，2025年全局…
_STALE = regex(r"(?:^|[。；！？\n，,：:])[ \t\r\u3000]*(?:[一二三四五六七八九十]+是[ \t\r\u3000]*)?" + _YEAR
               + r"\s*年度?\s*(?:，|,|我|全|本|在|各|共|是)")
_STALE_REPORT = regex(r"现将[^。]{0,12}?" + _YEAR + r"\s*年度?")
# The agency as the subject of last year's actions: 我局2025年严格落实… / 我局在2025年… / 我局2025年度未收取…
_SUBJECTS = (r"[我本](?:局|委|办|厅|署|院|会|部|中心|单位|机关|部门|区|市|县|旗|镇|乡|街道|办事处)"
             r"|全(?:局|委|区|市|县|旗|镇|乡|系统)")
_SUBJECT_YEAR = r"[ \t\u3000]*(?:(?:在|于)[ \t\u3000]*)?" + _YEAR + r"[ \t\u3000]*年度?"
_STALE_SUBJECT = regex(f"(?:{_SUBJECTS})" + _SUBJECT_YEAR)
# After the subject and the year, the work itself: 严格落实, 未收取, 共收到, 在门户网站…; a noun (我局2025年度考核中,
# 全市2025年政务公开要点) is no claim about when this year's work was done.
_ACTION = regex(r"[ \t\u3000]*[，,]?[ \t\u3000]*(?:共|累计|全年|新|未|无|没有|不|均|已|还|并|先后|分别|主动|依法|依申请|及时|"
                r"严格|认真|深入|全面|积极|持续|进一步|不断|切实|扎实|坚持|始终|大力|着力|继续|高度|紧紧|紧密|紧扣|紧盯|"
                r"围绕|聚焦|立足|结合|按照|根据|依据|对照|通过|在|对|向|将|把|为|从|收到|受理|办结|办理|答复|制发|制定|"
                r"印发|出台|发布|公开|更新|开展|组织|举办|召开|完成|实现|落实|推进|推动|加强|强化|深化|优化|规范|健全|完善|"
                r"建立|做好|抓好|狠抓|注重|统筹|实施|进行|参加|接受|收取|编制|报送|梳理|清理)")
# What follows a year that is a date, a period or a document, not the time of this year's work: 2025年12月,
# 2025年以来, 2025年起, 2025年底, 2025年度报告, 我局2025年印发的《…》, 我局2025年在…考核中获评的.
_NOT_THE_TIME = regex(r"\s*(?:以来|起|至今|底|末|初|前|后|上半年|下半年|[\d〇○零一二三四五六七八九十]|月)"
                      r"|[^，,。；;]{0,12}?(?:报告|年报)|[^，,。；;的]{0,6}的")
# 本年度（2025年）: the report names its own year, and names it wrong (any year but the report's).
_OWN_YEAR = regex(r"(?:本年度?|今年|本报告期)[ \t\u3000]*[（(][ \t\u3000]*" + _YEAR + r"[ \t\u3000]*年度?[ \t\u3000]*[）)]")
SENTENCE_MAX = 500  # characters looked at around a year for a comparison word
_COMPARE = regex(r"上一?年|去年|同比|相比|较|比上|对比|以前|之前")
# Last year's report, its problems and their correction are spoken of by year: 2025年度报告所列问题已整改.
_LAST_REPORT = regex(r"整改|年报|年度报告|所列|指出的|反馈的")
_TITLE_YEAR = regex(_YEAR + r"\s*年")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], bounded: never a scan to either end of a long value per match."""
    lo = max(text.rfind(ch, max(0, start - SENTENCE_MAX), start) for ch in "。！？\n")
    hi = [i for i in (text.find(ch, end, end + SENTENCE_MAX) for ch in "。！？\n") if i >= 0]
    return text[max(lo + 1, start - SENTENCE_MAX):min(hi) if hi else end + SENTENCE_MAX]


def _inside_book_title(text: str, at: int) -> bool:
    """Whether `at` lies inside 《…》 (a plan, a law, a document: 《2024—2026年行动计划》)."""
    opened = text.rfind("《", max(0, at - SENTENCE_MAX), at)
    return opened >= 0 and text.find("》", opened, at) < 0


@lru_cache(maxsize=64)
def _named_subject(name: str) -> re.Pattern:
    """The agency's own name as the subject of last year's actions: 云溪县交通运输局2025年共主动公开…"""
    return re.compile(re.escape(name) + _SUBJECT_YEAR)


def _stale_at(text: str, year: int, agency: str | None) -> tuple[int, str, int] | None:
    """The first place a narrative speaks of last year as the time of this year's work: (offset, year as written, year)."""
    found = []
    named = [_named_subject(agency)] if agency else []
    for pattern in (_STALE, _STALE_REPORT, _STALE_SUBJECT, *named):
        for m in pattern.finditer(text):
            said = parse_numeral(m.group(1))  # 2024 or 二〇二四
            if said != year - 1 or _inside_book_title(text, m.start(1)):
                continue
            if pattern is not _STALE and pattern is not _STALE_REPORT and (
                    _NOT_THE_TIME.match(text, m.end()) or not _ACTION.match(text, m.end())):
                continue
            sentence = _sentence_around(text, m.start(1), m.end())
            if _COMPARE.search(sentence) or _LAST_REPORT.search(sentence) or str(year) in sentence:
                continue
            found.append((m.start(1), m.group(1), said))
            break
    return min(found) if found else None


@rule(None, ("stale-year", "title-year"), "正文把上一年当作本年度（照抄去年的报告）；标题写的不是报告年度", needs=("year",))
def stale_year_rules(ctx: Ctx) -> list[Issue]:
    """A narrative that speaks of last year as 'this year' was copied from last year's report; a title must name its year."""
    year = ctx.year
    assert year is not None
    issues = []
    agency = ctx.report.data.get("agency")
    name = agency.get("name") if isinstance(agency, dict) else None
    name = name.strip() if isinstance(name, str) and len(name.strip()) >= 2 else None
    for path, text, label in narratives(ctx):
        if path == "title":  # the title names the report: another year there is an error, never a comparison
            for m in _TITLE_YEAR.finditer(text):
                said = parse_numeral(m.group(1))
                if said is not None and said != year:
                    issues.append(_issue(ctx, "title-year", path, text, m.start(),
                                         f"{label}：写的是“{m.group(1)}年”，报告年度为 {year}，请改为“{year}年”",
                                         severity=ERROR, expected=year, actual=said))
            continue
        for m in _OWN_YEAR.finditer(text):
            said = parse_numeral(m.group(1))
            if said is not None and said != year:
                issues.append(_issue(ctx, "stale-year", path, text, m.start(1),
                                     f"{label}：正文写“{m.group()}”，报告年度为 {year}", expected=year, actual=said))
                break  # once per text: the copied year is usually everywhere
        stale = _stale_at(text, year, name)
        if stale is not None and not any(i.path == path for i in issues):
            at, written, said = stale
            issues.append(_issue(ctx, "stale-year", path, text, at,
                                 f"{label}：正文提到“{written}年”作为本年度，报告年度为 {year}",
                                 expected=year, actual=said))
    return issues


# 2，856条: a full-width comma inside a figure that counts something (read as 2856 by the figure rules).
_FULLWIDTH_GROUPED = regex(r"(?<!\d)\d{1,3}(?:，\d{3})+(?!\d)(?=\s*(?:[件个项条部起宗家人次份篇期场户台套元万亿%％余多]))")


@rule(None, "number-separator", "正文数字中用全角逗号“，”作千位分隔符")
def separator_rules(ctx: Ctx) -> list[Issue]:
    """2，856条 reads as two figures in a pause (2, then 856): the thousands are written 2856 or 2,856."""
    issues = []
    for path, text, label in narratives(ctx):
        if "，" not in text:
            continue
        for m in _FULLWIDTH_GROUPED.finditer(text):
            digits = m.group().replace("，", "")
            unit = re.match(r"\s*(?:人次|万元|亿元|[件个项条部起宗家人次份篇期场户台套元万亿%％余多])", text[m.end():])
            shown = m.group() + (unit.group().strip() if unit else "")
            issues.append(_issue(ctx, "number-separator", path, text, m.start(),
                                 f"{label}：“{shown}”中的全角逗号“，”是句中停顿的标点，数字像被拆开了；"
                                 f"请写 {digits} 或 {m.group().replace('，', ',')}", actual=m.group(),
                                 expected=int(digits)))
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
