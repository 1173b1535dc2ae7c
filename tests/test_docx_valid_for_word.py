"""Every DOCX nianbao writes passes the Open XML SDK validator (what Word checks before "unreadable content").

One node process validates all of them against the current schema and one against Word 2007's: the
examples of both editions, drafts (a scaffold and a report with errors, built with --force), house
templates, the generated templates and the stress cases; deliberately corrupted copies are rejected,
so the check can fail.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from ooxml import brief, need_validator, validate

from nianbao.build import build_file
from nianbao.check import check_file
from nianbao.render.context import build_context
from nianbao.render.docx import render_docx
from nianbao.render.docx.styles import Fonts
from nianbao.render.docx.template import SHIPPED, make_template, zip_parts
from nianbao.scaffold import scaffold

pytestmark = pytest.mark.ooxml
EXAMPLE_2021 = ROOT / "examples" / "2022-maiji-zwfw.yaml"
EXAMPLE_2019 = ROOT / "examples" / "2020-jinyun-rsj.yaml"
NAME_45 = "新疆维吾尔自治区伊犁哈萨克自治州奎屯市人民政府办公室政务公开与政务服务数据资源管理服务中心"
NAME_25 = "内蒙古自治区呼和浩特市赛罕区人民政府办公室"
NARRATIVE = "\n".join([
    "### 工作开展",
    "**一是加强领导。**成立工作专班，*定期*调度。",
    "#### 制度建设",
    "- 修订《政府信息公开办理规程》；",
    "- 建立台账。",
    "1. 第一项；",
    "2. 第二项。",
    "| 工作任务 | 完成情况 | 备注 |",
    "| --- | --- | ---: |",
    "| 政策解读 | 完成 **32** 篇 | 1234567 |",
    "| 公开查阅点 | 新建 3 个 |  |",
    "##### 第五级标题",
    "> 引用的一段话。",
    "`代码` 与 <b>原始 HTML</b> 以及 ![图片](a.jpg)、[链接](https://example.org)。",
    *[f"第{n}段：持续推进政务公开标准化规范化建设，做好政府信息主动公开工作，确保公开内容及时、准确、完整。"
      for n in range(1, 121)],
])


def _stress_yaml(path: Path, name: str, extra: str = "", narrative: str = NARRATIVE) -> Path:
    text = EXAMPLE_2021.read_text("utf-8").replace("天水市麦积区政务服务管理局", name)
    text = re.sub(r"(?ms)^other: \|.*?\n\n", "", text)
    block = "".join(f"  {line}\n" for line in narrative.splitlines())
    path.write_text(text + f"other: |\n{block}" + extra, "utf-8")
    return path


def _house_templates(folder: Path) -> list[Path]:
    """Template folders as agencies make them: their fonts, one file for every edition, tags split by Word."""
    fonts = folder / "fonts" / "2021"
    fonts.mkdir(parents=True)
    (fonts / "report.docx").write_bytes(make_template("2021", Fonts(body="仿宋", heading2="楷体")))
    top = folder / "top"
    top.mkdir()
    (top / "report.docx").write_bytes(make_template("2019", Fonts(body="FangSong", title="方正小标宋_GBK")))
    with zipfile.ZipFile(SHIPPED / "2021" / "report.docx") as zf:
        parts: dict[str, bytes | str] = {n: zf.read(n) for n in zf.namelist()}
    body = parts["word/document.xml"].decode("utf-8")  # type: ignore[union-attr]
    parts["word/document.xml"] = body.replace(  # as Word saves an edited file: one tag in three runs
        "<w:r><w:t>{{p title_block }}</w:t></w:r>",
        '<w:r><w:t>{{p ti</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>tle_bl</w:t></w:r><w:r><w:t>ock }}</w:t></w:r>")
    footer = parts["word/footer1.xml"].decode("utf-8")  # type: ignore[union-attr]
    parts["word/footer1.xml"] = footer.replace(
        "</w:p>", '<w:r><w:t xml:space="preserve">  {</w:t></w:r><w:r><w:t>{ agency.name }}</w:t></w:r></w:p>')
    split = folder / "split" / "2021"
    split.mkdir(parents=True)
    (split / "report.docx").write_bytes(zip_parts(parts))
    return [folder / "fonts", top, folder / "split"]


def _seven_digit_values(out: Path) -> list[Path]:
    """7-digit 表三 and 6-digit 表四 values in every cell (the smaller cell font), both editions."""
    made = []
    for example in (EXAMPLE_2021, EXAMPLE_2019):
        context = build_context(check_file(example))
        for key, value in (("requests", "2382701"), ("reviews", "238270")):
            for row in context["tables"][key].body:
                for cell in row:
                    if cell.key:
                        cell.text = value
        made.append(out / f"digits-{example.stem}.docx")
        made[-1].write_bytes(render_docx(context))
    return made


def _build(path: Path, out: Path, **kw) -> Path:
    result = build_file(path, ["docx"], out, **kw)
    assert result.outputs, result.failures
    return result.outputs[0]


def _corrupt(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zf:
        parts: dict[str, bytes | str] = {n: zf.read(n) for n in zf.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")  # type: ignore[union-attr]
    changed = change(xml)
    assert changed != xml
    parts["word/document.xml"] = changed
    target.write_bytes(zip_parts(parts))
    return target


CORRUPTIONS = {  # name → (change to document.xml, an error id the validator must report for it)
    "paragraph-inside-run": (lambda x: x.replace("<w:r><w:t", "<w:r><w:p/><w:t", 1),
                             "Sch_InvalidElementContentExpectingComplex"),
    "unknown-element": (lambda x: x.replace("</w:pPr>", "<w:bogus/></w:pPr>", 1),
                        "Sch_InvalidElementContentExpectingComplex"),
    "run-properties-out-of-order": (lambda x: re.sub(r"<w:rPr>(<w:sz [^>]*/>)(<w:szCs [^>]*/>)", r"<w:rPr>\2\1", x,
                                                     count=1),
                                    "Sch_UnexpectedElementContentExpectingComplex"),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[Path, list[dict]], dict]:
    need_validator()
    tmp = tmp_path_factory.mktemp("ooxml")
    out = tmp / "out"
    made: dict[str, Path] = {}
    for example in EXAMPLES:  # 2019 edition (2020 reports) and 2021 edition (2022 report)
        made[f"example {example.stem}"] = _build(example, out)
    for year in (2020, 2024):  # a fresh scaffold is a draft: its placeholders are errors
        draft = tmp / f"scaffold-{year}.yaml"
        draft.write_text(scaffold(year, NAME_25), "utf-8")
        made[f"draft scaffold {year}"] = _build(draft, out, force=True)
    wrong = tmp / "wrong-total.yaml"
    wrong.write_text(EXAMPLE_2021.read_text("utf-8").replace("licensing: {decisions: 0}", "licensing: {decisions: -3}"),
                     "utf-8")
    made["draft with errors"] = _build(wrong, out, force=True)
    for n, templates in enumerate(_house_templates(tmp / "house")):
        for example in (EXAMPLE_2021, EXAMPLE_2019):
            made[f"house template {templates.name} {example.stem}"] = _build(example, out / f"house{n}",
                                                                           templates=templates)
    for edition in ("2019", "2021"):  # what an edition without a shipped .docx gets
        generated = tmp / f"generated-{edition}"
        generated.mkdir()
        (generated / "report.docx").write_bytes(make_template(edition))
        example = EXAMPLE_2019 if edition == "2019" else EXAMPLE_2021
        made[f"generated template {edition}"] = _build(example, out / generated.name, templates=generated)
    stress = tmp / "stress"
    stress.mkdir()
    extra = (f"signatory: {NAME_45}\nattachments:\n  - 2025年政府信息公开工作台账\n"
             "  - 依申请公开办理情况统计表（含各承办科室的答复期限、答复方式及送达情况汇总）\n  - 图片\n")
    made["stress 45-char name, narrative, GFM table, signatory, attachments"] = _build(
        _stress_yaml(stress / "all.yaml", NAME_45, extra), out / "stress", force=True)
    made["stress 45-char name alone"] = _build(_stress_yaml(stress / "name45.yaml", NAME_45, narrative="无。"),
                                               out / "stress", force=True)
    made["stress one attachment"] = _build(
        _stress_yaml(stress / "one.yaml", NAME_25, "attachments:\n  - 工作台账\n", narrative="无。"),
        out / "stress", force=True)
    for path in _seven_digit_values(out):
        made[f"stress {path.stem}"] = path
    base = made["example 2022-maiji-zwfw"]
    for name, (change, _id) in CORRUPTIONS.items():
        made[f"corrupt {name}"] = _corrupt(base, tmp / f"corrupt-{name}.docx", change)
    generated = [path for label, path in made.items() if not label.startswith("corrupt ")]
    made["word 2010 table look"] = _corrupt(base, tmp / "tbllook-2010.docx", lambda x: x.replace(
        '<w:tblLook w:val="0600"/>', '<w:tblLook w:val="0600" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'))
    return made, validate(list(made.values())), validate([*generated, made["word 2010 table look"]], "Office2007")


def test_every_docx_nianbao_writes_is_valid_for_word(checked):
    made, errors, _word_2007 = checked
    generated = {label: path for label, path in made.items() if not label.startswith(("corrupt ", "word 2010"))}
    assert len(set(generated.values())) == len(generated) == 21
    with zipfile.ZipFile(made["stress 45-char name, narrative, GFM table, signatory, attachments"]) as zf:
        assert zf.read("word/document.xml").count(b"<w:tbl>") == 4  # 表二, 表三, 表四 and the GFM table
    invalid = {label: brief(errors[path]) for label, path in generated.items() if errors[path]}
    assert invalid == {}


def test_every_docx_is_valid_for_word_2007_too(checked):
    """Agency PCs keep old Word: nothing Word 2007's schema lacks (tblLook's firstRow=… attributes were)."""
    made, errors, word_2007 = checked
    newer = made["word 2010 table look"]  # what nianbao wrote before: valid for Word 2010 on, not for 2007
    assert errors[newer] == [] and {e["id"] for e in word_2007[newer]} == {"Sch_UndeclaredAttribute"}
    invalid = {label: brief(word_2007[path]) for label, path in made.items()
               if path in word_2007 and path != newer and word_2007[path]}
    assert len(word_2007) == 22 and invalid == {}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_a_corrupted_docx_is_rejected(checked, name):
    made, errors, _word_2007 = checked
    found = errors[made[f"corrupt {name}"]]
    assert found and all(e["path"] == "/word/document.xml" for e in found)
    assert CORRUPTIONS[name][1] in {e["id"] for e in found}, brief(found)


def test_a_file_that_is_not_a_docx_at_all_is_rejected(tmp_path):
    bad = tmp_path / "zip.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    (errors,) = validate([bad]).values()
    assert [e["errorType"] for e in errors] == ["Exception"]
