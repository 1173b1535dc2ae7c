"""The rule registry: codes defined once, rules declared, `nianbao rules` prints it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PRODUCED_CODES, whole_suite_collected

from nianbao.check import registry
from nianbao.check.registry import Ctx
from nianbao.cli import main
from nianbao.issues import CATALOGUE, CODES, ERROR, Issue


def test_an_issue_with_an_unregistered_code_cannot_be_made():
    with pytest.raises(ValueError, match="unregistered issue code 'no-such-code'"):
        Issue(ERROR, "no-such-code", "year", "x")


def test_issues_are_immutable():
    issue = Issue(ERROR, "required", "year", "缺少")
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.line = 3  # type: ignore[misc]
    moved = issue.at(line=3)
    assert (issue.line, moved.line, moved.message) == (None, 3, "缺少")


def test_a_rule_with_an_unregistered_code_cannot_be_registered():
    with pytest.raises(ValueError, match="unregistered codes"):
        registry.rule("R1", "no-such-code", "x")(lambda ctx: [])
    with pytest.raises(ValueError, match="R99 is not in the catalogue"):
        registry.rule("R99", "balance", "x")(lambda ctx: [])


def test_a_rule_producing_a_code_it_did_not_declare_fails(monkeypatch):
    stray = Issue(ERROR, "total", "year", "x")
    entry = registry.Rule("stray", "R1", ("balance",), "x", None, (), lambda ctx: [stray])
    monkeypatch.setattr(registry, "all_rules", lambda: [entry])
    with pytest.raises(ValueError, match=r"rule stray produced undeclared codes \['total'\]"):
        registry.run(Ctx(None, None, None))  # type: ignore[arg-type]


def test_every_rule_code_and_r_number_is_registered():
    rules = registry.all_rules()
    assert len({r.name for r in rules}) == len(rules)
    for entry in rules:
        assert entry.codes and all(c in CODES for c in entry.codes)
        assert entry.rule is None or entry.rule in CATALOGUE
        assert all(CODES[c].rule == entry.rule for c in entry.codes), entry.name
    # the catalogue is R1–R17, each one named by a code or documented as derived (R14)
    assert list(CATALOGUE) == [f"R{n}" for n in range(1, 18)]
    named = {c.rule for c in CODES.values()}
    assert set(CATALOGUE) - named == {"R14"} and CATALOGUE["R14"].severity is None


def test_the_request_rules_are_one_function_each():
    by_rule = {r.rule: r.name for r in registry.all_rules() if r.rule in {"R1", "R2", "R3", "R15"}}
    assert by_rule == {"R1": "balance_rule", "R2": "total_rule", "R3": "row_total_rule", "R15": "all_zero_rule"}


def test_rules_command_lists_every_code():
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    header, *lines = result.output.splitlines()
    assert header == "规则 代码                  级别  阶段  适用版本    说明"
    assert len(lines) == len(CODES)
    assert [line.split()[1] for line in lines] == list(CODES)
    assert ("R1   balance               错误  勾稽  2019、2021  一+二 = （七）总计+四"
            "〔R1：一+二 = （七）总计+四，逐列成立（表三角格注明）〕") in lines
    assert ("R11  fee-note              警告  正文  2021        未说明信息处理费"
            "〔R11：因未缴信息处理费而终止的申请，应在“其他需要报告的事项”说明收费情况〕") in lines
    assert "—    unreadable            错误  读取  2019、2021  文件无法读取" in lines


def test_rules_command_json():
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [r["id"] for r in data["rules"]] == list(CATALOGUE)
    codes = {c["code"]: c for c in data["codes"]}
    assert list(codes) == list(CODES)
    assert codes["items-carry"]["editions"] == ["2019"]
    assert codes["items-carry"]["checks"] == [{
        "function": "items_carry_rule", "needs": ["previous"],
        "description": "跨年度：上一年项目数量 = 上年报告的上一年项目数量 + 本年增/减"}]
    assert [c["function"] for c in codes["published-count"]["checks"]] == ["published_count_rule", "repealed_count_rule"]


def test_readme_rule_table_is_generated_from_the_registry():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert registry.readme_with_table(readme) == readme, "README is stale: run python scripts/readme_rules.py"
    assert "| `balance` | R1 一+二 = （七）总计+四，逐列成立（表三角格注明） | 错误 | 勾稽 | 2019、2021 |" in readme


def test_every_registered_code_is_produced_somewhere_in_the_suite(request):
    """Runs last (conftest): the codes the whole suite made, in process, against the registry."""
    why = whole_suite_collected(request.session)
    if why:
        pytest.skip(f"只在运行全部测试时判断：{why}")
    assert sorted(set(CODES) - PRODUCED_CODES) == []


def test_the_public_api_is_what_all_names():
    import subprocess
    import sys

    import nianbao

    assert sorted(nianbao.__all__) == sorted(["__version__", *nianbao._API])
    for name in nianbao._API:
        assert getattr(nianbao, name).__name__ == name
    # `import nianbao` (hence `nianbao --help`) loads none of the stages
    code = "import sys, nianbao.cli; print(sorted(m for m in ('yaml', 'cerberus', 'jinja2') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "[]\n"


def test_one_exception_base_for_every_failure_the_user_can_act_on():
    from nianbao.batch.summary import SummaryFormatError
    from nianbao.build import UnknownFormat
    from nianbao.errors import EXIT_UNREADABLE, NianbaoError, Unreadable, UsageError
    from nianbao.importer import OutputError
    from nianbao.render import RenderUnavailable
    from nianbao.render.docx import DocxTemplateError

    for cls in (Unreadable, UsageError, UnknownFormat, OutputError, SummaryFormatError, RenderUnavailable,
                DocxTemplateError):
        assert issubclass(cls, NianbaoError), cls
    exc = Unreadable("文件不存在")
    assert (exc.exit_code, str(exc), exc.issue.code, exc.issue.message) == (EXIT_UNREADABLE, "文件不存在",
                                                                            "unreadable", "文件不存在")
    assert UnknownFormat("未知").issues == ()


def test_a_registry_entry_with_a_stray_key_is_refused():
    import yaml

    from nianbao.issues import _only_known_keys

    cut = yaml.safe_load("codes:\n  x: {stage: lints, severity: warning, description: 写 2,856 或 2856}\nrules: {}\n")
    with pytest.raises(ValueError, match=r"codes\.x has unknown keys \['856 或 2856'\]"):
        _only_known_keys(cut)
    _only_known_keys(yaml.safe_load('codes:\n  x: {stage: lints, severity: warning, description: "写 2,856"}\nrules: {}\n'))
