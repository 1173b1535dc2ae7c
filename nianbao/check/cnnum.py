"""Chinese numerals (十五、两、一百零三、二〇二四) read as integers, so narrative figures in words are checked too."""

from __future__ import annotations

from nianbao.datacache import regex

DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4,
          "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG)
NUMBER = regex(rf"\d+|[{CHARS}]+")
# Thousands separators a figure in the prose may carry: 2,856, 2，856 (a typing slip, warned about), and the
# narrow or no-break spaces of typeset text. A plain space is not one: "减2 233" is two figures of a pasted table row.
SEPARATORS = ",，\u00a0\u2009\u202f"
ARABIC = rf"(?:\d{{1,3}}(?:[{SEPARATORS}]\d{{3}})+(?!\d)|\d+)"  # a grouped figure first, else plain digits
GROUPED = regex(rf"(?<!\d)\d{{1,3}}(?:[{SEPARATORS}]\d{{3}})+(?!\d)")
_SEPARATOR = regex(rf"[{SEPARATORS}]")


def parse(text: str) -> int | None:
    """The integer a run of Arabic digits or Chinese numerals stands for; None when malformed or ambiguous."""
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if any(ch not in CHARS for ch in text):
        return None
    if not any(ch in UNITS or ch in BIG for ch in text):  # 二〇二四: digit by digit
        return int("".join(str(DIGITS[ch]) for ch in text)) if len(text) == 1 or "两" not in text else None
    total = section = 0
    digit: int | None = None
    last_unit = 10 ** 5  # units within a section must fall: 千 > 百 > 十
    last_big = 10 ** 12
    after_zero = False
    for i, ch in enumerate(text):
        if ch in DIGITS:
            if digit is not None and not (digit == 0):
                return None  # 二三 inside a number
            value = DIGITS[ch]
            after_zero = after_zero or value == 0
            digit = value
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit >= last_unit or digit == 0:
                return None
            if digit is None:
                if unit != 10 or section or i and text[i - 1] not in BIG:  # bare 十 only at the start
                    if not (unit == 10 and (i == 0 or text[i - 1] in BIG)):
                        return None
                digit = 1
            section += digit * unit
            last_unit, digit, after_zero = unit, None, False
        else:
            big = BIG[ch]
            if big >= last_big:
                return None
            section += digit or 0
            if not section:
                return None
            total += section * big
            section, digit, last_unit, last_big, after_zero = 0, None, 10 ** 5, big, False
    if digit:
        if last_unit > 10 and last_unit != 10 ** 5 and not after_zero:
            return None  # 一百五: 150 in speech, 105 by the letter — not guessed
        section += digit
    return total + section


def figure(text: str) -> int | None:
    """A figure of the prose: 2,856 and 2，856 read as 2856 (grouped digits), else as `parse` reads it."""
    if GROUPED.fullmatch(text):
        return int(_SEPARATOR.sub("", text))
    return parse(text)


def ungrouped(text: str) -> str:
    """The digits of a number written with thousands separators (1,234.5 → 1234.5), for Decimal."""
    return _SEPARATOR.sub("", text) if text[:1].isdigit() else text


def masked(text: str) -> str:
    """The text with every separator inside a grouped figure replaced by a digit, offsets kept.

    So a search for the comma that ends a clause does not stop inside 2,856.
    """
    return GROUPED.sub(lambda m: _SEPARATOR.sub("0", m.group()), text)
