"""`nianbao init`: a scaffold whose only errors are its placeholders, in the edition of its year, carrying last year forward."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner
from conftest import complete

from nianbao import yamlwriter
from nianbao.cli import main
from nianbao.load import load_file, load_text
from nianbao.scaffold import default_year


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _placeholder_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if yamlwriter.PLACEHOLDER_OPEN in line]


# Two sentences that also say how last year's problems were met and what was charged (sections 五 and 六).
FILLED = "本机关依法做好相关工作，上年度报告所列问题已整改。本年度未收取信息处理费。"


def fill(text: str, year: int) -> str:
    """What the clerk does: every placeholder replaced by real content (a date for 发布日期)."""
    out = []
    for line in text.splitlines():
        if line.startswith("published:"):
            line = f"published: {year + 1}-01-20"
        out.append(re.sub(re.escape(yamlwriter.PLACEHOLDER_OPEN) + "[^" + yamlwriter.PLACEHOLDER_CLOSE + "]*" + yamlwriter.PLACEHOLDER_CLOSE,
                          FILLED, line))
    return "\n".join(out) + "\n"


def test_scaffold_has_placeholder_errors_on_their_lines_and_nothing_else_until_filled_in(tmp_path):
    out = tmp_path / "t.yaml"
    assert run("init", "--year", "2025", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    result = run("check", "--format", "json", str(out))
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert {i["code"] for i in issues} == {"placeholder"}
    assert sorted(i["line"] for i in issues) == _placeholder_lines(text)
    assert len(issues) == 9  # 机关全称, 发布日期, the five parts of 一, 五, 六
    human = run("check", str(out)).stdout.splitlines()
    assert human[0] == f"{out}:6:9: 错误 [placeholder] 机关全称：仍是待填写的占位文字“【请填写：机关全称】”，请换成实际内容"
    out.write_text(fill(text, 2025), encoding="utf-8")
    filled = run("check", "--strict", str(out))
    assert filled.exit_code == 0, filled.output


def test_scaffold_asks_for_the_cells_the_tables_are_checked_against(tmp_path):
    data = load_text(run("init", "--year", "2024").stdout).data
    assert data["requests"]["carried_out"] == {c: 0 for c in
                                               ("natural", "business", "research", "nonprofit", "legal", "other", "total")}
    assert all(row["total"] == 0 for row in data["reviews"].values())


def test_build_refuses_the_scaffold_and_force_writes_a_marked_draft_with_exit_1(tmp_path):
    out = tmp_path / "t.yaml"
    run("init", "--year", "2025", "-o", str(out))
    refused = run("build", str(out), "--to", "txt")
    assert refused.exit_code == 1 and not (tmp_path / "t.txt").exists()
    forced = run("build", str(out), "--to", "txt", "--force")
    assert forced.exit_code == 1
    assert "草稿·未通过校验" in (tmp_path / "t.txt").read_text(encoding="utf-8")
    assert f"{out}：校验未通过，已按 --force 生成草稿（标注“草稿·未通过校验”），不可发布" in forced.stderr


def test_a_draft_page_marks_each_unfilled_placeholder_where_it_stands(tmp_path):
    out = tmp_path / "t.yaml"
    run("init", "--year", "2025", "-o", str(out))
    assert run("build", str(out), "--to", "html", "--force").exit_code == 1
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    marked = re.findall(r'<mark class="placeholder">([^<]*)</mark>', html)
    assert marked == [yamlwriter.placeholder(what) for what in (  # the preamble's agency name, 一's five parts, 五, 六
        "机关全称", "主动公开情况", "依申请公开情况", "政府信息管理情况", "政府信息公开平台建设情况", "监督保障情况",
        "存在的主要问题及改进情况", "其他需要报告的事项；确实没有，写“无。”")]


def test_init_refuses_an_existing_file_and_force_replaces_it(tmp_path):
    out = tmp_path / "2025.yaml"
    out.write_bytes(b"year: 2025  # filled in already\n")
    refused = run("init", "--year", "2025", "-o", str(out))
    assert refused.exit_code == 2
    assert refused.stderr == f"{out}：文件已存在，未覆盖（确需替换请加 --force）\n"
    assert out.read_bytes() == b"year: 2025  # filled in already\n"
    assert run("init", "--year", "2025", "-o", str(out), "--force").exit_code == 0
    assert yamlwriter.PLACEHOLDER_OPEN in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025.yaml", "nianbao-2021.schema.json"]  # no temporary file


def test_scaffold_for_2020_has_the_2019_edition_layout(tmp_path):
    out = tmp_path / "x.yaml"
    assert run("init", "--year", "2020", "--agency", "某县某局", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "国办公开办函〔2019〕60号" in text
    data = load_file(out).data
    assert "procurement" in data["proactive"] and "other_services" in data["proactive"]
    assert data["requests"]["other_handling"] == {}
    assert data["agency"]["name"] == "某县某局"
    out.write_text(fill(text, 2020), encoding="utf-8")
    assert run("check", "--strict", str(out)).exit_code == 0


def test_every_key_of_the_scaffold_carries_its_official_label_as_a_comment():
    text = run("init", "--year", "2024").stdout
    comments = "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
    for label in ("一、本年新收政府信息公开申请数量", "1.属于国家秘密", "3.其他", "（三）不予公开",
                  "行政事业性收费", "未经复议直接起诉", "（五）监督保障", "六、其他需要报告的事项"):
        assert label in comments, label
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and ":" in stripped and not stripped.endswith("|"):
            if stripped.split(":")[0] in ("year", "name", "kind", "published", "received", "granted"):
                assert "#" in line, line


def test_init_from_last_year_carries_agency_and_carried_out_into_carried_in(tmp_path):
    last = tmp_path / "2023.yaml"
    last.write_text(complete(
        "year: 2023\nagency: {name: 某区某局, kind: government}\npublished: 2024-01-20\n"
        "requests:\n  received: {natural: 5, legal: 2}\n  granted: {natural: 3}\n"), encoding="utf-8")
    assert run("check", str(last)).exit_code == 0
    out = tmp_path / "2024.yaml"
    assert run("init", "--from", str(last), "-o", str(out)).exit_code == 0
    data = load_file(out).data
    assert data["year"] == 2024
    assert data["agency"] == {"name": "某区某局", "kind": "government"}
    assert data["requests"]["carried_in"] == {"natural": 2, "legal": 2, "total": 4}
    out.write_text(fill(out.read_text(encoding="utf-8"), 2024), encoding="utf-8")
    # carried in but not yet handled: 结转 is the clerk's to write, so R1 says what is open, column by column
    result = run("check", "--format", "json", "--previous", str(last), str(out))
    assert sorted((i["code"], i["path"]) for i in json.loads(result.stdout)) == [
        ("balance", "requests.carried_out.legal"), ("balance", "requests.carried_out.natural"),
        ("balance", "requests.carried_out.total")]


def test_init_from_a_report_without_carried_out_asks_for_carried_in_instead_of_writing_zeros(tmp_path):
    last = tmp_path / "2023.yaml"
    last.write_text("year: 2023\nagency: {name: 某区某局}\npublished: 2024-01-20\n"
                    "requests:\n  received: {natural: 5}\n  granted: {natural: 3}\n", encoding="utf-8")
    out = tmp_path / "2024.yaml"
    assert run("init", "--from", str(last), "--force", "-o", str(out)).exit_code == 0  # last year has errors: refused without --force
    line = next(ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.lstrip().startswith("carried_in:"))
    assert "【请填写：上年报告未写“四、结转下年度继续办理”，请照上年公布的表格填写】" in line
    issues = json.loads(run("check", "--format", "json", str(out)).stdout)
    carried = [i for i in issues if i["path"] == "requests.carried_in"]
    assert [i["code"] for i in carried] == ["placeholder"]  # no [type] error on top of it


@pytest.mark.parametrize(("today", "year"), [
    ("2026-12-01", 2026), ("2026-11-01", 2026),  # drafting this year's report
    ("2027-01-15", 2026), ("2027-10-31", 2026),  # publishing it by 31 January, or later in the year
])
def test_the_default_year_is_the_report_being_drafted(today, year):
    assert default_year(dt.date.fromisoformat(today)) == year
