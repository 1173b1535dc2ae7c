"""Many files at once: folders expanded, a process pool, one broken file never stops the others, the worst exit code."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import complete

from nianbao import batch
from nianbao.batch import Outcome, build_jobs, check_many, expand, run
from nianbao.batch.progress import build_line, totals_line, track
from nianbao.cli import main

CLEAN = complete("year: 2024\nagency: {name: 测试局}\n")
LATE = complete("year: 2024\nagency: {name: 测试局}\npublished: 2025-03-01\n")  # deadline warning only
UNBALANCED = complete("year: 2024\nagency: {name: 测试局}\nrequests:\n  received: {natural: 3}\n  carried_out: {natural: 1}\n")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A city folder: departments in sub-folders, one file per kind of verdict, and things to ignore."""
    root = tmp_path / "city"
    write(root, "a-clean.yaml", CLEAN)
    write(root, "b-late.yml", LATE)
    write(root, "dept/c-unbalanced.yaml", UNBALANCED)
    write(root, "dept/d-broken.yaml", "year: [2024\n")
    write(root, "notes.txt", "不是报告")
    write(root, ".git/config.yaml", CLEAN)
    return root


def test_folder_expands_to_its_yaml_files_recursively_sorted_skipping_hidden_and_other_files(city):
    inputs = expand([city])
    assert [p.relative_to(city).as_posix() for p in inputs.files] == [
        "a-clean.yaml", "b-late.yml", "dept/c-unbalanced.yaml", "dept/d-broken.yaml"]
    assert inputs.empty_dirs == []


def test_files_keep_command_line_order_and_are_not_checked_twice(city):
    inputs = expand([city / "b-late.yml", city, city / "a-clean.yaml"])
    assert [p.name for p in inputs.files] == ["b-late.yml", "a-clean.yaml", "c-unbalanced.yaml", "d-broken.yaml"]


def test_check_of_a_folder_reports_every_file_and_exits_with_the_worst(city):
    result = run_cli("check", str(city))
    assert result.exit_code == 2  # the unreadable file outranks the errors
    lines = result.stderr.splitlines()
    assert lines[-5:] == [
        f"{city / 'a-clean.yaml'}：通过",
        f"{city / 'b-late.yml'}：0 个错误，1 个警告",
        f"{city / 'dept/c-unbalanced.yaml'}：2 个错误，0 个警告",
        f"{city / 'dept/d-broken.yaml'}：无法读取",
        "共 4 个文件：通过 1，有警告 1，有错误 1，无法读取 1",
    ]
    assert "[balance]" in result.stdout and "[yaml-syntax]" in result.stdout and "[deadline]" in result.stdout


def test_not_on_a_terminal_progress_is_plain_lines_without_escape_codes(city):
    result = run_cli("check", str(city))
    assert [line for line in result.stderr.splitlines() if "进度" in line] == [
        "校验进度 1/4", "校验进度 2/4", "校验进度 3/4", "校验进度 4/4"]
    assert "\x1b" not in result.output


