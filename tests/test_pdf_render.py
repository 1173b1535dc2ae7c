"""`--to pdf`: LibreOffice with the package's font aliases, one profile per process, a plain message without it."""

from __future__ import annotations

import subprocess
import sys

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import ROOT, need_tool

from nianbao.build import build_file
from nianbao.cli import main
from nianbao.render import pdf as pdf_module

EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"


def test_without_libreoffice_pdf_fails_plainly_and_the_other_formats_are_written(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "soffice_path", lambda: None)
    result = build_file(EXAMPLE, ["docx", "pdf"], tmp_path)
    assert [p.name for p in result.outputs] == ["2022-maiji-zwfw.docx"]
    assert len(result.failures) == 1 and result.failures[0].startswith("pdf：未安装 LibreOffice（找不到 soffice）")
    assert not (tmp_path / "2022-maiji-zwfw.pdf").exists()
    cli = CliRunner().invoke(main, ["build", str(EXAMPLE), "--to", "pdf", "-o", str(tmp_path / "cli")])
    assert cli.exit_code == 1 and "未安装 LibreOffice" in cli.stderr and "Traceback" not in cli.output


def test_a_conversion_that_leaves_no_pdf_is_an_error_even_with_exit_status_zero(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "soffice_path", lambda: "/bin/true")  # exits 0, writes nothing
    result = build_file(EXAMPLE, ["pdf"], tmp_path)
    assert result.outputs == [] and "LibreOffice 未能生成 PDF（退出码 0）" in result.failures[0]


@need_tool("soffice", "PDF 由 LibreOffice 转换")
@pytest.mark.libreoffice
def test_build_to_pdf_writes_a_pdf_set_in_the_aliased_free_fonts(tmp_path):
    result = build_file(EXAMPLE, ["docx", "pdf"], tmp_path)
    assert [p.suffix for p in result.outputs] == [".docx", ".pdf"], result.failures
    data = result.outputs[1].read_bytes()
    assert data.startswith(b"%PDF")
    with pdfplumber.open(result.outputs[1]) as doc:
        fonts = {c["fontname"].split("+")[-1] for page in doc.pages for c in page.chars}
        text = doc.pages[0].extract_text()
    assert {"FandolFang-Regular", "FandolHei-Regular", "FandolSong-Regular"} <= fonts  # 仿宋_GB2312, 黑体, 宋体
    assert any(f.startswith("NotoSerifCJK") for f in fonts)  # 方正小标宋简体
    assert "政府信息公开工作年度报告" in text.replace(" ", "")


@need_tool("soffice", "PDF 由 LibreOffice 转换")
@pytest.mark.libreoffice
def test_parallel_batch_build_gives_every_worker_its_own_profile(tmp_path):
    """`nianbao build` forks workers after a warm-up conversion in the parent; each must convert on its own."""
    files = [str(ROOT / "examples" / f"{stem}.yaml") for stem in ("2020-ankang-xzsp", "2022-maiji-zwfw")]
    proc = subprocess.run([sys.executable, "-m", "nianbao", "build", *files, "--to", "pdf", "--jobs", "2",
                           "-o", str(tmp_path)], capture_output=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr.decode()
    for stem in ("2020-ankang-xzsp", "2022-maiji-zwfw"):
        assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
