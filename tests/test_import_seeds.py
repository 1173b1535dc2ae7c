"""The five seed reports import: every published table cell, the narrative, and each seed's own faults reported."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import FIXTURES, SEEDS

from nianbao.importer import import_file

EXPECTED = json.loads((FIXTURES / "seeds" / "expected_cells.json").read_text(encoding="utf-8"))
FAITHFUL = {
    "000_a780bcacce4add61.txt": "2020-fuyuan-zwfw",
    "001_a929f22f00d6b349.txt": "2020-ankang-xzsp",
    "002_4839d2431c749bff.txt": "2020-echeng-gov",
    "003_c6c31d5f8237c802.txt": "2022-maiji-zwfw",
    "004_2f7028d45b795aeb.txt": "2020-jinyun-rsj",
}
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"种子报告目录 {SEEDS} 不存在")


@pytest.fixture(scope="module")
def imported():
    return {name: import_file(SEEDS / name) for name in FAITHFUL}


def _squash(value):
    """Narrative compared after whitespace normalisation; mappings part by part."""
    if isinstance(value, dict):
        return {k: _squash(v) for k, v in value.items() if v}
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


def _faithful(name: str) -> dict:
    return yaml.safe_load((FIXTURES / "seeds" / f"{FAITHFUL[name]}.faithful.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FAITHFUL))
def test_every_published_table_cell_is_imported_exactly(imported, name):
    result = imported[name]
    expected = EXPECTED[name]
    wrong = {k: (v, result.cells.get(k)) for k, v in expected.items() if result.cells.get(k) != v}
    assert wrong == {}, f"{len(expected) - len(wrong)}/{len(expected)} cells right"
    # nothing is invented: every imported cell was printed in the seed
    assert set(result.cells) == set(expected)


def test_seed_004_unitless_procurement_amount_is_kept_as_printed_and_reported(imported):
    """532934.41 has no unit in the seed: imported as printed (= expected_cells.json), never silently converted."""
    result = imported["004_2f7028d45b795aeb.txt"]
    assert result.cells["proactive.procurement.amount"] == 532934.41
    faithful = _faithful("004_2f7028d45b795aeb.txt")
    assert faithful["proactive"]["procurement"]["amount"] == pytest.approx(532934.41 / 10000)  # the hand decision
    unit = [i for i in result.issues if i.code == "import-unit"]
    assert [i.path for i in unit] == ["proactive.procurement.amount"]
    assert "532934.41" in unit[0].message
    assert any(i.code == "unit" for i in result.check.issues)  # and the check's R12 says the same


@pytest.mark.parametrize("name", sorted(FAITHFUL))
def test_narrative_sections_are_recovered(imported, name):
    got = yaml.safe_load(imported[name].yaml_text)
    want = _faithful(name)
    for key in ("preamble", "overview", "problems", "other"):
        assert _squash(got.get(key)) == _squash(want.get(key)), key


@pytest.mark.parametrize("name", sorted(FAITHFUL))
def test_year_agency_and_date_match_the_transcription(imported, name):
    got = yaml.safe_load(imported[name].yaml_text)
    want = _faithful(name)
    assert got["year"] == want["year"]
    assert got["agency"] == want["agency"]
    assert got.get("published") == want.get("published")
    default = f"{want['agency']['name']}{want['year']}年政府信息公开工作年度报告"
    assert got.get("title", default) == want.get("title", default)


def test_website_chrome_is_not_imported_as_narrative(imported):
    text = imported["002_4839d2431c749bff.txt"].yaml_text
    for chrome in ("今天是", "ICP备", "公网安备", "网站标识", "点击总量", "主办单位", "发布日期: "):
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        assert chrome not in body.split("proactive:")[0].split("preamble:")[1], chrome


def test_glossed_traditional_seed_becomes_plain_simplified_text(imported):
    got = yaml.safe_load(imported["004_2f7028d45b795aeb.txt"].yaml_text)
    assert "(guī)" not in imported["004_2f7028d45b795aeb.txt"].yaml_text
    assert got["agency"]["name"] == "缙云县人力资源和社会保障局"
    assert got["problems"].startswith("(一)存在问题:一是政务信息公开工作")


def test_seed_001_missing_carried_out_row_is_reported_not_invented(imported):
    result = imported["001_a929f22f00d6b349.txt"]
    assert not any(k.startswith("requests.carried_out.") for k in result.cells)
    gap = [i for i in result.issues if i.code == "import-missing"]
    assert [i.path for i in gap] == ["requests.carried_out"]
    assert "四、结转下年度继续办理" in gap[0].message
    extra = [i for i in result.issues if i.code == "import-extra"]
    assert [i.path for i in extra] == ["proactive.fees"]  # the third number under a two-column header
    assert result.exit_code == 1


def test_seed_002_rule_breaks_of_the_published_report_are_reported(imported):
    result = imported["002_4839d2431c749bff.txt"]
    codes = sorted({i.code for i in result.check.errors})
    assert codes == ["balance", "total"]
    assert any("其他主动公开文件" in i.message for i in result.issues if i.code == "import-extra")
    blank = [i for i in result.issues if i.code == "import-missing"]
    assert [i.path for i in blank] == ["proactive.punishment.decisions"]
    assert "空" in blank[0].message
    assert result.exit_code == 1


def test_seed_label_variants_are_accepted_and_reported(imported):
    def labels(name):
        return [i.message for i in imported[name].issues if i.code == "import-label"]

    assert any("「规范」" in m and "「规章」" in m for m in labels("000_a780bcacce4add61.txt"))
    assert any("规范性文件" in m and "行政规范性文件" in m for m in labels("003_c6c31d5f8237c802.txt"))
    assert any("五、存在问题及改进措施" in m for m in labels("001_a929f22f00d6b349.txt"))
    assert any("因政府信息公开工作被申请行政复议" in m for m in labels("003_c6c31d5f8237c802.txt"))


def test_seed_editions_come_from_the_table_headers(imported):
    assert {n: r.edition for n, r in imported.items()} == {
        "000_a780bcacce4add61.txt": "2019", "001_a929f22f00d6b349.txt": "2019", "002_4839d2431c749bff.txt": "2019",
        "003_c6c31d5f8237c802.txt": "2021", "004_2f7028d45b795aeb.txt": "2019"}
