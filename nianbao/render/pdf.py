"""PDF preview: the DOCX converted by LibreOffice headless, with the package's font aliases.

LibreOffice is not Word (layout.md §4): the PDF is a faithful preview, not proof of Word's pages.
Each process gets its own LibreOffice profile (a shared one makes a second, concurrent soffice
exit with no PDF and no message); the PDF is checked to exist, since exit status 0 proves nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from importlib import resources
from multiprocessing.util import Finalize
from pathlib import Path

from nianbao.render import RenderUnavailable

TIMEOUT = 180  # seconds for one soffice run of one file (a run of n files gets n × this, at most)
_LOCKS: dict[int, threading.Lock] = {}  # one profile per (process, slot) → one conversion at a time in each
_LOCKS_GUARD = threading.Lock()
_WORKDIRS: dict[tuple[int, int], Path] = {}  # (pid, slot) → folder: a forked worker must not reuse its parent's


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed (on Windows also where its installer puts it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found or os.name != "nt":
        return found
    for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
        exe = Path(base) / "LibreOffice" / "program" / "soffice.exe" if base else None
        if exe is not None and exe.is_file():
            return str(exe)
    return None


def _kill_tree(proc: subprocess.Popen) -> None:
    """End soffice and what it started: its process group on POSIX, its process tree on Windows (no killpg there)."""
    if hasattr(os, "killpg"):
        os.killpg(proc.pid, signal.SIGKILL)  # soffice is a wrapper: end the whole group
    else:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
        proc.kill()


def fonts_conf() -> Path:
    """The shipped fontconfig file mapping 仿宋_GB2312, 方正小标宋简体 … to Fandol / Noto CJK."""
    return Path(str(resources.files("nianbao").joinpath("fonts").joinpath("fonts.conf")))


def _workdir(slot: int = 0) -> Path:
    """This process's scratch folder for one conversion slot: LibreOffice profile, HOME, fontconfig cache.

    Keyed by pid, so batch workers forked after a conversion in the parent get their own profile;
    multiprocessing's Finalize runs at the exit of pool workers too (atexit does not) and only in
    the process that registered it. Concurrent soffice runs need one profile each, hence the slot.
    """
    key = (os.getpid(), slot)
    folder = _WORKDIRS.get(key)
    if folder is None or not folder.is_dir():
        folder = Path(tempfile.mkdtemp(prefix=f"nianbao-lo-{key[0]}-{slot}-"))
        Finalize(None, shutil.rmtree, args=(str(folder), True), exitpriority=10)
        _WORKDIRS[key] = folder
    return folder


def _lock(slot: int) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(slot, threading.Lock())


def fontconfig_env(slot: int = 0) -> dict[str, str]:
    """The environment of soffice (and fc-match): a scratch HOME and cache, the package's fonts.conf.

    The user's own fonts stay visible: fontconfig reads $XDG_DATA_HOME/fonts (~/.local/share/fonts),
    which a scratch HOME would otherwise hide.
    """
    home = _workdir(slot) / "home"
    home.mkdir(exist_ok=True)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": data,
            "FONTCONFIG_FILE": str(fonts_conf())}


def require_soffice() -> str:
    """The LibreOffice executable, or RenderUnavailable with what to install."""
    exe = soffice_path()
    if exe is None:
        raise RenderUnavailable("未安装 LibreOffice（找不到 soffice），无法生成 PDF；"
                                "请安装 libreoffice-writer（Debian：apt-get install libreoffice-writer-nogui）")
    return exe


def _soffice(docx_files: list[Path], outdir: Path, slot: int) -> tuple[int | None, str]:
    """One soffice run over `docx_files`: (exit code or None on timeout, the last lines it printed)."""
    exe = require_soffice()
    with _lock(slot):
        work = _workdir(slot)
        env = fontconfig_env(slot)
        cmd = [exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)]
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            _out, err = proc.communicate(timeout=TIMEOUT * max(1, min(len(docx_files), len(docx_files) // 5 + 1)))
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            proc.communicate()
            return None, ""
    lines = [line for line in err.decode("utf-8", "replace").strip().splitlines() if "javaldx" not in line]
    return proc.returncode, " / ".join(lines[-3:])


def _pdf_of(docx: Path, outdir: Path) -> Path | None:
    """The PDF soffice wrote for `docx`, if it is a real one (exit status 0 proves nothing)."""
    pdf = outdir / (docx.stem + ".pdf")
    try:
        with open(pdf, "rb") as fh:
            return pdf if fh.read(5) == b"%PDF-" else None
    except OSError:
        return None


def _failure(code: int | None, detail: str, name: str) -> str:
    if code is None:
        return f"LibreOffice 转换 PDF 超时（{TIMEOUT} 秒），已终止：{name}"
    return f"LibreOffice 未能生成 PDF（退出码 {code}）：{name}" + (f"；{detail}" if detail else "")


def convert_many(docx_files: list[Path], outdir: Path, slot: int = 0,
                 names: dict[Path, str] | None = None) -> dict[Path, Path | str]:
    """Each DOCX → its PDF (or why not), through one soffice run; only the files that failed are retried alone.

    One LibreOffice start costs more than converting a report, so a batch converts many files per run.
    A file that breaks or hangs the shared run is isolated by converting the rest again one by one:
    its neighbours still get their PDFs and it alone gets a failure message.
    """
    names = names or {}
    if len({f.stem for f in docx_files}) != len(docx_files):
        raise ValueError("convert_many: file stems must be unique (one PDF name per file)")
    code, detail = _soffice(docx_files, outdir, slot)
    results: dict[Path, Path | str] = {}
    for f in docx_files:
        pdf = _pdf_of(f, outdir)
        if pdf is not None:
            results[f] = pdf
        elif len(docx_files) == 1:
            results[f] = _failure(code, detail, names.get(f, f.name))
    for f in docx_files:
        if f not in results:
            alone_code, alone_detail = _soffice([f], outdir, slot)
            results[f] = _pdf_of(f, outdir) or _failure(alone_code, alone_detail, names.get(f, f.name))
    return results


def convert_docx_files(docx_files: list[Path], outdir: Path) -> list[Path]:
    """Convert .docx files to PDF in `outdir`; returns the PDFs, all checked, or raises with the failures."""
    results = convert_many(docx_files, outdir)
    failed = [msg for msg in results.values() if isinstance(msg, str)]
    if failed:
        raise RenderUnavailable("；".join(failed))
    return [pdf for f in docx_files if isinstance(pdf := results[f], Path)]  # all of them: none failed


def render_pdf(context: dict, templates_dir: Path | None = None) -> bytes:
    """The report as PDF: render the DOCX, convert it with LibreOffice, return the PDF bytes."""
    from nianbao.render.docx import render_docx

    require_soffice()  # before rendering: say plainly that LibreOffice is missing
    docx = render_docx(context, templates_dir)
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx)
        return convert_docx_files([src], Path(tmp))[0].read_bytes()
