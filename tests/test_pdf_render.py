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
def test_two_processes_convert_at_the_same_time_each_with_its_own_profile(tmp_path):
    code = ("import sys; from pathlib import Path; from nianbao.build import build_file; "
            "r = build_file(sys.argv[1], ['pdf'], Path(sys.argv[2])); print(r.failures)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(EXAMPLE), str(tmp_path / str(i))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) for i in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for i, (out, err) in enumerate(outs):
        assert out.decode().strip() == "[]", err.decode()
        assert (tmp_path / str(i) / "2022-maiji-zwfw.pdf").read_bytes().startswith(b"%PDF")
