"""Every figure the narrative states about a table cell (表二, 表三, 表四; Arabic or Chinese numerals), compared with it.

One comparer (R10, narrative-number) for the claims of every reader: the 表三 reader here and the 表二/表四
readers of table_figures.py each say which cells a figure speaks of. A figure that could mean two cells — two
readers claim it for different cells, a 表三 word right after 行政复议 or 行政许可, 规章和规范性文件5件 — is
never compared: when a reading disagrees with the table it is said to be ambiguous (narrative-ambiguous, 提示),
naming both cells.
"""

from __future__ import annotations

from decimal import Decimal

from nianbao.check.cnnum import ARABIC, CHARS, figure
from nianbao.check.lints import _APPLICATION, _SENTENCE, _issue, narratives
from nianbao.check.registry import Ctx, rule
from nianbao.check.table_figures import T2_ROWS, T4_ROWS, Claim, Context, Tables, _label
from nianbao.check.table_figures import claims as table_claims
from nianbao.compute import fmt_number
from nianbao.datacache import regex
from nianbao.issues import INFO, Issue, more_or_less

_NUM = rf"({ARABIC}|[{CHARS}]+)"  # 2,856 and 2，856 are one figure
_GAP = rf"([^0-9{CHARS}，,。；;]{{0,15}}?)"
_LOOSE_GAP = r"([^0-9，,。；;]{0,15}?)"  # in a sentence about applications: any words before an Arabic figure
# (narrative wording, 表三 row key — a leaf row, or a group row whose leaves are summed); the
# official labels come from the edition, these are only the ways the prose says them.
_ROWS = [
    (r"(?<!上年)(?<!上年度)(?<!结转)(?:新收到|共收到|收到|受理|新收|接收)", "received"),
    (r"上一?年度?结转", "carried_in"),
    (r"办结(?!率)|办理完毕", "total"),
    (r"(?<!不)予以公开|同意公开|全部公开", "granted"),
    (r"部分公开", "partly_granted"),
    (r"不予公开", "withheld"),
    (r"无法提供", "unable"),
    (r"不予处理", "not_processed"),
    (r"结转(?:至|到)?下一?年度?(?:继续办理)?", "carried_out"),
]
# The rows a sentence about applications states loosely ("共收到群众提出的政府信息公开申请5件"): R10 from the start.
_LOOSE_ROWS = {"received", "carried_in", "total", "carried_out"}
_PATTERNS = [(regex("(?:" + words + ")" + _GAP + _NUM + r"\s*件"),
              regex("(?:" + words + ")" + _LOOSE_GAP + rf"({ARABIC})\s*件") if key in _LOOSE_ROWS else None, key)
             for words, key in _ROWS]
# 共受理申请24件（含上年结转1件）: the new ones, or the new and the carried-in together.
_WITH_CARRIED_IN = regex(r"\s*[（(]\s*(?:含|包括)\s*上一?年度?结转")
_ANY_ROW = regex("|".join(words for words, _ in _ROWS))
# A sentence about the hotline, petitions or services counts other things 办结 and 受理: left alone unless it says 申请.
_OTHER_SUBJECT = regex(r"工单|热线|来电|来信|投诉|留言|信访|事项|项目|案件|诉求|12345")
# Between the wording and the number only words about the applications themselves: "受理各类投资项目645件"
# or "收到群众来电来信221903件" speak of something else and are left alone.
_FILLER = regex(r"政府信息公开申请|依申请公开|信息公开申请|公开申请|申请|的|了|共计|共|计|总数|数量|为|有|其中|全部|均|已|并")


def _cell_total(ctx: Ctx, key: str) -> tuple[list[str], str] | None:
    """The 总计-column cells that make up row `key` and the row's official label."""
    ed = ctx.edition
    col = ed.requests.total_column
    paths = [f"requests.{r.path}.{col.key}" for r in ed.requests.rows
             if r.path == key or r.path.startswith(key + ".")]
    if not paths:
        return None
    return paths, f"{ed.label('requests.' + key)} · {col.label}"


