"""`--templates DIR` replaces the shipped Word template; a broken one gives a clear message, no file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner
from conftest import ROOT

from nianbao.build import build_file
from nianbao.cli import main
from nianbao.render.docx.styles import Fonts
from nianbao.render.docx.template import SHIPPED, make_template, zip_parts

EXAMPLE_2021 = ROOT / "examples" / "2022-maiji-zwfw.yaml"
EXAMPLE_2019 = ROOT / "examples" / "2020-jinyun-rsj.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body_font(path: Path) -> str:
    normal = docx.Document(str(path)).styles["Normal"].element
    return normal.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")


def _parts(edition: str = "2021") -> dict[str, bytes]:
    with zipfile.ZipFile(SHIPPED / edition / "report.docx") as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _write(folder: Path, parts: dict[str, bytes], name: str = "2021/report.docx") -> Path:
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(zip_parts(parts))
    return folder


def test_edition_template_in_templates_dir_sets_the_house_fonts(tmp_path):
    (tmp_path / "t" / "2021").mkdir(parents=True)
    (tmp_path / "t" / "2021" / "report.docx").write_bytes(make_template("2021", Fonts(body="仿宋", heading2="楷体")))
    result = build_file(EXAMPLE_2021, ["docx"], tmp_path / "out", templates=tmp_path / "t")
    assert _body_font(result.outputs[0]) == "仿宋"
    other = build_file(EXAMPLE_2019, ["docx"], tmp_path / "out", templates=tmp_path / "t")  # no 2019/ → shipped
    assert _body_font(other.outputs[0]) == "仿宋_GB2312"


def test_one_report_docx_at_the_top_of_templates_dir_serves_every_edition(tmp_path):
    (tmp_path / "report.docx").write_bytes(make_template("2021", Fonts(body="FangSong")))
    for example in (EXAMPLE_2019, EXAMPLE_2021):
        result = build_file(example, ["docx"], tmp_path / "out", templates=tmp_path)
        assert _body_font(result.outputs[0]) == "FangSong"


def test_house_template_may_print_context_values_and_survive_tags_split_by_word(tmp_path):
    parts = _parts()
    footer = parts["word/footer1.xml"].decode("utf-8")
    parts["word/footer1.xml"] = footer.replace(  # Word split this one between the braces
        "</w:p>", '<w:r><w:t xml:space="preserve">  {</w:t></w:r><w:r><w:t>{ agency.name }}</w:t></w:r></w:p>'
    ).encode("utf-8")
    body = parts["word/document.xml"].decode("utf-8")  # as Word saves an edited file: one tag in three runs
    parts["word/document.xml"] = body.replace(
        "<w:r><w:t>{{p title_block }}</w:t></w:r>",
        '<w:r><w:t>{{p ti</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>tle_bl</w:t></w:r><w:r><w:t>ock }}</w:t></w:r>").encode("utf-8")
    result = build_file(EXAMPLE_2021, ["docx"], tmp_path / "out", templates=_write(tmp_path / "t", parts))
    doc = docx.Document(str(result.outputs[0]))
    assert doc.sections[0].footer.paragraphs[0].text.endswith("天水市麦积区政务服务管理局")
    assert doc.paragraphs[0].style.name == "年报标题"
    assert doc.paragraphs[0].text.replace("\n", "") == "天水市麦积区政务服务管理局2022年政府信息公开工作年度报告"


def _cli_build(tmp_path: Path, templates: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(EXAMPLE_2021), "--to", "docx,txt", "-o", str(out),
                                       "--templates", str(templates)])
    return result, out


def test_a_file_that_is_not_a_docx_is_refused_with_a_message_and_no_docx_written(tmp_path):
    (tmp_path / "t" / "2021").mkdir(parents=True)
    (tmp_path / "t" / "2021" / "report.docx").write_text("not a zip", encoding="utf-8")
    result, out = _cli_build(tmp_path, tmp_path / "t")
    assert result.exit_code == 1
    assert "docx：Word 模板" in result.stderr and "不是有效的 .docx 文件" in result.stderr
    assert "Traceback" not in result.output
    assert not (out / "2022-maiji-zwfw.docx").exists()


def test_a_template_without_the_nianbao_styles_names_what_is_missing(tmp_path):
    parts = _parts()
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'w:styleId="NbBody"', b'w:styleId="Body"')
    result, out = _cli_build(tmp_path, _write(tmp_path / "t", parts))
    assert result.exit_code == 1 and "缺少样式 NbBody" in result.stderr
    assert not (out / "2022-maiji-zwfw.docx").exists()


def test_an_unknown_variable_or_a_block_tag_inside_a_run_is_a_clear_error(tmp_path):
    parts = _parts()
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"{{p signature_block }}", b"{{ nope }}")
    result, _out = _cli_build(tmp_path, _write(tmp_path / "a", parts))
    assert result.exit_code == 1 and "无法渲染" in result.stderr and "nope" in result.stderr
    parts = _parts()  # {{ x }} instead of {{p x }}: raw paragraphs would land inside a run
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"{{p signature_block }}",
                                                                    b"{{ signature_block }}")
    result, out = _cli_build(tmp_path, _write(tmp_path / "b", parts))
    assert result.exit_code == 1 and "{{p 名称 }}" in result.stderr
    assert "Traceback" not in result.output and not (out / "2022-maiji-zwfw.docx").exists()


def test_a_missing_templates_dir_is_reported(tmp_path):
    result = build_file(EXAMPLE_2021, ["docx"], tmp_path / "out", templates=tmp_path / "nowhere")
    assert result.outputs == [] and "模板文件夹不存在" in result.failures[0]


def test_rendered_docx_is_a_valid_package_for_word(tmp_path):
    result = build_file(EXAMPLE_2021, ["docx"], tmp_path)
    with zipfile.ZipFile(result.outputs[0]) as zf:
        assert zf.namelist()[0] == "[Content_Types].xml"
        assert zf.testzip() is None
        names = set(zf.namelist())
    assert {"word/document.xml", "word/styles.xml", "word/settings.xml", "word/footer1.xml",
            "word/footer2.xml", "docProps/core.xml"} <= names
    docx.Document(io.BytesIO(result.outputs[0].read_bytes()))
