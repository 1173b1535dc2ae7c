"""The wording of another edition's tables surviving in the narrative (a 2021+ report that still says 本年新制作数量)."""

from __future__ import annotations

import re
from functools import cache

from nianbao.check.lints import _issue, narratives
from nianbao.check.registry import Ctx, rule
from nianbao.datacache import regex
from nianbao.editions import EDITION_IDS, get
from nianbao.issues import Issue

TERM_MIN = 5  # characters: shorter labels (3.其他, 规章) are ordinary words of any report
_NUMBERING = regex(r"^\s*(?:\d+[.、．]|（[一二三四五六七八九十]+）)")
_UNIT_NOTE = regex(r"（单位：[^）]*）$")


def _plain(text: str) -> str:
    """Half-width brackets as full-width and no blanks, so 第二十条第(九)项 is the label 第二十条第（九）项."""
    return re.sub(r"\s+", "", text.replace("(", "（").replace(")", "）"))


def _bare(label: str) -> str:
    """A label as prose repeats it: without its row number (1.) or its unit note (（单位：万元）)."""
    return _UNIT_NOTE.sub("", _NUMBERING.sub("", label)).strip()


@cache
def foreign_terms(own_id: str) -> tuple[tuple[str, str, str], ...]:
    """(term, the edition it belongs to, a note or '') for every other edition's table term.

    A term is a 表二 caption or column header, a 表二 row of a block this edition lacks, or a 表三 row label; it
    is left out when it is short or when it is part of one of this edition's own labels (规范性文件 in 行政规范性文件).
    """
    own = get(own_id)
    own_labels = [_plain(x) for x in own.labels.tables]
    own_blocks = {_plain(b.caption): b for b in own.proactive.blocks}
    found: dict[str, tuple[str, str]] = {}
    for other_id in EDITION_IDS:
        if other_id == own_id:
            continue
        other = get(other_id)
        candidates: list[tuple[str, str]] = []
        for block in other.proactive.blocks:
            mine = own_blocks.get(_plain(block.caption))
            if mine is None:
                gone = f"{own.id} 版表二没有{block.caption}"
                candidates += [(block.caption, gone)] + [(r.label, gone) for r in block.rows]
                candidates += [(c.label, gone) for c in block.columns]
            else:
                candidates += [(c.label, "") for c in block.columns]
        candidates += [(r.label, "") for r in other.requests.rows]
        for label, instead in candidates:
            term = _plain(_bare(label))
            if len(term) < TERM_MIN or any(term in mine_label for mine_label in own_labels):
                continue
            found.setdefault(term, (other_id, instead))
    return tuple((term, other_id, instead) for term, (other_id, instead) in found.items())


@rule("R17", "edition-wording", "正文用了另一版格式的表格用语（如 2021 年起的报告写“本年新制作数量”）")
def edition_wording_rule(ctx: Ctx) -> list[Issue]:
    """The other edition's table terms in the prose show a report written from an old (or wrong) template."""
    ed = ctx.edition
    issues = []
    for path, text, label in narratives(ctx):
        plain = text.replace("(", "（").replace(")", "）")
        for term, other_id, instead in foreign_terms(ed.id):
            at = plain.find(term)
            if at < 0:
                continue
            other = get(other_id)
            tail = f"，{instead}" if instead else ""
            issues.append(_issue(
                ctx, "edition-wording", path, text, at,
                f"{label}：“{term}”是 {other.id} 版格式（{other.document}）表格的用语，"
                f"本报告适用 {ed.id} 版格式（{ed.document}）{tail}", actual=term))
    return sorted(issues, key=lambda i: (i.line or 0, i.col or 0))
