"""Benchmark (not a test): every hostile input of issue 16 run as a whole `nianbao` process.

Prints, per case, wall time, peak resident memory (the child's rusage from wait4) and exit code, and
whether the answer was a message or a crash (Traceback / 内部错误). Bound: ≤ 10 s and ≤ 500 MB, or a
refusal. Each child runs under a 2 GB address-space limit and a timeout, so an unbounded case ends
as "MemoryError" or "killed" instead of taking the machine with it.

    python benchmarks/hostile_bounds.py                 # the sizes the red team used
    python benchmarks/hostile_bounds.py --small         # the sizes of the normal test suite
    python benchmarks/hostile_bounds.py --before REV    # also run every case on an older commit, side by side
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_cases import (  # noqa: E402
    LONG_PATH_PART,
    MEMORY_BOUND,
    NAME,
    TIME_BOUND,
    Run,
    alias_amplification,
    base_yaml,
    big_html,
    docx_big_image,
    docx_empty_paragraphs,
    docx_inflation,
    docx_many_styles,
    invisible_flood,
    long_agency_name,
    many_unknown_keys,
    run_bounded,
    self_extending_templates,
)

MB = 1 << 20
ADDRESS_LIMIT = 2048 * MB


def _yaml(tmp: Path, text: str, name: str = "r.yaml") -> str:
    (tmp / name).write_text(text, encoding="utf-8")
    return name


def _two_reports_one_name(tmp: Path) -> list[str]:
    for folder in ("a", "b"):
        (tmp / folder).mkdir()
        (tmp / folder / "r.yaml").write_text(base_yaml(), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "nianbao", "build", str(tmp / folder / "r.yaml"), "--to", "html"],
                       cwd=tmp, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        (tmp / folder / "年报.html").write_bytes((tmp / folder / "r.html").read_bytes())
    return ["import", "a/年报.html", "b/年报.html", "-o", "out"]


def _gbk_page_with_a_lying_meta(tmp: Path) -> list[str]:
    (tmp / "r.yaml").write_text(base_yaml(), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "nianbao", "build", "r.yaml", "--to", "html"], cwd=tmp,
                   capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    page = (tmp / "r.html").read_text("utf-8").replace('charset="utf-8"', 'charset="undefined"')
    (tmp / "p.html").write_bytes(page.encode("gb18030"))
    return ["import", "p.html"]


def _gbk_template(tmp: Path) -> str:
    (tmp / "tpl" / "2021").mkdir(parents=True)
    (tmp / "tpl" / "2021" / "report.html.j2").write_bytes("{{ title }} 盖章".encode("gbk"))
    return str(tmp / "tpl")


def cases(full: bool) -> dict[str, tuple[str, Callable[[Path], list[str]]]]:
    """name → (what it is, make the input in a folder and return the command's arguments)."""
    ex = base_yaml()
    return {
        "alias-amplification": (f"{'1 MB' if full else '300 KB'} scalar × {100 if full else 20} aliases, build html",
                                lambda t: ["build", "--force", "--to", "html", "-o", "out",
                                           _yaml(t, alias_amplification(MB if full else 300_000, 100 if full else 20))]),
        "docx-inflation": (f"DOCX whose document.xml inflates to {'4 GB' if full else '40 MB'}, import",
                           lambda t: ["import", str(docx_inflation(t / "b.docx", (4096 if full else 40) * MB))]),
        "docx-big-image": (f"DOCX with a {200 if full else 40} MB image, import",
                           lambda t: ["import", str(docx_big_image(t / "i.docx", (200 if full else 40) * MB))]),
        "html-many-nodes": (f"{48 if full else 6} MB HTML page, import",
                            lambda t: ["import", str(big_html(t / "p.html", (48 if full else 6) * MB))]),
        "unknown-keys": (f"{24_000 if full else 4_000} unknown keys, check",
                         lambda t: ["check", _yaml(t, many_unknown_keys(24_000 if full else 4_000))]),
        "docx-many-styles": (f"{'2,000 styles × 2,000' if full else '500 × 500'} paragraphs, import",
                             lambda t: ["import", str(docx_many_styles(t / "s.docx",
                                                                       *((2000, 2000) if full else (500, 500))))]),
        "docx-empty-paragraphs": (f"{'2,000,000' if full else '200,000'} empty <w:p/>, import",
                                  lambda t: ["import", str(docx_empty_paragraphs(t / "e.docx",
                                                                                 2_000_000 if full else 200_000))]),
        "nan-fee": ("fee .nan, check (must be an error: exit 1)",
                    lambda t: ["check", _yaml(t, ex.replace("fees: {amount: 0}", "fees: {amount: .nan}"))]),
        "octal-count": ("natural: 010, check (10 with a warning, never 8; the row then differs from its total)",
                        lambda t: ["check", _yaml(t, ex.replace("received: {natural: 0", "received: {natural: 010", 1))]),
        "init-agency-needs-quoting": ("init --agency '某局: 分局' (must write valid YAML)",
                                      lambda t: ["init", "--agency", "某局: 分局", "-o", "new.yaml"]),
        "import-two-into-one": ("import a/年报.html b/年报.html -o DIR (must not lose one: exit 2)",
                                _two_reports_one_name),
        "summary-unreadable": ("summary of a file that cannot be read (exit 2, the worst file's)",
                               lambda t: ["summary", _yaml(t, "a: [\n"), "-o", "s.csv"]),
        "published-datetime": ("published: 2025-01-20 10:00:00, check",
                               lambda t: ["check", _yaml(t, ex.replace("published: 2023-01-31",
                                                                       "published: 2023-01-20 10:00:00", 1))]),
        "fee-313-digits": ("fee of 313 digits, check",
                           lambda t: ["check", _yaml(t, ex.replace("fees: {amount: 0}", "fees: {amount: 1" + "0" * 313 + "}"))]),
        "long-agency-name": ("20,000-character agency name, build --force html,txt,docx",
                             lambda t: ["build", "--force", "--to", "html,txt,docx", "-o", "out",
                                        _yaml(t, long_agency_name(20_000))]),
        "long-output-name": ("build -o a folder name of 270 bytes",
                             lambda t: ["build", "--to", "html,txt", "-o", LONG_PATH_PART, _yaml(t, ex)]),
        "lying-charset": ("GBK page with <meta charset=\"undefined\">, import", _gbk_page_with_a_lying_meta),
        "control-characters": ("VT and ESC pasted into the title, check",
                               lambda t: ["check", _yaml(t, ex.replace(f"title: {NAME}", f"title: \x0b{NAME}\x1b", 1))]),
        "bidi-and-zero-width": (f"{'1,000,000' if full else '100,000'} U+200B/U+202E in the overview, check",
                                lambda t: ["check", _yaml(t, invisible_flood(1_000_000 if full else 100_000))]),
        "existing-output": ("summary -o onto an existing file without --force",
                            lambda t: ["summary", _yaml(t, ex), "-o", _yaml(t, "x", "s.csv")]),
        "template-loop": ("user template extends 2021/report.html.j2 (no nianbao/ prefix), build html",
                          lambda t: ["build", "--to", "html", "-o", "out", "--templates",
                                     str(self_extending_templates(t / "tpl")), _yaml(t, ex)]),
        "template-gbk": ("user template saved as GBK, build html",
                         lambda t: ["build", "--to", "html", "-o", "out", "--templates", _gbk_template(t), _yaml(t, ex)]),
    }


# What the fixed code says for each case (the "said" column: whether the process gave this answer).
EXPECT = {
    "alias-amplification": "[too-complex]", "docx-inflation": "解压后有", "docx-big-image": "解压后有",
    "html-many-nodes": "网页", "unknown-keys": "个未知的键未逐一列出", "docx-many-styles": "没有找到年度报告的章节标题",
    "docx-empty-paragraphs": "个段落或表格（上限", "nan-fee": "[number-form]", "octal-count": "已按十进制 10 读取",
    "init-agency-needs-quoting": "已生成 new.yaml", "import-two-into-one": "后者会覆盖前者",
    "summary-unreadable": "无法读取", "published-datetime": "已按日期 2023-01-20 读取", "fee-313-digits": "[too-large]",
    "long-agency-name": "[too-long]", "long-output-name": "文件名或路径过长", "lying-charset": "已按检测到的 gb18030 读取",
    "control-characters": "[control-char]", "bidi-and-zero-width": "[invisible-char]",
    "existing-output": "文件已存在，未覆盖", "template-loop": "请写“nianbao/2021/report.html.j2”",
    "template-gbk": "不是 UTF-8 编码",
}


def verdict(run: Run) -> str:
    """How the process ended, as the table shows it."""
    if run.code is None:
        return "killed at timeout"
    text = run.out + run.err
    if "MemoryError" in text:
        return "MemoryError"
    if "Traceback" in text:
        return "Traceback"
    if "内部错误" in text:
        return "内部错误"
    return "message"


def measure(name: str, make: Callable[[Path], list[str]], root: Path, timeout: float) -> Run:
    tmp = Path(tempfile.mkdtemp(prefix=f"nianbao-hostile-{name}-"))
    try:
        return run_bounded(make(tmp), tmp, timeout=timeout, address_limit=ADDRESS_LIMIT, root=root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def serve_flood(root: Path, sockets: int = 300) -> str:
    """`serve` with `sockets` idle connections: its thread count and peak memory, and whether a page is still served."""
    import re
    import socket
    import time
    import urllib.request

    tmp = Path(tempfile.mkdtemp(prefix="nianbao-hostile-serve-"))
    (tmp / "r.yaml").write_text(base_yaml(), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "nianbao", "serve", "r.yaml", "--port", "0"], cwd=tmp,
                            env=dict(os.environ, PYTHONPATH=str(root)), stderr=subprocess.PIPE, text=True)
    idle: list[socket.socket] = []
    try:
        assert proc.stderr is not None
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stderr.readline())
        if not found:
            return "serve did not start"
        port = int(found.group(1))
        for _ in range(sockets):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        time.sleep(2)
        status = Path(f"/proc/{proc.pid}/status").read_text()
        threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
        peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024  # type: ignore[union-attr]
        try:
            answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).status
        except Exception as exc:  # noqa: BLE001 - 503 (busy) or a timeout is the figure
            answer = getattr(exc, "code", None) or type(exc).__name__
        return f"{threads:5d} threads {peak:6d} MB  page while flooded: {answer}"
    finally:
        for s in idle:
            s.close()
        proc.kill()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def _checkout(rev: str) -> Path:
    """A detached worktree of `rev` (fonts linked from this checkout), removed at the end."""
    where = Path(tempfile.mkdtemp(prefix="nianbao-before-")) / "src"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), rev], check=True,
                   capture_output=True)
    fonts = ROOT / "nianbao" / "fonts" / "fandol"
    if fonts.exists() and not (where / "nianbao" / "fonts" / "fandol").exists():
        (where / "nianbao" / "fonts" / "fandol").symlink_to(fonts.resolve())
    return where