def _table3_claims(rows: dict[str, tuple[list[str], str] | None], heading: str, text: str) -> list[Claim]:
    """The 表三 rows one narrative states (十五件, 3件), each sentence's first figure per row."""
    found = []
    for sentence in _SENTENCE.finditer(text):
        s = sentence.group()
        if _OTHER_SUBJECT.search(s) and "申请" not in s:
            continue
        application = bool(_APPLICATION.search(s))
        for strict, loose, key in _PATTERNS:
            cell = rows[key]
            if cell is None:
                continue
            matches = []
            if loose is not None and application:
                matches.append(loose.search(s))
            m = strict.search(s)
            if m and not _FILLER.sub("", m.group(1)).strip() and not (matches and m.group(2)[:1].isdigit()):
                matches.append(m)  # an Arabic figure of a loose row in an application sentence is read loosely
            for m in matches:
                said = figure(m.group(2)) if m else None
                if m is None or said is None:
                    continue
                at = sentence.start() + m.start(2)
                found.append(Claim(at, m.group(), said, [cell[0]], [cell[1]], "sum", "requests"))
                carried = rows["carried_in"]
                if key == "received" and carried and _WITH_CARRIED_IN.match(s, m.end()):
                    name = f"{cell[1]}与{carried[1].removeprefix(heading + ' · ')}之和"
                    found.append(Claim(at, m.group(), said, [cell[0] + carried[0]], [name], "sum", "requests"))
    return found


@rule("R10", ("narrative-number", "narrative-ambiguous"),
      "正文复述的表二、表三、表四数字（含汉字数字）与表格一致；可能指两格的数字只作提示，不核对")
def figure_rules(ctx: Ctx) -> list[Issue]:
    """Every figure the prose states about a cell (全年办结十七件, 新制发行政规范性文件3件, 行政复议两件) must equal it."""
    tables = Tables.of(ctx)
    rows = {key: _cell_total(ctx, key) for _, key in _ROWS}
    issues = []
    for path, text, label in narratives(ctx):
        if path in ("title", "preamble"):
            continue
        others, context = table_claims(ctx, tables, text)
        by_figure: dict[int, list[Claim]] = {}
        for claim in _table3_claims(rows, ctx.edition.requests.heading, text) + others:
            if all(_known(ctx, ps) for ps in claim.paths):
                by_figure.setdefault(claim.at, []).append(claim)
        for at in sorted(by_figure):
            issues += _verdict(ctx, path, text, label, by_figure[at], context)
    return issues


def _sums(ctx: Ctx, claim: Claim) -> list:
    return [_total(ctx, ps) for ps in claim.paths]


def _agrees(ctx: Ctx, claim: Claim, combine: str) -> bool:
    sums = _sums(ctx, claim)
    if claim.bound is not None:  # 新增5项: the net change is at most 5; 取消3项 (said −3): at least −3
        return all(x <= claim.said if claim.bound == "most" else x >= claim.said for x in sums)
    return _same(claim.said, sum(sums, 0)) if combine == "sum" else all(_same(claim.said, x) for x in sums)


def _reading(ctx: Ctx, claim: Claim) -> str:
    """One cell (or 表四 group) a figure may mean, said aloud with what the table has there (several: their sum)."""
    if len(claim.names) == 1:
        return f"{claim.names[0]}（表格为 {fmt_number(_sums(ctx, claim)[0])}）"
    return f"{'与'.join(claim.names)}之和（表格为 {fmt_number(sum(_sums(ctx, claim), 0))}）"


