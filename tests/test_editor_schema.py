"""The editor's JSON Schema (nianbao schema, init's first line): valid Draft 7, generated from the edition files,
accepting every example and rejecting the structural mistakes check rejects."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES

from nianbao import editions
from nianbao.check import check_file
from nianbao.check.editor_schema import file_name, json_schema, schema_text
from nianbao.cli import main


class EditorLoader(yaml.SafeLoader):
    """YAML as the editor's language server reads it (YAML 1.2: an unquoted 2025-01-20 is text, not a date)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def editor_data(text: str) -> object:
    return yaml.load(text, Loader=EditorLoader)


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def node(schema: dict, path: str) -> dict:
    """The schema node of a dotted key path."""
    for part in path.split("."):
        schema = schema["properties"][part]
    return schema


def errors(edition_id: str, data: object) -> list[str]:
    """Where the schema rejects `data`: the dotted key paths of the errors."""
    return [".".join(map(str, e.absolute_path))
            for e in jsonschema.Draft7Validator(json_schema(edition_id)).iter_errors(data)]


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_the_schema_of_every_edition_is_valid_draft_7(edition_id):
    printed = run("schema", "--edition", edition_id)
    assert printed.exit_code == 0
    schema = json.loads(printed.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema == json_schema(edition_id)


def test_nianbao_schema_year_2025_is_the_2021_edition_and_valid():
    printed = run("schema", "--year", "2025")
    assert printed.exit_code == 0
    jsonschema.Draft7Validator.check_schema(json.loads(printed.stdout))
    assert printed.stdout == schema_text(editions.for_year(2025).id)
    assert json.loads(printed.stdout)["$id"] == "urn:nianbao:edition:" + editions.for_year(2025).id


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_every_cell_and_row_carries_its_official_label(edition_id):
    """Titles and descriptions come from Edition.label, the one place labels are read from the edition file."""
    ed = editions.get(edition_id)
    schema = json_schema(edition_id)
    cells = [(p, c) for p, _b, _r, c in ed.proactive.cells()] + [(p, c) for p, _r, c in ed.requests.cells()] \
        + [(p, c) for p, _r, c in ed.reviews.cells()]
    for path, col in cells:
        cell, row = node(schema, path), node(schema, path.rpartition(".")[0])
        assert cell["description"] == ed.label(path)
        assert cell["title"] == ed.label(path).rsplit(" · ", 1)[-1] == col.label
        assert cell["type"] == ["number" if col.type == "money" else "integer", "null"]
        assert cell["minimum"] == (0 if col.type != "signed" else -cell["maximum"])
        assert row["title"] == ed.label(path.rpartition(".")[0]).rsplit(" · ", 1)[-1]
        assert row["additionalProperties"] is False
    for key, label in ed.top_labels.items():
        if "." not in key and key in schema["properties"]:
            assert schema["properties"][key]["title"] == label
    assert schema["additionalProperties"] is False
    assert node(schema, "agency.kind")["enum"] == list(ed.agency_kinds)


def test_a_row_written_as_a_list_is_described_in_the_official_column_order():
    ed = editions.get("2021")
    row = node(json_schema("2021"), "requests.carried_out")
    assert row["type"] == ["object", "array", "null"]
    assert row["minItems"] == len(ed.requests.columns) and row["additionalItems"] is False
    assert row["description"] == (f"{ed.label('requests.carried_out')}；也可按官方列序写成列表："
                                  + "、".join(c.label for c in ed.requests.columns))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_validates(path: Path):
    result = check_file(path)
    assert not result.errors
    assert errors(result.edition.id, editor_data(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_the_filled_in_scaffold_validates_and_its_placeholder_date_does_not(edition_id, tmp_path):
    year = editions.get(edition_id).year_from
    text = run("init", "--year", str(year)).stdout
    data = editor_data(text)
    assert errors(edition_id, data) == ["published"]  # 【请填写：如 …】 is not a date
    data["published"] = f"{year + 1}-01-20"
    assert errors(edition_id, data) == []


def _set(data: dict, path: str, value: object) -> dict:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    node[last] = value
    return data


# The structural mistakes: (description, key path, value written there, the code check gives).
MISTAKES = [
    ("unknown top-level key", "recieved", 1, "unknown-key"),
    ("unknown key in a row", "requests.received.naturel", 1, "unknown-key"),
    ("unknown key in agency", "agency.nmae", "某局", "unknown-key"),
    ("text in a cell", "requests.received.natural", "15件", "type"),
    ("a number as the agency name", "agency.name", 15, "type"),
    ("a yes/no in a cell", "reviews.review.upheld", True, "type"),
    ("negative cell", "requests.received.natural", -3, "negative"),
    ("negative 表二 cell", None, -1, "negative"),
    ("a row list of the wrong length", "requests.received", [1, 2, 3], "row-length"),
    ("an agency kind outside the list", "agency.kind", "bureau", "not-allowed"),
    ("a year that is not a number", "year", "二〇二二", "type"),
]


@pytest.mark.parametrize(("what", "path", "value", "code"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_the_structural_mistakes_check_rejects_are_rejected(what, path, value, code, tmp_path):
    source = EXAMPLES[-1]
    text = source.read_text(encoding="utf-8")
    edition_id = check_file(source).edition.id
    if path is None:  # the first 表二 cell of the edition
        path = next(p for p, *_ in editions.get(edition_id).proactive.cells())
    broken = tmp_path / "broken.yaml"
    data = _set(yaml.safe_load(text), path, value)
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert code in {i.code for i in check_file(broken).errors}
    where = errors(edition_id, _set(copy.deepcopy(editor_data(text)), path, value))
    assert where and all(w in (path, path.rpartition(".")[0]) for w in where), where  # an unknown key: its mapping


# What check accepts must not be marked in the editor: (description, key path, value written there).
ACCEPTED = [
    ("edition left empty", "edition", None),
    ("edition as text", "edition", "2021"),
    ("edition as a number", "edition", 2021),
    ("a row as a list in column order", "requests.received", list),
    ("an empty cell", "reviews.review.upheld", None),
    ("a row left empty", "requests.withheld.state_secret", None),
    ("overview as one text", "overview", "全年主动公开政府信息 318 条。"),
]


@pytest.mark.parametrize(("what", "path", "value"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_what_check_accepts_is_not_marked(what, path, value, tmp_path):
    source = EXAMPLES[-1]
    text = source.read_text(encoding="utf-8")
    if value is list:  # the same numbers, written in the official column order
        row = yaml.safe_load(text)["requests"]["received"]
        value = [row.get(c.key, 0) for c in editions.get("2021").requests.columns]
    variant = tmp_path / "variant.yaml"
    variant.write_text(yaml.safe_dump(_set(yaml.safe_load(text), path, value), allow_unicode=True), encoding="utf-8")
    result = check_file(variant)
    assert result.edition.id == "2021" and not result.errors, [i.message for i in result.errors]
    assert errors("2021", _set(copy.deepcopy(editor_data(text)), path, value)) == []


def test_init_starts_with_the_schema_comment_and_writes_the_schema_it_names(tmp_path):
    out = tmp_path / "2025.yaml"
    result = run("init", "--year", "2025", "-o", str(out))
    assert result.exit_code == 0
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./nianbao-2021.schema.json"
    named = out.parent / first.split("$schema=", 1)[1]  # resolved relative to the report, as the editor does
    assert named.read_text(encoding="utf-8") == run("schema", "--year", "2025").stdout
    assert result.stderr == f"已生成 {out}\n已生成 {named}（编辑器补全与悬停提示，2021 版格式）\n"


def test_init_from_last_year_names_the_new_years_schema(tmp_path):
    out = tmp_path / "2023.yaml"
    result = run("init", "--from", str(EXAMPLES[-1]), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./nianbao-2021.schema.json\n")
    assert (tmp_path / "nianbao-2021.schema.json").is_file()


def test_init_to_the_screen_says_how_to_get_the_schema():
    result = run("init", "--year", "2020")
    assert result.stdout.startswith("# yaml-language-server: $schema=./nianbao-2019.schema.json\n")
    assert result.stderr == ("编辑器补全：在报告所在的文件夹运行 nianbao schema --edition 2019 -o nianbao-2019.schema.json"
                             "（报告第一行指向这个文件）\n")


def test_init_refreshes_its_own_schema_file_but_never_replaces_another(tmp_path):
    (tmp_path / file_name("2021")).write_text('{"$id": "urn:nianbao:edition:2021", "old": true}', encoding="utf-8")
    assert run("init", "--year", "2025", "-o", str(tmp_path / "a.yaml")).exit_code == 0
    assert (tmp_path / file_name("2021")).read_text(encoding="utf-8") == schema_text("2021")
    foreign = tmp_path / "other" / file_name("2021")
    foreign.parent.mkdir()
    foreign.write_text("我自己的文件", encoding="utf-8")
    result = run("init", "--year", "2025", "-o", str(foreign.parent / "b.yaml"))
    assert result.exit_code == 0
    assert foreign.read_text(encoding="utf-8") == "我自己的文件"
    assert result.stderr.splitlines()[-1] == f"警告：{foreign} 已存在且不是 nianbao 生成的，未覆盖；编辑器补全会按这个文件进行"


def test_schema_to_a_file_refuses_to_replace_one_without_force(tmp_path):
    out = tmp_path / "s.json"
    assert run("schema", "--edition", "2019", "-o", str(out)).stderr == f"已生成 {out}（2019 版格式的 JSON Schema）\n"
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema("2019")
    refused = run("schema", "--edition", "2021", "-o", str(out))
    assert (refused.exit_code, refused.stderr) == (2, f"{out}：文件已存在，未覆盖（确需替换请加 --force）\n")
    assert run("schema", "--edition", "2021", "-o", str(out), "--force").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema("2021")


def test_schema_refreshes_the_file_init_wrote_as_init_does(tmp_path):
    report = tmp_path / "2025.yaml"
    assert run("init", "--year", "2025", "-o", str(report)).exit_code == 0
    beside = tmp_path / file_name("2021")
    beside.write_text('{"$id": "urn:nianbao:edition:2021", "old": true}', encoding="utf-8")  # an older nianbao's
    again = run("schema", "--year", "2025", "-o", str(beside))
    assert (again.exit_code, again.stderr) == (0, f"已生成 {beside}（2021 版格式的 JSON Schema）\n")
    assert beside.read_text(encoding="utf-8") == schema_text("2021")
    other = run("schema", "--edition", "2019", "-o", str(beside))  # another edition's schema over it: refused
    assert (other.exit_code, other.stderr) == (2, f"{beside}：文件已存在，未覆盖（确需替换请加 --force）\n")
    assert beside.read_text(encoding="utf-8") == schema_text("2021")


def test_schema_usage_errors_are_said_in_chinese():
    unknown = run("schema", "--edition", "2030")
    assert unknown.exit_code == 2
    assert unknown.stderr.splitlines()[-1] == f"错误：没有“2030”版格式，可选：{'、'.join(editions.EDITION_IDS)}"
    both = run("schema", "--year", "2020", "--edition", "2019")
    assert (both.exit_code, both.stderr.splitlines()[-1]) == (2, "错误：--year 与 --edition 只能选一个")


def test_a_users_edition_file_gets_its_schema_too(tmp_path):
    """Generated on demand, so an edition from NIANBAO_EDITIONS (one schema file) has one, with its own rows."""
    import os

    from test_editions_as_data import _edition_2026, _nianbao, _report_2026

    env = {**os.environ, editions.EDITIONS_ENV: str(_edition_2026(tmp_path / "editions"))}
    printed = _nianbao(env, "schema", "--year", "2026")
    assert printed.returncode == 0, printed.stderr
    schema = json.loads(printed.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$id"] == "urn:nianbao:edition:2026"
    assert node(schema, "proactive.plans")["title"] == "规划计划"
    data = editor_data(_report_2026(tmp_path / "r2026.yaml").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == []
    made = _nianbao(env, "init", "--year", "2026", "-o", str(tmp_path / "new" / "2026.yaml"))
    assert made.returncode == 0, made.stderr
    assert json.loads((tmp_path / "new" / "nianbao-2026.schema.json").read_text(encoding="utf-8")) == schema
