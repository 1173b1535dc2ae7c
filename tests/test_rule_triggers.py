"""Codes no other test produced: each one made by a real input, with its exact message."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from conftest import SEEDS
from synth import consistent_report, to_yaml

from nianbao import editions
from nianbao.check import check_file, check_report
from nianbao.issues import CODES
from nianbao.load import load_text


def test_2019_new_published_above_total_published_is_a_warning():
    data = consistent_report("2019", random.Random(3), year=2019)
    row = data["proactive"]["regulations"]
    row["new_published"], row["total_published"] = 5, 3
    found = [i for i in check_report(load_text(to_yaml(data), "r.yaml")).issues if i.code == "published-count"]
    assert [(i.severity, i.path, i.message) for i in found] == [(
        "warning", "proactive.regulations.new_published",
        "二、主动公开政府信息情况 · 第二十条第（一）项 · 规章 · 本年新公开数量 5 大于对外公开总数量 3")]


def test_2021_more_repealed_than_last_years_in_force_and_made_is_a_warning():
    prev = consistent_report("2021", random.Random(5), year=2023)
    this = consistent_report("2021", random.Random(6), year=2024)
    prev["proactive"]["normative"]["in_force"] = 1
    this["proactive"]["normative"].update(made=2, repealed=4)
    found = check_report(load_text(to_yaml(this), "r.yaml"), load_text(to_yaml(prev), "p.yaml")).issues
    found = [i for i in found if i.code == "published-count"]
    assert [(i.path, i.message) for i in found] == [(
        "proactive.normative.repealed",
        "二、主动公开政府信息情况 · 第二十条第（一）项 · 行政规范性文件 · 本年废止件数 4 多于上年现行有效 1 与本年制发 2 之和")]


def _late_year(ed: editions.Edition) -> int:
    """A report year of this format past its first (lenient) year."""
    return ed.year_to or ed.year_from + 3


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_an_unreadable_previous_report_is_a_warning_and_the_check_goes_on(tmp_path: Path, edition_id):
    data = consistent_report(edition_id, random.Random(7), year=_late_year(editions.get(edition_id)))
    data["previous"] = "2023.yaml"
    path = tmp_path / "2024.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    result = check_file(path)
    found = [i for i in result.issues if i.code == "previous-unreadable"]
    assert [(i.severity, i.message) for i in found] == [(
        "warning", f"上年度报告 {tmp_path / '2023.yaml'} 无法读取（文件不存在），跨年度核对未进行")]
    assert result.ok


def test_yaml_the_importer_cannot_read_back_is_reported_as_its_own_fault(monkeypatch):
    """import-internal: a bug in the YAML writer is said plainly, never passed off as the user's input."""
    import nianbao.importer as importer

    real = importer.assemble

    def broken_writer(blocks, source):
        parts = real(blocks, source)
        return dataclasses.replace(parts, yaml_text=parts.yaml_text + "\n\tbroken: [")

    monkeypatch.setattr(importer, "assemble", broken_writer)
    result = importer.import_file(SEEDS / "000_a780bcacce4add61.txt")
    found = [i for i in result.issues if i.code == "import-internal"]
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].message.startswith("导入生成的 YAML 无法读取：")
    assert result.check is None


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_a_row_of_the_wrong_length_is_unknown_not_zero(edition_id):
    """The row's cells, and the sums over them, are unknown: no rule reports the zeros it would stand for."""
    data = consistent_report(edition_id, random.Random(8), year=_late_year(editions.get(edition_id)))
    data["requests"]["received"] = [1, 2, 3]
    result = check_report(load_text(to_yaml(data), "r.yaml"))
    assert [i.code for i in result.issues] == ["row-length"]
    assert not result.values.known("requests.received.natural")
    assert not result.values.known("requests.received.total")


@pytest.mark.parametrize("edition_id", editions.EDITION_IDS)
def test_an_unreadable_result_row_makes_the_computed_total_unknown(edition_id):
    data = consistent_report(edition_id, random.Random(9), year=_late_year(editions.get(edition_id)))
    del data["requests"]["total"]
    data["requests"]["granted"] = [1]
    result = check_report(load_text(to_yaml(data), "r.yaml"))
    assert [i.code for i in result.issues] == ["row-length"]
    assert not result.values.known("requests.total.natural")


def test_another_agencys_previous_report_is_a_warning_and_no_cross_year_rule_runs(tmp_path: Path):
    prev = consistent_report("2021", random.Random(5), year=2023, agency="示例县另一局")
    this = consistent_report("2021", random.Random(6), year=2024)
    prev["proactive"]["normative"]["in_force"] = 1
    this["proactive"]["normative"].update(made=2, repealed=4)  # against this agency's figures: [published-count]
    this["previous"] = "2023.yaml"
    (tmp_path / "2023.yaml").write_text(to_yaml(prev), encoding="utf-8")
    (tmp_path / "2024.yaml").write_text(to_yaml(this), encoding="utf-8")
    result = check_file(tmp_path / "2024.yaml")
    cross = [i.code for i in result.issues if CODES[i.code].rule in ("R6", "R7", "R8", "R9")]
    assert cross == []
    found = [i for i in result.issues if i.code == "previous-agency"]
    assert [(i.severity, i.path, i.message) for i in found] == [(
        "warning", "previous",
        f"上年报告的机关（示例县另一局）与本报告（示例县示例局）不同，跨年度核对未进行；"
        f"请确认上年报告 {tmp_path / '2023.yaml'} 是本机关的（用 --previous 或 previous: 指定）")]
