"""From blocks to the imported report: normalise, find sections and tables, read metadata, emit YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nianbao import editions
from nianbao.editions import Column, Edition
from nianbao.importer.emit import Narrative, emit
from nianbao.importer.labels import distinctive, labels
from nianbao.importer.meta import Meta, find_meta, is_date_line
from nianbao.importer.model import Block, Para, Table
from nianbao.importer.normalize import drop_glosses, glossed, is_traditional, label_key, t2s
from nianbao.importer.sections import Layout, clean_line, find_layout, is_chrome, markdown, overview_parts, paragraphs
from nianbao.importer.tables import Found, recognise
from nianbao.importer.tokens import Tok, tokenize
from nianbao.issues import ERROR, SEVERITY_ZH, WARNING, Issue
from nianbao.render.context import default_preamble

HEADER_ISSUES = 30  # import findings listed at the top of the YAML


@dataclass
class Parts:
    yaml_text: str
    edition: Edition
    found: Found
    total_cells: int
    sections: list[str]
    issues: list[Issue] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    edition_known: bool = True


def normalise(blocks: list[Block]) -> bool:
    """Drop reading glosses and convert traditional script, in place; True when the text was traditional."""
    def texts():
        for b in blocks:
            yield from (cell for row in b.rows for cell in row) if isinstance(b, Table) else (b.text,)

    whole = "\n".join(texts())
    traditional, pinyin = is_traditional(whole), glossed(whole)
    conv = (lambda s: t2s(drop_glosses(s, pinyin))) if traditional else (lambda s: drop_glosses(s, pinyin))
    for b in blocks:
        if isinstance(b, Table):
            b.rows = [[conv(c) for c in row] for row in b.rows]
            b.caption = conv(b.caption)
        else:
            b.text = conv(b.text)
    return traditional


def _table_start() -> set[str]:
    starts = set()
    for ed in editions.all_editions():
        starts |= {label_key(b.caption).body for b in ed.proactive.blocks}
        starts |= {label_key(t).body for t in (ed.proactive.label_header, ed.requests.corner, ed.requests.applicants)}
    return starts


def choose_edition(tokens: list, year: int | None) -> tuple[Edition, bool, bool]:
    """The edition the tables are drawn in (by labels only one edition has); else the year's edition.

    Returns the edition, whether it differs from the year's, and whether it is known at all: with
    neither a distinctive label nor a year the edition is unknown (the latest is used to read the
    labels both editions share, and the user is told), never guessed.
    """
    keys = [(label_key(t.text).number, label_key(t.text).body) for t in tokens if isinstance(t, Tok) and t.text]
    scores = {e: sum(k in distinctive(e) for k in keys) for e in editions.EDITION_IDS}
    by_year = editions.for_year(year) if year else None
    best = max(scores.values())
    winners = [e for e, s in scores.items() if s == best]
    if best == 0 or len(winners) > 1:
        if by_year is None:
            return editions.get(editions.EDITION_IDS[-1]), False, False
        return by_year, False, True
    return editions.get(winners[0]), by_year is not None and winners[0] != by_year.id, True


def _cut_number(blocks: list[Block], layout: Layout, tokens: list, found: Found, ed: Edition) -> list[Issue]:
    """The text stops inside the tables, in a line of text: its very last number may itself be cut off."""
    if not layout.region or layout.region[1] != len(blocks):
        return []
    last_block = next((b for b in reversed(blocks) if not isinstance(b, Para) or b.text.strip()), None)
    last = next((t for t in reversed(tokens) if isinstance(t, Tok) and not t.empty), None)
    if not isinstance(last_block, Para) or last is None:
        return []  # a table's last cell is whole even when nothing follows the table
    path = next((p for p, tok in found.origin.items() if tok is last), None)
    if path is None:
        return []
    return [Issue(WARNING, "import-cut", path, f"{ed.label(path)}：原文在此数字「{last.text}」处结束，"
                  "这个数字可能也被截断，已导入，请对照原文核对", line=last.line)]


def _name_lines(paras: list[Para], agency: str | None) -> int:
    """How many of the last lines spell the agency's name: a long 署名 is broken over two or three lines."""
    for n in (1, 2, 3):
        if agency and len(paras) >= n and "".join(p.text.strip() for p in paras[-n:]) == agency:
            return n
    return 0


def _strip_signature(paras: list[Para], agency: str | None) -> list[Para]:
    """The signature (organ name, date) under the last section is not part of its text."""
    paras = list(paras)
    while paras and (is_date_line(paras[-1].text) or _name_lines(paras, agency)):
        del paras[len(paras) - (_name_lines(paras, agency) or 1):]
        if _name_lines(paras, agency):
            del paras[len(paras) - _name_lines(paras, agency):]
        elif paras and len(paras[-1].text) <= 40 and re.search(r"(局|委员会|办公室|政府|中心|厅|院|办)$", paras[-1].text) \
                and not re.search(r"[。，,]", paras[-1].text):
            paras.pop()
    return paras


