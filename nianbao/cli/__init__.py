"""The command line: parse arguments, call one library function, print. Nothing else."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import TYPE_CHECKING

import click

from nianbao import __version__
from nianbao.codecache import install_dataclass_cache

# The command line only (a program that imports nianbao keeps its dataclasses module as it was): before any
# nianbao dataclass is defined, their methods' compiled code comes from the cache.
install_dataclass_cache()

from nianbao.cli.zh import ZhArgument, ZhGroup, install  # noqa: E402
from nianbao.errors import EXIT_INTERRUPTED, EXIT_UNREADABLE  # noqa: E402
from nianbao.settings import DEFAULT_HOST, DEFAULT_PORT, EDITIONS_ENV  # noqa: E402

install()  # click's own texts in Chinese; before the decorators below read them
# At exit the collector would search every loaded module's objects for cycles once more, which costs a
# one-file command a sixth of its time; nothing runs afterwards, and the process's memory goes back whole.
# (Streams are flushed and atexit handlers still run; this one runs after those registered later.)
atexit.register(gc.freeze)

if TYPE_CHECKING:  # annotations only: the batch modules load when a command runs, not for --help
    from collections.abc import Iterable

    from nianbao.batch.outcome import Outcome


@click.group(cls=ZhGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nianbao")
@click.option("--editions", "edition_dirs", multiple=True, metavar="DIR",
              type=click.Path(exists=True, file_okay=False),
              help=f"格式版本文件夹（<版本>.yaml），可多次给出；与环境变量 {EDITIONS_ENV} 相同，排在其后（同一版本以此为准）。")
def main(edition_dirs: tuple[str, ...]) -> None:
    """nianbao（年报）：政府信息公开工作年度报告的校验与生成。"""
    utf8_when_redirected((sys.stdout, sys.stderr))
    if edition_dirs:
        from nianbao.settings import add_edition_folders

        if not add_edition_folders(edition_dirs):
            click.echo("--editions 须在载入格式版本之前生效：本进程已载入格式版本，请在命令行中使用它", err=True)
            sys.exit(EXIT_UNREADABLE)
    if os.environ.get(EDITIONS_ENV):  # a user's edition file that cannot be used stops every command, plainly
        from nianbao.editions import EDITION_PROBLEMS

        if EDITION_PROBLEMS:
            for problem in EDITION_PROBLEMS:
                click.echo(problem, err=True)
            sys.exit(EXIT_UNREADABLE)


def utf8_when_redirected(streams: Iterable, platform: str = sys.platform) -> None:
    """On Windows a redirected stream (`nianbao init > 2025.yaml`) would be written in the ANSI code page (GBK),
    which cannot hold every character of a report; there it is UTF-8, as nianbao reads YAML. A console is left
    to click, which writes to it in Unicode."""
    if platform != "win32":
        return
    for stream in streams:
        if hasattr(stream, "reconfigure") and not stream.isatty():
            stream.reconfigure(encoding="utf-8")


def _collect(outcomes: Iterable[Outcome], total: int, verb: str) -> list[Outcome]:
    """All outcomes, with a progress bar on a terminal (plain lines otherwise); Ctrl+C ends quietly."""
    from nianbao.batch.progress import track

    try:
        return track(outcomes, total, verb, sys.stderr)
    except KeyboardInterrupt:
        click.echo("已中断", err=True)
        sys.exit(EXIT_INTERRUPTED)


JOBS_HELP = "并行进程数（默认：CPU 核数）。"
FORCE_HELP = "输出文件已存在时替换它（默认拒绝，以免覆盖已填写的内容）。"


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="文件…", cls=ZhArgument,
                missing="缺少要校验的文件，例如：nianbao check 2025.yaml")
@click.option("--previous", "previous", metavar="LAST.yaml", help="上年度报告，用于跨年度核对（R6–R9）。")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="有警告也以 1 退出。")
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N", help=JOBS_HELP)
def check(files: tuple[str, ...], previous: str | None, fmt: str, strict: bool, jobs: int | None) -> None:
    """校验文件…（或文件夹中全部 YAML）的格式与勾稽关系。退出码：0 通过，1 有错误，2 无法读取。"""
    from nianbao.batch.commands import check_command

    sys.exit(check_command(files, previous, fmt, strict, jobs, click.echo, _collect))


@main.command()
@click.option("--year", type=int, help="报告年度（默认：11、12 月起草的是今年的，其余月份是去年的）。")
@click.option("--agency", default="", help="机关全称。")
@click.option("--from", "from_", metavar="LAST.yaml", help="从上年度报告带入机关、格式与结转数。")
@click.option("-o", "--output", metavar="FILE", help="写入文件（默认输出到屏幕；文件已存在时拒绝，除非 --force）。")
@click.option("--force", is_flag=True, help=FORCE_HELP + "--from 的上年报告有错误时也照样生成。")
def init(year: int | None, agency: str, from_: str | None, output: str | None, force: bool) -> None:
    """生成带中文注释的年度报告模板；写入文件时，旁边同时生成编辑器补全用的 JSON Schema。"""
    from nianbao.batch.commands import init_command

    sys.exit(init_command(year, agency, from_, output, force, click.echo))


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="文件…", cls=ZhArgument,
                missing="缺少要生成的 YAML 文件，例如：nianbao build 2025.yaml")
@click.option("--to", "to", default="docx,html,txt", show_default=True, help="输出格式，逗号分隔：docx,html,txt,pdf")
@click.option("-o", "--output-dir", "outdir", metavar="DIR", help="输出文件夹（默认与 YAML 同一文件夹）。")
@click.option("--templates", metavar="DIR", help="自定义模板文件夹（优先于内置模板）。")
@click.option("--previous", metavar="LAST.yaml", help="上年度报告，用于跨年度核对。")
@click.option("--force", is_flag=True, help="校验未通过也生成，并标注“草稿·未通过校验”。")
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N", help=JOBS_HELP)
def build(files: tuple[str, ...], to: str, outdir: str | None, templates: str | None, previous: str | None,
          force: bool, jobs: int | None) -> None:
    """校验并生成文件…（或文件夹中全部 YAML）的 DOCX / HTML / 文本 / PDF。"""
    from nianbao.batch.commands import build_command
    from nianbao.errors import UsageError

    try:
        sys.exit(build_command(files, to, outdir, templates, previous, force, jobs, click.echo, _collect))
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="文件…", cls=ZhArgument,
                missing="缺少要汇总的文件或文件夹，例如：nianbao summary 各单位/ -o 汇总.xlsx")
@click.option("-o", "--output", required=True, metavar="summary.xlsx|summary.csv",
              help="汇总表：.xlsx 或 .csv 文件（已存在时拒绝，除非 --force）。")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N", help=JOBS_HELP)
def summary(files: tuple[str, ...], output: str, force: bool, jobs: int | None) -> None:
    """把文件…（或文件夹中全部 YAML）汇总成一张表：每份报告一行（表二至表四主要数字、问题数），末行合计。"""
    from nianbao.batch.commands import summary_command
    from nianbao.errors import UsageError

    try:
        sys.exit(summary_command(files, output, force, jobs, click.echo, _collect))
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.argument("last", metavar="LAST.yaml", cls=ZhArgument,
                missing="缺少上年和本年两份报告，例如：nianbao diff 2024.yaml 2025.yaml")
@click.argument("this", metavar="THIS.yaml", cls=ZhArgument,
                missing="缺少本年的报告（THIS.yaml），例如：nianbao diff 2024.yaml 2025.yaml")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="text 文本、json 或 html（单个网页）；输出到屏幕，可用 > 写入文件。")
def diff(last: str, this: str, fmt: str) -> None:
    """年度对比：列出 THIS.yaml 与上年 LAST.yaml 相比有变化的每个表格单元格（变化达 5 倍以上的标出）和正文各部分与上年相同的句子比例。只供参考，退出码 0；无法读取时为 2。"""
    from nianbao.batch.commands import diff_command

    sys.exit(diff_command(last, this, fmt, click.echo))


@main.command()
@click.argument("file", metavar="文件", cls=ZhArgument, missing="缺少要预览的文件，例如：nianbao serve 2025.yaml")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="端口（0：任选一个空闲端口）。")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="监听地址；非本机地址（如 0.0.0.0）会让同一网络中的其他计算机也能访问。")
@click.option("--templates", metavar="DIR", help="自定义模板文件夹（优先于内置模板）。")
@click.option("--previous", metavar="LAST.yaml", help="上年度报告，用于跨年度核对。")
def serve(file: str, port: int, host: str, templates: str | None, previous: str | None) -> None:
    """在本机（127.0.0.1，--host 可改）上实时预览文件的 HTML：保存即刷新，问题就地标出。Ctrl+C 结束。"""
    from pathlib import Path

    from nianbao.serve import PreviewServer, is_loopback

    if not Path(file).is_file():
        click.echo(f"{file}：文件不存在", err=True)
        sys.exit(EXIT_UNREADABLE)
    if templates and not Path(templates).is_dir():
        click.echo(f"{templates}：模板文件夹不存在", err=True)
        sys.exit(EXIT_UNREADABLE)
    try:
        server = PreviewServer(file, port=port, host=host, templates=templates, previous=previous)
    except OSError as exc:
        click.echo(f"无法在 {host} 的端口 {port} 上启动预览：{exc.strerror or exc}"
                   "（可换一个端口：--port；或去掉 --host 只在本机预览）", err=True)
        sys.exit(EXIT_UNREADABLE)
    if not is_loopback(host):
        click.echo(f"警告：预览开放在 {host} 上，同一网络中的其他计算机也能打开本报告（包括未通过校验的草稿）；"
                   "只在确有需要时使用 --host，用完请按 Ctrl+C 结束", err=True)
    click.echo(f"预览：{server.url}（保存 {file} 后页面自动刷新；Ctrl+C 结束）", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("预览已结束", err=True)


@main.command("import")
@click.argument("files", nargs=-1, required=True, metavar="文件…", cls=ZhArgument,
                missing="缺少要导入的已发布报告，例如：nianbao import 2025.docx -o 2025.yaml")
@click.option("-o", "--output", metavar="OUT.yaml|DIR",
              help="写入文件（多个输入时为文件夹）；默认输出到屏幕。文件已存在时拒绝，除非 --force。")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def import_cmd(files: tuple[str, ...], output: str | None, force: bool) -> None:
    """把已发布的报告（.txt / .html / .docx / 有文字层的 .pdf）导入为 YAML，并校验。退出码：0 无问题，1 有问题或缺漏，2 无法读取。"""
    from nianbao.batch.commands import import_command
    from nianbao.errors import UsageError

    try:
        sys.exit(import_command(list(files), output, force, click.echo))
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


@main.command("schema")
@click.option("--year", type=int, help="报告年度（默认：11、12 月为今年，其余月份为去年），按年度选格式版本。")
@click.option("--edition", metavar="ID", help="格式版本（如 2021），与 --year 二选一。")
@click.option("-o", "--output", metavar="FILE",
              help="写入文件（默认输出到屏幕）；nianbao 生成的同版格式文件（如 init 写的）直接更新，其他已有文件拒绝，除非 --force。")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def schema_cmd(year: int | None, edition: str | None, output: str | None, force: bool) -> None:
    """输出一版格式的 JSON Schema，供编辑器（如 VS Code 的 YAML 扩展）补全键名、悬停显示官方标签。"""
    from nianbao.batch.commands import schema_command
    from nianbao.errors import UsageError

    try:
        sys.exit(schema_command(year, edition, output, force, click.echo))
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None


@main.command("editions")
def editions_cmd() -> None:
    """列出各版格式及其适用年度。"""
    from nianbao.editions import all_editions

    for ed in all_editions():
        click.echo(f"{ed.id}\t{ed.years_text}\t{ed.document}《{ed.format_name}》")


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_cmd(fmt: str) -> None:
    """列出全部问题代码及其规则编号（R1–R17）、默认级别、适用格式版本与说明。"""
    from nianbao.check import registry

    click.echo(registry.format_json() if fmt == "json" else registry.format_text())


if __name__ == "__main__":
    main()
