"""The report title broken the GB/T 9704 §7.3.1 way: between words, lines as a 梯形 or 菱形.

A title is the agency name, the year (``2025年``) and the edition's suffix. The name is cut only
after an administrative unit (省、市、区、县、旗、乡、镇、街道、局、委员会、办公室、中心…), the year
and each word of the suffix stay whole, and no line is one or two characters long.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

TITLE_WIDTH = 20.0  # 2号 (22 pt) characters per line in the 156 mm type area

# Units after which an agency name may break, longest first so 委员会 wins over 会.
_UNITS = sorted((
    "省", "市", "区", "县", "旗", "盟", "乡", "镇", "街道", "自治区", "自治州", "自治县", "自治旗",
    "新区", "开发区", "高新区", "管委会", "管理委员会", "委员会", "人民政府", "政府", "办事处",
    "办公室", "中心", "局", "厅", "委", "办", "署", "院", "站", "所", "队", "馆", "部", "处",
    "联合会", "协会", "商会", "工会", "公司", "集团", "学校", "大学", "医院", "社区", "村", "总队",
    "支队", "大队", "分局",
), key=len, reverse=True)
# The last unit character followed by these starts a longer word: 市场, 市政, 区域, 办公, 委员…
_NO_BREAK_BEFORE = {
    "市": "场政直属级", "区": "域级划属", "县": "级直属域", "省": "直级属", "乡": "村镇", "镇": "江",
    "办": "公事理", "委": "员托办", "会": "计展议", "局": "长", "处": "理置", "部": "门署",
    "所": "属有", "院": "校士", "场": "所", "站": "点", "队": "伍", "馆": "藏", "村": "民镇",
    "道": "路办", "心": "理医校", "署": "理", "厅": "局", "府": "办",
}
# Two characters that end a unit character but form a word of their own: 城乡建设, 社会保障, 城市管理.
_NOT_UNITS = {"城乡", "城镇", "城市", "乡镇", "都市", "超市"}
_YEAR = re.compile(r"\d{4}年(?:度)?")
MIN_LINE = 3  # no line of one or two characters


def width(text: str) -> float:
    """Width in 字 at the title size: CJK and full-width 1, digits and Latin ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def name_breaks(name: str) -> list[int]:
    """Positions inside an agency name after which a line may end (after a whole unit)."""
    cuts: list[int] = []
    last = 0
    for end in range(1, len(name)):
        unit = next((u for u in _UNITS if name.endswith(u, 0, end)), None)
        if unit is None or end - last < 2:  # a place name is at least two characters: 镇江, 市中区
            continue
        if name[end] in _NO_BREAK_BEFORE.get(name[end - 1], ""):
            continue
        if name[end - 2:end] in _NOT_UNITS:
            continue
        cuts.append(end)
        last = end
    return cuts


def suffix_words(suffix: str) -> list[int]:
    """Break positions inside the fixed suffix: between its two-character words (政府·信息·公开…)."""
    return list(range(2, len(suffix), 2)) if len(suffix) % 2 == 0 else []


def _title_breaks(title: str, name: str, suffix: str) -> tuple[list[int], set[int], set[int]]:
    """Allowed break positions of a title, the preferred ones (after the name or the year), the last-resort ones."""
    allowed: set[int] = set()
    preferred: set[int] = set()
    last_resort: set[int] = set()
    start = title.find(name) if name else -1
    if start >= 0:
        allowed.update(start + c for c in name_breaks(name))
        preferred.add(start + len(name))
    for m in _YEAR.finditer(title):
        allowed.update((m.start(), m.end()))
        preferred.add(m.end())
    if suffix and title.endswith(suffix):
        base = len(title) - len(suffix)
        allowed.add(base)
        preferred.add(base)
        last_resort.update(base + c for c in suffix_words(suffix))
    allowed |= last_resort
    inside_year = {i for m in _YEAR.finditer(title) for i in range(m.start() + 1, m.end())}
    allowed = {c for c in allowed if 0 < c < len(title) and c not in inside_year}
    return sorted(allowed), preferred & allowed, last_resort & allowed


def _shape_cost(lengths: list[float]) -> float:
    """Lower is better: a 梯形 (each line no longer than the one above) or a 菱形 (longest in the middle)."""
    n = len(lengths)
    if n == 1:
        return 0.0
    trapezoid = sum(max(0.0, b - a) for a, b in itertools.pairwise(lengths))
    peak = max(range(n), key=lambda i: lengths[i])
    rhombus = sum(max(0.0, lengths[i] - lengths[i + 1]) for i in range(peak)) + sum(
        max(0.0, lengths[i + 1] - lengths[i]) for i in range(peak, n - 1))
    widening = sum(max(0.0, a - b) for a, b in itertools.pairwise(lengths))
    shape = min(trapezoid, widening + 1.0)  # 上长下短 preferred, 上短下长 accepted
    if n > 2 and 0 < peak < n - 1:
        shape = min(shape, rhombus)
    spread = max(lengths) - min(lengths)
    return shape * 2 + spread * 0.5


def title_lines(title: str, suffix: str, name: str = "", limit: float = TITLE_WIDTH) -> list[str]:
    """Lines of the title: fewest lines that fit, then the best 梯形/菱形 among word breaks."""
    if width(title) <= limit:
        return [title]
    allowed, preferred, last_resort = _title_breaks(title, name, suffix)
    best: tuple | None = None
    for count in range(1, min(len(allowed), 6) + 1):
        for cuts in itertools.combinations(allowed, count):
            bounds = (0, *cuts, len(title))
            lines = [title[a:b] for a, b in itertools.pairwise(bounds)]
            lengths = [width(line) for line in lines]
            if max(lengths) > limit or min(len(line) for line in lines) < MIN_LINE:
                continue
            cost = _shape_cost(lengths) + sum(8 if c in last_resort else -2 if c in preferred else 0 for c in cuts)
            if best is None or cost < best[0]:
                best = (cost, lines)
        if best is not None:
            return best[1]
    return _fallback(title, limit)


SIGNATURE_WIDTH = 26.0  # 3号 characters left of the 署名's 右空二字 gap (28 per line)


def signature_lines(name: str, limit: float = SIGNATURE_WIDTH) -> list[str]:
    """A 署名 too long for its place broken like the title: after administrative units, upper line longer."""
    return title_lines(name, "", name, limit) if name else []


def _fallback(title: str, limit: float) -> list[str]:
    """No word break fits (a name with no unit longer than a line): cut at the width, as before."""
    lines, line = [], ""
    for ch in title:
        if width(line + ch) > limit:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line else lines


def title_words(line: str, title: str, name: str, suffix: str) -> list[str]:
    """A title line split into its unbreakable words, for a screen narrower than the line."""
    allowed, _, last_resort = _title_breaks(title, name, suffix)
    allowed = [c for c in allowed if c not in last_resort]
    head = suffix[: len(suffix) // 2] if len(suffix) >= 8 else ""  # 政府信息公开 · 工作年度报告
    at = title.rfind(head) if head else -1
    if at >= 0 and len(title) - at - len(head) >= MIN_LINE:  # also a title as published: …政府信息公开 · 年度报告
        allowed.append(at + len(head))
    start = title.find(line)
    cuts = sorted(c - start for c in allowed if start < c < start + len(line)) if start >= 0 else []
    bounds = (0, *cuts, len(line))
    return [line[a:b] for a, b in itertools.pairwise(bounds)]
