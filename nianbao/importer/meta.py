"""Title, report year, agency and publication date, from the title, the signature and the text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from nianbao.importer.normalize import zh_int
from nianbao.importer.sections import MENU_WORD, NAV_WORD_MAX, is_nav_line

_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年度?"
_SUFFIX = r"政府信息公开(?:工作)?(?:年度)?(?:报告|年报)"
TITLE_RE = re.compile(rf"^(?P<agency>.*?){_YEAR}\s*(?P<rest>.*?){_SUFFIX}$")
_NOT_TITLE = re.compile(r"《|》|关于|报送|的函|请收悉|^现将")
_AREA = re.compile(r"(省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗|镇|乡)$")
_ORGAN = re.compile(r"(局|委员会|委|办公室|办公厅|厅|办|院|中心|政府|街道办事处|处|站|所|会|署|室|队|馆|部|科|股|校|学|公司|社|台|场)$")
_TITLE_LINES = 5  # a long agency name puts the title on up to four lines (render.title breaks it so)
_TITLE_PART = re.compile(r"[^，,。:：；;、！!？?（）()《》]{2,40}")  # a line of a title broken over lines
_NAME_PART = re.compile(r"[^，,。:：；;、！!？?（）()《》\d\s]{2,30}")  # a line of a name broken over lines
_NAV_SEPARATORS = "|｜>＞»›"  # a title's own lines never hold one
_CRUMB_CHARS = _NAV_SEPARATORS + "/／"  # a breadcrumb's separators, "/" too
_CRUMB_SEP = re.compile(rf"\s*[{re.escape(_CRUMB_CHARS)}](?:\s*[{re.escape(_CRUMB_CHARS)}])*\s*")
_SITE = re.compile(r"(?:网站|门户|门户网|政府网|网站首页)$")  # the site's own name in the page header
_MENU_LINE = re.compile(rf"(?:(?:{MENU_WORD.pattern})\s*)+")  # menu entries run together ("首页政务公开互动交流")
_TITLE_MENU_WORDS = ("信息公开", "政务公开", "政务服务", "办事服务", "便民服务", "数据")  # menu words a title's line may be
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|自治州|盟|地区|县|自治县|旗|区)")
_CRUMBED_MAX = 200  # a title (90) with a breadcrumb before it on its line
NAME_MAX = 45  # the longest listed agency name (tests/fixtures/agency_names.txt); longer is suspect
_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_DATE = re.compile(r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*[年\-./]\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*"
                   r"[月\-./]\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?")
_LABELLED_DATES = [re.compile(rf"{word}(?:日期|时间)\s*[:：]?\s*") for word in ("成文", "印发", "发布")]
_Y = r"(?P<year>(?:19|20)\d{2})"
# Sentences that state the report's own year, surest first; 年 may be missing in a period ("20191月1日")
_YEAR_SENTENCES = [
    re.compile(rf"{_Y}\s*年?\s*1\s*月\s*1\s*日\s*(?:[至到—\-~～]|起)"),  # 统计期限 …年1月1日至…
    re.compile(rf"截[止至]\s*{_Y}\s*年\s*12\s*月\s*31\s*日"),
    re.compile(rf"(?:公布|发布)[^。《》]{{0,30}}?{_Y}\s*年度?[^。《》]{{0,20}}?政府信息公开(?:工作)?年度报告"),
    re.compile(rf"(?:^|[。\n])\s*{_Y}\s*年(?:度|以来)?\s*[，,][^。]{{0,40}}?(?:主动公开|公开|收到|办理)"),
    re.compile(rf"^\s*[^。，,\n]{{0,30}}?{_Y}\s*年度?[^。，,\n]{{0,16}}?年度?报告\s*$", re.M),  # a title of its own
    re.compile(rf"{_Y}\s*年\s*1\s*月\s*1\s*日"),
    re.compile(rf"{_Y}\s*年度"),
]
_QUOTED = re.compile(r"《[^《》]*》")  # a report named in 《》 is another report (last year's), never this one
_SELF = re.compile(r"(?:我|本)(局|委|办|厅|院|中心|区|县|市|镇|乡|街道)")


@dataclass
class Meta:
    title: str | None = None
    year: int | None = None
    agency: str | None = None
    kind: str = "department"
    published: dt.date | None = None
    notes: list[str] = field(default_factory=list)  # how uncertain items were found, for the YAML and the user
    title_lines: tuple[int, int] | None = None  # front-matter line span of the title


def parse_date(text: str) -> dt.date | None:
    """'2021年1月15日', '2021-01-27', '二〇二一年一月十五日' → date."""
    m = _DATE.search(text)
    if not m:
        return None
    year = int(m.group("y").translate(_DIGITS))
    month, day = zh_int(m.group("m")), zh_int(m.group("d"))
    try:
        return dt.date(year, month or 0, day or 0)
    except ValueError:
        return None


def is_date_line(text: str) -> bool:
    """A line that is only a date (the date under a signature)."""
    m = _DATE.fullmatch(text.strip())
    return bool(m) and parse_date(text) is not None


def _agency_from_name(name: str) -> tuple[str, str]:
    name = name.strip(" :：,，")
    if name.endswith(("人民政府", "政府")):
        return name, "government"
    if _AREA.search(name) and not _ORGAN.search(name):
        return name + "人民政府", "government"
    return name, "department"


def is_furniture(line: str) -> bool:
    """A line of the page around the report: a menu, a breadcrumb, the site's name. No title runs on from one."""
    text = line.strip()
    parts = _CRUMB_SEP.split(text)
    crumbs = len(parts) >= 2 and any(MENU_WORD.fullmatch(p) or _SITE.search(p) for p in parts)
    menu = _MENU_LINE.fullmatch(text)
    words = len(MENU_WORD.findall(text)) if menu else 0
    alone = words == 1 and not any(w in text for w in _TITLE_MENU_WORDS)
    return is_nav_line(text) or crumbs or bool(_SITE.search(text)) or words > 1 or alone \
        or any(ch in text for ch in _NAV_SEPARATORS)


