"""`nianbao diff` on a 2021→2022 pair made from the example (tests/fixtures/diff/make_pair.py): goldens for
text, JSON and HTML; unreadable input is exit 2; across editions only the shared cells are compared."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from nianbao.batch.commands import diff_command

PAIR = ROOT / "tests" / "fixtures" / "diff"
LAST, THIS = "2021-maiji-zwfw.yaml", "2022-maiji-zwfw.yaml"
GOLDEN = ROOT / "tests" / "golden" / "diff"


def run(*args) -> tuple[int, str, list[str]]:
    out: list[str] = []
    said: list[str] = []

    def echo(text: str, err: bool = False, nl: bool = True) -> None:
        (said if err else out).append(text + ("\n" if nl and not err else ""))

    code = diff_command(*args, echo)
    return code, "".join(out), said


@pytest.mark.parametrize("fmt,suffix", [("text", "txt"), ("json", "json"), ("html", "html")])
def test_the_pair_diffs_as_its_golden(fmt: str, suffix: str, monkeypatch, update_golden: bool) -> None:
    monkeypatch.chdir(PAIR)
    code, output, err = run(LAST, THIS, fmt)
    assert (code, err) == (0, [])
    golden = GOLDEN / f"maiji-2021-2022.{suffix}"
    if update_golden or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{golden.name} did not exist and was written; review it and commit")
    assert output == golden.read_text(encoding="utf-8"), f"{golden.name} changed: review, then --update-golden"


def test_the_fixture_pair_is_what_make_pair_writes(tmp_path: Path) -> None:
    script = tmp_path / "make_pair.py"
    shutil.copy(PAIR / "make_pair.py", script)
    source = (PAIR / "make_pair.py").read_text(encoding="utf-8")
    script.write_text(source.replace('HERE.parents[2] / "examples"', f'Path({str(ROOT / "examples")!r})'), encoding="utf-8")
    subprocess.run([sys.executable, str(script)], check=True)
    for name in (LAST, THIS):
        assert (tmp_path / name).read_text(encoding="utf-8") == (PAIR / name).read_text(encoding="utf-8"), name


def test_the_json_names_changes_jumps_and_reuse(monkeypatch) -> None:
    monkeypatch.chdir(PAIR)
    data = json.loads(run(LAST, THIS, "json")[1])
    jumps = {c["path"]: (c["last"], c["this"]) for c in data["changes"] if c["jump"]}
    assert jumps == {
        "proactive.licensing.decisions": (12, 65),
        "requests.received.natural": (3, 18), "requests.received.total": (4, 20),
        "requests.granted.natural": (2, 15), "requests.granted.total": (2, 15),
        "requests.total.natural": (3, 18), "requests.total.total": (4, 20),
    }
    granted = next(c for c in data["changes"] if c["path"] == "requests.granted.total")
    assert granted["label"] == ["三、收到和处理政府信息公开申请情况", "三、本年度办理结果", "（一）予以公开", "总计"]
    assert [(s["section"], s["sentences"], s["repeated"]) for s in data["reuse"]] == [
        ("preamble", 3, 3), ("overview", 5, 1), ("problems", 9, 9), ("other", 1, 0)]
    assert data["problems_same"] is True and data["compared"] == 200 and data["same_edition"] is True


def test_small_numbers_never_count_as_jumps() -> None:
    from nianbao.check.diff import _is_jump

    assert [_is_jump(a, b) for a, b in [(1, 9), (0, 9), (2, 10), (0, 10), (10, 2), (3, 14), (100, 499)]] == [
        False, False, True, True, True, False, False]


def test_unreadable_input_is_said_in_chinese_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: [2021\n", encoding="utf-8")
    code, output, err = run(str(tmp_path / "none.yaml"), str(bad), "text")
    assert (code, output) == (2, "")
    assert err[0] == f"{tmp_path / 'none.yaml'}: 错误 [unreadable] 文件不存在"
    assert err[1].startswith(f"{bad}:2:1: 错误 [yaml-syntax]")


def test_a_file_with_errors_is_still_compared_and_said_unreliable(tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / THIS
    broken.write_text((PAIR / THIS).read_text(encoding="utf-8").replace("total: 20}  # （七）", "total: 21}  # （七）"),
                      encoding="utf-8")
    code, output, err = run(str(PAIR / LAST), str(broken), "text")
    assert code == 0 and "（七）总计 › 总计：4 → 21（+17，增至 5.2 倍）" in output
    assert err == [f"{broken}：校验有 3 个错误，表中数字可能不可靠（用 nianbao check 查看）"]


def test_across_editions_only_shared_cells_are_compared_and_it_says_so(tmp_path: Path) -> None:
    last = next(p for p in EXAMPLES if p.name == "2020-jinyun-rsj.yaml")
    code, output, _err = run(str(last), str(PAIR / THIS), "text")
    assert code == 0
    lines = output.splitlines()
    assert lines[2] == ("两份报告的格式版本不同（上年 2019 版，本年 2021 版）：只比较两版都有的单元格；"
                        "上年格式独有的 26 个、本年格式独有的 28 个单元格未比较")
    assert lines[3] == "表格：比较 172 个单元格，16 个有变化，其中 6 个变化达 5 倍以上（标 ！）"
    assert "！二、主动公开政府信息情况 › 第二十条第（五）项 › 行政许可 › 本年处理决定数量：31 → 65（+34）" not in lines
    assert "  二、主动公开政府信息情况 › 第二十条第（五）项 › 行政许可 › 本年处理决定数量：31 → 65（+34）" in lines
    assert not any("本年制发件数" in line or "本年新制作数量" in line for line in lines)


def test_the_cli_command_is_thin_and_exits_0(monkeypatch) -> None:
    monkeypatch.chdir(PAIR)
    done = subprocess.run([sys.executable, "-m", "nianbao", "diff", LAST, THIS, "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0 and json.loads(done.stdout)["this"]["year"] == 2022
    helped = subprocess.run([sys.executable, "-m", "nianbao", "diff", "--help"], capture_output=True, text=True,
                            encoding="utf-8")
    assert helped.returncode == 0 and "年度对比" in helped.stdout


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    this = tmp_path / THIS
    this.write_text((PAIR / THIS).read_text(encoding="utf-8").replace(
        "name: 天水市麦积区政务服务管理局", "name: 天水市<script>alert(1)</script>局"), encoding="utf-8")
    code, page, _err = run(str(PAIR / LAST), str(this), "html")
    assert code == 0 and "<script" not in page and "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page and "src=" not in page


def test_reports_in_the_wrong_order_or_years_apart_are_said(monkeypatch) -> None:
    monkeypatch.chdir(PAIR)
    code, output, err = run(THIS, LAST, "text")
    assert code == 0 and output.startswith("上年：2022-maiji-zwfw.yaml")
    assert err == ["两份报告不是相邻的年度（2022 → 2021）：请确认先写上年的报告、后写本年的"]


def test_another_agencys_report_is_said(tmp_path: Path) -> None:
    last = tmp_path / LAST
    last.write_text((PAIR / LAST).read_text(encoding="utf-8").replace(
        "name: 天水市麦积区政务服务管理局", "name: 天水市秦州区政务服务管理局"), encoding="utf-8")
    code, output, err = run(str(last), str(PAIR / THIS), "text")
    assert code == 0 and output.startswith("上年：")
    assert err == ["上年报告的机关（天水市秦州区政务服务管理局）与本报告（天水市麦积区政务服务管理局）不同："
                   "请确认两份是同一机关的报告，否则下面的变化没有意义"]
