"""`nianbao build --to html,txt` through its real output: files, refusal of invalid data, --force drafts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import lxml.html
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES

from nianbao.cli import main

SEED002 = FIXTURES / "seeds" / "2020-echeng-gov.faithful.yaml"  # breaks R1 and R2a as published
DRAFT = "草稿·未通过校验"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_writes_one_html_and_one_txt_per_example(tmp_path: Path) -> None:
    result = run("build", *map(str, EXAMPLES), "--to", "html,txt", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{e.stem}.{s}" for e in EXAMPLES for s in ("html", "txt"))
    assert result.stdout.split() == [str(tmp_path / f"{e.stem}.{s}") for e in EXAMPLES for s in ("html", "txt")]
    for path in tmp_path.glob("*.html"):
        assert DRAFT not in path.read_text(encoding="utf-8")


def test_invalid_report_is_refused_with_issues_and_exit_1_and_nothing_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(SEED002), "--to", "html,txt", "-o", str(out))
    assert result.exit_code == 1
    assert "错误 [balance]" in result.stderr and "校验未通过，未生成（确需生成草稿请加 --force）" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_force_writes_a_visibly_marked_draft_with_the_issues_in_place(tmp_path: Path) -> None:
    result = run("build", str(SEED002), "--to", "html,txt", "-o", str(tmp_path), "--force")
    assert result.exit_code == 1, result.output  # written as asked, but the data still has errors
    page = lxml.html.fromstring((tmp_path / f"{SEED002.stem}.html").read_bytes())
    assert page.find_class("draft-banner")[0].text_content() == DRAFT
    listed = page.xpath("//aside[@class='issues']//li")
    assert len(listed) == len(json.loads(run("check", "--format", "json", str(SEED002)).stdout))
    marked = page.xpath("//td[contains(concat(' ', @class, ' '), ' issue ')]")
    assert marked and all(td.get("title") and td.get("aria-describedby", "").startswith("issue-") for td in marked)
    text = (tmp_path / f"{SEED002.stem}.txt").read_text(encoding="utf-8")
    assert text.startswith(f"【{DRAFT}】\n警告（第67行）：五、") and "\n错误（第125行）：" in text  # in line order


def test_output_files_are_written_whole_and_readable(tmp_path: Path) -> None:
    run("build", str(EXAMPLES[0]), "--to", "html,txt", "-o", str(tmp_path))
    assert not list(tmp_path.glob(".*.tmp"))
    umask = os.umask(0)
    os.umask(umask)
    for path in tmp_path.iterdir():  # as open() would create them, not mkstemp's 0600
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert (tmp_path / f"{EXAMPLES[0].stem}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", str(EXAMPLES[0]), "--to", "html,rtf", "-o", str(tmp_path))
    assert result.exit_code == 2 and "未知的输出格式：rtf" in result.output
