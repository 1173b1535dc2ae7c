"""PDF of many reports: few LibreOffice runs, the same pages as one at a time, and a failure stays with its file."""

from __future__ import annotations

import shutil
import stat
import sys
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, need_tool

from nianbao.cli import main
from nianbao.render import pdf as pdf_module

# A stand-in for soffice: writes a one-page PDF per input, logs each run's file count, and on an input
# containing BREAK dies (exit 81) before writing anything of its run; on HANG it sleeps past any timeout.
FAKE_SOFFICE = """#!{python}
import sys, time
from pathlib import Path
args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
files = [Path(a) for a in args if a.endswith(".docx")]
with open({log!r}, "a") as log:
    log.write(f"{{len(files)}}\\n")
data = [f.read_bytes() for f in files]
if any(b"HANG" in d for d in data):
    time.sleep(30)
if any(b"BREAK" in d for d in data):
    sys.exit(81)
for f in files:
    (outdir / (f.stem + ".pdf")).write_bytes(b"%PDF-1.4 fake\\n")
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install the stand-in; returns its log of file counts per run."""
    log = tmp_path / "runs.log"
    exe = tmp_path / "fake-soffice"
    exe.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log)), encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pdf_module, "soffice_path", lambda: str(exe))
    return log


def _docx(folder: Path, names: dict[str, bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in names.items():
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    return paths


def test_many_files_go_through_one_run(tmp_path, fake_soffice):
    files = _docx(tmp_path / "in", {f"r{i}.docx": b"ok" for i in range(6)})
    results = pdf_module.convert_many(files, tmp_path)
    assert all(isinstance(results[f], Path) and results[f].read_bytes().startswith(b"%PDF") for f in files)
    assert fake_soffice.read_text().split() == ["6"]


def test_a_file_that_breaks_the_shared_run_fails_alone_and_its_neighbours_still_convert(tmp_path, fake_soffice):
    files = _docx(tmp_path / "in", {"a.docx": b"ok", "b.docx": b"BREAK", "c.docx": b"ok"})
    results = pdf_module.convert_many(files, tmp_path)
    assert isinstance(results[files[0]], Path) and isinstance(results[files[2]], Path)
    assert results[files[1]] == "LibreOffice 未能生成 PDF（退出码 81）：b.docx"
    assert fake_soffice.read_text().split() == ["3", "1", "1", "1"]  # the shared run, then each file alone


def test_a_file_that_hangs_times_out_alone(tmp_path, fake_soffice, monkeypatch):
    monkeypatch.setattr(pdf_module, "TIMEOUT", 1)
    files = _docx(tmp_path / "in", {"a.docx": b"ok", "b.docx": b"HANG"})
    results = pdf_module.convert_many(files, tmp_path)
    assert isinstance(results[files[0]], Path)
    assert results[files[1]] == "LibreOffice 转换 PDF 超时（1 秒），已终止：b.docx"


def test_build_of_a_folder_writes_every_other_pdf_when_one_conversion_fails(tmp_path, fake_soffice, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    for example in EXAMPLES[:3]:
        shutil.copy(example, src)
    real_stage = pdf_module.convert_many

    def break_one(files, outdir, slot=0, names=None):  # the second report's DOCX makes the stand-in fail
        broken = next(f for f in files if names[f].startswith(EXAMPLES[1].stem))
        broken.write_bytes(b"BREAK")
        return real_stage(files, outdir, slot, names)

    monkeypatch.setattr(pdf_module, "convert_many", break_one)
    result = CliRunner().invoke(main, ["build", str(src), "--to", "pdf", "-o", str(tmp_path / "out"), "-j", "1"])
    pdfs = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert pdfs == sorted(e.stem + ".pdf" for e in (EXAMPLES[0], EXAMPLES[2])) and result.exit_code == 1
    # the example's own warning (its 五 says nothing of last year's problems) is its verdict
    failed = (f"{src / EXAMPLES[1].name}：0 个错误，1 个警告，未生成；pdf：LibreOffice 未能生成 PDF（退出码 81）："
              f"{EXAMPLES[1].stem}.pdf")
    assert failed in [line.strip() for line in result.output.splitlines()]
    assert "未能生成" not in "".join(line for line in result.output.splitlines() if EXAMPLES[1].name not in line)


def test_a_single_file_keeps_the_one_file_path(tmp_path, fake_soffice):
    result = CliRunner().invoke(main, ["build", str(EXAMPLES[0]), "--to", "pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / (EXAMPLES[0].stem + ".pdf")).read_bytes().startswith(b"%PDF")
    assert fake_soffice.read_text().split() == ["1"]


def _pages(pdf: Path) -> int:
    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


@need_tool("soffice", "批量 PDF 与逐份 PDF 的页数对比需要 LibreOffice")
@pytest.mark.libreoffice
def test_bulk_pdfs_have_the_same_pages_as_one_at_a_time(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for example in EXAMPLES:
        shutil.copy(example, src)
    runner = CliRunner()
    bulk = runner.invoke(main, ["build", str(src), "--to", "pdf", "-o", str(tmp_path / "bulk"), "-j", "2"])
    assert bulk.exit_code == 0, bulk.output
    for example in EXAMPLES:
        one = runner.invoke(main, ["build", str(src / example.name), "--to", "pdf", "-o", str(tmp_path / "one")])
        assert one.exit_code == 0, one.output
        name = example.stem + ".pdf"
        assert _pages(tmp_path / "bulk" / name) == _pages(tmp_path / "one" / name) > 1
    assert len(list((tmp_path / "bulk").glob("*.pdf"))) == len(EXAMPLES)
