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

TIMEOUT = 180  # seconds for one soffice run
_LOCK = threading.Lock()  # one profile per process → one conversion at a time within it
_WORKDIR: tuple[int, Path] | None = None  # (pid, folder): a forked worker must not reuse its parent's


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fonts_conf() -> Path:
    """The shipped fontconfig file mapping 仿宋_GB2312, 方正小标宋简体 … to Fandol / Noto CJK."""
    return Path(str(resources.files("nianbao").joinpath("fonts", "fonts.conf")))


def _workdir() -> Path:
    """This process's scratch folder: LibreOffice profile, HOME and fontconfig cache; removed at exit.

    Keyed by pid, so batch workers forked after a conversion in the parent get their own profile;
    multiprocessing's Finalize runs at the exit of pool workers too (atexit does not) and only in
    the process that registered it.
    """
    global _WORKDIR
    pid = os.getpid()
    if _WORKDIR is None or _WORKDIR[0] != pid or not _WORKDIR[1].is_dir():
        folder = Path(tempfile.mkdtemp(prefix=f"nianbao-lo-{pid}-"))
        Finalize(None, shutil.rmtree, args=(str(folder), True), exitpriority=10)
        _WORKDIR = (pid, folder)
    return _WORKDIR[1]


def require_soffice() -> str:
    """The LibreOffice executable, or RenderUnavailable with what to install."""
    exe = soffice_path()
    if exe is None:
        raise RenderUnavailable("未安装 LibreOffice（找不到 soffice），无法生成 PDF；"
                                "请安装 libreoffice-writer（Debian：apt-get install libreoffice-writer-nogui）")
    return exe


def convert_docx_files(docx_files: list[Path], outdir: Path) -> list[Path]:
    """Convert .docx files to PDF in `outdir` with one soffice run; returns the PDFs, all checked."""
    exe = require_soffice()
    with _LOCK:
        work = _workdir()
        home = work / "home"
        home.mkdir(exist_ok=True)
        env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
               "FONTCONFIG_FILE": str(fonts_conf())}
        cmd = [exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)]
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            _out, err = proc.communicate(timeout=TIMEOUT * max(1, len(docx_files) // 5 + 1))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice is a wrapper: end the whole group
            proc.communicate()
            raise RenderUnavailable(f"LibreOffice 转换 PDF 超时（{TIMEOUT} 秒），已终止") from None
    pdfs = [outdir / (Path(f).stem + ".pdf") for f in docx_files]
    missing = [p.name for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    if missing:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        detail = [line for line in detail if "javaldx" not in line][-3:]
        raise RenderUnavailable(f"LibreOffice 未能生成 PDF（退出码 {proc.returncode}）：{'、'.join(missing)}"
                                + (f"；{' / '.join(detail)}" if detail else ""))
    return pdfs


def render_pdf(context: dict, templates_dir: Path | None = None) -> bytes:
    """The report as PDF: render the DOCX, convert it with LibreOffice, return the PDF bytes."""
    from nianbao.render.docx import render_docx

    require_soffice()  # before rendering: say plainly that LibreOffice is missing
    docx = render_docx(context, templates_dir)
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx)
        pdf = convert_docx_files([src], Path(tmp))[0]
        data = pdf.read_bytes()
    if not data.startswith(b"%PDF"):
        raise RenderUnavailable("LibreOffice 生成的文件不是 PDF")
    return data