def _verdict(ctx: Ctx, path: str, text: str, label: str, claims: list[Claim], context: Context) -> list[Issue]:
    """The issues of one figure: compared when it can mean one thing only, else ambiguous when a reading disagrees."""
    readings: list[tuple[Claim, str]] = []
    for claim in claims:
        for combine in ([claim.combine] if claim.combine else ["sum", "each"]):
            if not any(c.paths == claim.paths and how == combine for c, how in readings):
                readings.append((claim, combine))
    claim = max(claims, key=lambda c: len(c.quote))  # the words that say most of what the figure counts
    head = f"{label}：正文写“{claim.quote}”，"
    said = f"{head}{fmt_number(claim.said)} "
    if any(_agrees(ctx, c, how) for c, how in readings):
        return []  # a reading the text agrees with: nothing shown wrong, nothing to say
    if len(readings) > 1 and readings[0][0] is readings[1][0]:  # 规章和行政规范性文件5件: their sum, or each
        each = "、".join(fmt_number(x) for x in _sums(ctx, claim))
        return [_ambiguous(ctx, path, text, claim, said + f"可能是{'与'.join(claim.names)}之和，也可能是各自的件数"
                                                          f"（表格分别为 {each}）", "不能确定是哪一种")]
    if len(readings) > 1:
        a, b = readings[0][0], readings[1][0]
        return [_ambiguous(ctx, path, text, claim, said + f"可能指{_reading(ctx, a)}，也可能指{_reading(ctx, b)}")]
    claim, combine = readings[0]
    subject = context.get(claim.at)
    if claim.table == "requests" and subject and "申请" not in claim.quote:
        cells, words = subject
        if any(_known(ctx, ps) and _same(claim.said, _total(ctx, ps)) for ps in cells):
            return []  # 行政复议2件，已办结2件: right as the cases closed
        if T2_ROWS.any.search(words) or T4_ROWS.any.search(words) or not _FILLER.sub("", _ANY_ROW.sub("", words)):
            other = "、".join(_label_with_value(ctx, ps) for ps in cells if ps)
            return [_ambiguous(ctx, path, text, claim, said + f"可能指{_reading(ctx, claim)}，也可能说的是{other}")]
    sums = _sums(ctx, claim)
    if claim.bound is not None:
        return [_issue(ctx, "narrative-number", path, text, claim.at,
                       head + "；".join(f"{n}为 {fmt_number(x)}" for n, x in zip(claim.names, sums, strict=True))
                       + f"，是增减相抵后的净数，{'净增加' if claim.bound == 'most' else '净减少'}不会多于正文所写的"
                       f"{'新增' if claim.bound == 'most' else '减少'}数 {fmt_number(abs(claim.said))}", actual=claim.said)]
    issues = []
    for names, values in ([(claim.names, sums)] if combine == "sum" else [([n], [x]) for n, x in zip(claim.names, sums,
                                                                                                     strict=True)]):
        table = sum(values, 0)
        if _same(claim.said, table):
            continue
        shown = "；".join(f"{n}为 {fmt_number(x)}" for n, x in zip(names, values, strict=True))
        shown += (f"，合计 {fmt_number(table)}" if len(values) > 1 else "")
        shown += f"，正文比表格{more_or_less(Decimal(str(claim.said)) - Decimal(str(table)), fmt=fmt_number)}"
        issues.append(_issue(ctx, "narrative-number", path, text, claim.at, head + shown,
                             expected=table, actual=claim.said))
    return issues


def _known(ctx: Ctx, cells: list[str]) -> bool:
    v = ctx.values
    return bool(cells) and all(p in v.cells and v.known(p) for p in cells)


def _total(ctx: Ctx, cells: list[str]):
    return sum((ctx.values[p] for p in cells), 0)


def _label_with_value(ctx: Ctx, cells: list[str]) -> str:
    """A 表二 row by its label; a 表四 cell (or group) by its label and the table's figure."""
    if _known(ctx, cells):
        return f"{_label(ctx, cells)}（表格为 {fmt_number(_total(ctx, cells))}）"
    return ctx.edition.label(cells[0]) if len(cells) == 1 else _label(ctx, cells)


def _ambiguous(ctx: Ctx, path: str, text: str, claim: Claim, message: str, unsure: str = "不能确定是哪一格") -> Issue:
    return _issue(ctx, "narrative-ambiguous", path, text, claim.at, f"{message}，{unsure}，未作核对",
                  severity=INFO, actual=claim.said)


def _same(said, table) -> bool:
    return Decimal(str(said)) == Decimal(str(table))
