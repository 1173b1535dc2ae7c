"""Hostile published reports through `nianbao import`: found by fuzzing, each now a clean result.

Every case runs the real CLI: a Chinese message, exit 1 or 2, never a traceback, and YAML that loads.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES, SEEDS

from nianbao import render_context
from nianbao.cli import main
from nianbao.load import load_text
from nianbao.render.docx import render_docx

SEED = sorted(SEEDS.glob("*.txt"))[0]


def run_import(path: Path):
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def built_docx() -> bytes:
    return render_docx(render_context(EXAMPLES[-1]))


def _zip_with(data: bytes, name: str, payload: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, payload if info.filename == name else src.read(info))
    return buf.getvalue()


def test_text_without_any_section_heading_is_unreadable(tmp_path):
    src = tmp_path / "one.txt"
    src.write_text("根", encoding="utf-8")
    result = run_import(src)
    assert result.exit_code == 2 and "没有找到年度报告的章节标题或统计表" in result.stderr


@pytest.mark.parametrize("char", ["\x80", "\x85", "\x9f", "\u2028", "\uffff", "\x1b"])
def test_control_characters_in_a_published_text_never_reach_the_yaml(tmp_path, char):
    src = tmp_path / "published.txt"
    text = SEED.read_text(encoding="utf-8")
    src.write_text(char + text.replace("。", "。" + char, 5), encoding="utf-8")
    result = run_import(src)
    assert result.exit_code in (0, 1) and "import-internal" not in result.stderr
    report = load_text(result.stdout, "imported.yaml")  # the emitted YAML loads
    assert report.data["year"] == 2020


def test_docx_with_broken_document_xml_is_damaged_not_a_crash(tmp_path, built_docx):
    src = tmp_path / "broken.docx"
    src.write_bytes(_zip_with(built_docx, "word/document.xml", b"not xml at all <w:p>"))
    result = run_import(src)
    assert result.exit_code == 2 and "DOCX 文件已损坏" in result.stderr


def test_docx_with_corrupt_compressed_data_is_damaged_not_a_crash(tmp_path, built_docx):
    raw = bytearray(built_docx)
    start = raw.index(b"word/document.xml") + len("word/document.xml")  # the first local header's data
    for i in range(start + 40, start + 60):
        raw[i] ^= 0xFF
    src = tmp_path / "corrupt.docx"
    src.write_bytes(bytes(raw))
    result = run_import(src)
    assert result.exit_code == 2 and ("DOCX 文件已损坏" in result.stderr or "不是有效的 DOCX" in result.stderr)


@pytest.mark.parametrize("char", ["\x1f", "\r", "\x85", "\u2028"])
def test_a_control_character_in_a_quoted_source_heading_never_breaks_the_yaml(tmp_path, char):
    """The emitter quotes an unofficial heading in a comment; a control character there made the YAML unloadable."""
    text = (FIXTURES / "import" / "2020-pingli-vanished-cells.txt").read_text(encoding="utf-8")
    src = tmp_path / "published.txt"
    src.write_text(text.replace("一、总体情况", f"一、0{char}总体情况", 1), encoding="utf-8", newline="")
    result = run_import(src)
    assert result.exit_code == 1 and "import-internal" not in result.stderr
    report = load_text(result.stdout, "imported.yaml")
    assert report.data["year"] == 2020 and "我局围绕交通重点项目建设" in report.data["overview"]


def _document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def test_docx_whose_document_part_is_not_a_word_body_is_damaged(tmp_path, built_docx):
    foreign = b'<?xml version="1.0"?><w:foo xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    src = tmp_path / "foreign.docx"
    src.write_bytes(_zip_with(built_docx, "word/document.xml", foreign))
    result = run_import(src)
    assert result.exit_code == 2 and "没有正文" in result.stderr


@pytest.mark.parametrize("edit", [
    ('<w:pStyle w:val="NbH1"/>', "<w:pStyle/>"),  # a style reference without its value
    ("<w:p>", '<w:p><w:r><w:rPr><w:b w:val="x"/><w:i w:val="maybe"/></w:rPr><w:t>粗</w:t></w:r>'),  # bad on/off
])
def test_docx_with_invalid_attribute_values_still_imports(tmp_path, built_docx, edit):
    xml = _document_xml(built_docx)
    assert edit[0] in xml
    src = tmp_path / "odd.docx"
    src.write_bytes(_zip_with(built_docx, "word/document.xml", xml.replace(edit[0], edit[1], 3).encode("utf-8")))
    result = run_import(src)
    assert result.exit_code in (0, 1), result.stderr
    assert load_text(result.stdout, "imported.yaml").data["year"] == 2022


@pytest.mark.slow
@pytest.mark.parametrize("tag", ["div", "b", "table"])
def test_html_nested_thousands_deep_is_refused_not_a_crash(tmp_path, tag):
    """The page walker recursed once per level: 20,000 nested tags raised RecursionError."""
    src = tmp_path / "deep.html"
    src.write_text("<html><body>" + f"<{tag}>" * 20000 + "一、总体情况" + f"</{tag}>" * 20000 + "</body></html>",
                   encoding="utf-8")
    result = run_import(src)
    assert result.exit_code == 2 and "嵌套过深" in result.stderr
