"""Many reports at once: expand files and folders, spread check/build over the CPU cores, one small result per file.

The worker returns an `Outcome` (issues, counts, output paths, summary figures), never the whole report,
so pickling stays cheap; a file that crashes the code becomes an outcome too and never stops the others.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # the pools are imported only when more than one file is processed: one-file runs start faster
    import queue
    from concurrent.futures import Future, ProcessPoolExecutor

from nianbao.batch.outcome import Outcome
from nianbao.issues import ERROR, Issue

YAML_SUFFIXES = (".yaml", ".yml")


T = TypeVar("T")


@dataclass
class Inputs:
    """The YAML files named on the command line, folders expanded; `roots` maps a file to its folder argument."""

    files: list[Path] = field(default_factory=list)
    empty_dirs: list[Path] = field(default_factory=list)
    roots: dict[Path, Path] = field(default_factory=dict)


def _yaml_files(folder: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]  # .git, .venv, editor folders
        found += [Path(dirpath, n) for n in filenames if n.lower().endswith(YAML_SUFFIXES) and not n.startswith(".")]
    return sorted(found)


def expand(paths: Iterable[str | os.PathLike]) -> Inputs:
    """Files as given (missing ones too: check reports them), folders as their *.yaml/*.yml, recursively, sorted."""
    inputs = Inputs()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _yaml_files(path)
            if not found:
                inputs.empty_dirs.append(path)
            for f in found:
                if f.resolve() not in seen:
                    seen.add(f.resolve())
                    inputs.files.append(f)
                    inputs.roots[f] = path
        elif path.resolve() not in seen:
            seen.add(path.resolve())
            inputs.files.append(path)
    return inputs


def _crashed(path: str, exc: BaseException) -> Outcome:
    if isinstance(exc, (MemoryError, RecursionError)):  # input too big or too deep for this machine: say so
        why = "内存不足" if isinstance(exc, MemoryError) else "结构嵌套过深"
        return Outcome(path, unreadable=True, issues=[Issue(ERROR, "unreadable", "", f"文件过于复杂，处理时{why}，"
                                                            "已放弃；请检查文件是否被拼接或重复了大量内容", file=path)])
    return Outcome(path, crash=f"{type(exc).__name__}: {exc}")


def check_one(path: str, previous: str | None = None, figures: bool = False) -> Outcome:
    """Check one file in a worker; `figures` adds the row for the city summary."""
    from nianbao.check import check_file

    try:
        result = check_file(path, previous)
        out = Outcome(path, issues=result.issues, unreadable=result.unreadable)
        if figures and not result.unreadable:
            from nianbao.batch.summary import figures as report_figures

            out.figures = report_figures(result)
        return out
    except Exception as exc:  # a bug on one file must not cost the city its other 299 reports
        return _crashed(path, exc)


def build_one(job: tuple[str, str | None, str | None], formats: list[str], templates: str | None = None,
              force: bool = False, previous: str | None = None, pdf_stage: str | None = None) -> Outcome:
    """Build one file in a worker; `job` is (input path, output folder or None, earlier file with the same outputs)."""
    from nianbao.build import build_file

    path, outdir, clash = job
    if clash:
        return Outcome(path, refused=True, failures=[f"输出文件会与 {clash} 的输出重名，已跳过（请改名或分开 -o 文件夹）"])
    try:
        res = build_file(path, formats, outdir, templates, force, previous, pdf_stage)
        return Outcome(path, issues=res.check.issues, unreadable=res.check.unreadable,
                       outputs=[str(p) for p in res.outputs], refused=res.refused, failures=res.failures,
                       pending_pdf=res.pending_pdf, unwritten=res.unwritten, notes=res.notes)
    except Exception as exc:
        return _crashed(path, exc)


def build_jobs(inputs: Inputs, outdir: str | os.PathLike | None) -> list[tuple[str, str | None, str | None]]:
    """Under -o DIR, files found in a folder keep their sub-folder; two inputs that would still share outputs clash."""
    jobs = []
    first: dict[tuple[Path, str], str] = {}
    for f in inputs.files:
        target = None
        if outdir is not None:
            root = inputs.roots.get(f)
            target = str(Path(outdir) / (f.parent.relative_to(root) if root is not None else Path()))
        key = (Path(target or f.parent).resolve(), f.stem)
        jobs.append((str(f), target, first.get(key)))
        first.setdefault(key, str(f))
    return jobs


def _warm_check() -> None:
    """Load editions, schemas and validators once in the parent, so forked workers inherit them."""
    from nianbao.check import check_report
    from nianbao.editions import all_editions
    from nianbao.load import load_text

    for ed in all_editions():
        check_report(load_text(f"year: {ed.year_from}\nagency: {{name: 预热}}\n"))


def _warm_build(formats: list[str], templates: str | None) -> None:
    """Also import each renderer and compile its templates before forking."""
    from nianbao.build import render_context
    from nianbao.check import check_report
    from nianbao.editions import all_editions
    from nianbao.load import load_text
    from nianbao.render import renderer

    for ed in all_editions():
        context = render_context(check_report(load_text(f"year: {ed.year_from}\nagency: {{name: 预热}}\n")))
        for fmt in formats:
            try:
                renderer(fmt)(context, Path(templates) if templates else None)
            except Exception:  # noqa: BLE001 - the real run reports the problem per file
                pass


def _quiet_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no traceback per worker


def cpu_cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(count: int, jobs: int | None = None) -> int:
    """How many processes: the CPU cores (or --jobs), never more than the files."""
    return max(1, min(jobs or cpu_cores(), count))


def run(task: Callable[[T], Outcome], items: list[T], jobs: int | None = None,
        warm: Callable[[], None] | None = None, names: Callable[[T], str] = str) -> Iterator[Outcome]:
    """Outcomes in input order; one worker means no pool at all (no start-up cost for a single file).

    The pool is started (and every item submitted) before this returns, so the caller may start
    threads, e.g. a progress bar, afterwards without forking under them.
    """
    workers = workers_for(len(items), jobs)
    if workers == 1:
        return map(task, items)
    if warm is not None:
        warm()
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the warmed-up parent; where there is none (Windows) each worker imports nianbao itself
    context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker)
    chunksize = max(1, min(16, len(items) // (workers * 8)))
    results = pool.map(task, items, chunksize=chunksize)
    return _drain(pool, results, items, names)


def _drain(pool: ProcessPoolExecutor, results: Iterator[Outcome], items: list, names: Callable) -> Iterator[Outcome]:
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        for outcome in results:
            done += 1
            yield outcome
    except BrokenProcessPool as exc:  # a worker died (killed, out of memory): report the rest, do not hang
        for item in items[done:]:
            yield _crashed(names(item), exc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def check_many(files: list[Path], previous: str | None = None, jobs: int | None = None,
               figures: bool = False) -> Iterator[Outcome]:
    """Check every file, in parallel when there is more than one."""
    task = partial(check_one, previous=previous, figures=figures)
    return run(task, [str(f) for f in files], jobs, _warm_check)


def build_many(jobs_list: list[tuple[str, str | None, str | None]], formats: list[str], templates: str | None = None,
               force: bool = False, previous: str | None = None, jobs: int | None = None) -> Iterator[Outcome]:
    """Build every file, in parallel when there is more than one; PDFs of many files in few LibreOffice runs."""
    import tempfile

    bulk_pdf = "pdf" in formats and len(jobs_list) > 1
    stage = tempfile.mkdtemp(prefix="nianbao-pdf-batch-") if bulk_pdf else None
    task = partial(build_one, formats=formats, templates=templates, force=force, previous=previous, pdf_stage=stage)
    outcomes = run(task, jobs_list, jobs, partial(_warm_build, [f for f in formats if f != "pdf"], templates),
                   names=lambda job: job[0])
    if stage is None:
        return outcomes
    return with_bulk_pdf(outcomes, stage, workers_for(len(jobs_list), jobs), len(jobs_list))


def _convert_chunk(chunk: list[Outcome], slots: queue.Queue, stage: str) -> dict[Path, Path | str]:
    """Convert one chunk's staged DOCX files in one soffice run, in a free LibreOffice profile slot."""
    from nianbao.render.pdf import convert_many

    names = {Path(o.pending_pdf[1]): Path(o.pending_pdf[0]).name for o in chunk if o.pending_pdf}
    files = list(names)
    slot = slots.get()
    try:
        outdir = Path(stage, f"pdf-{slot}")
        outdir.mkdir(exist_ok=True)
        return convert_many(files, outdir, slot, names)
    except Exception as exc:  # noqa: BLE001 - LibreOffice gone, disk full …: each file of the chunk says so
        return {f: str(exc) for f in files}
    finally:
        slots.put(slot)


def _finish_pdf(outcome: Outcome, results: dict[Path, Path | str]) -> Outcome:
    """Write the converted PDF to its target atomically, or record why there is none, on this file alone."""
    from nianbao.output import atomic_write

    assert outcome.pending_pdf is not None
    target, staged = outcome.pending_pdf
    outcome.pending_pdf = None
    result = results.get(Path(staged), "LibreOffice 未转换此文件")
    try:
        if isinstance(result, str):
            outcome.failures.append(f"pdf：{result}")
        else:
            outcome.outputs.append(str(atomic_write(Path(target), result.read_bytes())))
            result.unlink()
    except OSError as exc:
        from nianbao.errors import os_error_reason

        outcome.unwritten.append((target, os_error_reason(exc)))
    return outcome


def with_bulk_pdf(outcomes: Iterable[Outcome], stage: str, slots: int, total: int) -> Iterator[Outcome]:
    """Outcomes in input order, their PDFs converted in chunks: one soffice run per chunk, `slots` runs at a time.

    One LibreOffice start (about 1.5 s) costs more than converting a report, so chunks are as large as
    the batch allows while still keeping every slot busy; a file that fails is isolated by convert_many.
    """
    import queue
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    size = max(1, min(25, -(-total // slots)))
    free: queue.Queue = queue.Queue()
    for slot in range(slots):
        free.put(slot)
    waiting: deque[tuple[Outcome, Future | None]] = deque()
    chunk: list[Outcome] = []
    pool = ThreadPoolExecutor(slots)

    def submit() -> None:
        future = pool.submit(_convert_chunk, list(chunk), free, stage)
        for i, (o, f) in enumerate(waiting):
            if f is None and o.pending_pdf and any(o is c for c in chunk):
                waiting[i] = (o, future)
        chunk.clear()

    def ready(final: bool) -> Iterator[Outcome]:
        while waiting:
            outcome, future = waiting[0]
            if outcome.pending_pdf and (future is None or (not final and not future.done())):
                return
            waiting.popleft()
            yield _finish_pdf(outcome, future.result()) if outcome.pending_pdf and future else outcome

    try:
        for outcome in outcomes:
            waiting.append((outcome, None))
            if outcome.pending_pdf:
                chunk.append(outcome)
                if len(chunk) >= size:
                    submit()
            yield from ready(final=False)
        if chunk:
            submit()
        yield from ready(final=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(stage, ignore_errors=True)
