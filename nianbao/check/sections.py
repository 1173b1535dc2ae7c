"""Sections 五 and 六 as assessors read them: 五 says something and how last year's problems were met; 六 speaks of fees."""

from __future__ import annotations

import re

from nianbao import yamlwriter
from nianbao.check.cnnum import DIGITS
from nianbao.check.lints import _PERIOD_SENTENCE, FEE_WORDS, _issue, unpaid_fee_row
from nianbao.check.registry import Ctx, rule
from nianbao.check.reuse import same_problems
from nianbao.datacache import regex
from nianbao.issues import Issue

# "无" and its usual variants, alone (after the punctuation a clerk adds).
_NOTHING = regex(r"[\s。.!！]*(?:无|暂无|没有|无其他需要报告的事项|无需要报告的事项)[\s。.!！]*")
_HEADING = regex(r"^[ \t]*#+.*$", re.M)  # Markdown sub-headings are not sentences of their own
GENERIC_MAX = 60  # characters: a lone sentence this short can only be generic
# Wording that speaks of last year's problems or of having fixed them (the year itself is added at run time).
_FOLLOW_UP = r"上一?年度?|去年|前一年|整改|已经?(?:改进|改正|解决|完善|落实)"


def _year_words(year: int) -> str:
    """'2024年|二〇二四年' for a year, so a 五 that names last year by its number counts."""
    cn = {str(v): k for k, v in DIGITS.items() if k in "〇一二三四五六七八九"}
    return f"{year}年|{''.join(cn[d] for d in str(year))}年"


@rule(None, ("problems-empty", "problems-follow-up"), "五、存在的主要问题及改进情况不能只写“无”，应说明上一年度问题的改进情况")
def problems_rules(ctx: Ctx) -> list[Issue]:
    """Assessors deduct for a 五 that is empty in substance or silent on last year's problems."""
    key = ctx.edition.section_for("problems").key
    text = ctx.report.data.get(key)
    if not isinstance(text, str) or not text.strip() or yamlwriter.find_placeholder(text) >= 0:
        return []  # a missing section is missing-part's, one still to write placeholder's
    label = ctx.edition.label(key)
    if _NOTHING.fullmatch(text):
        return [_issue(ctx, "problems-empty", key, text, 0,
                       f"{label}：只写了“{text.strip()}”，应写明本年度存在的主要问题和改进措施")]
    sentences = [x for x in _PERIOD_SENTENCE.findall(_HEADING.sub("", text)) if x.strip()]
    if len(sentences) == 1 and len(sentences[0].strip()) <= GENERIC_MAX:
        return [_issue(ctx, "problems-empty", key, text, 0,
                       f"{label}：只有一句笼统的话（“{sentences[0].strip()}”），"
                       "应写明本年度存在的主要问题和改进措施")]
    last = ctx.previous_report
    if last is not None and same_problems(ctx.report, last):
        return []  # same-problems already says 五 is last year's and must tell how its problems were met
    follow_up = _FOLLOW_UP + (f"|{_year_words(ctx.year - 1)}" if ctx.year else "")
    if not regex(follow_up).search(text):
        return [_issue(ctx, "problems-follow-up", key, text, 0,
                       f"{label}：没有说明上一年度报告所列问题的整改（改进）情况")]
    return []


@rule(None, "fee-statement", "2021 年起的报告在六、其他需要报告的事项中说明信息处理费的收取情况", per_edition=True)
def fee_statement_rule(ctx: Ctx) -> list[Issue]:
    """Since 2021 fees may be charged (国办函〔2020〕109号): 六 says whether any were, even when none were."""
    v = ctx.values
    t3 = ctx.edition.requests
    unpaid = unpaid_fee_row(ctx.edition)
    cell = t3.cell(unpaid, t3.total_column) if unpaid else None
    if cell and cell in v.cells and v.known(cell) and v[cell] > 0:
        return []  # R11 (fee-note) already asks for the fee statement, with the count
    key = ctx.edition.section_for("other").key
    text = ctx.report.data.get(key)
    if isinstance(text, str) and FEE_WORDS in text:
        return []
    label = ctx.edition.label(key)
    if not isinstance(text, str) or not text.strip() or yamlwriter.find_placeholder(text) >= 0:
        return []  # a missing section is missing-part's, one still to write placeholder's
    return [_issue(ctx, "fee-statement", key, text, 0,
                   f"{label}：没有说明{FEE_WORDS}的收取情况（未收取也应写明）")]
