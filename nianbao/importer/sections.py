"""The six sections by their official titles; narrative sections as Markdown, without website chrome."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from nianbao.editions import Edition
from nianbao.importer.aliases import section_aliases
from nianbao.importer.model import Block, Para, Table
from nianbao.importer.normalize import EM, STRONG, clean_space, label_key, similarity, strip_marks, zh_int

# Lines that belong to the web page or the Word file, not to the report.
_CHROME = re.compile(
    r"今天是|ICP备|ICP证|公网安备|网站标识码|网站标识|点击量|点击数|点击总量|浏览次数|浏览量|访问量|阅读次数|阅读量"
    r"|主办单位|承办单位|网站地图|无障碍|长者模式|字号[:：]?\s*[【\[]?\s*[大中小]|打印本页|关闭窗口|【打印】|【关闭】"
    r"|分享到|扫一扫|收藏本页|返回顶部|当前位置|您的位置|^\s*(上一篇|下一篇)|来源[:：].*(发布|时间)"
    r"|(发布|更新)(日期|时间)[:：]|^草稿·未通过校验$"
    r"|^((信息|文章)?来源|作者|编辑|责任编辑|审核|索引号|发布机构|发文机关|主题分类|生成日期|成文日期|发文字号|文号"
    r"|有效性|公开方式|公开范围|所属机构|浏览次数)\s*[:：]"  # the page's metadata block, one field per line
)
CHROME_MAX = 160  # chrome lines are short; a long paragraph that happens to mention one is prose
# The words of a site's menu and breadcrumb (not the report's: a report names its channels in sentences)
MENU_WORD = re.compile(r"(?:网站)?首页|主页|政务公开|(?:政府)?信息公开|政务服务|办事服务|网上办事|便民服务|互动交流|政民互动"
                       r"|公众参与|新闻中心|新闻动态|政务动态|工作动态|通知公告|政策文件|政策法规|政策解读|专题专栏"
                       r"|数据开放|数据发布|机构概况|机构职能|领导之窗|在线访谈|走进[\u4e00-\u9fff]{1,6}")
NAV_SEP = re.compile(r"\s*[|｜>＞»›](?:\s*[|｜>＞»›])*\s*")  # between menu words; "/" and 、 also occur in names
NAV_WORD_MAX = 10  # a menu entry is a few characters


def is_nav_line(text: str) -> bool:
    """A line of short menu entries between separators ("网站首页 | 政务公开 | 互动交流", "首页 > 政务公开")."""
    parts = NAV_SEP.split(text.strip())
    return len(parts) >= 2 and all(0 < len(part) <= NAV_WORD_MAX for part in parts) \
        and any(MENU_WORD.fullmatch(part) for part in parts)
_SENTENCE_END = re.compile(r"[。！？]\s*$")
SENTENCE_MIN = 12  # shorter lines ending in 。 may still be page furniture ("【打印】【关闭】。")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_HEADING = re.compile(r"^(?P<num>[一二三四五六七八九十]|[1-9])\s*[、.,]\s*(?P<title>\S.*)$")  # 一–十: a variant may add
_BULLET = re.compile(r"^[·•●▪]\s+")
_SUBHEAD = re.compile(r"^[(（](?P<num>[一二三四五六七八九十]+)[)）]\s*(?P<title>.*)$")
SUBHEAD_MAX = 30
THRESHOLD = {"zh": 0.45, "digit": 0.7, "styled": 0.6, "none": 0.85}
_TITLE_WORDS = re.compile(r"年度报告|年报|工作报告")  # the report's own title, never a section title
PART_MATCH = 0.3  # how alike a seed's own sub-heading must be to the official overview part title


def clean_line(text: str, keep_marks: bool = False) -> str:
    """Spaces normalised, Word bookmarks (and, unless kept, emphasis marks) dropped, trimmed."""
    return _BOOKMARK.sub("", clean_space(text, keep_marks)).strip()


def is_chrome(text: str) -> bool:
    """A short line that belongs to the web page (navigation, counters, ICP, metadata), not the report.

    A sentence (it ends in 。) is the report's prose even when it names a counter: 网站日均访问量7.5万人次。"""
    if _SENTENCE_END.search(text) and len(text.strip()) > SENTENCE_MIN:
        return False
    return len(text) <= CHROME_MAX and (bool(_CHROME.search(text)) or is_nav_line(text))


@dataclass
class Heading:
    key: str
    index: int
    text: str
    rest: str = ""  # text after the title on the same line ("六、其他需要报告的事项：无。")
    official: bool = True
    line: int | None = None


@dataclass
class Layout:
    """Where each section starts and ends, the front matter, and the table region."""

    headings: dict[str, Heading] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    front_end: int = 0
    region: tuple[int, int] | None = None
    marks: dict[int, str] = field(default_factory=dict)


def _match_heading(text: str, ed: Edition, after: int, styled: bool = False) -> Heading | None:
    """The section a line is the heading of; `styled` lines (HTML h1–h6, Word heading styles) need less proof."""
    line = unicodedata.normalize("NFKC", clean_line(text)).rstrip("|│ ")
    if not line or len(line) > 60 or _TITLE_WORDS.search(line):
        return None
    m = _HEADING.match(line)
    if m:
        number, title, kind = zh_int(m.group("num")), m.group("title"), "digit" if m.group("num").isdigit() else "zh"
        candidates = [(number - 1, ed.sections[number - 1])] if number and after < number - 1 < len(ed.sections) else []
    elif label_key(line).number is None:  # an unnumbered title must be (nearly) the official one
        title, kind = line, "styled" if styled else "none"
        candidates = [(i, s) for i, s in enumerate(ed.sections) if i > after]
    else:
        return None
    head, _, rest = title.partition(":") if ":" in title else (title, "", "")
    for i, section in candidates:
        for probe, remainder in ((title, ""), (head, rest)):
            if not probe or len(probe) > 40:
                continue
            names = (section.title, *section_aliases(section.key))
            if max(similarity(probe, n) for n in names) >= THRESHOLD[kind]:
                exact = label_key(probe).body == label_key(section.title).body
                return Heading(section.key, i, text.strip(), remainder.strip(), exact)
    return None


