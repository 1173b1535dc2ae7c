"""Benchmark (not a test): many reports at once through the real command line, against the targets.

    .venv/bin/python benchmarks/batch_speed.py                 # 100 and 1,000 reports, every format there is
    .venv/bin/python benchmarks/batch_speed.py --sizes 200 --formats html,txt

Generates N synthetic, consistent reports of both editions with realistic narrative length (about
2,000 characters of 总体情况, as in the examples), then times `nianbao check DIR`, `nianbao build DIR
--to …` per format, `nianbao summary`, and `nianbao --help`, sampling the peak memory of the whole
process tree (sum of PSS, so pages shared by the forked workers are counted once).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # synth.py: synthetic consistent reports

from synth import consistent_report, to_yaml  # noqa: E402

from nianbao.editions import EDITION_IDS, get  # noqa: E402
from nianbao.render import RENDERERS  # noqa: E402

NIANBAO = str(Path(sys.executable).with_name("nianbao"))
TARGETS_1000 = {"check": 10.0, "build html,txt": 20.0, "build docx": 40.0}
HELP_TARGET = 0.3
MEMORY_TARGET_MB = 500
LINEAR_SLACK = 1.25  # the marginal time per report between the large sizes may be at most 25 % above the small ones
BASE = 4  # a run this small measures the fixed cost (start-up, pool, warm-up), so linearity is judged without it


def generate(folder: Path, count: int, seed: int = 2025) -> None:
    """`count` reports, editions alternating, in sub-folders of 50 like a city's departments."""
    rng = random.Random(seed)
    for i in range(count):
        edition = EDITION_IDS[i % len(EDITION_IDS)]
        ed = get(edition)
        year = rng.randint(ed.year_from, ed.year_to or 2024)
        data = consistent_report(edition, rng, year=year, agency=f"示例市第{i + 1}局",
                                 paragraphs=rng.randint(1, 3), sentences=rng.randint(4, 8))
        target = folder / f"dept{i // 50:02d}" / f"report-{i:04d}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_yaml(data), encoding="utf-8")


def _tree_pss_kb(root: int) -> int:
    """Sum of PSS over `root` and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            parents.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += parents.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            pass
    return total


def _cpu_stat() -> tuple[int, int]:
    """(all jiffies, stolen jiffies) from /proc/stat: a VM host taking CPU away shows up as steal."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields), fields[7] if len(fields) > 7 else 0


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str]) -> tuple[float, float, int, float, float]:
    """(wall s, peak MB of the process tree, exit code, CPU s of the tree, % of machine CPU stolen) of one command."""
    peak = 0
    cpu = _cpu_children()
    total0, steal0 = _cpu_stat()
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_pss_kb(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    total1, steal1 = _cpu_stat()
    return elapsed, peak / 1024, code, _cpu_children() - cpu, 100 * (steal1 - steal0) / max(1, total1 - total0)


def available_formats(wanted: list[str] | None) -> tuple[list[str], list[str]]:
    """The formats whose renderer module imports on this machine, and the ones that do not."""
    ok, missing = [], []
    for fmt in wanted or [f for f in RENDERERS if f != "pdf"]:
        try:
            import_module(RENDERERS[fmt][0])
            ok.append(fmt)
        except ImportError:
            missing.append(fmt)
    return ok, missing


def help_startup(rounds: int = 15) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([NIANBAO, "--help"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--formats", help="comma-separated; default: every renderer that imports (pdf only if named)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument("--repeat", type=int, default=1, help="run each command this often, keep the fastest")
    args = parser.parse_args()
    sizes = sorted({BASE, *(int(s) for s in args.sizes.split(","))})
    formats, missing = available_formats(args.formats.split(",") if args.formats else None)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    print(f"{os.cpu_count()} CPU cores; formats {','.join(formats)}"
          + (f"; renderers missing: {','.join(missing)}" if missing else ""))
    runs: list[tuple[str, list[str]]] = [("check", ["check"]), ("summary xlsx", ["summary", "-o", "{out}/s.xlsx"])]
    groups = [["html", "txt"]] if {"html", "txt"} <= set(formats) else []
    runs += [(f"build {','.join(g)}", ["build", "--to", ",".join(g), "-o", "{out}"]) for g in groups]
    runs += [(f"build {f}", ["build", "--to", f, "-o", "{out}"]) for f in formats]
    results: dict[tuple[str, int], tuple[float, float, int, float, float]] = {}
    try:
        for n in sizes:
            src = work / f"n{n}"
            if not src.exists():
                t0 = time.perf_counter()
                generate(src, n)
                print(f"generated {n} reports in {time.perf_counter() - t0:.1f} s "
                      f"({sum(p.stat().st_size for p in src.rglob('*.yaml')) / n / 1024:.1f} KB each)")
            for name, cmd in runs:
                out = work / f"out{n}"
                shutil.rmtree(out, ignore_errors=True)
                argv = [NIANBAO, *[c.format(out=out) for c in cmd[:1]], str(src), *[c.format(out=out) for c in cmd[1:]]]
                load = os.getloadavg()[0]  # other work on the machine makes wall times longer: say so
                results[name, n] = min(timed(argv) for _ in range(args.repeat))
                secs, mb, code, cpu, steal = results[name, n]
                print(f"  {n:5d} × {name:16} {secs:7.2f} s  {n / secs:6.1f}/s  CPU {cpu:6.2f} s "
                      f"({cpu / n * 1000:4.1f} ms/report)  peak {mb:3.0f} MB  exit {code}  "
                      f"load {load:.1f}  steal {steal:.0f} %", flush=True)
        report(sizes, runs, results, help_startup())
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def report(sizes: list[int], runs: list, results: dict, help_s: float) -> None:
    """Each target at the largest size; linearity as marginal ms per report, small sizes against large ones."""
    large = sizes[-1]
    print("\ntarget                                        measured            verdict")
    for name, _cmd in runs:
        secs = results[name, large][0]
        limit = TARGETS_1000.get(name)
        if limit is not None:
            scaled = limit * large / 1000
            print(f"{name} {large} ≤ {scaled:.1f} s".ljust(45), f"{secs:7.2f} s".ljust(19), _verdict(secs <= scaled))
        if len(sizes) >= 3:
            for what, i in (("wall", 0), ("CPU", 3)):  # CPU time shows the work itself, wall also other load
                t = {n: results[name, n][i] for n in sizes}
                first = (t[sizes[1]] - t[sizes[0]]) / (sizes[1] - sizes[0]) * 1000
                last = (t[large] - t[sizes[-2]]) / (large - sizes[-2]) * 1000
                label = f"{name}: linear {what} {sizes[0]}→{sizes[1]} vs {sizes[-2]}→{large}"
                print(label.ljust(45), f"{first:5.1f}→{last:5.1f} ms/rep".ljust(19),
                      _verdict(last <= first * LINEAR_SLACK), f"(fixed {t[sizes[0]]:.2f} s)")
    peak = max(r[1] for r in results.values())
    print(f"peak memory ≤ {MEMORY_TARGET_MB} MB".ljust(45), f"{peak:7.0f} MB".ljust(19), _verdict(peak <= MEMORY_TARGET_MB))
    print(f"nianbao --help ≤ {HELP_TARGET} s".ljust(45), f"{help_s:7.3f} s".ljust(19), _verdict(help_s <= HELP_TARGET))


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


if __name__ == "__main__":
    main()
