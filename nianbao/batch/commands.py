"""The check and build commands over many files: what they say and how they end, apart from the CLI.

Each takes `echo(text, err=False)` for its output (so messages keep their order with the progress
lines) and `track(outcomes, total, verb)` to collect the outcomes; it returns the exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from nianbao.errors import EXIT_UNREADABLE

if TYPE_CHECKING:
    from nianbao.batch import Inputs
    from nianbao.batch.outcome import Outcome

Echo = Callable[..., None]
Track = Callable[["Iterable[Outcome]", int, str], "list[Outcome]"]


def expand_inputs(files: Iterable[str], echo: Echo) -> Inputs | None:
    """Files and folders → the YAML files; an empty folder is said out loud (and makes the exit code 2)."""
    from nianbao.batch import expand

    inputs = expand(tuple(files))
    for folder in inputs.empty_dirs:
        echo(f"{folder}：文件夹中没有 YAML 文件（*.yaml、*.yml）", err=True)
    return inputs if inputs.files else None


def check_command(files: Iterable[str], previous: str | None, fmt: str, strict: bool, jobs: int | None,
                  echo: Echo, track: Track) -> int:
    """`nianbao check`: issues on stdout (text or JSON), one verdict per file and the totals on stderr."""
    from nianbao.batch import check_many
    from nianbao.batch.progress import state_text, totals_line
    from nianbao.issues import format_json, format_text

    inputs = expand_inputs(files, echo)
    if inputs is None:
        return EXIT_UNREADABLE
    outcomes = track(check_many(inputs.files, previous, jobs), len(inputs.files), "校验")
    issues = [i for o in outcomes for i in o.issues]
    if fmt == "json":
        echo(format_json(issues))
    else:
        if issues:
            echo(format_text(issues))
        for o in outcomes:
            echo(f"{o.file}：{state_text(o)}", err=True)
        if len(outcomes) > 1:
            echo(totals_line(outcomes), err=True)
    return max([o.check_exit(strict) for o in outcomes] + [EXIT_UNREADABLE if inputs.empty_dirs else 0])


def build_command(files: Iterable[str], to: str, outdir: str | None, templates: str | None, previous: str | None,
                  force: bool, jobs: int | None, echo: Echo, track: Track) -> int:
    """`nianbao build`: the files written on stdout; issues, refusals and the summary on stderr."""
    from nianbao.batch import build_jobs, build_many
    from nianbao.batch.progress import build_line, state_text, totals_line
    from nianbao.build import parse_formats
    from nianbao.issues import format_text

    formats = parse_formats(to)  # UnknownFormat (a usage error) before any file is read
    inputs = expand_inputs(files, echo)
    if inputs is None:
        return EXIT_UNREADABLE
    work = build_many(build_jobs(inputs, outdir), formats, templates, force, previous, jobs)
    outcomes = track(work, len(inputs.files), "生成")
    for o in outcomes:
        if o.issues:
            echo(format_text(o.issues), err=True)
        if o.crash:
            echo(f"{o.file}：{state_text(o)}", err=True)
        elif o.unreadable:
            echo(f"{o.file}：无法读取，未生成", err=True)
        elif o.refused and not o.failures:
            echo(f"{o.file}：校验未通过，未生成（确需生成草稿请加 --force）", err=True)
        elif o.errors and o.outputs:
            echo(f"{o.file}：校验未通过，已按 --force 生成草稿（标注“草稿·未通过校验”），不可发布", err=True)
        for failure in o.failures:
            echo(f"{o.file}：{failure}", err=True)
        if o.unwritten:
            echo(unwritten_text(o), err=True)
        for out in o.outputs:
            echo(out)
    pdfs = any(out.endswith(".pdf") for o in outcomes for out in o.outputs)
    for note in dict.fromkeys(n for o in outcomes for n in o.notes) if pdfs else ():
        echo(note, err=True)
    if len(outcomes) > 1:
        echo("汇总：", err=True)
        for o in outcomes:
            echo(f"  {build_line(o)}", err=True)
        echo(totals_line(outcomes, written=True), err=True)
    return max([o.build_exit() for o in outcomes] + [EXIT_UNREADABLE if inputs.empty_dirs else 0])


def summary_command(files: Iterable[str], output: str, force: bool, jobs: int | None,
                    echo: Echo, track: Track) -> int:
    """`nianbao summary`: check every file, write the city-level table, say how many and where."""
    from nianbao.batch import check_many
    from nianbao.batch.progress import totals_line
    from nianbao.batch.summary import output_kind, write_summary
    from nianbao.output import refuse_existing

    output_kind(output)  # SummaryFormatError (a usage error) for a name that is neither .xlsx nor .csv
    try:
        refuse_existing(output, force)
        inputs = expand_inputs(files, echo)
        if inputs is None:
            return EXIT_UNREADABLE
        outcomes = track(check_many(inputs.files, None, jobs, figures=True), len(inputs.files), "汇总")
        path = write_summary(outcomes, output, replace=force)
    except OSError as exc:
        echo(write_failure(exc, output), err=True)
        return EXIT_UNREADABLE
    echo(totals_line(outcomes), err=True)
    echo(f"已生成 {path}（{len(outcomes)} 份报告）", err=True)
    return max([o.check_exit() for o in outcomes] + [EXIT_UNREADABLE if inputs.empty_dirs else 0])  # the worst file's


def unwritten_text(o: Outcome) -> str:
    """Which files the operating system refused (and why), which were written, and that the others are untouched."""
    lines = [f"{o.file}：有 {len(o.unwritten)} 个文件未能写入："]
    lines += [f"  {target}：{why}" for target, why in o.unwritten]
    lines.append(f"  已写入：{'、'.join(o.outputs)}" if o.outputs else "  其余文件也都没有写入")
    lines.append("  未写入的文件没有改动：原来有的仍是旧版，原来没有的仍然没有")
    return "\n".join(lines)


def exists_text(path: object) -> str:
    return f"{path}：文件已存在，未覆盖（确需替换请加 --force）"


def write_failure(exc: OSError, path: object) -> str:
    """Why an output was not written: it is there already (no --force), or the operating system refused."""
    from nianbao.output import Exists

    if isinstance(exc, Exists):
        return exists_text(path)
    from nianbao.errors import os_error_text

    return os_error_text(exc)


def import_command(files: list[str], output: str | None, force: bool, echo: Echo) -> int:
    """`nianbao import`: each report's YAML (to stdout or its file), its issues and a one-line summary."""
    from nianbao.importer import distinct_targets, import_to
    from nianbao.issues import format_text
    from nianbao.output import refuse_existing

    worst = 0
    targets = distinct_targets(files, output)  # OutputError (a usage error), before anything is written
    for f, target in zip(files, targets, strict=True):
        try:
            refuse_existing(target, force)
            result = import_to(f, target, replace=force)
        except OSError as exc:  # this report's YAML could not be written; the next may still be
            echo(write_failure(exc, target), err=True)
            worst = EXIT_UNREADABLE
            continue
        if result.all_issues:
            echo(format_text(result.all_issues), err=True)
        if result.yaml_text is not None and target is None:
            echo(result.yaml_text, nl=False)
        elif result.yaml_text is not None and not result.unreadable:
            echo(f"已导入 {target}", err=True)
        echo(result.summary(), err=True)
        worst = max(worst, result.exit_code)
    return worst