def find_layout(blocks: list[Block], ed: Edition, table_start: set[str]) -> Layout:
    """Headings in order (a section is never found twice, nor before an earlier one); the table region."""
    layout = Layout()
    order = [s.key for s in ed.sections]
    after = -1
    for index, block in enumerate(blocks):
        if isinstance(block, Para) and not block.text.startswith("\t"):
            head = _match_heading(block.text, ed, after, bool(block.heading))
            if head:
                after, head.index, head.line = head.index, index, block.line
                layout.headings[head.key] = head
    found = sorted(layout.headings.values(), key=lambda h: h.index)
    for h, nxt in zip(found, found[1:] + [None], strict=False):  # no heading at all: nothing to pair
        layout.spans[h.key] = (h.index, nxt.index if nxt else len(blocks))
    layout.front_end = found[0].index if found else len(blocks)
    tables = [s.key for s in ed.sections if s.table]
    narrative_after = [k for k in order if k not in tables and order.index(k) > order.index(tables[0])]
    start = min((layout.headings[k].index for k in tables if k in layout.headings), default=None)
    lead = layout.headings.get(order[0])
    scan_from = lead.index + 1 if lead else 0
    for index in range(scan_from, start if start is not None else len(blocks)):
        block = blocks[index]
        if isinstance(block, Table) or label_key(block.text).body in table_start:
            start = index
            break
    if start is None:
        return layout
    end = min((layout.headings[k].index for k in narrative_after if k in layout.headings
               and layout.headings[k].index > start), default=len(blocks))
    layout.region = (start, end)
    for key in tables:
        table = ed.section(key).table
        if key in layout.headings and table:
            layout.marks[layout.headings[key].index] = table
    for key, (a, b) in list(layout.spans.items()):
        if key not in tables and a < start < b:
            layout.spans[key] = (a, start)  # the tables began without their heading: the prose ends there
    return layout


# ── narrative → Markdown ────────────────────────────────────────────────────────────────────

_LEADING = [(re.compile(r"^(#+)"), r"\\\1"), (re.compile(r"^(\d+)([.)])(\s)"), r"\1\\\2\3"),
            (re.compile(r"^([-+*>])(\s)"), r"\\\1\2")]


def escape(text: str) -> str:
    """Plain text as Markdown that renders back to the same text."""
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")
    for pattern, repl in _LEADING:
        text = pattern.sub(repl, text)
    return text


def is_subheading(text: str) -> bool:
    """A short line of its own such as "(一)加强组织领导,强化统筹协调。"."""
    return bool(_SUBHEAD.match(text)) and len(text) <= SUBHEAD_MAX and "。" not in text[:-1]


def paragraphs(blocks: list[Block]) -> list[Para]:
    """The prose paragraphs of a span: cleaned, chrome and tables left out."""
    out = []
    for block in blocks:
        if isinstance(block, Table):
            continue
        text = clean_line(block.text, keep_marks=True)
        if strip_marks(text).strip() and not is_chrome(strip_marks(text)):
            out.append(Para(text, block.line, block.heading, block.item))
    return out


def _emphasis(text: str) -> str:
    """Marks → Markdown; a line emphasised as a whole is a heading style, not emphasis."""
    for mark in (STRONG, EM):
        inner = text[1:-1]
        if len(text) > 2 and text[0] == text[-1] == mark and mark not in inner:
            text = inner
    text = re.sub(f"([{STRONG}{EM}])(\\s*)\\1", r"\2", text)  # empty emphasis
    return text.replace(STRONG, "**").replace(EM, "*")


def markdown(paras: list[Para]) -> str:
    """One Markdown paragraph per line; stand-alone numbered sub-headings become ### headings."""
    out = []
    for p in paras:
        plain = strip_marks(p.text).strip()
        if p.heading and p.heading >= 3 or is_subheading(plain):
            out.append("### " + escape(plain).lstrip("\\"))
        elif p.item:
            out.append(f"{p.item} {_emphasis(escape(p.text))}")
        elif _BULLET.match(p.text):  # a bullet printed as a character: a Markdown list item again
            out.append("- " + _emphasis(escape(_BULLET.sub("", p.text, count=1))))
        else:
            out.append(_emphasis(escape(p.text)))
    return "\n\n".join(out)


def overview_parts(paras: list[Para], ed: Edition) -> tuple[dict[str, str], dict[str, str]] | None:
    """The five official parts, when 一 is exactly five sub-headings (一)…(五) that match them in order."""
    plain = [strip_marks(p.text).strip() for p in paras]
    heads = [i for i, text in enumerate(plain) if is_subheading(text)]
    if len(heads) != len(ed.overview_parts) or not heads or heads[0] != 0:
        return None
    parts, titles = {}, {}
    bounds = heads + [len(paras)]
    for n, (part, i) in enumerate(zip(ed.overview_parts, heads, strict=True)):
        m = _SUBHEAD.match(plain[i])
        if m is None or zh_int(m.group("num")) != n + 1 or similarity(m.group("title"), part.title) < PART_MATCH:
            return None
        parts[part.key] = markdown(paras[i + 1:bounds[n + 1]])
        titles[part.key] = plain[i]
    return parts, titles
