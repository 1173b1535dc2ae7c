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


def test_html_print_gives_long_numbers_a_size_that_fits_the_type_area():
    """render/html.py: the size the HTML print sets on a table (--number-size) so its numbers stay whole."""
    from nianbao.render.html import TYPE_WIDTH_PT, print_number_size, render_html

    short = build_context(check_file(ROOT / "examples" / "2022-maiji-zwfw.yaml"))
    assert [print_number_size(g) for g in short["tables"].values()] == [None, None, None]
    long = _context("2022-maiji-zwfw.yaml")
    assert print_number_size(long["tables"]["requests"]) is None  # 7 digits fit 表三's columns at 五号
    size = print_number_size(long["tables"]["reviews"])
    assert size == 7.5 and 15 * (6 * 0.55 * size + 3.5) <= TYPE_WIDTH_PT
    assert b'<table id="table-reviews" data-table="reviews" style="--number-size: 7.5pt">' in render_html(long)
    for row in long["tables"]["reviews"].body:  # the largest count the schema accepts, 10⁹
        for cell in row:
            if cell.key:
                cell.text = "1000000000"
    size = print_number_size(long["tables"]["reviews"])
    assert size == 4.5 and 15 * (10 * 0.55 * size + 3.5) <= TYPE_WIDTH_PT


def test_html_print_columns_of_table_3_leave_the_labels_at_least_30_percent():
    """render/html.py print_columns: 表三's number columns hold 自然人 (3 字) or their longest number at 五号,
    the labels take the rest but never less than 30 %; numbers longer than that shrink to fit."""
    from nianbao.render.html import TABLE_PT, TYPE_WIDTH_PT, print_columns, print_number_size

    short = build_context(check_file(ROOT / "examples" / "2022-maiji-zwfw.yaml"))
    assert [print_columns(g) is None for g in short["tables"].values()] == [True, False, True]
    widths = print_columns(short["tables"]["requests"])
    assert widths and len(widths) == 10 and abs(sum(widths) - 100) < 0.1
    assert 3 * TABLE_PT <= widths[3] / 100 * TYPE_WIDTH_PT - 3.5 < 4 * TABLE_PT and sum(widths[:3]) > 35
    long = _context("2022-maiji-zwfw.yaml")  # 7 digits: the labels keep 30 %, the numbers 五号
    widths = print_columns(long["tables"]["requests"])
    assert widths and round(sum(widths[:3])) >= 30
    assert print_number_size(long["tables"]["requests"], widths) is None
    for row in long["tables"]["requests"].body:
        for cell in row:
            if cell.key:
                cell.text = "1000000000"
    widths = print_columns(long["tables"]["requests"])
    assert widths and round(sum(widths[:3])) == 30
    size = print_number_size(long["tables"]["requests"], widths)
    assert size and size < TABLE_PT and 10 * 0.55 * size + 3.5 <= widths[3] / 100 * TYPE_WIDTH_PT
