"""Text tables line up by display width: a CJK character (and “ ”) takes two columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nianbao import render_context
from nianbao.render.text_table import display_width, text_table

ROOT = Path(__file__).resolve().parent.parent


def _number_ends(line: str) -> list[int]:
    """Display column where each number in a line ends."""
    return [display_width(line[:m.end()]) for m in re.finditer(r"-?\d+(?:\.\d+)?(?=\s|$)", line)]


def test_display_width_counts_cjk_and_curly_quotes_as_two() -> None:
    assert display_width("危及“三安全一稳定”") == 20
    assert display_width("ab") == 2


@pytest.mark.parametrize("table", ["proactive", "requests", "reviews"])
def test_numbers_of_every_row_end_in_the_same_columns(example: Path, table: str) -> None:
    grid = render_context(example)["tables"][table]
    text = text_table(grid)
    rows = [line for line in text.split("\n") if _number_ends(line) and not line.startswith("第二十条")]
    assert rows
    if table == "proactive":  # 表二: rows of one block share columns
        blocks = text.split("第二十条")[1:]
        for block in blocks:
            ends = {tuple(_number_ends(line)) for line in block.split("\n")[2:] if _number_ends(line)}
            assert len(ends) == 1, block
    else:
        assert len({tuple(_number_ends(line)) for line in rows}) == 1, text


def test_leaf_headers_sit_over_their_number_columns() -> None:
    grid = render_context(ROOT / "examples" / "2020-echeng-gov.yaml")["tables"]["requests"]
    lines = text_table(grid).split("\n")
    leaf = next(line for line in lines if "商业企业" in line)
    first = next(line for line in lines if line.startswith("一、"))
    # the labels are wider than the numbers, so each column is as wide as its label: same right edge
    label_ends = [display_width(leaf[:m.end()]) for m in re.finditer(r"\S+", leaf)]
    assert len(label_ends) == 7 and label_ends == _number_ends(first)


def test_group_rows_are_indented_one_full_width_space_per_level() -> None:
    grid = render_context(ROOT / "examples" / "2022-maiji-zwfw.yaml")["tables"]["requests"]
    lines = text_table(grid).split("\n")
    assert any(line.startswith("三、本年度办理结果") and not _number_ends(line) for line in lines)
    assert any(line.startswith("\u3000（三）不予公开") and not _number_ends(line) for line in lines)
    assert any(line.startswith("\u3000\u30001.属于国家秘密") for line in lines)
