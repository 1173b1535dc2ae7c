"""Every example's PDF measured glyph by glyph against GB/T 9704 (reference/layout.md §5).

Type area x 28–184 mm, y 37–262 mm; ≤ 22 body lines (16 pt glyphs) a page, ≤ 28 characters a line;
"— n —" in 14 pt, right on odd pages and left on even ones, one 字 in, 7 mm under the type area.
"""

from __future__ import annotations

from collections import defaultdict

import pdfplumber
import pytest
from conftest import EXAMPLES, need_tool

from nianbao.build import build_file
from nianbao.render.pdf import convert_docx_files

pytestmark = [need_tool("soffice", "PDF 由 LibreOffice 转换后才能测量版心、行数和页码"), pytest.mark.libreoffice]

MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, 184 * MM, 37 * MM, 262 * MM
A4 = (210 * MM, 297 * MM)
BODY_PT, FOOTER_PT, ONE_ZI = 16, 14, 14  # 3号 body; 4号 page number, set one 4号 字 in from the edge


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, list[dict]]:
    """Example stem → per page: {'width', 'height', 'chars'} (non-blank glyphs), all converted in one run."""
    folder = tmp_path_factory.mktemp("pdf")
    docx_files = []
    for example in EXAMPLES:
        result = build_file(example, ["docx"], folder)
        assert result.outputs, result.failures
        docx_files += result.outputs
    pages = {}
    for pdf in convert_docx_files(docx_files, folder):
        with pdfplumber.open(pdf) as doc:
            pages[pdf.stem] = [{"width": p.width, "height": p.height,
                                "chars": [c for c in p.chars if c["text"].strip()]} for p in doc.pages]
    return pages


@pytest.fixture(params=[e.stem for e in EXAMPLES])
def pages(request, pdfs) -> list[dict]:
    return pdfs[request.param]


def _body_lines(chars: list[dict]) -> list[list[dict]]:
    """Lines of 16 pt glyphs (so not the title, tables or page number), grouped by baseline in 4 pt buckets."""
    lines = defaultdict(list)
    for c in chars:
        if abs(c["size"] - BODY_PT) <= 0.6 and c["top"] < BOTTOM:
            lines[round(c["bottom"] / 4)].append(c)
    return list(lines.values())


def test_every_page_is_a4(pages):
    for page in pages:
        assert abs(page["width"] - A4[0]) <= 1 and abs(page["height"] - A4[1]) <= 1


def test_every_glyph_lies_inside_the_type_area(pages):
    for n, page in enumerate(pages, 1):
        outside = [(c["text"], round(c["x0"] / MM, 1), round(c["x1"] / MM, 1), round(c["top"] / MM, 1))
                   for c in page["chars"] if c["top"] < BOTTOM and (
                       c["x0"] < LEFT - 1 or c["x1"] > RIGHT + 1 or c["top"] < TOP - 1 or c["bottom"] > BOTTOM + 1)]
        assert outside == [], f"page {n}"


def test_at_most_22_body_lines_a_page_and_28_characters_a_line(pages):
    for n, page in enumerate(pages, 1):
        lines = _body_lines(page["chars"])
        assert len(lines) <= 22, f"page {n}"
        for line in lines:
            ems = (max(c["x1"] for c in line) - min(c["x0"] for c in line)) / BODY_PT
            assert ems <= 28.3, f"page {n}: {''.join(c['text'] for c in line)}"


def test_full_lines_fill_the_type_width(pages):
    widths = [max(c["x1"] for c in line) - min(c["x0"] for c in line)
              for page in pages for line in _body_lines(page["chars"])]
    assert max(widths) >= 155 * MM


def test_a_page_of_plain_text_holds_exactly_22_lines(pdfs):
    counts = [len(_body_lines(page["chars"])) for pages in pdfs.values() for page in pages]
    assert max(counts) == 22


def test_page_numbers_are_dashed_and_on_the_outer_side(pages):
    for n, page in enumerate(pages, 1):
        footer = sorted((c for c in page["chars"] if c["top"] >= BOTTOM), key=lambda c: c["x0"])
        assert "".join(c["text"] for c in footer) == f"\u2014{n}\u2014", f"page {n}"
        assert all(abs(c["size"] - FOOTER_PT) <= 0.6 for c in footer)
        if n % 2:
            assert abs(footer[-1]["x1"] - (RIGHT - ONE_ZI)) <= 2, f"odd page {n} ends at {footer[-1]['x1'] / MM:.1f} mm"
        else:
            assert abs(footer[0]["x0"] - (LEFT + ONE_ZI)) <= 2, f"even page {n} starts at {footer[0]['x0'] / MM:.1f} mm"
        dash = footer[0]
        below = ((dash["top"] + dash["bottom"]) / 2 - BOTTOM) / MM
        assert 5.5 <= below <= 8.5, f"page {n}: dash {below:.2f} mm under the type area"


def test_title_is_2hao_and_tables_are_readable(pages):
    sizes = {round(c["size"], 1) for page in pages for c in page["chars"]}
    assert 22.0 in sizes  # 2号 title
    assert sizes <= {22.0, 16.0, 14.0, 12.0, 10.5}  # tables in 小四 / 五号, nothing smaller


def test_large_numbers_stay_on_one_line_in_every_table_cell(tmp_path):
    """Six digits in 表二/表三 cells and five in 表四's narrow columns are never wrapped."""
    from conftest import ROOT

    from nianbao import render_context
    from nianbao.render.docx import render_docx

    context = render_context(ROOT / "examples" / "2022-maiji-zwfw.yaml")
    expected = {}
    for grid in context["tables"].values():
        digits = "99999" if grid.key == "reviews" else "999999"
        cells = [cell for row in grid.head + grid.body for cell in row if cell.key]
        for cell in cells:
            cell.text = digits
        expected[digits] = expected.get(digits, 0) + len(cells)
    src = tmp_path / "big.docx"
    src.write_bytes(render_docx(context))
    with pdfplumber.open(convert_docx_files([src], tmp_path)[0]) as doc:
        words = [w["text"] for page in doc.pages for w in page.extract_words(keep_blank_chars=False)]
    assert {d: words.count(d) for d in expected} == expected