def _narrative(blocks: list[Block], layout: Layout, ed: Edition, meta: Meta, issues: list[Issue],
               after_title: int = 0) -> Narrative:
    """The preamble (the front matter from block `after_title` on) and each prose section, as Markdown."""
    text = Narrative()
    front = [p for p in paragraphs(blocks[after_title:layout.front_end]) if not is_date_line(p.text)]
    text.preamble = markdown(front) or None
    last_key = max(layout.spans, key=lambda k: layout.spans[k][0]) if layout.spans else None
    for key in (s.key for s in ed.prose_sections):
        if key not in layout.spans:
            continue
        head = layout.headings[key]
        start, end = layout.spans[key]
        paras = ([Para(head.rest)] if head.rest else []) + paragraphs(blocks[start + 1:end])
        if key == last_key:
            paras = _strip_signature(paras, meta.agency)
        if not head.official:
            text.notes[key] = f"；原文标题为「{head.text}」"
            issues.append(Issue(WARNING, "import-label", key, f"原文章节标题「{head.text}」不是官方标题"
                                f"「{ed.label(key)}」，按此节导入", line=head.line))
        if key == ed.section_for("overview").key:
            split = overview_parts(paras, ed)
            text.overview, text.overview_titles = (split if split else (markdown(paras), {}))
        else:
            text.prose[key] = markdown(paras)
    return text


def _gap_issues(ed: Edition, found: Found, layout: Layout, source: str) -> tuple[list[Issue], list[str]]:
    """One issue per missing section, table, row or cell group; and the same gaps in words."""
    issues, missing = [], []
    for section in ed.sections:
        table = section.table
        head = layout.headings.get(section.key)
        if table and table not in found.tables:
            issues.append(Issue(ERROR, "import-missing", section.key, f"原文没有找到{section.heading}的统计表，未导入"
                                "表中数字", file=source))
            missing.append(f"{section.heading}（统计表）")
        elif not table and head is None:
            issues.append(Issue(ERROR, "import-missing", section.key, f"原文没有找到「{section.heading}」一节，未导入",
                                file=source))
            missing.append(section.heading)
        elif table and head is None:
            issues.append(Issue(WARNING, "import-missing", section.key, f"原文缺少章节标题「{section.heading}」，"
                                "统计表已按表中标签导入", file=source))
        elif head is not None and not head.official and table:
            issues.append(Issue(WARNING, "import-label", section.key, f"原文章节标题「{head.text}」不是官方标题"
                                f"「{section.heading}」", file=source, line=head.line))
    rows: dict[str, list[str]] = {}
    for path in found.missing:
        rows.setdefault(path.rpartition(".")[0], []).append(path)
    for row, paths in rows.items():
        table = row.split(".")[0]
        if table not in found.tables:
            continue
        reasons = {found.missing[p] for p in paths}
        if row in found.reported or row.split(".")[0] in found.reported:
            missing += [ed.label(p) for p in paths]
            continue
        if len(paths) > 1 and len(reasons) == 1:
            what = ed.label(paths[0]).rsplit(" · ", 1)[0]
            message = f"{what}：{reasons.pop()}，整行未导入" if len(paths) == len(_columns(ed, row)) else \
                f"{what} · {'、'.join(ed.label(p).rsplit(' · ', 1)[1] for p in paths)}：{reasons.pop()}，未导入"
            issues.append(Issue(ERROR, "import-missing", row, message, file=source))
        else:
            for p in paths:
                issues.append(Issue(ERROR, "import-missing", p, f"{ed.label(p)}：{found.missing[p]}，未导入", file=source))
        missing += [ed.label(p) for p in paths]
    return issues, missing


def _columns(ed: Edition, row: str) -> tuple[Column, ...]:
    table, _, key = row.partition(".")
    if table == "proactive":
        return next(b.columns for b in ed.proactive.blocks for r in b.rows if r.path == key)
    return ed.requests.columns if table == "requests" else ed.reviews.columns