def _furniture(front: list[str]) -> list[bool]:
    """Which lines are the page's: furniture, or a menu word that a title may hold (政务公开) beside another menu line."""
    menu = [bool(_MENU_LINE.fullmatch(line.strip())) for line in front]
    out = [is_furniture(line) for line in front]
    return [f or (menu[k] and any(0 <= n < len(front) and (menu[n] or out[n]) for n in (k - 1, k + 1)))
            for k, f in enumerate(out)]


def _runs_on(front: list[str], furniture: list[bool], i: int, j: int) -> bool:
    """Whether line j can be the next line of a title that began on line i and has reached line j - 1."""
    upper, lower = front[j - 1], front[j]
    if not _TITLE_PART.fullmatch(upper.strip()) or is_date_line(upper) or furniture[j - 1] or furniture[j]:
        return False  # only lines without punctuation (and not a date, a menu or a site name) run on
    place = _PLACE.match(front[i].strip())
    return not (place and lower.strip().startswith(place.group(0)))  # the same place again begins another name


def _uncrumbed(text: str) -> str:
    """The title without a breadcrumb before it on its line ("首页 > 政务公开 > 某某局2025年…报告")."""
    best, menu, start = text, False, 0
    for m in _CRUMB_SEP.finditer(text):
        step, start = text[start:m.start()].strip(), m.end()
        if not step or len(step) > NAV_WORD_MAX + 6:
            break
        menu = menu or bool(MENU_WORD.fullmatch(step) or _SITE.search(step))
        rest = text[m.end():].strip()
        if menu and TITLE_RE.match(rest):
            best = rest
    last = re.match(rf"(?:{MENU_WORD.pattern})\s+", best) if best != text else None  # "… | 互动交流 某某局…"
    return best[last.end():] if last and TITLE_RE.match(best[last.end():]) else best


def find_title(front: list[str], breaks: Collection[int] = ()) -> tuple[str, int, int] | None:
    """The first title in the front matter, on one line or broken over up to five (a long name).

    A title never runs on across `breaks` (indices of lines after a blank line or another part of the page),
    nor from or into the page's menu, breadcrumb or site name above it.
    """
    furniture = _furniture(front)
    for i in range(len(front)):
        for j in range(i, min(i + _TITLE_LINES, len(front))):
            if j > i and (j in breaks or not _runs_on(front, furniture, i, j)):
                break
            text = "".join(line.strip() for line in front[i:j + 1])
            if len(text) > _CRUMBED_MAX:
                break  # longer with every line: no title, even after a breadcrumb
            text = _uncrumbed(text)
            if len(text) <= 90 and not _NOT_TITLE.search(text) and TITLE_RE.match(text):
                return text, i, j
    return None


def doubtful_name(name: str) -> str | None:
    """Why an agency name looks like page furniture glued on (a separator, 网站/首页, its length); None when it does not."""
    sep = next((ch for ch in _CRUMB_CHARS if ch in name), None)
    if sep:
        return f"含有网页导航的分隔符「{sep}」"
    word = next((w for w in ("网站", "门户", "首页") if w in name), None)
    if word:
        return f"含有「{word}」字样"
    if len(name) > NAME_MAX:
        return f"长达 {len(name)} 字（常见的机关名称不超过 {NAME_MAX} 字）"
    return None


