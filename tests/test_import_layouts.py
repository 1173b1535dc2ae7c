"""Two layouts that shifted or lost rows: the lone-"|" closer and labels wrapped around their numbers.

Fixtures written by tests/fixtures/import/make_layout_fixtures.py (every value distinct and non-zero,
so a number one column off cannot pass). When a row is there but its numbers cannot be placed, the
message says so, instead of "原文没有这一行".
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from nianbao import editions
from nianbao.importer import import_file

IMPORT = FIXTURES / "import"


def _want() -> dict[str, int]:
    ed = editions.get("2021")
    paths = [p for p, *_ in ed.proactive.cells() + ed.requests.cells() + ed.reviews.cells()]
    return {p: sum(ord(c) for c in p) % 97 + 1 for p in paths}  # make_layout_fixtures.value


@pytest.mark.parametrize("name", ["lone-pipe", "wrapped-labels"])
def test_layout_imports_every_cell_in_its_column(name):
    result = import_file(IMPORT / f"{name}.txt")
    assert result.edition == "2021"
    assert result.cells == _want()
    assert result.missing == []
    assert [i.to_text() for i in result.issues] == []


def test_lone_pipe_keeps_single_column_rows():
    result = import_file(IMPORT / "lone-pipe.txt")
    assert result.cells["proactive.licensing.decisions"] == _want()["proactive.licensing.decisions"]
    assert result.cells["proactive.fees.amount"] == _want()["proactive.fees.amount"]


def test_two_closers_in_a_row_enclose_an_empty_cell(tmp_path):
    text = (IMPORT / "lone-pipe.txt").read_text(encoding="utf-8")
    want = _want()
    first = f"规章\n|\n{want['proactive.regulations.made']}\n|\n"
    assert first in text
    path = tmp_path / "empty.txt"
    path.write_text(text.replace(first, "规章\n|\n|\n"), encoding="utf-8")
    result = import_file(path)
    assert "proactive.regulations.made" not in result.cells  # the empty cell, not the next number
    assert result.cells["proactive.regulations.repealed"] == want["proactive.regulations.repealed"]


def test_a_row_present_but_not_placeable_is_said_to_be_there(tmp_path):
    ed = editions.get("2021")
    spec = next(r for r in ed.requests.rows if r.path == "partly_granted")
    label = spec.label  # （二）部分公开（区分处理的，只计这一情形，不计其他情形）
    text = (IMPORT / "wrapped-labels.txt").read_text(encoding="utf-8")
    assert label[14:] in text
    path = tmp_path / "garbled.txt"
    path.write_text(text.replace(label[14:] + "\n", ""), encoding="utf-8")  # the label's second half lost
    result = import_file(path)
    row = f"requests.{spec.key}"
    assert not any(k.startswith(row + ".") for k in result.cells)
    missing = [i.message for i in result.issues if i.code == "import-missing" and i.path == row]
    assert missing == [f"{ed.label(row)}：原文有这一行（「{label[:14]}」），但无法确定它的数字，整行未导入"]
    assert "原文没有这一行" not in "\n".join(i.message for i in result.issues)
