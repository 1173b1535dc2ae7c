"""Every number stays on one line in its cell: 7-digit 表三 and 6-digit 表四 values in the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pdfplumber
import pytest
from conftest import ROOT, need_tool

from nianbao.check import check_file
from nianbao.render.context import build_context
from nianbao.render.docx import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LONG = {"requests": "2382701", "reviews": "238270"}


def _context(example: str) -> dict:
    context = build_context(check_file(ROOT / "examples" / example))
    for key, value in LONG.items():
        for row in context["tables"][key].body:
            for cell in row:
                if cell.key:
                    cell.text = value
    return context


def _cells(context: dict) -> int:
    return sum(1 for key in LONG for row in context["tables"][key].body for cell in row if cell.key)


def test_long_numbers_get_a_smaller_size_and_short_ones_keep_wuhao():
    long_doc = docx.Document(io.BytesIO(render_docx(_context("2022-maiji-zwfw.yaml"))))
    sizes = {run.font.size.pt for t in long_doc.tables for c in t._cells for p in c.paragraphs for run in p.runs
             if run.text in LONG.values() and run.font.size is not None}
    assert sizes and max(sizes) < 10.5
    short = build_context(check_file(ROOT / "examples" / "2022-maiji-zwfw.yaml"))
    short_doc = docx.Document(io.BytesIO(render_docx(short)))
    requests = short_doc.tables[-2]
    assert all(run.font.size is None for c in requests._cells for p in c.paragraphs for run in p.runs)


@pytest.mark.libreoffice
def test_seven_and_six_digit_values_are_unbroken_in_the_pdf(tmp_path: Path):
    need_tool("soffice", "LibreOffice converts the DOCX to PDF")
    from nianbao.render.pdf import convert_docx_files

    files, expected = [], []
    for example in ("2022-maiji-zwfw.yaml", "2020-jinyun-rsj.yaml"):
        context = _context(example)
        path = tmp_path / example.replace(".yaml", ".docx")
        path.write_bytes(render_docx(context))
        files.append(path)
        expected.append(_cells(context))
    for pdf, cells in zip(convert_docx_files(files, tmp_path), expected, strict=True):
        with pdfplumber.open(pdf) as doc:
            words = [w["text"] for page in doc.pages for w in page.extract_words()]
        whole = sum(words.count(v) for v in LONG.values())
        broken = [w for w in words if w in ("23827", "2382", "238", "270", "70", "82701")]
        assert (whole, broken) == (cells, [])
