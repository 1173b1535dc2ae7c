"""The Chinese-numeral reader: every common form, and None (never a guess) for malformed or ambiguous runs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.check.cnnum import parse

CASES = {
    "0": 0, "17": 17, "零": 0, "〇": 0, "一": 1, "两": 2, "九": 9, "十": 10, "十五": 15, "二十": 20,
    "二十三": 23, "一百": 100, "一百零三": 103, "一百一十": 110, "一百二十五": 125, "三千零五": 3005,
    "一千零一十": 1010, "一万": 10_000, "一万零五百": 10_500, "两万三千": 23_000, "十万": 100_000,
    "一亿零一万": 100_010_000, "二〇二四": 2024, "二○二三": 2023, "二零二二": 2022, "壹佰零叁": 103,
}


@pytest.mark.parametrize("text,value", CASES.items())
def test_reads(text, value):
    assert parse(text) == value


@pytest.mark.parametrize("text", ["", "十十", "百", "一百五", "二三十", "十百", "万", "五x", "两两", "一零十"])
def test_malformed_or_ambiguous_is_none(text):
    assert parse(text) is None


def _write(n: int) -> str:
    """Write n the way a clerk would (a reference writer, independent of the parser)."""
    d = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def below(n: int, lead: bool) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            q, n = divmod(n, unit)
            if q:
                if zero and out:
                    out += "零"
                out += ("" if (name == "十" and q == 1 and not out and lead) else d[q]) + name
                zero = False
            elif out or not lead:
                zero = True
        return out

    hi, lo = divmod(n, 10_000)
    if not hi:
        return below(lo, True)
    text = below(hi, True) + "万"
    if lo:
        text += ("零" if lo < 1000 else "") + below(lo, False).lstrip("零")
    return text


@given(st.integers(min_value=0, max_value=99_999_999))
def test_round_trip(n):
    assert parse(_write(n)) == n
