"""Benchmark (not a test): one-file commands against the bare imports they cannot avoid, side by side.

    .venv/bin/python benchmarks/one_file_speed.py            # 15 rounds
    .venv/bin/python benchmarks/one_file_speed.py --runs 30

Each round runs every command once, in turn, so machine noise falls on all of them alike; the
figures are the median (and minimum) wall time of whole processes, and the ratios are given for
both. As an installed package would, nianbao runs from compiled bytecode (compiled first, and
PYTHONDONTWRITEBYTECODE is not passed on) with its cache (NIANBAO_CACHE) warm after the first run.
Targets (issue: one-file commands near the floor):

- `nianbao check one.yaml` ≤ 1.3 × `python -c "import yaml, cerberus, click"`
- `nianbao build one.yaml --to docx,html,txt` ≤ 2 × `python -c "import yaml, cerberus, click, jinja2, markdown_it"`
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NIANBAO = str(Path(sys.executable).with_name("nianbao"))
EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"


def commands(out: str) -> dict[str, list[str]]:
    return {
        "floor check": [sys.executable, "-c", "import yaml, cerberus, click"],
        "check": [NIANBAO, "check", str(EXAMPLE)],
        "floor build": [sys.executable, "-c", "import yaml, cerberus, click, jinja2, markdown_it"],
        "build docx,html,txt": [NIANBAO, "build", str(EXAMPLE), "--to", "docx,html,txt", "-o", out],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "nianbao", quiet=1)  # what installing the package does
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="nianbao-one-file-") as out:
        cmds = commands(out)
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for cmd in cmds.values():  # warm the OS caches and nianbao's own cache once
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                start = time.perf_counter()
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
                times[name].append(time.perf_counter() - start)
    med = {name: statistics.median(t) for name, t in times.items()}
    low = {name: min(t) for name, t in times.items()}
    print(f"  {args.runs} 轮；负载 {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, t in times.items():
        print(f"  {name:22s} 中位数 {med[name] * 1000:6.0f} ms（最小 {low[name] * 1000:.0f}，最大 {max(t) * 1000:.0f}）")
    ok = True
    for cmd, floor, target in (("check", "floor check", 1.3), ("build docx,html,txt", "floor build", 2.0)):
        ratio = med[cmd] / med[floor]
        ok &= ratio <= target
        print(f"  {cmd} / {floor} = {ratio:.2f}×（中位数；最小值之比 {low[cmd] / low[floor]:.2f}×）"
              f"（目标 ≤ {target}×）：{'达到' if ratio <= target else '未达到'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
