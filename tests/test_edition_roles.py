"""The rows, columns and groups the code needs are found in the edition file by role or declaration, not by key."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from nianbao import editions
from nianbao.check.lints import unpaid_fee_row
from nianbao.check.registry import role_problems
from nianbao.editions import Column, zh_count

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


def _nianbao(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", *args], env=env, capture_output=True, text=True, timeout=120)


def _renamed_2027(folder: Path) -> Path:
    """The 2021 format with the keys R8, R9 and R11 read renamed: the rules must find the cells by role."""
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8")
    text = text.replace('edition: "2021"', 'edition: "2027"').replace("years: {from: 2021, to: null}",
                                                                       "years: {from: 2026, to: null}")
    for old, new in (("made", "issued"), ("repealed", "revoked"), ("in_force", "valid"), ("unpaid_fee", "fee_unpaid")):
        text = text.replace(f"{{key: {old}, ", f"{{key: {new}, ")
    text = text.replace("proactive.regulations.in_force: null\n    proactive.normative.in_force: null\n", "")
    folder.mkdir()
    (folder / "2027.yaml").write_text(text, encoding="utf-8")
    return folder


def _report(path: Path, year: int, regulations: str, unpaid: int, previous: str | None) -> Path:
    text = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text(encoding="utf-8")
    text = text.replace("year: 2022", f"year: {year}\nedition: \"2027\"", 1).replace("published: 2023-01-31", f"published: {year + 1}-01-20", 1)
    text = text.replace("  regulations: {made: 0, repealed: 0, in_force: 0}", f"  regulations: {regulations}", 1)
    text = text.replace("  normative: {made: 0, repealed: 0, in_force: 0}", "  normative: {issued: 0, revoked: 0, valid: 0}", 1)
    text = text.replace("    unpaid_fee: {natural: 0, business: 0, research: 0, nonprofit: 0, legal: 0, other: 0, total: 0}",
                        f"    fee_unpaid: {{natural: {unpaid}}}", 1)
    if previous:
        text = text.replace("\nagency:", f"\nprevious: {previous}\nagency:", 1)
    path.write_text(text.replace("2022年", f"{year}年"), encoding="utf-8")
    return path


def test_the_cross_year_and_fee_rules_find_their_cells_by_role_not_by_key(tmp_path: Path) -> None:
    env = {**os.environ, editions.EDITIONS_ENV: str(_renamed_2027(tmp_path / "editions"))}
    _report(tmp_path / "last.yaml", 2026, "{issued: 1, revoked: 0, valid: 5}", 0, None)
    this = _report(tmp_path / "this.yaml", 2027, "{issued: 2, revoked: 1, valid: 9}", 1, "last.yaml")
    checked = _nianbao(env, "check", str(this), "--format", "json")
    assert checked.returncode in (0, 1), checked.stdout + checked.stderr
    said = {i["code"]: i["message"] for i in json.loads(checked.stdout)}
    assert said["in-force"] == ("二、主动公开政府信息情况 · 第二十条第（一）项 · 规章 · 现行有效件数：填写 9，上年现行有效 5+本年制发 2"
                                "−本年废止 1 = 6，多填 3（文件到期失效也会造成差异，请核实）")
    assert said["fee-note"].endswith("有 1 件，应说明信息处理费的收取情况（收费通知书件数、收费金额）")
    assert "published-count" not in said and "no-counterpart" not in said


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_every_shipped_edition_has_the_roles_its_checks_find(edition_id: str) -> None:
    assert role_problems(editions.get(edition_id)) == []


def test_the_unpaid_fee_row_is_found_by_its_role() -> None:
    rows = {ed.id: ed.requests.row("unpaid_fee") for ed in editions.all_editions()}
    assert rows["2019"] is None and rows["2021"] is not None
    assert rows["2021"] is unpaid_fee_row(editions.get("2021")) and rows["2021"] in editions.get("2021").requests.details


def test_checks_that_need_roles_an_edition_lacks_are_named() -> None:
    ed = dataclasses.replace(editions.get("2019"), checks=("in_force_rule", "fee_note_rules", "no_such_rule"))
    assert role_problems(ed) == [
        "checks 中的 no_such_rule 不是按格式版本适用的检查",
        "检查 fee_note_rules 要用表三 role: unpaid_fee 的行，本版没有",
        "检查 in_force_rule 要用表二 role: in_force 的列，本版没有",
        "检查 in_force_rule 要用表二 role: made 的列，本版没有",
        "检查 in_force_rule 要用表二 role: repealed 的列，本版没有",
    ]


def test_a_user_edition_without_a_role_its_checks_need_stops_every_command(tmp_path: Path) -> None:
    folder = tmp_path / "editions"
    folder.mkdir()
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8").replace('edition: "2021"', 'edition: "2029"')
    text = text.replace("years: {from: 2021, to: null}", "years: {from: 2029, to: null}").replace(", role: unpaid_fee}", "}")
    (folder / "2029.yaml").write_text(text, encoding="utf-8")
    result = _nianbao({**os.environ, editions.EDITIONS_ENV: str(folder)}, "editions")
    assert result.returncode == 2 and result.stderr.splitlines() == [
        f"格式版本文件 {folder / '2029.yaml'} 无法使用：检查 fee_note_rules 要用表三 role: unpaid_fee 的行，本版没有"]


SHARED_SECTIONS = COMMON["sections"]
INPUT_KEYS = [*COMMON["input_schema"], *COMMON["top_labels"]]


def _without(role: str) -> list[dict]:
    return [s for s in SHARED_SECTIONS if s.get("role") != role]


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_the_sections_the_rules_need_are_found_by_role(edition_id: str) -> None:
    ed = editions.get(edition_id)
    for role in ("overview", "problems", "other"):
        (shared,) = [s for s in SHARED_SECTIONS if s.get("role") == role]
        assert ed.section_for(role).key == shared["key"] and ed.section_for(role).heading == shared["number"] + shared["title"]
    assert [s.key for s in ed.prose_sections] == [s["key"] for s in SHARED_SECTIONS if not s.get("table")]


def test_an_edition_may_retitle_renumber_reorder_and_add_sections() -> None:
    items = [dict(s) for s in SHARED_SECTIONS]
    items[4], items[5] = {**items[5], "number": "五、"}, {**items[4], "number": "六、", "title": "问题与改进"}
    items.append({"key": "tasks", "number": "七、", "title": "要点落实"})
    sections = editions._sections(items, SHARED_SECTIONS, INPUT_KEYS)
    assert [s.heading for s in sections][-3:] == [items[4]["number"] + items[4]["title"], "六、问题与改进", "七、要点落实"]
    assert editions._input_schema(COMMON["input_schema"], sections)["tasks"] == {"type": "string", "nullable": True}


def _heading(key: str) -> str:
    section = next(s for s in SHARED_SECTIONS if s["key"] == key)
    return section["number"] + section["title"]


@pytest.mark.parametrize(("items", "message"), [
    (_without("problems"), f"sections 中缺少“{_heading('problems')}”（role: problems），检查规则要用它"),
    (_without("other"), f"sections 中缺少“{_heading('other')}”（role: other），检查规则要用它"),
    (_without("overview"), f"sections 中缺少“{_heading('overview')}”（role: overview），检查规则要用它"),
    ([s for s in SHARED_SECTIONS if s["key"] != "requests"],
     f"sections 中缺少“{_heading('requests')}”（table: requests），统计表放在这一节"),
    (SHARED_SECTIONS + [{"key": "problems2", "number": "七、", "title": "问题", "role": "problems"}],
     "sections 中 role: problems 的章节须恰有一个（现有 2 个）"),
    (_without("other") + [{"key": "matters", "number": "六、", "title": "其他", "role": "other"}],
     "sections 中“六、其他”（role: other）的 key 须为 other（报告文件中的键）"),
    (SHARED_SECTIONS + [{"key": "charts", "number": "七、", "title": "图表", "table": "charts"}],
     "sections 中“七、图表”的 table: charts 不是统计表（proactive、requests、reviews）"),
    (SHARED_SECTIONS + [{"key": "signatory", "number": "七、", "title": "署名"}],
     "sections 中“七、署名”的 key “signatory”已是报告文件的另一个键"),
    (SHARED_SECTIONS + [{"key": "tasks", "number": "七、", "title": "甲"}, {"key": "tasks", "number": "八、", "title": "乙"}],
     "sections 中 key “tasks”出现了 2 次"),
    (SHARED_SECTIONS + [{"key": "tasks", "number": "八、", "title": "要点"}],
     "sections 中第 7 节“八、要点”的编号应为“七、”（章节按顺序编号）"),
])
def test_a_section_list_without_what_the_rules_and_tables_need_is_named(items: list, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        editions._sections(items, SHARED_SECTIONS, INPUT_KEYS)
    assert str(caught.value) == message


def test_an_overview_part_given_twice_is_named() -> None:
    parts = COMMON["overview_parts"]
    with pytest.raises(ValueError) as caught:
        editions._overview_parts(parts + parts[:1])
    assert str(caught.value) == f"overview_parts 中 key “{parts[0]['key']}”出现了 2 次"


def test_a_user_edition_without_the_problems_section_stops_every_command(tmp_path: Path) -> None:
    folder = tmp_path / "editions"
    folder.mkdir()
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8").replace('edition: "2021"', 'edition: "2029"')
    text = text.replace("years: {from: 2021, to: null}", "years: {from: 2029, to: null}")
    text += "sections: " + json.dumps(_without("problems"), ensure_ascii=False) + "\n"
    (folder / "2029.yaml").write_text(text, encoding="utf-8")
    result = _nianbao({**os.environ, editions.EDITIONS_ENV: str(folder)}, "check", str(ROOT / "examples" / "2022-maiji-zwfw.yaml"))
    assert result.returncode == 2 and result.stderr.splitlines() == [
        f"格式版本文件 {folder / '2029.yaml'} 无法使用：sections 中缺少“{_heading('problems')}”（role: problems），检查规则要用它"]


def test_the_count_of_overview_parts_is_said_in_chinese_numerals() -> None:
    assert [zh_count(n) for n in (1, 5, 6, 10, 11)] == ["一", "五", "六", "十", "11"]


def test_a_requests_table_without_column_groups_has_two_header_rows_in_every_output(tmp_path: Path) -> None:
    folder = tmp_path / "editions"
    folder.mkdir()
    columns = [{k: v for k, v in c.items() if k != "group"} for c in COMMON["requests"]["columns"]]
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8").replace('edition: "2021"', 'edition: "2030"')
    text = text.replace("years: {from: 2021, to: null}", "years: {from: 2030, to: null}")
    text = text.replace("requests:\n", "requests:\n  column_groups: []\n  columns: " + json.dumps(columns, ensure_ascii=False) + "\n", 1)
    (folder / "2030.yaml").write_text(text, encoding="utf-8")
    env = {**os.environ, editions.EDITIONS_ENV: str(folder)}
    made = subprocess.run([sys.executable, "-c", "import random, sys; sys.path.insert(0, sys.argv[1]); from synth import consistent_report, to_yaml;"
                           "sys.stdout.write(to_yaml(consistent_report('2030', random.Random(3), year=2030)))",
                           str(Path(__file__).parent)], env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    report = tmp_path / "r2030.yaml"
    report.write_text(made.stdout, encoding="utf-8")
    built = _nianbao(env, "build", str(report), "--to", "docx,html,txt", "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stdout + built.stderr
    html = (tmp_path / "out" / "r2030.html").read_text(encoding="utf-8")
    table = html[html.index('id="table-requests"'):]
    head = table[table.index("<thead"):table.index("</thead>")]
    group = COMMON["requests"]["column_groups"][0]["label"]
    assert head.count("<tr") == 2 and group not in head and 'rowspan="2"' in head
    assert group not in (tmp_path / "out" / "r2030.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "r2030.docx").read_bytes().startswith(b"PK")


def test_a_cell_whose_key_another_format_lacks_is_compared_with_the_cell_of_the_same_role(tmp_path: Path) -> None:
    env = {**os.environ, editions.EDITIONS_ENV: str(_renamed_2027(tmp_path / "editions"))}
    last = _report(tmp_path / "last.yaml", 2025, "{made: 1, repealed: 0, in_force: 5}", 0, None)
    last.write_text(last.read_text(encoding="utf-8").replace('edition: "2027"\n', "").replace(
        "  normative: {issued: 0, revoked: 0, valid: 0}", "  normative: {made: 0, repealed: 0, in_force: 0}").replace(
        "    fee_unpaid: {natural: 0}", "    unpaid_fee: {natural: 0}"), encoding="utf-8")
    this = _report(tmp_path / "this.yaml", 2026, "{issued: 2, revoked: 1, valid: 9}", 0, "last.yaml")
    assert _nianbao(env, "check", str(last)).returncode == 0
    checked = _nianbao(env, "check", str(this), "--format", "json")
    said = {i["code"]: i["message"] for i in json.loads(checked.stdout)}
    assert said["in-force"] == ("二、主动公开政府信息情况 · 第二十条第（一）项 · 规章 · 现行有效件数：填写 9，上年现行有效 5+本年制发 2"
                                "−本年废止 1 = 6，多填 3（文件到期失效也会造成差异，请核实）")
    assert "no-counterpart" not in said  # valid ← in_force, fee_unpaid ← unpaid_fee: by role, without a map
