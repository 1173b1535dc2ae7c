"""Benchmark (not a test): PDF for a whole folder, bulk conversion against one LibreOffice per report.

    .venv/bin/python benchmarks/pdf_bulk.py              # 20 reports, 2 workers
    .venv/bin/python benchmarks/pdf_bulk.py --count 40 --jobs 2

Both sides run in the same process of measurement, on the same 20 reports (the examples, copied
under new names), with the same number of parallel workers:

- floor ("one LibreOffice per report"): `nianbao build ONE.yaml --to pdf`, one command per report,
  `--jobs` of them at a time — what `build DIR --to pdf` cost before bulk conversion;
- bulk: `nianbao build DIR --to pdf -j JOBS`, which converts the batch in a few soffice runs.

Prints wall time per report for each, the ratio (target ≥ 4×) and whether every PDF has the same
number of pages both ways (target: identical).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NIANBAO = str(Path(sys.executable).with_name("nianbao"))
TARGET_RATIO = 4.0


def pages(pdf: Path) -> int:
    """Page count from poppler's pdfinfo."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def make_reports(folder: Path, count: int) -> list[Path]:
    """`count` reports: the examples in turn, each copy under its own name."""
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    made = []
    for i in range(count):
        target = folder / f"report-{i:03d}.yaml"
        shutil.copyfile(examples[i % len(examples)], target)
        made.append(target)
    return made


def one_per_report(reports: list[Path], out: Path, jobs: int) -> float:
    def build(src: Path) -> None:
        subprocess.run([NIANBAO, "build", str(src), "--to", "pdf", "-o", str(out)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(build, reports))
    return time.perf_counter() - start


def bulk(folder: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([NIANBAO, "build", str(folder), "--to", "pdf", "-o", str(out), "-j", str(jobs)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        print("soffice 未安装：无法测量 PDF 转换")
        return 2
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-bench-") as tmp:
        src = Path(tmp, "src")
        src.mkdir()
        reports = make_reports(src, args.count)
        single_out, bulk_out = Path(tmp, "single"), Path(tmp, "bulk")
        t_single = one_per_report(reports, single_out, args.jobs)
        t_bulk = bulk(src, bulk_out, args.jobs)
        same = all(pages(single_out / f"{r.stem}.pdf") == pages(bulk_out / f"{r.stem}.pdf") for r in reports)
        total_pages = sum(pages(bulk_out / f"{r.stem}.pdf") for r in reports)
    per_single, per_bulk = t_single / args.count, t_bulk / args.count
    ratio = per_single / per_bulk
    print(f"{args.count} 份报告，{args.jobs} 个进程，共 {total_pages} 页")
    print(f"  每份一个 LibreOffice（基线）：{t_single:6.1f} s，每份 {per_single:.2f} s")
    print(f"  批量转换：                    {t_bulk:6.1f} s，每份 {per_bulk:.2f} s")
    print(f"  倍数 {ratio:.1f}×（目标 ≥ {TARGET_RATIO:.0f}×）：{'达到' if ratio >= TARGET_RATIO else '未达到'}")
    print(f"  页数逐份相同：{'是' if same else '否'}")
    return 0 if ratio >= TARGET_RATIO and same else 1


if __name__ == "__main__":
    sys.exit(main())
