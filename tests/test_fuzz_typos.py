"""Every single-cell typo in 表三 and 表四 is caught: ±1 on any one cell of a consistent report makes check exit 1.

The reports are written the ways a clerk writes them: cells of 0 left out, 表三 总计 columns left out
(they are computed), rows as 7-number lists. 结转下年度 and the 表四 totals are always written (check
requires them), so there is always a written number each cell is checked against.

The normal suite runs a few hundred cases per edition; `make fuzz` runs ≥ 10,000 (NIANBAO_FUZZ_CASES).
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synth import consistent_report, to_yaml

from nianbao import editions
from nianbao.batch.outcome import Outcome
from nianbao.check import check_report
from nianbao.load import load_text

CASES = int(os.environ.get("NIANBAO_FUZZ_CASES", "150"))
SETTINGS = settings(max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _node(data: dict, row: str) -> tuple[dict, str]:
    """(parent mapping, key) of a 表三/表四 row such as 'requests.withheld.state_secret'."""
    *parents, last = row.split(".")
    for p in parents:
        data = data[p]
    return data, last


def _as_written(data: dict, ed: editions.Edition, rng: random.Random) -> dict:
    """Drop zero cells and 表三 总计 columns at random, and write some rows as lists in the official order."""
    total_key = ed.requests.total_column.key
    rows = [(f"requests.{r.path}", ed.requests.columns, r.role) for r in ed.requests.rows]
    rows += [(f"reviews.{p.key}", ed.reviews.columns, "review") for p in ed.reviews.parts]
    for path, columns, role in rows:
        parent, key = _node(data, path)
        cells = parent[key]
        if rng.random() < 0.25:
            parent[key] = [cells[c.key] for c in columns]
            continue
        for c in columns:
            must_stay = role == "review" and c.role == "total"  # 表四 总计 is never derived
            if must_stay:
                continue
            if (c.key == total_key and rng.random() < 0.5) or (cells[c.key] == 0 and rng.random() < 0.5):
                del cells[c.key]
    return data


def _exit(text: str) -> int:
    """What `nianbao check` exits with for this file (the CLI's own rule, Outcome.check_exit)."""
    result = check_report(load_text(text, "gen.yaml"))
    return Outcome("gen.yaml", issues=result.issues, unreadable=False).check_exit()


def _cells(ed: editions.Edition) -> list[tuple[str, str, int]]:
    """(row path, column key, column index) of every 表三 and 表四 cell."""
    cells = [(f"requests.{r.path}", c.key, i) for r in ed.requests.rows for i, c in enumerate(ed.requests.columns)]
    cells += [(f"reviews.{p.key}", c.key, i) for p in ed.reviews.parts for i, c in enumerate(ed.reviews.columns)]
    return cells


def _typo(data: dict, ed: editions.Edition, cell: tuple[str, str, int], delta: int) -> None:
    """Change one number by `delta` as the clerk would mistype it (an omitted cell is written as 0+delta)."""
    row, col, index = cell
    parent, key = _node(data, row)
    cells = parent[key]
    if isinstance(cells, list):
        cells[index] += delta
        return
    if col in cells:
        cells[col] += delta
        return
    columns = ed.requests.columns if row.startswith("requests.") else ed.reviews.columns
    if columns[index].role == "total":  # an omitted 总计 column is the sum of its row
        cells[col] = sum(cells.get(c.key, 0) for c in columns if c.role != "total") + delta
    else:
        cells[col] = delta


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
@SETTINGS
@given(seed=st.integers(0, 2**32), data=st.data())
def test_fuzz_any_single_cell_typo_in_tables_three_and_four_makes_check_exit_1(edition_id, seed, data):
    ed = editions.get(edition_id)
    rng = random.Random(seed)
    report = _as_written(consistent_report(edition_id, rng), ed, rng)
    assert _exit(to_yaml(report)) == 0, "the generated report itself must be clean"
    cell = data.draw(st.sampled_from(_cells(ed)), label="cell")
    delta = data.draw(st.sampled_from([-1, 1]), label="delta")
    _typo(report, ed, cell, delta)
    text = to_yaml(report)
    result = check_report(load_text(text, "gen.yaml"))
    assert _exit(text) == 1, f"{cell} {delta:+d} passed check"
    assert result.errors