def init_command(year: int | None, agency: str, from_: str | None, output: str | None, force: bool,
                 echo: Echo) -> int:
    """`nianbao init`: the scaffold (carried over from last year with --from) and, beside it, its editor schema."""
    from nianbao import editions
    from nianbao.errors import NianbaoError, Unreadable
    from nianbao.issues import format_text
    from nianbao.output import Exists, atomic_write, refuse_existing
    from nianbao.scaffold import agency_warning, carry_over, default_year, scaffold

    try:
        refuse_existing(output, force)
    except Exists:
        echo(exists_text(output), err=True)
        return EXIT_UNREADABLE
    if from_:
        try:
            carried = carry_over(from_, year, agency, output, force)
        except Unreadable as exc:
            echo(exc.issue.to_text(), err=True)
            return EXIT_UNREADABLE
        except NianbaoError as exc:
            echo(format_text(exc.issues), err=True)
            return exc.exit_code
        text, edition_id = carried.text, carried.edition_id
        for warning in carried.warnings:
            echo(f"警告：{warning}", err=True)
    else:
        year = year or default_year()
        edition_id = editions.for_year(year).id
        text = scaffold(year, agency)
    too_long = agency_warning(agency, year)
    if too_long:
        echo(f"警告：{too_long}", err=True)
    if not output:
        echo(text, nl=False)
        echo(f"编辑器补全：在报告所在的文件夹运行 nianbao schema --edition {edition_id} -o "
             f"{_schema_name(edition_id)}（报告第一行指向这个文件）", err=True)
        return 0
    try:
        atomic_write(output, text, replace=force)
    except Exists:
        echo(exists_text(output), err=True)
        return EXIT_UNREADABLE
    echo(f"已生成 {output}", err=True)
    _schema_beside(output, edition_id, echo)
    return 0


