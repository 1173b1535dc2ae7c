"""Every example's DOCX read back with python-docx: GB/T 9704 page, fonts, footers, tables and numbers."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
import yaml
from docx.shared import Mm, Pt

from nianbao import render_context
from nianbao.build import build_file
from nianbao.check import check_file
from nianbao.compute import fmt_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple]:
    """Each example built through build_file → (docx.Document, CheckResult, context)."""
    from conftest import EXAMPLES

    out = tmp_path_factory.mktemp("docx")
    docs = {}
    for path in EXAMPLES:
        result = build_file(path, ["docx"], out)
        assert result.outputs == [out / f"{path.stem}.docx"], result.failures
        check = check_file(path)
        docs[path.stem] = (docx.Document(str(result.outputs[0])), check, render_context(check))
    return docs


def _each(built):
    return [built[k] for k in sorted(built)]


def _rfonts(style_el) -> dict[str, str]:
    rfonts = style_el.find(f"{W}rPr/{W}rFonts")
    return {k.replace(W, ""): v for k, v in rfonts.attrib.items()} if rfonts is not None else {}


def test_page_is_a4_with_gbt9704_margins_and_the_line_grid(built):
    for doc, _check, _ctx in _each(built):
        assert len(doc.sections) == 1
        s = doc.sections[0]
        for actual, mm in ((s.page_width, 210), (s.page_height, 297), (s.top_margin, 37), (s.bottom_margin, 35),
                           (s.left_margin, 28), (s.right_margin, 26)):
            assert abs(actual - Mm(mm)) <= Mm(1), (actual.mm, mm)
        grid = s._sectPr.find(f"{W}docGrid")
        assert grid.get(f"{W}linePitch") == "579" and grid.get(f"{W}type") == "lines"
        assert grid.get(f"{W}charSpace") is None  # LibreOffice cannot honour Word's character grid


def test_fonts_sizes_and_language_are_the_official_ones(built):
    doc = _each(built)[0][0]
    styles = doc.styles
    normal = styles["Normal"]
    assert normal.font.size == Pt(16)
    assert "仿宋" in _rfonts(normal.element)["eastAsia"]
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    expected = {"年报标题": ("方正小标宋简体", Pt(22)), "年报标题1级": ("黑体", None), "年报标题2级": ("楷体_GB2312", None),
                "年报标题3级": ("仿宋_GB2312", None), "年报页码": ("宋体", Pt(14)), "年报表格": (None, Pt(10.5)),
                "年报表头": ("黑体", None)}
    for name, (family, size) in expected.items():
        if family:
            fonts = _rfonts(styles[name].element)
            assert fonts["eastAsia"] == fonts["ascii"] == fonts["hAnsi"] == fonts["cs"] == family, name
        if size:
            assert styles[name].font.size == size, name
    assert styles["年报标题3级"].font.bold is True
    assert styles["年报正文"].paragraph_format.first_line_indent == Pt(31.5)  # two 字 of 15.75 pt
    xml = doc.styles.element.xml
    assert not any(a in xml for a in THEME_ATTRS)
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"


def test_footers_put_a_page_field_right_on_odd_and_left_on_even_pages(built):
    for doc, _check, _ctx in _each(built):
        section = doc.sections[0]
        assert doc.settings.odd_and_even_pages_header_footer
        assert not section.different_first_page_header_footer
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            (para,) = footer.paragraphs
            assert para.paragraph_format.alignment.name.lower() == side
            assert para.text == "\u2014 1 \u2014"  # the field's cached result is "1"
            runs = para._p.findall(f"{W}r")
            assert [r.find(f"{W}instrText").text for r in runs if r.find(f"{W}instrText") is not None] == [" PAGE "]
            sizes = {r.find(f"{W}rPr/{W}sz").get(f"{W}val") for r in runs}
            fonts = {r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") for r in runs}
            assert sizes == {"28"} and fonts == {"宋体"}
            ind = para._p.find(f"{W}pPr/{W}ind")
            assert ind.get(f"{W}{side}") == "275"


def _origins(grid) -> list[tuple[int, int, object]]:
    """(row, column, cell) of every grid cell, placing row and column spans like an HTML table."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid.head + grid.body):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            out.append((r, col, cell))
            taken |= {(r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            col += cell.colspan
    return out


def _yaml_value(data: dict, path: str):
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def test_tables_have_official_labels_merges_and_the_yaml_numbers(built):
    from conftest import ROOT

    for stem, (doc, check, ctx) in sorted(built.items()):
        raw = yaml.safe_load((ROOT / "examples" / f"{stem}.yaml").read_text(encoding="utf-8"))
        grids = [ctx["tables"][k] for k in ("proactive", "requests", "reviews")]
        assert len(doc.tables) == 3
        for table, grid in zip(doc.tables, grids, strict=True):
            assert len(table.columns) == grid.columns and len(table.rows) == len(grid.head) + len(grid.body)
            borders = table._tbl.tblPr.find(f"{W}tblBorders")
            assert {b.tag.replace(W, "") for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
            layout = table._cells  # python-docx's grid: a merged cell repeated over its span

            def at(r: int, c: int, layout=layout, n=grid.columns):
                return layout[r * n + c]

            numbers = 0
            for r, c, cell in _origins(grid):
                tc = at(r, c)._tc
                assert at(r, c).text == cell.text, (stem, grid.key, r, c)
                span = {at(r + dr, c + dc)._tc for dr in range(cell.rowspan) for dc in range(cell.colspan)}
                assert span == {tc}, (stem, grid.key, cell.text)  # merged exactly over its span …
                if c + cell.colspan < grid.columns:
                    assert at(r, c + cell.colspan)._tc is not tc  # … and no further
                if r + cell.rowspan < len(table.rows):
                    assert at(r + cell.rowspan, c)._tc is not tc
                if cell.key:
                    numbers += 1
                    assert at(r, c).text == fmt_number(check.values[cell.key])
                    if cell.key in check.values.given:
                        assert at(r, c).text == fmt_number(_yaml_value(raw, cell.key))
            assert numbers == sum(1 for k in check.values.cells if k.startswith(grid.key + "."))
            for i, row in enumerate(table.rows):
                is_header = row._tr.find(f"{W}trPr/{W}tblHeader") is not None
                assert is_header == (i < len(grid.head))


def test_requests_table_has_the_official_row_group_merges(built):
    for _doc, check, ctx in _each(built):
        grid = ctx["tables"]["requests"]
        results = grid.body[2][0]
        assert results.text == "三、本年度办理结果"
        assert results.rowspan == (20 if check.edition.id == "2019" else 22)
        assert grid.head[0][0].colspan == 3 and grid.head[0][0].rowspan == 3


def test_title_is_broken_as_the_context_says_and_signature_ends_two_chars_from_the_right(built):
    for doc, _check, ctx in _each(built):
        title = doc.paragraphs[0]
        assert title.style.name == "年报标题"
        assert title.text.split("\n") == ctx["title_lines"]
        paras = [p for p in doc.paragraphs if p.style.name == "年报署名日期"]
        name = ctx["agency"]["name"]
        assert paras[0].text == name
        if ctx["date_text"]:
            assert paras[1].text == ctx["date_text"]
            name_left = paras[0].paragraph_format.left_indent
            date_left = paras[1].paragraph_format.left_indent
            assert date_left - name_left == Pt(31.5)  # the date starts two 字 right of the name
        else:
            assert len(paras) == 1
            assert paras[0].paragraph_format.left_indent == Pt(15.75 * (28 - 2 - len(name)))


def test_docx_metadata_names_the_report_and_the_agency(built):
    for doc, _check, ctx in _each(built):
        assert doc.core_properties.title == ctx["title"]
        assert doc.core_properties.author == ctx["agency"]["name"]
        assert doc.core_properties.language == "zh-CN"


def test_a_draft_is_marked_on_its_first_line(tmp_path: Path):
    from conftest import FIXTURES

    seed = FIXTURES / "seeds" / "2020-echeng-gov.faithful.yaml"  # breaks R1 as published
    assert build_file(seed, ["docx"], tmp_path).refused
    result = build_file(seed, ["docx"], tmp_path, force=True)
    doc = docx.Document(io.BytesIO(result.outputs[0].read_bytes()))
    assert doc.paragraphs[0].text == "草稿·未通过校验"
    assert doc.paragraphs[1].style.name == "年报标题"