def find_meta(front: list[str], chrome: list[str], tail: list[str], text: str, breaks: Collection[int] = ()) -> Meta:
    """Everything about the report that is not a section: each from the surest source available.

    `front` is the prose before the first section, `chrome` the page lines around it (来源、发布时间),
    `breaks` the lines of `front` that do not run on from the line above (after a blank line).
    """
    meta = Meta()
    title = find_title(front, breaks)
    if title:
        meta.title, meta.title_lines = title[0], (title[1], title[2])
        m = TITLE_RE.match(title[0])
        assert m is not None  # find_title returns only a line TITLE_RE matches
        meta.year = int(m.group("year"))
        name = m.group("agency").strip() or m.group("rest").strip()
        if name:
            meta.agency, meta.kind = _agency_from_name(name)
    _published(meta, front, chrome, tail)
    if meta.year is None:
        _year_from_text(meta, text)
    if meta.agency is None:
        signed = _signature(tail) or _signature(front)
        if signed:
            meta.agency, meta.kind = _agency_from_name(signed)
            meta.notes.append(f"机关名称取自落款「{signed}」")
    if meta.agency is None:
        guess = _agency_in_text(text)
        if guess:
            meta.agency, meta.kind = _agency_from_name(guess)
            meta.notes.append(f"机关名称取自正文「{guess}」，原文无标题和落款，请核对")
    why = doubtful_name(meta.agency) if meta.agency else None
    if why:
        meta.notes.append(f"机关名称需核对：「{meta.agency}」{why}，可能混入了网页的页眉或导航，请核对原文后改正")
    return meta


def _year_from_text(meta: Meta, text: str) -> None:
    """The report's year from a sentence that states it, when the title does not; the user verifies it."""
    bare = _QUOTED.sub(lambda m: "《" + "　" * (len(m.group(0)) - 2) + "》", text)
    stated = "\n".join(s for s in re.split(r"[。\n]", bare) if "统计" in s)  # the statistical period, first
    for pattern in _YEAR_SENTENCES:
        m = pattern.search(stated) or pattern.search(bare)
        if m:
            meta.year = int(m.group("year"))
            start = text.find(m.group(0).strip("。\n"))
            shown = text[start:start + len(m.group(0).strip("。\n"))] if start >= 0 else m.group(0)
            meta.notes.append(f"报告年度 {meta.year} 取自正文「{shown.strip()}」，原文没有含年度的标准标题，请核对")
            return


def _published(meta: Meta, front: list[str], chrome: list[str], tail: list[str]) -> None:
    """The date under the signature first, then a labelled 成文/印发/发布日期, then a covering letter's date."""
    if _signed_date(meta, tail, "落款"):
        return
    for pattern in _LABELLED_DATES:
        for line in chrome + tail:
            m = pattern.search(line)
            if m and parse_date(line[m.end():]):
                meta.published = parse_date(line[m.end():])
                meta.notes.append(f"发布日期取自「{line[m.start():m.end() + 12].strip()}」")
                return
    _signed_date(meta, front, "文前落款")


def _signed_date(meta: Meta, lines: list[str], where: str) -> bool:
    for i, line in enumerate(lines):
        if is_date_line(line) and i > 0 and _ORGAN.search(lines[i - 1].strip()) and len(lines[i - 1]) <= 60:
            meta.published = parse_date(line)
            meta.notes.append(f"发布日期取自{where}日期「{line.strip()}」")
            return True
    return False


def _unit_line(line: str) -> bool:
    """A line that can be the upper part of a broken name: no punctuation, ending in an organ or a place."""
    text = line.strip()
    return bool(_NAME_PART.fullmatch(text)) and bool(_ORGAN.search(text) or _AREA.search(text))


def _signature(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        name = line.strip()
        if i + 1 < len(lines) and is_date_line(lines[i + 1]) and 4 <= len(name) <= 40 and _ORGAN.search(name) \
                and not re.search(r"[，,。:：；;、\d]", name):
            k = i  # a long 署名 is set on two or three lines: take the lines of the name above it too
            while k > 0 and i - k < 2 and _unit_line(lines[k - 1]) and len(name) + len(lines[k - 1].strip()) <= 60:
                k -= 1
                name = lines[k].strip() + name
            return name
    return None


def _agency_in_text(text: str) -> str | None:
    """A full organ name in the prose whose kind matches how the report refers to itself (我局 → …局)."""
    selves = Counter(m.group(1) for m in _SELF.finditer(text))
    if not selves:
        return None
    suffix = selves.most_common(1)[0][0]
    if suffix in ("区", "县", "市", "镇", "乡", "街道"):
        return None
    places: Counter[str] = Counter()
    for m in re.finditer(r"(?=([\u4e00-\u9fff]{2,3}[省市县区旗州]))", text):
        places[m.group(1)] += 1
    names: Counter[str] = Counter()
    for m in re.finditer(rf"([\u4e00-\u9fff]{{2,4}}[省市县区旗州])([\u4e00-\u9fff]{{2,12}}?{suffix})", text):
        place = max((m.group(1)[k:] for k in range(len(m.group(1)) - 2)), key=lambda p: (places[p], -len(p)))
        if places[place] >= 2:  # a place named once is more likely a chance run of characters
            names[place + m.group(2)] += 1
    best = names.most_common(2)
    if not best or (len(best) > 1 and best[0][1] == best[1][1]):
        return None
    return best[0][0]
