"""Benchmark (not a test): warm DOCX render time per report over 100 reports, cached vs naive docxtpl.

Both paths get the same report context and the same code-built blocks (tables, title, signature,
narrative) and produce the same document. "naive" is what docxtpl's documentation does per report:
`DocxTemplate(path).render(ctx)` then `save()`, which re-reads the .docx, re-patches and recompiles
the Jinja source and re-serialises every part. "cached" is `render_docx`: template read, patched
and compiled once; one Jinja pass and a zip per report. Target: cached ≥ 3× faster than naive.
A later batch target is ≤ ~80 ms per report per core for the whole build, so the DOCX stage
must stay far below that.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from nianbao import render_context  # noqa: E402
from nianbao.render.docx import docx_context, render_docx, template_path  # noqa: E402

REPORTS = 100


def naive(context: dict) -> bytes:
    tpl = DocxTemplate(template_path(context["edition"]["id"]))
    tpl.render(docx_context(context), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def timed(fns: list, contexts: list[dict]) -> list[list[float]]:
    """Milliseconds per report for each function, interleaved so that machine load hits both alike."""
    out: list[list[float]] = [[] for _ in fns]
    for ctx in contexts:
        for times, fn in zip(out, fns, strict=True):
            start = time.perf_counter()
            fn(ctx)
            times.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    base = [render_context(p) for p in examples]
    contexts = [base[i % len(base)] for i in range(REPORTS)]
    for ctx in base:  # warm: imports, template cache, markdown parser
        render_docx(ctx)
        naive(ctx)
    names = ("naive DocxTemplate(path).render()", "cached render_docx")
    results = dict(zip(names, timed([naive, render_docx], contexts), strict=True))
    for name, times in results.items():
        print(f"{name:36} total {sum(times):8.1f} ms  mean {statistics.mean(times):6.2f} ms  "
              f"median {statistics.median(times):6.2f} ms  p95 {sorted(times)[int(REPORTS * 0.95)]:6.2f} ms")
    naive_ms, cached_ms = (statistics.mean(t) for t in results.values())
    ratio = naive_ms / cached_ms
    print(f"{REPORTS} reports ({len(base)} examples, both editions): cached is {ratio:.1f}× faster than naive "
          f"(target ≥ 3×): {'OK' if ratio >= 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
