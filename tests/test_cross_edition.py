"""Cross-year rules across two formats: cells map through the edition file's previous_edition_map, and a
cell without a counterpart is named once (info), never skipped silently. Also `--editions DIR`."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT
from synth import consistent_report, to_yaml

from nianbao import editions
from nianbao.batch.outcome import CLEAN, Outcome
from nianbao.check import check_report
from nianbao.issues import INFO, Tally
from nianbao.load import load_text

SHIPPED = ROOT / "nianbao" / "schemas"
T2 = "二、主动公开政府信息情况 · 第二十条第（一）项"
CROSS_YEAR = {"carry-in", "items-carry", "in-force", "published-count"}  # the codes of R6–R9


def _pair(prev_edition: str, prev_year: int, this_edition: str, this_year: int):
    prev = consistent_report(prev_edition, random.Random(1), year=prev_year)
    this = consistent_report(this_edition, random.Random(2), year=this_year)
    prev["requests"]["carried_out"] = dict(this["requests"]["carried_in"])  # R6 holds
    return prev, this


def _check(this: dict, prev: dict):
    return check_report(load_text(to_yaml(this), "r.yaml"), load_text(to_yaml(prev), "p.yaml"))


def test_a_2021_report_after_a_2019_format_report_names_the_cells_it_cannot_compare_once():
    prev, this = _pair("2019", 2020, "2021", 2021)
    result = _check(this, prev)
    info = [i for i in result.issues if i.code == "no-counterpart"]
    assert [(i.severity, i.message) for i in info] == [(INFO, (
        "上年报告按 2019 版格式填写，没有与本年以下各格对应的格，R8、R9 跨年度核对未比较这些格："
        f"{T2} · 规章 · 现行有效件数；{T2} · 行政规范性文件 · 现行有效件数"))]
    assert result.errors == [] and not set(info) & set(result.warnings)  # an info changes no exit code
    assert [i for i in result.warnings if i.code in ("in-force", "published-count")] == []
    # what does have a counterpart is still compared across the two formats: R6 on 表三
    this["requests"]["carried_in"]["natural"] += 1
    this["requests"]["received"]["natural"] -= 1
    carry = [i.path for i in _check(this, prev).issues if i.code == "carry-in"]
    assert carry == ["requests.carried_in.natural"]


def test_the_same_format_last_year_needs_no_mapping_and_says_nothing():
    for ed in editions.all_editions():
        prev, this = _pair(ed.id, ed.year_from, ed.id, ed.year_from + 1)
        assert [i for i in _check(this, prev).issues if i.code == "no-counterpart"] == []


def test_every_declared_counterpart_names_cells_that_exist():
    for ed in editions.all_editions():
        assert editions.map_problems(ed) == [], ed.id
    declared = {ed.id: ed.previous_map for ed in editions.all_editions() if ed.previous_map}
    assert declared  # the shipped files do declare a mapping (2021 ← 2019)
    ed, prev = editions.get("2021"), editions.get("2019")
    assert ed.counterpart("proactive.regulations.in_force", prev) is None  # declared: no counterpart
    assert ed.counterpart("requests.carried_out.total", prev) == "requests.carried_out.total"  # same path


def _edition_2026(folder: Path, mapping: str) -> Path:
    """A 2026 format from the 2021 file, with a new 表二 row 规划计划 and a mapping to the 2021 format."""
    text = (SHIPPED / "2021.yaml").read_text(encoding="utf-8")
    text = text.replace('edition: "2021"', 'edition: "2026"').replace("years: {from: 2021, to: null}",
                                                                       "years: {from: 2026, to: null}")
    text = text.replace("        - {key: normative, label: 行政规范性文件}\n",
                        "        - {key: normative, label: 行政规范性文件}\n        - {key: plans, label: 规划计划}\n", 1)
    text = text.replace('previous_edition_map:\n', "previous_edition_map:\n" + mapping, 1)
    folder.mkdir(exist_ok=True)
    (folder / "2026.yaml").write_text(text, encoding="utf-8")
    return folder


def _nianbao(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != editions.EDITIONS_ENV}
    return subprocess.run([sys.executable, "-m", "nianbao", *args], env=env, capture_output=True, text=True, timeout=120)


def _reports(tmp_path: Path) -> tuple[Path, Path]:
    prev = consistent_report("2021", random.Random(3), year=2025)
    this = consistent_report("2021", random.Random(4), year=2026)
    prev["requests"]["carried_out"] = dict(this["requests"]["carried_in"])
    for row in ("regulations", "normative"):
        p, t = prev["proactive"][row], this["proactive"][row]
        t.update(made=3, repealed=1, in_force=p["in_force"] + 3 - 1)
    this["proactive"]["normative"]["in_force"] += 1  # R8 must still fire across 2021 → 2026
    last = prev["proactive"]["normative"]["in_force"]
    this["proactive"]["plans"] = {"made": 1, "repealed": 0, "in_force": last + 1 + 5}  # 5 off if compared with it
    (tmp_path / "p.yaml").write_text(to_yaml(prev), encoding="utf-8")
    (tmp_path / "r.yaml").write_text(to_yaml(this), encoding="utf-8")
    return tmp_path / "r.yaml", tmp_path / "p.yaml"


def test_editions_option_and_a_new_row_without_counterpart_in_last_years_format(tmp_path):
    folder = _edition_2026(tmp_path / "editions", "")
    report, previous = _reports(tmp_path)
    result = _nianbao("--editions", str(folder), "check", str(report), "--previous", str(previous), "--format", "json")
    issues = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [(i["code"], i["path"]) for i in issues if i["code"] in CROSS_YEAR] == [
        ("in-force", "proactive.normative.in_force")]
    info = [i["message"] for i in issues if i["severity"] == "info"]
    assert info == ["上年报告按 2021 版格式填写，没有与本年以下各格对应的格，R8、R9 跨年度核对未比较这些格："
                    f"{T2} · 规划计划 · 现行有效件数"]


def test_a_declared_counterpart_is_compared(tmp_path):
    mapping = '  "2021":\n    proactive.plans.in_force: proactive.normative.in_force\n'
    folder = _edition_2026(tmp_path / "editions", mapping)
    report, previous = _reports(tmp_path)
    result = _nianbao("--editions", str(folder), "check", str(report), "--previous", str(previous), "--format", "json")
    issues = json.loads(result.stdout)
    assert [i for i in issues if i["severity"] == "info"] == []
    assert sorted(i["path"] for i in issues if i["code"] == "in-force") == [
        "proactive.normative.in_force", "proactive.plans.in_force"]


def test_a_mapping_to_an_unknown_cell_stops_every_command_with_its_name(tmp_path):
    folder = _edition_2026(tmp_path / "editions", '  "2021":\n    proactive.plans.in_force: proactive.plans.in_forse\n')
    result = _nianbao("--editions", str(folder), "editions")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"格式版本文件 {folder / '2026.yaml'} 无法使用：previous_edition_map：2021 版没有“proactive.plans.in_forse”这一格"]


def test_editions_option_names_a_missing_folder(tmp_path):
    result = _nianbao("--editions", str(tmp_path / "nowhere"), "editions")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "nowhere" in result.stderr


def test_editions_option_is_the_environment_variable(tmp_path):
    folder = _edition_2026(tmp_path / "editions", "")
    by_option = _nianbao("--editions", str(folder), "editions").stdout
    env = {**os.environ, editions.EDITIONS_ENV: str(folder)}
    by_env = subprocess.run([sys.executable, "-m", "nianbao", "editions"], env=env, capture_output=True, text=True,
                            timeout=120).stdout
    assert by_option == by_env and "2026\t2026 年度起" in by_option


def test_editions_option_in_a_process_that_already_loaded_the_editions_says_so():
    from click.testing import CliRunner

    from nianbao.cli import main

    result = CliRunner().invoke(main, ["--editions", str(SHIPPED), "editions"])
    assert result.exit_code == 2
    assert "--editions 须在载入格式版本之前生效" in result.output


def test_diff_pairs_cells_through_the_same_mapping(tmp_path):
    mapping = '  "2021":\n    proactive.plans.in_force: proactive.normative.in_force\n'
    folder = _edition_2026(tmp_path / "editions", mapping)
    report, previous = _reports(tmp_path)
    result = _nianbao("--editions", str(folder), "diff", str(previous), str(report), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    last = yaml.safe_load(previous.read_text(encoding="utf-8"))["proactive"]["normative"]["in_force"]
    plans = next(c for c in data["changes"] if c["path"] == "proactive.plans.in_force")
    assert (plans["last"], plans["this"]) == (last, last + 6)  # compared with last year's 行政规范性文件
    assert data["not_compared"]["this_edition_only"] == 2  # plans.made and plans.repealed have no counterpart


def test_an_info_is_counted_apart_and_changes_no_exit_code_even_with_strict():
    prev, this = _pair("2019", 2020, "2021", 2021)
    result = check_report(load_text(to_yaml(this), "r.yaml"), load_text(to_yaml(prev), "p.yaml"))
    tally = result.tally
    assert tally.infos == 1 and tally.text() == f"{tally.errors} 个错误，{tally.warnings} 个警告，1 个提示"
    only_info = [i for i in result.issues if i.severity == INFO]
    assert Tally.of(only_info).text() == "0 个错误，0 个警告，1 个提示" and Tally.of([]).text() == "0 个错误，0 个警告"
    # a file whose only issue is the info is clean, and passes check --strict
    outcome = Outcome("r.yaml", only_info)
    assert outcome.status == CLEAN and outcome.check_exit(strict=True) == 0
