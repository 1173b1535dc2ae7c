"""Text normalisation for import: odd spaces, glossed traditional text, label keys, numbers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import cache, lru_cache

from nianbao.importer.aliases import equivalents
from nianbao.load.chars import INVISIBLE, UNPRINTABLE_OR_SEPARATOR  # none may reach the emitted YAML

# Spaces that published pages use for indentation or empty cells; zero-width ones vanish.
_SPACES: dict[int, str | None] = dict.fromkeys(map(ord, "\u00a0\u3000\u2002\u2003\u2009\u202f\u205f"), " ")
_SPACES.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None))  # None deletes
_CJK = re.compile(r"[\u3400-\u9fff]")
# Emphasis read from HTML (<strong>, <em>) and Word runs (bold, italic): kept for the narrative only.
STRONG, EM = "\ue000", "\ue001"
_MARKS = dict.fromkeys(map(ord, STRONG + EM), None)


def clean_space(text: str, keep_marks: bool = False) -> str:
    """NBSP, ideographic and other spaces → ASCII space; control characters (and emphasis marks) dropped."""
    text = INVISIBLE.sub("", UNPRINTABLE_OR_SEPARATOR.sub("", text.replace("\r", "").translate(_SPACES)))
    return text if keep_marks else text.translate(_MARKS)


def strip_marks(text: str) -> str:
    """The text without emphasis marks (for headings, labels and metadata)."""
    return text.translate(_MARKS)


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def t2s(text: str) -> str:
    """Traditional → simplified (OpenCC t2s)."""
    return _converter().convert(text) if _CJK.search(text) else text


def is_traditional(text: str) -> bool:
    """True when enough characters change under t2s that the document is in traditional script."""
    cjk = _CJK.findall(text)
    if len(cjk) < 20:
        return False
    sample = "".join(cjk[:20000])
    changed = sum(a != b for a, b in zip(sample, t2s(sample), strict=False))
    return changed >= 10 and changed / len(sample) > 0.02


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = f"[a-zü{_TONED}]{{1,7}}"
_GLOSS = re.compile(rf"([\u3400-\u9fff])[(（]({_PINYIN}|[\u3400-\u9fff])[)）]")


def glossed(text: str) -> bool:
    """True when the text carries pinyin reading glosses throughout (規(guī)定): several toned ones."""
    return sum(1 for m in _GLOSS.finditer(text) if any(c in _TONED for c in m.group(2))) >= 3


def drop_glosses(text: str, pinyin: bool = False) -> str:
    """規(guī)定 / 規(规)定 → 規定: drop a simplified twin after its character, and pinyin when `pinyin`."""

    def repl(m: re.Match) -> str:
        char, inner = m.group(1), m.group(2)
        if _CJK.match(inner):
            return char if inner != char and t2s(char) == inner else m.group(0)
        return char if pinyin else m.group(0)

    return _GLOSS.sub(repl, text)


_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUMERALS.update({"〇": 0, "两": 2})


def zh_int(text: str) -> int | None:
    """'3' / '三' / '十二' / '二十' → int; None when it is not a small number."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _NUMERALS and c != "十" for c in text):
        return None
    if "十" not in text:
        value = 0
        for c in text:
            value = value * 10 + _NUMERALS[c]
        return value
    tens, _, ones = text.partition("十")
    return (_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)


_ZH_NUM = "[一二三四五六七八九十]+"
_NUMBERING = re.compile(rf"^(?:\(({_ZH_NUM}|\d+)\)|({_ZH_NUM}|\d+)[、.,:])")
_PUNCT = re.compile(r"[\s\"'“”‘’「」『』、,，。.．:：;；!！?？()（）\[\]【】《》<>〈〉/／\\\-—–_·•|│┃*＊]")
_PARENS = re.compile(r"\([^()]*\)")


def fold(text: str) -> str:
    """NFKC, simplified, no whitespace: the common ground of every comparison."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", t2s(clean_space(text))))


@dataclass(frozen=True)
class LabelKey:
    """A label split into its numbering (（三） → 3) and its body without punctuation."""

    number: int | None
    body: str
    bare: str  # body with parenthesised glosses removed (Hubei notes, 区分处理的…)
    raw: str = ""  # body before the typo equivalents were applied


@lru_cache(maxsize=8192)
def label_key(text: str) -> LabelKey:
    """The comparable form of a label: numbering style, width, script, spaces and punctuation ignored."""
    s = fold(text).strip("|│┃")
    number = None
    m = _NUMBERING.match(s)
    if m:
        number = zh_int(m.group(1) or m.group(2))
        s = s[m.end():]
    raw = _PUNCT.sub("", s)
    return LabelKey(number, _equivalents(raw), _equivalents(_PUNCT.sub("", _PARENS.sub("", s))), raw)


def _equivalents(body: str) -> str:
    for variant, official in equivalents():
        body = body.replace(variant, official)
    return body


def similarity(a: str, b: str) -> float:
    """How alike two titles are (0–1), after folding and punctuation removal."""
    x, y = label_key(a).body, label_key(b).body
    if not x or not y:
        return 0.0
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


# ── numbers ────────────────────────────────────────────────────────────────────────────────

PLACEHOLDERS = {"-", "--", "—", "——", "–", "/", "无", "空", "×", "x", "X", "*", "…", "、"}
_NUMBER = re.compile(
    r"(?P<sign>增加|增|减少|减|\+|-|−)?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<unit>万元|元|件|项|个|条|次|宗|家|人次)?"
)


@dataclass(frozen=True)
class Number:
    """A table cell read as a number: its value, whether a sign word was used, its unit if printed."""

    value: Decimal
    unit: str | None
    text: str


EMPTY = "empty"
PLACEHOLDER = "placeholder"
TEXT = "text"


def read_number(text: str) -> Number | str:
    """A cell → Number, or EMPTY (blank), PLACEHOLDER ('-', '/', '无'), TEXT (anything else)."""
    s = fold(text)
    if not s:
        return EMPTY
    if s in PLACEHOLDERS:
        return PLACEHOLDER
    m = _NUMBER.fullmatch(s)
    if not m:
        return TEXT
    try:
        value = Decimal(m.group("num").replace(",", "") + (m.group("frac") or ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return TEXT
    if m.group("sign") in ("减少", "减", "-", "−"):
        value = -value
    return Number(value, m.group("unit"), text.strip())

