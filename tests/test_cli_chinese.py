"""Issue 13: click's own texts in Chinese (usage, headings, errors), tested exactly; published reports named as such."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from nianbao.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="nianbao")


def test_unknown_command_suggests_the_right_one():
    result = run("chek", "a.yaml")
    assert result.exit_code == 2
    assert result.output == ("用法：nianbao [选项] 命令 [参数]…\n查看帮助：nianbao --help\n\n"
                             "错误：没有命令 chek。是不是 check？\n")


@pytest.mark.parametrize(("args", "usage", "said"), [
    (["check"], "check [选项] 文件…", "缺少要校验的文件，例如：nianbao check 2025.yaml"),
    (["build"], "build [选项] 文件…", "缺少要生成的 YAML 文件，例如：nianbao build 2025.yaml"),
    (["summary", "-o", "x.csv"], "summary [选项] 文件…", "缺少要汇总的文件或文件夹，例如：nianbao summary 各单位/ -o 汇总.xlsx"),
    (["import"], "import [选项] 文件…", "缺少要导入的已发布报告，例如：nianbao import 2025.docx -o 2025.yaml"),
    (["diff"], "diff [选项] LAST.yaml THIS.yaml", "缺少上年和本年两份报告，例如：nianbao diff 2024.yaml 2025.yaml"),
    (["diff", "a.yaml"], "diff [选项] LAST.yaml THIS.yaml", "缺少本年的报告（THIS.yaml），例如：nianbao diff 2024.yaml 2025.yaml"),
    (["serve"], "serve [选项] 文件", "缺少要预览的文件，例如：nianbao serve 2025.yaml"),
])
def test_missing_file_argument_says_what_to_give_with_an_example(args, usage, said):
    result = run(*args)
    assert result.exit_code == 2
    assert result.output == f"用法：nianbao {usage}\n查看帮助：nianbao {args[0]} --help\n\n错误：{said}\n"


def test_bad_option_values():
    result = run("check", "--format", "xml", str(EXAMPLES[0]))
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "错误：'--format' 的取值无效：“xml”不在可选值 'text', 'json' 之中。"
    result = run("init", "--year", "abc")
    assert result.output.splitlines()[-1] == "错误：'--year' 的取值无效：“abc”不是有效的数字。"
    result = run("check", "--strict=3", str(EXAMPLES[0]))
    assert result.output.splitlines()[-1] == "错误：选项 --strict 不接受值。"
    result = run("check", "--formt", "json", str(EXAMPLES[0]))
    assert result.output.splitlines()[-1] == "错误：没有选项 --formt。是不是 --format？"


def test_help_is_chinese_from_the_usage_line_to_the_headings():
    result = run("--help")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "用法：nianbao [选项] 命令 [参数]…"
    assert "选项：" in lines and "命令：" in lines
    assert "  -h, --help      显示本帮助并退出。" in lines
    assert "  --version       显示版本并退出。" in lines
    assert "  --editions DIR  格式版本文件夹（<版本>.yaml），可多次给出；与环境变量 NIANBAO_EDITIONS" in lines
    sub = run("check", "--help").output.splitlines()
    assert sub[0] == "用法：nianbao check [选项] 文件…"
    assert "选项：" in sub
    assert not any(word in result.output + "\n".join(sub) for word in ("Usage", "Options", "Commands", "Show this"))


def test_version_line():
    assert run("--version").output.startswith("nianbao 版本 ")


def test_published_report_given_to_check_or_build_points_to_import(tmp_path):
    published = {"去年的年报.docx": b"PK\x03\x04", "年报.txt": "一、总体情况\n2024年，本局……".encode(),
                 "年报.html": "<html><body><h1>2024年政府信息公开工作年度报告</h1></body></html>".encode()}
    for name, command in (("去年的年报.docx", "build"), ("年报.txt", "check"), ("年报.html", "check")):
        path = tmp_path / name
        path.write_bytes(published[name])
        result = CliRunner().invoke(main, [command, str(path)])
        assert result.exit_code == 2
        stem = name.rsplit(".", 1)[0]
        suffix = "." + name.rsplit(".", 1)[1]
        assert f"{path}: 错误 [unreadable] 这是已发布的报告（{suffix} 文件），不是 nianbao 的 YAML 源文件；" \
               f"要把它转成 YAML，用：nianbao import {path} -o {tmp_path / stem}.yaml" in result.output
    pdf = tmp_path / "年报.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(main, ["check", str(pdf)])
    assert result.exit_code == 2
    assert f"{pdf}: 错误 [unreadable] 这是已发布的报告（.pdf 文件），不是 nianbao 的 YAML 源文件；" \
           f"要把它转成 YAML，请先在 Word/WPS 中另存为 .docx，再用：nianbao import {tmp_path / '年报.docx'} " \
           f"-o {tmp_path / '年报.yaml'}" in result.output


def test_the_import_suggestion_uses_the_path_as_typed_and_a_target_not_taken(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "2025.docx").write_bytes(b"PK\x03\x04")
    said = "out/2025.docx: 错误 [unreadable] 这是已发布的报告（.docx 文件），不是 nianbao 的 YAML 源文件；要把它转成 YAML，用："

    def suggestion() -> str:
        result = CliRunner().invoke(main, ["build", "out/2025.docx"])
        assert result.exit_code == 2
        line = next(x for x in result.output.splitlines() if x.startswith("out/2025.docx: "))
        return line.removeprefix(said)

    assert suggestion() == "nianbao import out/2025.docx -o out/2025.yaml"
    (tmp_path / "out" / "2025.yaml").write_text("year: 2025\n", encoding="utf-8")
    assert suggestion() == "nianbao import out/2025.docx -o out/2025-导入.yaml"
    (tmp_path / "out" / "2025-导入.yaml").write_text("year: 2025\n", encoding="utf-8")
    assert suggestion() == "nianbao import out/2025.docx -o out/2025.yaml --force（out/2025.yaml 已存在，--force 会覆盖它）"