def _cell(name: str, run: Run) -> str:
    ok = run.code is not None and run.seconds <= TIME_BOUND and run.peak <= MEMORY_BOUND
    said = "said" if EXPECT[name] in run.out + run.err else "not said"
    return (f"{run.seconds:7.1f} s {run.peak / MB:6.0f} MB  exit {str(run.code) if run.code is not None else '-':>2}"
            f"  {verdict(run):17} {'within' if ok else 'OVER':6}  {said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the normal test suite's sizes")
    parser.add_argument("--before", metavar="REV", help="also run each case on this commit")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a case is killed")
    parser.add_argument("-k", metavar="NAME", help="only cases whose name contains NAME")
    args = parser.parse_args()
    selected = {n: c for n, c in cases(not args.small).items() if not args.k or args.k in n}
    before = _checkout(args.before) if args.before else None
    print(f"bound: ≤ {TIME_BOUND:.0f} s and ≤ {MEMORY_BOUND / MB:.0f} MB per case; "
          f"limit {ADDRESS_LIMIT / MB:.0f} MB address space, {args.timeout:.0f} s timeout; "
          "\"said\": the answer the fixed code gives was given")
    try:
        for name, (what, make) in selected.items():
            print(f"\n{name}: {what}", flush=True)
            if before is not None:
                print(f"  before ({args.before}): {_cell(name, measure(name, make, before, args.timeout))}", flush=True)
            print(f"  after  (this checkout): {_cell(name, measure(name, make, ROOT, args.timeout))}", flush=True)
        if not args.k or args.k in "serve-idle-connections":
            print("\nserve-idle-connections: 300 idle sockets on the preview server", flush=True)
            if before is not None:
                print(f"  before ({args.before}): {serve_flood(before)}", flush=True)
            print(f"  after  (this checkout): {serve_flood(ROOT)}", flush=True)
    finally:
        if before is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], capture_output=True)
            shutil.rmtree(before.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