def assemble(blocks: list[Block], source: str) -> Parts | None:
    """The whole import of one document; None when it holds no recognisable report at all."""
    normalise(blocks)
    probe = editions.get(editions.EDITION_IDS[-1])  # section titles are the same in every edition
    layout = find_layout(blocks, probe, _table_start())
    prose = [clean_line(b.text) for b in blocks if isinstance(b, Para) and clean_line(b.text)]
    front_all, front_prose, breaks, where = _front(blocks[:layout.front_end], _double_spaced(blocks))
    meta = find_meta(front_prose, front_all, prose[-8:], "\n".join(prose), breaks)
    after_title = where[meta.title_lines[1]] + 1 if meta.title_lines else 0  # the block after the title's last line
    if not layout.headings and layout.region is None and not (meta.year and meta.agency):
        return None  # neither sections nor tables, nor a preamble naming year and agency: not a report
    tokens = tokenize(blocks, layout.marks, *layout.region) if layout.region else []
    ed, declare, known = choose_edition(tokens, meta.year)
    found = recognise(tokens, labels(ed.id), source)
    issues = list(found.issues) + _cut_number(blocks, layout, tokens, found, ed)
    text = _narrative(blocks, layout, ed, meta, issues, after_title)
    for note in meta.notes:
        if "请核对" in note:
            issues.append(Issue(WARNING, "import-meta", "agency" if note.startswith("机关") else "year", note,
                                file=source))
    gap_issues, missing = _gap_issues(ed, found, layout, source)
    issues += gap_issues
    if meta.year is None:
        missing.append("报告年度")
        issues.append(Issue(ERROR, "import-missing", "year", "原文没有可识别的报告年度（标题或统计期限），请在 YAML 中填写",
                            file=source))
    if not known:
        missing.append("格式版本")
        issues.append(Issue(ERROR, "import-missing", "edition", "原文的统计表没有只属于某一版格式的标签，也没有报告年度，"
                            "无法确定格式版本（2019 版或 2021 版）；请填写 year 后重新校验", file=source))
    if meta.agency is None:
        missing.append("机关名称")
        issues.append(Issue(ERROR, "import-missing", "agency.name", "原文没有可识别的机关名称（标题、落款或正文），"
                            "请在 YAML 中填写", file=source))
    name = meta.agency or ""
    if meta.title and meta.year and meta.title == f"{name}{meta.year}年{ed.title_suffix}":
        meta.title = None  # the default title: leave it to the renderer
    if text.preamble and meta.year and _same(text.preamble, default_preamble(meta.year, name, ed,
                                                                             [s.title for s in ed.sections])):
        text.preamble = None
    header = [f"导入时发现的问题（{len(issues)} 个；未能导入 {len(missing)} 项）："] if issues or missing else []
    header += [f"- {SEVERITY_ZH[i.severity]} [{i.code}] {i.message}" + (f"（原文第 {i.line} 行）" if i.line else "")
               for i in issues[:HEADER_ISSUES]]
    header += [f"- ……另有 {len(issues) - HEADER_ISSUES} 个，见命令输出"] if len(issues) > HEADER_ISSUES else []
    yaml_text = emit(ed, meta, text, found, Path(source).name, declare, header)
    total = len(ed.proactive.cells()) + len(ed.requests.cells()) + len(ed.reviews.cells())
    sections = [s.key for s in ed.sections if s.key in layout.headings or (s.table and s.table in found.tables)]
    issues = [issue if issue.file else issue.at(file=source) for issue in issues]
    return Parts(yaml_text, ed, found, total, sections, issues, missing, known)


DOUBLE_SPACED = 0.8  # share of lines after a blank line above which the blank lines separate nothing
DOUBLE_SPACED_MIN = 10  # lines needed to tell


def _double_spaced(blocks: list[Block]) -> bool:
    """A text with a blank line after every line (a page copied so): its blank lines end no paragraph."""
    lines = spaced = 0
    blank = False
    for block in blocks:
        if isinstance(block, Para) and not block.text.strip():
            blank = True
            continue
        if isinstance(block, Para):
            lines, spaced = lines + 1, spaced + blank
        blank = False
    return lines >= DOUBLE_SPACED_MIN and spaced >= DOUBLE_SPACED * lines


def _front(blocks: list[Block], double_spaced: bool = False) -> tuple[list[str], list[str], set[int], list[int]]:
    """The front matter's lines with the page's metadata table (成文日期 …), without the page's chrome, the
    indices of the latter that do not run on from the line above (after a blank line, unless every line is
    followed by one; a dropped line, a table, a list item or another part of the page), and the block of each."""
    every: list[str] = []
    prose: list[str] = []
    breaks: set[int] = set()
    where: list[int] = []
    cut = False  # whether what came since the last kept line ends a paragraph
    for index, block in enumerate(blocks):
        alone = isinstance(block, Table) or bool(block.item)
        text = " ".join(clean_line(" ".join(r)) for r in block.rows) if isinstance(block, Table) else clean_line(block.text)
        if not text or is_chrome(text):
            cut = cut or bool(text) or not double_spaced
            if text:
                every.append(text)
            continue
        every.append(text)
        if cut or alone or (isinstance(block, Para) and block.gap):
            breaks.add(len(prose))
        prose.append(text)
        where.append(index)
        cut = alone
    return every, prose, breaks, where


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)
