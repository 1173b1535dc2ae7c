"""Benchmark (not a test): in-process `check` time per report for every example. Target ≤ 10 ms."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao.check import check_file  # noqa: E402

ROUNDS = 200


def main() -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for path in examples:  # warm caches (schemas, validators)
        check_file(path)
    print(f"{'example':32} {'median ms':>10} {'p95 ms':>8}")
    worst = 0.0
    for path in examples:
        times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            check_file(path)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        med, p95 = statistics.median(times), times[int(len(times) * 0.95)]
        worst = max(worst, med)
        print(f"{path.stem:32} {med:10.2f} {p95:8.2f}")
    print(f"worst median: {worst:.2f} ms (target ≤ 10 ms): {'OK' if worst <= 10 else 'MISSED'}")


if __name__ == "__main__":
    main()
