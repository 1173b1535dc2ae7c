"""Property tests: consistent reports are clean; one changed cell fires exactly its own rules."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synth import consistent_report, to_yaml

from nianbao import editions
from nianbao.check import check_report
from nianbao.load import load_text

EDITIONS = st.sampled_from(editions.EDITION_IDS)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _report(edition_id: str, seed: int):
    data = consistent_report(edition_id, random.Random(seed))
    return data, to_yaml(data)


@SETTINGS
@given(EDITIONS, st.integers(0, 2**32))
def test_generated_consistent_reports_have_no_issue(edition_id, seed):
    _data, text = _report(edition_id, seed)
    result = check_report(load_text(text, "gen.yaml"))
    assert [i.to_text() for i in result.issues] == []
    assert result.edition.id == edition_id


def _table_cells(ed):
    return [p for p, _r, _c in ed.requests.cells()] + [p for p, _p, _c in ed.reviews.cells()]


def _expected_anchors(ed, path: str) -> set[tuple[str, str]]:
    """(code, anchor path) of every rule the cell at `path` takes part in."""
    table, *row_parts, col = path.split(".")
    row = ".".join(row_parts)
    if table == "reviews":
        return {("review-total", f"reviews.{row}.total")}
    by_key = {r.path: r for r in ed.requests.rows}
    roles = {"total": ed.requests.total.path, "carried_out": ed.requests.carried_out.path}
    inflow = [ed.requests.received.path, ed.requests.carried_in.path]
    grouped = {v.node.path for v in editions.walk(ed.requests.tree) if v.parents}
    expected = {("row-total", f"requests.{row}.total")}
    r = by_key[row]
    if row in grouped:  # a result row or （七）总计: R2 in its column
        expected.add(("total", f"requests.{roles['total']}.{col}"))
    if row in inflow or r in (ed.requests.total, ed.requests.carried_out):  # 一, 二, （七）, 四: R1 in its column
        expected.add(("balance", f"requests.{roles['carried_out']}.{col}"))
    return expected


def _set(data: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for p in parents:
        data = data[p]
    data[last] = value


def _get(data: dict, path: str):
    for p in path.split("."):
        data = data[p]
    return data


@SETTINGS
@given(EDITIONS, st.integers(0, 2**32), st.data())
def test_changing_one_cell_fires_exactly_its_rules_on_its_line(edition_id, seed, draw):
    ed = editions.get(edition_id)
    data, _ = _report(edition_id, seed)
    path = draw.draw(st.sampled_from(_table_cells(ed)), label="cell")
    old = _get(data, path)
    delta = draw.draw(st.integers(-old, 9).filter(lambda d: d != 0), label="delta")
    _set(data, path, old + delta)
    report = load_text(to_yaml(data), "gen.yaml")
    line = report.source[path][0]
    result = check_report(report)
    errors = result.errors
    expected = _expected_anchors(ed, path)
    inflow = [ed.requests.received.path, ed.requests.carried_in.path]
    if all(_get(data, f"requests.{row}.{c.key}") == 0 for row in inflow for c in ed.requests.columns):
        expected.add(("all-zero", "*"))
    got = {(i.code, "*" if i.code == "all-zero" else i.path) for i in errors}
    assert got == expected, [i.to_text() for i in errors]
    for issue in errors:
        assert line in issue.lines(), f"{issue.to_text()} does not name line {line}"
    assert result.warnings == []
