"""Benchmark (not a test): HTML + text render time per report, excluding and including check.

Target: 1,000 reports to html+txt in ≤ 20 s on 2 cores, i.e. ≤ ~20 ms per report per core
(render alone should leave room for check, ≤ 10 ms).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao import render_context  # noqa: E402
from nianbao.check import check_file  # noqa: E402
from nianbao.render.html import render_html  # noqa: E402
from nianbao.render.text import render_text  # noqa: E402

ROUNDS = 100


def _ms(fn) -> list[float]:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def main() -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for path in examples:  # warm: Jinja environment, compiled templates, markdown parser
        context = render_context(path)
        render_html(context), render_text(context)
    print(f"{'example':24} {'html ms':>8} {'txt ms':>8} {'ctx ms':>8} {'all ms':>8}  (medians; all = check+ctx+html+txt)")
    worst = 0.0
    for path in examples:
        result = check_file(path)
        context = render_context(result)
        html = statistics.median(_ms(lambda c=context: render_html(c)))
        txt = statistics.median(_ms(lambda c=context: render_text(c)))
        ctx = statistics.median(_ms(lambda r=result: render_context(r)))
        full = statistics.median(_ms(lambda p=path: (lambda c: (render_html(c), render_text(c)))(
            render_context(p))))
        worst = max(worst, full)
        print(f"{path.stem:24} {html:8.2f} {txt:8.2f} {ctx:8.2f} {full:8.2f}")
    print(f"worst check+render median: {worst:.2f} ms per report (target ≤ 20 ms): "
          f"{'OK' if worst <= 20 else 'MISSED'}")


if __name__ == "__main__":
    main()
