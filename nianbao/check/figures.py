"""Figures the narrative states about 表三 rows (in Arabic or Chinese numerals), compared with the table."""

from __future__ import annotations

from nianbao.check.cnnum import CHARS, parse
from nianbao.check.lints import _APPLICATION, _SENTENCE, _issue, narratives
from nianbao.check.registry import Ctx, rule
from nianbao.datacache import regex
from nianbao.issues import Issue, more_or_less

_NUM = rf"(\d+|[{CHARS}]+)"
_GAP = rf"([^0-9{CHARS}，,。；;]{{0,15}}?)"
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
_PATTERNS = [(regex("(?:" + words + ")" + _GAP + _NUM + r"\s*件"), key) for words, key in _ROWS]
# A sentence about the hotline, petitions or services counts other things 办结 and 受理: left alone unless it says 申请.
_OTHER_SUBJECT = regex(r"工单|热线|来电|来信|投诉|留言|信访|事项|项目|案件|诉求|12345")
_R10_ROWS = {"received", "carried_in", "total", "carried_out"}  # R10 already reads these in Arabic numerals
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


@rule("R10", "narrative-number", "正文复述的表三各行件数（含汉字数字）与表格一致")
def figure_rules(ctx: Ctx) -> list[Issue]:
    """Every 表三 figure the prose states (十五件, 3件) must equal the row's 总计 cell."""
    v = ctx.values
    issues = []
    for path, text, label in narratives(ctx):
        if path in ("title", "preamble"):
            continue
        for sentence in _SENTENCE.finditer(text):
            s = sentence.group()
            if _OTHER_SUBJECT.search(s) and "申请" not in s:
                continue
            for pattern, key in _PATTERNS:
                m = pattern.search(s)
                if not m or _FILLER.sub("", m.group(1)).strip():
                    continue
                said = parse(m.group(2))
                if said is None:
                    continue
                if key in _R10_ROWS and m.group(2).isdigit() and _APPLICATION.search(s):
                    continue  # R10 speaks of it
                found = _cell_total(ctx, key)
                if found is None or not v.known(*found[0]):
                    continue
                cells, cell_label = found
                table = sum(v[c] for c in cells)
                if said != table:
                    issues.append(_issue(
                        ctx, "narrative-number", path, text, sentence.start() + m.start(),
                        f"{label}：正文写“{m.group()}”，{cell_label}为 {table}，正文比表格{more_or_less(said - table)}",
                        expected=table, actual=said))
    return issues