def _schema_name(edition_id: str) -> str:
    from nianbao.check.editor_schema import file_name

    return file_name(edition_id)


def _schema_beside(report: str, edition_id: str, echo: Echo) -> None:
    """The editor schema next to a new report; a file there that nianbao did not write is left alone (a warning)."""
    from pathlib import Path

    from nianbao.check.editor_schema import write_beside

    target = Path(report).parent / _schema_name(edition_id)
    try:
        written = write_beside(report, edition_id)
    except OSError as exc:
        from nianbao.errors import os_error_reason

        echo(f"警告：{target}：无法写入编辑器补全文件（{os_error_reason(exc)}）；报告本身已生成", err=True)
        return
    if written is None:
        echo(f"警告：{target} 已存在且不是 nianbao 生成的，未覆盖；编辑器补全会按这个文件进行", err=True)
    else:
        echo(f"已生成 {written}（编辑器补全与悬停提示，{edition_id} 版格式）", err=True)


def schema_command(year: int | None, edition: str | None, output: str | None, force: bool, echo: Echo) -> int:
    """`nianbao schema`: one edition's JSON Schema on stdout or into a file.

    As `init` does: a file nianbao generated for the same edition is refreshed (nothing a person wrote is in it);
    any other existing file is refused unless --force."""
    from pathlib import Path

    from nianbao import editions
    from nianbao.check.editor_schema import is_ours, schema_text
    from nianbao.errors import UsageError
    from nianbao.output import atomic_write
    from nianbao.scaffold import default_year

    if year is not None and edition is not None:
        raise UsageError("--year 与 --edition 只能选一个")
    if edition is not None and edition not in editions.EDITION_IDS:
        raise UsageError(f"没有“{edition}”版格式，可选：{'、'.join(editions.EDITION_IDS)}")
    ed = editions.get(edition) if edition else editions.for_year(year or default_year())
    text = schema_text(ed.id)
    if output is None:
        echo(text, nl=False)
        return 0
    try:
        refresh = Path(output).is_file() and is_ours(Path(output), ed.id)
        atomic_write(output, text, replace=force or refresh)
    except OSError as exc:
        echo(write_failure(exc, output), err=True)
        return EXIT_UNREADABLE
    echo(f"已生成 {output}（{ed.id} 版格式的 JSON Schema）", err=True)
    return 0


def diff_command(last: str, this: str, fmt: str, echo: Echo) -> int:
    """`nianbao diff`: the year-on-year view on stdout; 0 whatever it shows, 2 when a file cannot be read."""
    from nianbao.check import CheckResult, check_report, other_agency
    from nianbao.check.diff import RENDER, compare
    from nianbao.errors import Unreadable
    from nianbao.load import load_file

    def checked(path: str) -> CheckResult:  # each on its own: a file's `previous:` is not followed
        try:
            return check_report(load_file(path))
        except Unreadable as exc:
            return CheckResult(path, issues=[exc.issue], unreadable=True)

    results = [checked(last), checked(this)]
    unreadable = [i for r in results if r.unreadable for i in r.issues]
    if unreadable:
        for issue in unreadable:
            echo(issue.to_text(), err=True)
        return EXIT_UNREADABLE
    for r in results:
        if r.errors:
            echo(f"{r.file}：校验有 {len(r.errors)} 个错误，表中数字可能不可靠（用 nianbao check 查看）", err=True)
    view = compare(*results)
    last_year, this_year = view.last.year, view.this.year
    if last_year is not None and this_year is not None and this_year != last_year + 1:
        echo(f"两份报告不是相邻的年度（{last_year} → {this_year}）：请确认先写上年的报告、后写本年的", err=True)
    last_report, this_report = results[0].report, results[1].report
    assert last_report is not None and this_report is not None  # an unreadable file has returned above
    names = other_agency(last_report.data, this_report.data)
    if names is not None:
        echo(f"上年报告的机关（{names[0]}）与本报告（{names[1]}）不同：请确认两份是同一机关的报告，"
             "否则下面的变化没有意义", err=True)
    echo(RENDER[fmt](view), nl=False)
    return 0
