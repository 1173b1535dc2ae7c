"""The rows, columns and groups the code needs are found in the edition file by role or declaration, not by key."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from nianbao import editions
from nianbao.editions import Column

SHIPPED = ROOT / "nianbao" / "schemas"
COMMON = yaml.safe_load((SHIPPED / "_common.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_the_spanning_column_header_of_the_requests_table_comes_from_column_groups(edition_id: str) -> None:
    t3 = editions.get(edition_id).requests
    (declared,) = COMMON["requests"]["column_groups"]
    (group,) = t3.column_groups
    assert (group.key, group.label) == (declared["key"], declared["label"])
    assert [c.key for c in group.columns] == [c["key"] for c in COMMON["requests"]["columns"] if c.get("group")]
    assert all(t3.group_of(c) is group for c in group.columns)
    assert [c for c in t3.columns if t3.group_of(c) is None] == [t3.columns[0], t3.total_column]


def _groups(columns: list[tuple[str, str | None]], declared: list[dict]) -> tuple[editions.ColumnGroup, ...]:
    return editions._column_groups(tuple(Column(k, f"列{k}", group=g) for k, g in columns), declared)


def test_any_group_name_spans_its_columns() -> None:
    (group,) = _groups([("a", None), ("b", "firms"), ("c", "firms")], [{"key": "firms", "label": "企业"}])
    assert (group.key, group.label, [c.key for c in group.columns]) == ("firms", "企业", ["b", "c"])


@pytest.mark.parametrize(("columns", "declared", "message"), [
    ([("a", "org")], [], "表三的列“列a”属于未声明的列组“org”（须在 column_groups 中写明 key 与 label）"),
    ([("a", None)], [{"key": "a", "label": "甲组"}], "表三列组“甲组”的 key “a”与一列的 key 相同"),
    ([("a", None)], [{"key": "g", "label": "甲组"}], "表三列组“甲组”下没有列（列的 group: g）"),
    ([("a", "g"), ("b", None), ("c", "g")], [{"key": "g", "label": "甲组"}], "表三列组“甲组”的列须彼此相邻"),
])
def test_a_column_group_the_table_cannot_draw_is_named(columns, declared, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        _groups(columns, declared)
    assert str(caught.value) == message