def test_plain_progress_is_about_ten_lines_for_many_files():
    stream = io.StringIO()
    done = track((Outcome(str(i)) for i in range(95)), 95, "校验", stream)
    assert len(done) == 95
    assert stream.getvalue().splitlines() == [f"校验进度 {n}/95" for n in range(9, 91, 9)] + ["校验进度 95/95"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_progress_bar_is_drawn_and_every_outcome_kept():
    stream = Terminal()
    done = track((Outcome(str(i)) for i in range(5)), 5, "校验", stream)
    assert [o.file for o in done] == ["0", "1", "2", "3", "4"]
    assert "校验" in stream.getvalue() and "5/5" in stream.getvalue()


def test_a_single_file_shows_no_progress_and_keeps_the_old_messages(city):
    result = run_cli("check", str(city / "a-clean.yaml"))
    assert result.exit_code == 0
    assert result.stderr == f"{city / 'a-clean.yaml'}：通过\n"


@pytest.mark.parametrize("names, strict, code", [
    (["a-clean.yaml"], False, 0),
    (["a-clean.yaml", "b-late.yml"], False, 0),
    (["a-clean.yaml", "b-late.yml"], True, 1),
    (["a-clean.yaml", "dept/c-unbalanced.yaml"], False, 1),
    (["dept/c-unbalanced.yaml", "dept/d-broken.yaml", "a-clean.yaml"], False, 2),
])
def test_check_exit_code_is_the_worst_file(city, names, strict, code):
    args = ["check", *(["--strict"] if strict else []), *(str(city / n) for n in names)]
    assert run_cli(*args).exit_code == code


def test_an_empty_folder_is_named_and_exits_2_but_the_other_files_are_still_checked(city, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("check", str(empty), str(city / "a-clean.yaml"))
    assert result.exit_code == 2
    assert f"{empty}：文件夹中没有 YAML 文件（*.yaml、*.yml）" in result.stderr
    assert f"{city / 'a-clean.yaml'}：通过" in result.stderr


def test_json_output_of_many_files_is_one_list(city):
    import json

    result = run_cli("check", "--format", "json", str(city))
    codes = sorted({i["code"] for i in json.loads(result.stdout)})
    assert codes == ["balance", "deadline", "yaml-syntax"]


def test_parallel_and_sequential_runs_give_the_same_outcomes_in_input_order(city):
    files = expand([city]).files * 3
    parallel = list(check_many(files, jobs=2))
    sequential = list(check_many(files, jobs=1))
    assert [o.file for o in parallel] == [str(f) for f in files]
    assert [(o.file, o.status, o.errors, o.warnings) for o in parallel] == [
        (o.file, o.status, o.errors, o.warnings) for o in sequential]


def test_a_single_file_never_starts_a_process_pool(city, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("pool started for one file")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    [outcome] = list(check_many([city / "a-clean.yaml"]))
    assert outcome.status == "clean"


def test_a_crash_on_one_file_becomes_its_outcome_and_the_others_are_still_checked(city, monkeypatch):
    import nianbao.check

    real = nianbao.check.check_file

    def flaky(path, previous=None):
        if "b-late" in str(path):
            raise RuntimeError("boom")
        return real(path, previous)

    monkeypatch.setattr(nianbao.check, "check_file", flaky)  # forked workers inherit the patch
    result = run_cli("check", str(city / "a-clean.yaml"), str(city / "b-late.yml"), str(city / "a-clean.yaml"),
                     str(city / "dept/c-unbalanced.yaml"))
    assert result.exit_code == 2
    assert f"{city / 'b-late.yml'}：内部错误（RuntimeError: boom），请报告此问题" in result.stderr
    assert f"{city / 'dept/c-unbalanced.yaml'}：2 个错误，0 个警告" in result.stderr
    assert result.stderr.splitlines()[-1] == "共 3 个文件：通过 1，有警告 0，有错误 1，无法读取 0，内部错误 1"


def _die_on_second(item: str) -> Outcome:
    if item == "die":
        os._exit(1)
    return Outcome(item)


def test_a_worker_that_dies_does_not_hang_the_batch_and_every_file_gets_an_outcome():
    items = ["a", "die", "c", "d"]
    outcomes = list(run(_die_on_second, items, jobs=2))
    assert [o.file for o in outcomes] == items
    assert outcomes[1].status == "crashed"
    assert all(o.status in ("clean", "crashed") for o in outcomes)


def test_build_of_a_folder_writes_the_good_files_refuses_the_bad_and_summarises(city, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(city), "--to", "html", "-o", str(out))
    assert result.exit_code == 2
    html_a, html_b = out / "a-clean.html", out / "b-late.html"
    assert html_a.is_file() and html_b.is_file()
    assert not (out / "dept").exists()
    assert result.stdout.splitlines() == [str(html_a), str(html_b)]
    err = result.stderr.splitlines()
    assert f"{city / 'dept/c-unbalanced.yaml'}：校验未通过，未生成（确需生成草稿请加 --force）" in err
    assert f"{city / 'dept/d-broken.yaml'}：无法读取，未生成" in err
    assert err[err.index("汇总："):] == [
        "汇总：",
        f"  {city / 'a-clean.yaml'}：通过，已生成 {html_a}",
        f"  {city / 'b-late.yml'}：0 个错误，1 个警告，已生成 {html_b}",
        f"  {city / 'dept/c-unbalanced.yaml'}：2 个错误，0 个警告，未生成",
        f"  {city / 'dept/d-broken.yaml'}：无法读取",
        "共 4 个文件：通过 1，有警告 1，有错误 1，无法读取 1；生成 2 个文件",
    ]


def test_build_exit_code_is_1_when_a_file_is_refused_and_0_when_all_are_written(city):
    assert run_cli("build", str(city / "a-clean.yaml"), str(city / "dept/c-unbalanced.yaml"), "--to", "html"
                   ).exit_code == 1
    assert run_cli("build", str(city / "a-clean.yaml"), str(city / "b-late.yml"), "--to", "html").exit_code == 0
    assert (city / "a-clean.html").is_file() and (city / "b-late.html").is_file()


def test_build_into_one_folder_keeps_sub_folders_so_equal_names_do_not_overwrite(tmp_path):
    src = tmp_path / "src"
    write(src, "tax/report.yaml", complete("year: 2024\nagency: {name: 税务局}\n"))
    write(src, "police/report.yaml", complete("year: 2024\nagency: {name: 公安局}\n"))
    out = tmp_path / "out"
    result = run_cli("build", str(src), "--to", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "公安局" in (out / "police/report.html").read_text(encoding="utf-8")
    assert "税务局" in (out / "tax/report.html").read_text(encoding="utf-8")


def test_two_named_files_that_would_write_the_same_output_are_not_both_built(tmp_path):
    one = write(tmp_path, "a/report.yaml", CLEAN)
    two = write(tmp_path, "b/report.yaml", CLEAN)
    inputs = expand([one, two])
    assert build_jobs(inputs, tmp_path / "out") == [
        (str(one), str(tmp_path / "out"), None), (str(two), str(tmp_path / "out"), str(one))]
    result = run_cli("build", str(one), str(two), "--to", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{two}：输出文件会与 {one} 的输出重名，已跳过（请改名或分开 -o 文件夹）" in result.stderr


def test_build_summary_line_names_outputs_or_why_there_are_none():
    assert build_line(Outcome("a.yaml", outputs=["a.html", "a.txt"])) == "a.yaml：通过，已生成 a.html、a.txt"
    assert build_line(Outcome("a.yaml", outputs=["a.html"], failures=["pdf：未安装 LibreOffice"])) == (
        "a.yaml：通过，已生成 a.html；pdf：未安装 LibreOffice")


def test_totals_line_counts_each_verdict():
    outcomes = [Outcome("a"), Outcome("b", unreadable=True), Outcome("c", outputs=["c.html", "c.txt"])]
    assert totals_line(outcomes) == "共 3 个文件：通过 2，有警告 0，有错误 0，无法读取 1"
    assert totals_line(outcomes, written=True) == "共 3 个文件：通过 2，有警告 0，有错误 0，无法读取 1；生成 2 个文件"


def test_workers_are_the_cores_or_jobs_but_never_more_than_the_files():
    assert batch.workers_for(1) == 1
    assert batch.workers_for(1000) == batch.cpu_cores()
    assert batch.workers_for(1000, jobs=3) == 3
    assert batch.workers_for(2, jobs=8) == 2
