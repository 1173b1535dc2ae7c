"""`nianbao import` through its real command line: output, messages, exit codes, atomic writes."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
import yaml
from conftest import FIXTURES, ROOT

IMPORT = FIXTURES / "import"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao", "import", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_clean_report_prints_yaml_and_exits_0():
    proc = run(str(IMPORT / "2021-xinjiu-town.html"))
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load(proc.stdout)
    assert data["agency"]["name"] == "盐边县新九镇人民政府"
    assert "2021 版格式" in proc.stderr and "表格数字 200/200 个" in proc.stderr


def test_output_file_is_written_and_loads_back(tmp_path):
    out = tmp_path / "sub" / "report.yaml"
    proc = run(str(IMPORT / "2020-wuhai-merged.docx"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert f"已导入 {out}" in proc.stderr
    check = subprocess.run([sys.executable, "-m", "nianbao", "check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert not list(out.parent.glob(".*.tmp"))  # atomic write leaves no temporary file


def test_gaps_are_listed_with_a_summary_and_exit_1(tmp_path):
    proc = run(str(IMPORT / "2023-yuechi-cutoff.txt"), "-o", str(tmp_path / "cut.yaml"))
    assert proc.returncode == 1
    assert "[import-missing]" in proc.stderr
    assert "六、其他需要报告的事项" in proc.stderr
    summary = proc.stderr.strip().splitlines()[-1]
    assert summary.startswith(str(IMPORT / "2023-yuechi-cutoff.txt")) and "项未能导入" in summary
    assert (tmp_path / "cut.yaml").exists()  # what could be read is still written


def test_errors_of_the_published_report_are_reported_not_hidden():
    proc = run(str(IMPORT / "2022-hanyin-old-format.txt"))
    assert proc.returncode == 1
    assert "[edition]" in proc.stderr and "2021 版格式" in proc.stderr


@pytest.mark.parametrize("name, content, reason", [
    ("missing.txt", None, "文件不存在"),
    ("empty.txt", b"", "文件是空的"),
    ("old.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "另存为 .docx"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "DOCX"),
    ("shopping.txt", "买菜\n萝卜 3 斤\n白菜 2 颗\n".encode(), "没有找到年度报告"),
    ("latin1.txt", "caf\xe9 \xe0 la cr\xe8me\n".encode("latin-1"), "UTF-8"),
])
def test_unreadable_input_says_why_and_exits_2(tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    proc = run(str(path))
    assert proc.returncode == 2
    assert reason in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_zip_that_is_not_a_word_file_is_refused(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    proc = run(str(path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_several_files_need_an_output_folder(tmp_path):
    a, b = str(IMPORT / "2021-xinjiu-town.html"), str(IMPORT / "2020-wuhai-merged.docx")
    refused = run(a, b)
    assert refused.returncode == 2 and "-o" in refused.stderr
    proc = run(a, b, "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2020-wuhai-merged.yaml", "2021-xinjiu-town.yaml"]
    assert len([line for line in proc.stderr.splitlines() if "表格数字" in line]) == 2  # one summary per file


def test_worst_exit_code_of_several_files_wins(tmp_path):
    proc = run(str(IMPORT / "2021-xinjiu-town.html"), str(tmp_path / "nope.txt"), "-o", str(tmp_path))
    assert proc.returncode == 2
    assert (tmp_path / "2021-xinjiu-town.yaml").exists()


def test_output_never_overwrites_the_input(tmp_path):
    src = tmp_path / "report.yaml"
    src.write_bytes((IMPORT / "2023-yuechi-cutoff.txt").read_bytes())
    before = src.read_bytes()
    proc = run(str(src), "-o", str(src))
    assert proc.returncode == 2 and "不能覆盖" in proc.stderr
    assert src.read_bytes() == before


def test_import_refuses_an_existing_file_and_force_replaces_it(tmp_path):
    out = tmp_path / "2021.yaml"
    out.write_bytes(b"year: 2021  # the clerk has filled this in\n")
    refused = run(str(IMPORT / "2021-xinjiu-town.html"), "-o", str(out))
    assert refused.returncode == 2
    assert f"{out}：文件已存在，未覆盖（确需替换请加 --force）" in refused.stderr.splitlines()
    assert out.read_bytes() == b"year: 2021  # the clerk has filled this in\n"
    replaced = run(str(IMPORT / "2021-xinjiu-town.html"), "-o", str(out), "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["agency"]["name"] == "盐边县新九镇人民政府"
    assert [p.name for p in tmp_path.iterdir()] == ["2021.yaml"]


def test_many_inputs_into_a_folder_refuse_only_the_files_that_exist(tmp_path):
    (tmp_path / "2021-xinjiu-town.yaml").write_bytes(b"kept\n")
    proc = run(str(IMPORT / "2021-xinjiu-town.html"), str(IMPORT / "2020-wuhai-merged.docx"), "-o", str(tmp_path))
    assert proc.returncode == 2
    assert (tmp_path / "2021-xinjiu-town.yaml").read_bytes() == b"kept\n"
    assert (tmp_path / "2020-wuhai-merged.yaml").is_file()


def test_warnings_alone_exit_0_as_check_does(tmp_path):
    src = IMPORT / "2024-chengjiang-tabs-gb18030.txt"
    proc = run(str(src), "-o", str(tmp_path / "2024.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == (f"{src}：2021 版格式，表格数字 200/200 个，章节 6/6 个；"
                                            "无缺漏；0 个错误，2 个警告")
    check = subprocess.run([sys.executable, "-m", "nianbao", "check", str(tmp_path / "2024.yaml")],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert check.returncode == 0  # the same warnings, the same exit code
