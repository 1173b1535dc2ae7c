"""Round trip: import(build(x)) equals x for every example and every output format.

Tables must match exactly; narrative after whitespace normalisation; year, agency, date and title as the
report means them (an omitted title is the default title).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES

from nianbao.build import build_file
from nianbao.check import check_file
from nianbao.importer import import_file

FORMATS = ["txt", "html", "docx"]
NARRATIVE = ("preamble", "overview", "problems", "other")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("built")
    files: dict[str, dict[str, Path]] = {}
    for example in EXAMPLES:
        result = build_file(example, FORMATS, out / example.stem)
        assert not result.refused, [i.to_text() for i in result.check.issues]
        files[example.stem] = {p.suffix[1:]: p for p in result.outputs}
        files[example.stem]["failures"] = result.failures
    return files


def _squash(value):
    if isinstance(value, dict):
        return {k: _squash(v) for k, v in value.items() if v}
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


def _output(built, example: Path, fmt: str) -> Path:
    outputs = built[example.stem]
    if fmt not in outputs:
        pytest.skip(f"{fmt} 渲染器不可用，无法做往返测试：{outputs['failures']}")
    return outputs[fmt]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_tables_round_trip_exactly(built, example, fmt):
    result = import_file(_output(built, example, fmt))
    original = check_file(example)
    assert result.edition == original.edition.id
    assert result.cells == original.values.cells


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_narrative_and_metadata_round_trip(built, example, fmt):
    result = import_file(_output(built, example, fmt))
    got = yaml.safe_load(result.yaml_text)
    want = yaml.safe_load(example.read_text(encoding="utf-8"))
    for key in NARRATIVE:
        assert _squash(got.get(key)) == _squash(want.get(key)), key
    assert got["year"] == want["year"]
    assert got["agency"] == want["agency"]
    assert got.get("published") == want.get("published")
    default = f"{want['agency']['name']}{want['year']}年政府信息公开工作年度报告"
    assert got.get("title", default) == want.get("title", default)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_clean_example_imports_clean(built, example, fmt):
    result = import_file(_output(built, example, fmt))
    assert result.missing == []
    # nothing but the example's own warnings (faults of the published report: tests/test_false_alarms.py)
    own = sorted((i.code, i.message) for i in check_file(example).issues)
    assert sorted((i.code, i.message) for i in result.all_issues) == own


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_emphasis_and_list_free_markdown_survive_formats_that_keep_them(tmp_path, fmt):
    source = EXAMPLES[0].read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    key = "problems"
    data[key] = "全年办结**全部**申请，其中*依申请*公开3件。\n\n### （一）下一步\n\n加强培训。\n"
    path = tmp_path / "emphasis.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build = build_file(path, [fmt], tmp_path)
    if not build.outputs:
        pytest.skip(f"{fmt} 渲染器不可用：{build.failures}")
    got = yaml.safe_load(import_file(build.outputs[0]).yaml_text)
    assert _squash(got[key]) == _squash(data[key])


@pytest.mark.parametrize("fmt", FORMATS)
def test_bullet_lists_round_trip_in_every_format(tmp_path, fmt):
    data = yaml.safe_load(EXAMPLES[-1].read_text(encoding="utf-8"))
    data["problems"] = "问题如下：\n\n- 人员少；\n- 经费缺。\n"
    path = tmp_path / "bullets.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build = build_file(path, [fmt], tmp_path)
    if not build.outputs:
        pytest.skip(f"{fmt} 渲染器不可用：{build.failures}")
    got = yaml.safe_load(import_file(build.outputs[0]).yaml_text)
    assert _squash(got["problems"]) == _squash(data["problems"])
