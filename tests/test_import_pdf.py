"""PDF import: words with positions and ruling lines, never the plain reading order.

Round trip of every example through `build --to pdf` (cells, and the prose paragraph for paragraph);
a PDF exported by LibreOffice from a DOCX made the way agencies make theirs (narrow label columns
that wrap, 表三 running over a page break, page numbers in the margin); a scan without text layer
refused with its reason. The layout rules themselves: tests/test_import_pdf_layout.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT

from nianbao import editions
from nianbao.build import build_file
from nianbao.check import check_file
from nianbao.importer import import_file

pytestmark = pytest.mark.libreoffice


AGENCY = "新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县人力资源和社会保障局"  # a title over three lines
PROSE = f"""year: 2022
agency:
  name: {AGENCY}
  kind: department
published: 2023-01-20
preamble: |
  本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条编制，包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项，共6个部分。本报告所列数据的统计期限为2022年1月1日至2022年12月31日，电子版可在本局门户网站下载，提供 PDF 和 OFD 两种格式。
overview: |
  2022年，本局清理规范性文件5件，其中规范性文件3件继续有效、2件宣布失效；全年在门户网站主动公开政府信息1381条，其中政策文件126条、政策解读47条、人事信息35条、财政预决算信息12条。通过政务新媒体发布信息2468条，回应社会关切93个，办理12345热线转办件11571件，按期办结率99.6%。

  ### （一）主动公开情况

  全年召开新闻发布会4场，发布权威信息37条；在12个乡镇（场）和76个村（社区）设置政务公开专区，配备查阅终端88台，接待查阅群众3000余人次。第20条规定的重点领域信息均按时公开，更新率100%。

  ### （二）平台建设情况

  门户网站共设栏目54个，全年更新栏目49个，发布就业岗位信息2316条、技能培训信息164条；“察布查尔人社”微信公众号关注人数达26831人，全年推送信息612期，其中原创稿件208篇、政策图解57期。
problems: |
  上一年度报告所列的2个问题均已整改。一是部分科室对政务公开工作重视不够，2022年有3个栏目超过30天未更新。二是政策解读形式较为单一，图解、视频等解读仅占21%。

  改进措施：2023年，本局将把政务公开纳入年度考核，每季度通报1次栏目更新情况，全年制作图解、视频解读不少于20件。
other: |
  本年度未收取信息处理费，无其他需要报告的事项。

"""


def _prose_report(path: Path) -> Path:
    """Long paragraphs full of figures, real spaces around Latin words, a long agency name; the 2022 example's tables."""
    example = (ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text(encoding="utf-8")
    path.write_text(PROSE + example[example.index("proactive:"):], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    files = {}
    for example in [*EXAMPLES, _prose_report(out / "prose.yaml")]:
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
    # nothing but the example's own warnings (faults of the published report: tests/test_false_alarms.py)
    assert {(i.code, i.message) for i in result.all_issues} <= {(i.code, i.message) for i in original.issues}


NARRATIVE = ("preamble", "overview", "problems", "other")
_CJK_GAP = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef] +[0-9A-Za-z]|[0-9A-Za-z] +[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _paragraphs(value) -> object:
    """A narrative as its paragraphs (a structured 总体情况 part by part), spaces inside a paragraph collapsed."""
    if isinstance(value, dict):
        return {key: _paragraphs(text) for key, text in value.items()}
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", value or "") if p.strip()]


@pytest.mark.parametrize("source", [*EXAMPLES, Path("prose.yaml")], ids=[*(p.stem for p in EXAMPLES), "prose"])
def test_pdf_prose_comes_back_paragraph_for_paragraph(pdfs, source, tmp_path):
    """Printed lines are joined into the source's paragraphs; no space appears between Chinese and digits."""
    path = source if source.is_absolute() else _prose_report(tmp_path / source.name)
    want = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = import_file(pdfs[source.stem])
    got = yaml.safe_load(result.yaml_text)
    for key in NARRATIVE:
        if key == "preamble" and want.get(key) is None:
            continue  # the default preamble, which the import leaves out again
        assert _paragraphs(got.get(key)) == _paragraphs(want[key]), key
        gaps = _CJK_GAP.findall(str(got.get(key)))
        assert gaps == _CJK_GAP.findall(str(want[key])), key


def test_pdf_title_over_three_lines_is_one_title_and_real_spaces_stay(pdfs):
    import pdfplumber

    with pdfplumber.open(str(pdfs["prose"])) as doc:
        first = doc.pages[0].extract_text_lines()
    titled = [line["text"] for line in first if line["chars"][0]["size"] > 20]
    assert len(titled) == 3 and AGENCY not in " ".join(titled)  # the fixture is what it claims to be
    result = import_file(pdfs["prose"])
    got = yaml.safe_load(result.yaml_text)
    assert got["agency"] == {"name": AGENCY, "kind": "department"}
    assert got.get("title") is None and got["year"] == 2022  # the default title, left to the renderer
    assert "提供 PDF 和 OFD 两种格式。" in got["preamble"]  # spaces the source has are kept
    assert got["other"].strip() == "本年度未收取信息处理费，无其他需要报告的事项。"  # the 署名 on two lines is not prose
    assert result.missing == [] and [i.code for i in result.all_issues] == []


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
