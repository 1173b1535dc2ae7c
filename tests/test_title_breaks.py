"""The title breaks between words only, as GB/T 9704 §7.3.1 asks, over 400 real-pattern agency names."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from nianbao import editions
from nianbao.render.title import title_lines, title_words, width

NAMES = [line for line in (Path(__file__).parent / "fixtures" / "agency_names.txt").read_text("utf-8").splitlines()
         if line and not line.startswith("#")]
# Written here, not imported: what a reader accepts as the end of a unit in an agency name.
UNIT_ENDS = ("省", "市", "区", "县", "旗", "盟", "乡", "镇", "州", "街道", "局", "委员会", "办公室", "中心",
             "人民政府", "办事处", "厅", "大队")
SUFFIXES = sorted({ed.title_suffix for ed in editions.all_editions()})
SUFFIX = editions.get(editions.EDITION_IDS[-1]).title_suffix


def test_the_list_is_large_and_spans_6_to_45_characters():
    assert len(NAMES) >= 200 and len(set(NAMES)) == len(NAMES)
    assert min(map(len, NAMES)) == 6 and max(map(len, NAMES)) == 45


def _shape_ok(lengths: list[float]) -> bool:
    """梯形 (monotone) or 菱形 (rises then falls), a half-字 tolerance for the year's digits."""
    if len(lengths) <= 2:
        return True
    peak = lengths.index(max(lengths))
    rise = all(b >= a - 0.5 for a, b in itertools.pairwise(lengths[:peak + 1]))
    fall = all(b <= a + 0.5 for a, b in itertools.pairwise(lengths[peak:]))
    return (rise and fall) or all(b >= a - 0.5 for a, b in itertools.pairwise(lengths))


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("year", [2019, 2025])
def test_every_name_breaks_between_words(suffix, year):
    bad = []
    for name in NAMES:
        title = f"{name}{year}年{suffix}"
        lines = title_lines(title, suffix, name)
        lengths = [width(line) for line in lines]
        problems = []
        if "".join(lines) != title:
            problems.append("text changed")
        if max(lengths) > 20:
            problems.append("line wider than 20 字")
        if min(map(len, lines)) < 3:
            problems.append("line of 1–2 characters")
        if not any(f"{year}年" in line for line in lines):
            problems.append("year split")
        if not _shape_ok(lengths):
            problems.append(f"shape {lengths}")
        at = 0
        for line in lines[:-1]:
            at += len(line)
            if at < len(name) and not name[:at].endswith(UNIT_ENDS):
                problems.append(f"name cut inside a word after {name[:at]}")
            if len(name) < at < len(name) + 5:
                problems.append("year split")
        if problems:
            bad.append((title, lines, problems))
    assert bad == []


@pytest.mark.parametrize(("name", "expected"), [
    ("湖北省鄂州市鄂城区市场监督管理局", ["湖北省鄂州市鄂城区市场监督管理局", "2025年" + SUFFIX]),
    ("鄂城区人民政府", ["鄂城区人民政府2025年", SUFFIX]),
    ("缙云县人力资源和社会保障局", ["缙云县人力资源和社会保障局2025年", SUFFIX]),
    ("甘肃省天水市麦积区金山街道办事处", ["甘肃省天水市麦积区金山街道办事处", "2025年" + SUFFIX]),
    ("某某省某某市某某县人民政府办公室政务公开服务中心",
     ["某某省某某市某某县", "人民政府办公室政务公开服务中心", "2025年" + SUFFIX]),
    ("新疆维吾尔自治区伊犁哈萨克自治州奎屯市人民政府办公室政务公开领导小组办公室",
     ["新疆维吾尔自治区伊犁哈萨克自治州奎屯市", "人民政府办公室政务公开领导小组办公室", "2025年" + SUFFIX]),
])
def test_known_titles(name, expected):
    assert title_lines(f"{name}2025年{SUFFIX}", SUFFIX, name) == expected


def test_a_short_title_stays_on_one_line():
    title = f"平利县统计局2025年{SUFFIX}"  # 6 + 2½ + 12 字 > 20: two lines, broken after the name
    assert title_lines(title, SUFFIX, "平利县统计局") == ["平利县统计局2025年", SUFFIX]
    assert title_lines(f"某县统计局2025年{SUFFIX}", SUFFIX, "某县统计局") == [f"某县统计局2025年{SUFFIX}"]


@pytest.mark.parametrize(("title", "name", "words"), [
    ("安康市行政审批服务局2020年政府信息公开年度报告", "安康市行政审批服务局",  # as published, without 工作
     ["安康市", "行政审批服务局", "2020年", "政府信息公开", "年度报告"]),
    ("某某县市场监督管理局2026年政府信息公开工作年度报告", "某某县市场监督管理局",
     ["某某县", "市场监督管理局", "2026年", "政府信息公开", "工作年度报告"]),
])
def test_a_narrow_screen_may_wrap_the_title_after_its_words(title, name, words):
    suffix = editions.get("2021").title_suffix
    assert [w for line in title_lines(title, suffix, name) for w in title_words(line, title, name, suffix)] == words
