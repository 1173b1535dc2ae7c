"""PDF import: words with positions and ruling lines, never the plain reading order.

Round trip of every example through `build --to pdf`; a PDF exported by LibreOffice from a DOCX made
the way agencies make theirs (narrow label columns that wrap, 表三 running over a page break, page
numbers in the margin); a scan without text layer refused with its reason.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES

from nianbao import editions
from nianbao.build import build_file
from nianbao.check import check_file
from nianbao.importer import import_file

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    files = {}
    for example in EXAMPLES:
        result = build_file(example, ["pdf"], out / example.stem)
        if not result.outputs:
            pytest.skip(f"PDF 无法生成：{result.failures}")
        files[example.stem] = result.outputs[0]
    return files


def test_examples_cover_both_editions():
    assert {check_file(e).edition.id for e in EXAMPLES} == set(editions.EDITION_IDS)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_pdf_round_trip_gives_the_same_cells(pdfs, example):
    result = import_file(pdfs[example.stem])
    original = check_file(example)
    assert result.edition == original.edition.id
    assert result.cells == original.values.cells
    assert result.missing == []
    # nothing but the example's own warnings (faults of the published report: tests/test_false_alarms.py); the
    # PDF's text comes back one printed line per paragraph, so a figure split over two lines is not read again
    assert {(i.code, i.message) for i in result.all_issues} <= {(i.code, i.message) for i in original.issues}


# ── a DOCX as an agency writes it, exported to PDF ─────────────────────────────────────────────────
def _value(path: str) -> int:
    """A distinct, non-zero value per cell, so a number in the wrong column cannot go unnoticed."""
    return sum(ord(c) for c in path) % 97 + 1


def _agency_docx(path: Path, ed) -> dict[str, int]:
    import docx
    from docx.shared import Cm, Pt

    cells: dict[str, int] = {}
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(12)
    doc.sections[0].footer.paragraphs[0].text = "— 1 —"
    doc.add_paragraph(f"云溪县自然资源局2021年{ed.title_suffix}")
    doc.add_paragraph("本报告由云溪县自然资源局根据条例编制。")

    def table(rows: list[list[str]], widths: list[float]) -> None:
        t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        t.style = "Table Grid"
        t.autofit = False
        for c, column in enumerate(t.columns):
            column.width = Cm(widths[min(c, len(widths) - 1)])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = t.cell(r, c)
                cell.text = text
                cell.width = Cm(widths[min(c, len(widths) - 1)])

    for section in ed.sections:
        doc.add_paragraph(section.heading)
        if section.key == "overview":
            for n in range(14):  # long enough that 表三 starts low on a page and runs over the break
                doc.add_paragraph("全年围绕中心工作，依法依规做好政府信息公开，按时更新公开目录，"
                                  f"做好政策解读和回应关切，第{n + 1}项工作已按计划完成。")
        if section.table == "proactive":
            for block in ed.proactive.blocks:
                rows = [[block.caption], [ed.proactive.label_header] + [c.label for c in block.columns]]
                for row in block.rows:
                    values = []
                    for col in block.columns:
                        key = f"proactive.{row.key}.{col.key}"
                        cells[key] = _value(key)
                        values.append(str(cells[key]))
                    rows.append([row.label] + values)
                table(rows, [4.0, 3.0])
        elif section.table == "requests":
            rows = [[ed.requests.corner, ed.requests.applicants],
                    ["", *[c.label for c in ed.requests.columns]]]
            for visit in editions.walk(ed.requests.tree):
                row = visit.node
                if row.group:
                    continue
                values = []
                for col in ed.requests.columns:
                    key = f"requests.{row.path}.{col.key}"
                    cells[key] = _value(key)
                    values.append(str(cells[key]))
                rows.append([p.label for p in visit.parents[-1:]] + [row.label] + values)
            table(rows, [1.6, 2.6, 1.3])  # narrow label columns: long labels wrap inside their cells
        elif section.table == "reviews":
            rows = [[g.label for g in ed.reviews.groups],
                    [f"{p.label}{c.label}" for p in ed.reviews.parts for c in ed.reviews.columns]]
            values = []
            for part in ed.reviews.parts:
                for col in ed.reviews.columns:
                    key = f"reviews.{part.key}.{col.key}"
                    cells[key] = _value(key)
                    values.append(str(cells[key]))
            rows.append(values)
            table(rows, [1.0])
        else:
            doc.add_paragraph("无。")
    doc.add_paragraph("云溪县自然资源局")
    doc.add_paragraph("2022年1月20日")
    doc.save(str(path))
    return cells


def _soffice_pdf(docx_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice 未安装")
    profile = docx_path.parent / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(docx_path.parent), str(docx_path)], check=True, capture_output=True, timeout=120)
    return docx_path.with_suffix(".pdf")


def test_pdf_from_agency_docx_with_wrapped_labels_and_a_split_table(tmp_path):
    import pdfplumber

    ed = editions.get("2021")
    want = _agency_docx(tmp_path / "agency.docx", ed)
    pdf = _soffice_pdf(tmp_path / "agency.docx")
    with pdfplumber.open(str(pdf)) as doc:
        pages = [(p.extract_text() or "").replace("\n", "") for p in doc.pages]
        lines = [p.extract_text() or "" for p in doc.pages]
    # the fixture is what it claims to be: 表三 starts on one page and ends on a later one,
    # a row is broken by the page break, and long labels wrap inside their cells
    def page_of(row) -> int:
        values = " ".join(str(want[f"requests.{row.path}.{c.key}"]) for c in ed.requests.columns)
        return next(n for n, text in enumerate(lines) if values in text)

    assert page_of(ed.requests.rows[-1]) > page_of(ed.requests.rows[0])
    assert any("— 1 —" in p for p in pages)
    wrapped = max((r.label for r in ed.requests.rows), key=len)  # the longest label of 表三
    assert not any(wrapped in text for text in lines)
    result = import_file(pdf)
    assert result.edition == "2021"
    assert result.cells == want
    assert result.missing == []
    assert [i.code for i in result.issues] == []


def test_scan_without_text_layer_is_refused_with_its_reason(tmp_path):
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi: a scanned page is only a picture
    draw = ImageDraw.Draw(page)
    for y in range(200, 1600, 60):
        draw.rectangle([150, y, 1090, y + 20], fill="black")
    path = tmp_path / "scan.pdf"
    page.save(path, "PDF", resolution=150)
    result = import_file(path)
    assert result.unreadable and result.exit_code == 2
    assert [i.message for i in result.issues] == [
        "PDF 没有文字层（可能是扫描件或图片），无法导入；本工具不做文字识别，请导入原始的 Word/WPS 文件或网页"]


def test_damaged_pdf_is_refused_not_a_traceback(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    result = import_file(path)
    assert result.unreadable and result.exit_code == 2
    assert result.issues[0].message.startswith("PDF 文件")
