"""Issue 13, item 8: init --from carries last year over (previous:, 现行有效件数, --agency), warns and refuses honestly."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLES

from nianbao.cli import main

MAIJI = next(p for p in EXAMPLES if p.name == "2022-maiji-zwfw.yaml")
ZEROS = "{natural: 0, business: 0, research: 0, nonprofit: 0, legal: 0, other: 0, total: 0}"


def _last_year(folder: Path) -> Path:
    """Maiji 2022 with 7 规章 in force and 2 requests received and carried over to 2023 (consistent)."""
    text = MAIJI.read_text(encoding="utf-8")
    text = text.replace("regulations: {made: 0, repealed: 0, in_force: 0}", "regulations: {made: 2, repealed: 0, in_force: 7}")
    two = "{natural: 2, business: 0, research: 0, nonprofit: 0, legal: 0, other: 0, total: 2}"
    text = text.replace(f"  received: {ZEROS}", f"  received: {two}").replace(f"  carried_out: {ZEROS}", f"  carried_out: {two}")
    path = folder / "2022.yaml"
    path.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 0
    return path


def test_carried_over_file_names_last_year_and_the_cross_year_rules_run_without_previous(tmp_path):
    last = _last_year(tmp_path)
    out = tmp_path / "new" / "2023.yaml"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["init", "--from", str(last), "--agency", "某某局", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert any(line.startswith("previous: ../2022.yaml ") for line in lines)
    assert "  name: 某某局" in text
    regulations = next(line for line in lines if line.startswith("  regulations:"))
    assert regulations.startswith("  regulations: {made: 0, repealed: 0, in_force: 7}")
    assert regulations.endswith("# 规章；现行有效件数取自上年，请按本年制发、废止更新")
    assert any(line.startswith("  carried_in: {natural: 2, total: 2}") for line in lines)
    # another agency's name than last year's: the cross-year rules do not compare two agencies' figures
    out.write_text(text.replace("carried_in: {natural: 2, total: 2}", "carried_in: {natural: 1, total: 1}"), encoding="utf-8")
    issues = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(out)]).stdout)
    assert [i["code"] for i in issues if i["code"] in ("carry-in", "previous-agency")] == ["previous-agency"]
    # the same agency (its name carried over): the clerk types a different 上年结转 and R6 speaks without --previous
    same = tmp_path / "new" / "2023-same.yaml"
    assert CliRunner().invoke(main, ["init", "--from", str(last), "-o", str(same)]).exit_code == 0
    same.write_text(same.read_text(encoding="utf-8").replace("carried_in: {natural: 2, total: 2}",
                                                              "carried_in: {natural: 1, total: 1}"), encoding="utf-8")
    issues = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(same)]).stdout)
    assert [i["path"] for i in issues if i["code"] == "carry-in"] == ["requests.carried_in.natural", "requests.carried_in.total"]


def test_a_year_that_does_not_follow_last_year_is_warned_about(tmp_path):
    last = _last_year(tmp_path)
    result = CliRunner().invoke(main, ["init", "--from", str(last), "--year", "2025", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 0
    assert "警告：上年度报告是 2022 年度的，新报告却是 2025 年度（不是 2023）；结转数与跨年度核对按相邻年度设计，请确认年度" \
        in result.output


def test_last_year_with_errors_is_refused_unless_forced(tmp_path):
    last = _last_year(tmp_path)
    last.write_text(last.read_text(encoding="utf-8").replace("in_force: 7", "in_force: -7"), encoding="utf-8")
    out = tmp_path / "2023.yaml"
    result = CliRunner().invoke(main, ["init", "--from", str(last), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{last}: 错误 [carry-over] 上年度报告有 1 个错误，带入的结转数等可能不对；请先改正上年报告，或加 --force 照样生成" \
        in result.output
    assert "[negative]" in result.output and not out.exists()
    forced = CliRunner().invoke(main, ["init", "--from", str(last), "--force", "-o", str(out)])
    assert forced.exit_code == 0 and out.is_file()
