"""What a batch tells the person waiting: a rich progress bar on a terminal, plain lines in a log, one summary at the end.

No click here: the CLI passes the stream. rich is imported only when a bar is actually drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from nianbao.batch.outcome import CLEAN, CRASHED, ERRORS, STATUS_ZH, UNREADABLE, WARNINGS, Outcome

PLAIN_STEPS = 10  # a log gets about ten progress lines, whatever the number of files


def track(outcomes: Iterable[Outcome], total: int, verb: str, stream: TextIO) -> list[Outcome]:
    """Collect the outcomes while showing progress; nothing is shown for a single file."""
    if total <= 1:
        return list(outcomes)
    if stream.isatty():
        return _bar(outcomes, total, verb, stream)
    done: list[Outcome] = []
    step = max(1, total // PLAIN_STEPS)
    for outcome in outcomes:
        done.append(outcome)
        if len(done) % step == 0 or len(done) == total:
            print(f"{verb}进度 {len(done)}/{total}", file=stream, flush=True)
    return done


def _bar(outcomes: Iterable[Outcome], total: int, verb: str, stream: TextIO) -> list[Outcome]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    done: list[Outcome] = []
    columns = (TextColumn(verb), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[bad]}"),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(verb, total=total, bad="")
        problems = 0
        for outcome in outcomes:
            done.append(outcome)
            problems += outcome.status not in (CLEAN, WARNINGS)
            bar.update(task, advance=1, bad=f"有问题 {problems}" if problems else "")
    return done


def state_text(outcome: Outcome) -> str:
    """The per-file verdict, worded as `check` has always printed it."""
    if outcome.crash:
        return f"内部错误（{outcome.crash}），请报告此问题"
    if outcome.unreadable:
        return "无法读取"
    if not outcome.issues:
        return "通过"
    return outcome.tally.text()


def build_line(outcome: Outcome) -> str:
    """One file in the build summary: verdict and the files written (or why none were)."""
    text = f"{outcome.file}：{state_text(outcome)}"
    if outcome.outputs:
        text += "，已生成 " + "、".join(outcome.outputs)
    elif outcome.status not in (UNREADABLE, CRASHED):
        text += "，未生成"
    if outcome.failures:
        text += "；" + "；".join(outcome.failures)
    if outcome.unwritten:
        text += "；未能写入 " + "、".join(target for target, _why in outcome.unwritten)
    return text


def totals_line(outcomes: list[Outcome], written: bool = False) -> str:
    """共 N 个文件：通过 a，有警告 b，有错误 c，无法读取 d（and 内部错误, files written when they occur)."""
    counts = {s: 0 for s in (CLEAN, WARNINGS, ERRORS, UNREADABLE, CRASHED)}
    for outcome in outcomes:
        counts[outcome.status] += 1
    parts = [f"{STATUS_ZH[s]} {counts[s]}" for s in (CLEAN, WARNINGS, ERRORS, UNREADABLE)]
    if counts[CRASHED]:
        parts.append(f"{STATUS_ZH[CRASHED]} {counts[CRASHED]}")
    text = f"共 {len(outcomes)} 个文件：" + "，".join(parts)
    if written:
        text += f"；生成 {sum(len(o.outputs) for o in outcomes)} 个文件"
    return text
