"""Hostile narrative through the real build: markup, links, template syntax and control characters
come out as literal text (or, for invisible controls, not at all) in every output, and the DOCX opens.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import docx
import lxml.html
import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, need_tool

from nianbao import render_context
from nianbao.check import check_report
from nianbao.cli import main
from nianbao.load import load_text
from nianbao.render import renderer

EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"
SCRIPT = "<script>alert(1)</script>"
JINJA = "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}"
RAW_HTML = '<img src=x onerror=alert(2)> <a href="javascript:alert(3)">点我</a> <iframe src="//evil"></iframe>'
JS_LINKS = "[链接一](javascript:alert(4)) [链接二](JavaScript:alert(5)) <javascript:alert(6)> [链接三](vbscript:x)"
CONTROLS = "控制\x01字符\x1b[2J清屏\x7f删\x85除\x00空"
SAFE_LINK = "[政府网站](https://www.example.gov.cn/)"
LITERALS = [SCRIPT, "{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{# c #}", "<img src=x onerror=alert(2)>",
            '<a href="javascript:alert(3)">点我</a>', "javascript:alert(4)", "JavaScript:alert(5)"]
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
SAFE_SCHEMES = {"", "http", "https", "mailto"}


def _hostile_data() -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    paragraph = f"{SCRIPT} {JINJA} {RAW_HTML} {JS_LINKS} {SAFE_LINK} {CONTROLS}"
    data["title"] = f"某局{SCRIPT}{{{{ 7*7 }}}}年报"
    data["agency"]["name"] = "某局<b>{{ 7*7 }}</b>"
    data["overview"] = {
        "proactive": f"### {SCRIPT}\n\n{paragraph}\n\n- {RAW_HTML}\n- {JINJA}\n",
        "on_request": RAW_HTML, "management": JINJA, "platforms": JS_LINKS, "oversight": SCRIPT,
    }
    data["problems"] = paragraph
    data["other"] = f"{JINJA}\n\n> {SCRIPT}\n\n```\n{RAW_HTML}\n```\n"
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """One real `nianbao build --to html,txt,docx` of a report full of hostile narrative."""
    folder = tmp_path_factory.mktemp("hostile")
    src = folder / "hostile.yaml"
    # yaml.safe_dump writes the control characters as "\x01"-style escapes, as a pasted file would hold them.
    src.write_text(yaml.safe_dump(_hostile_data(), allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(src), "--to", "html,txt,docx", "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return {fmt: folder / "out" / f"hostile.{fmt}" for fmt in ("html", "txt", "docx")}


def test_control_characters_are_reported_with_their_position(built, tmp_path):
    src = built["html"].parent.parent / "hostile.yaml"
    result = CliRunner().invoke(main, ["check", str(src)])
    lines = [line for line in result.output.splitlines() if "[control-char]" in line]
    assert len(lines) == 2  # overview.proactive and problems
    assert all(re.match(r".*hostile\.yaml:\d+(:\d+)?: 警告 \[control-char\]", line) for line in lines)
    assert "U+001B" in result.output and "U+0000" in result.output and "生成时已删除" in result.output


def test_html_has_no_markup_from_the_narrative(built):
    doc = lxml.html.fromstring(built["html"].read_bytes())
    assert [s.get("type") for s in doc.xpath("//script")] == ["application/json"]
    assert not doc.xpath("//img | //iframe | //b | //*[@onerror]")
    on_attrs = [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    assert on_attrs == []


def test_html_shows_the_hostile_text_literally(built):
    doc = lxml.html.fromstring(built["html"].read_bytes())
    shown = doc.text_content()
    for literal in LITERALS:
        assert literal in shown, literal
    assert "49" not in doc.xpath("//h1")[0].text_content()
    assert "某局<b>{{ 7*7 }}</b>" in doc.find_class("signature")[0].text_content()


def test_html_links_are_never_javascript(built):
    doc = lxml.html.fromstring(built["html"].read_bytes())
    hrefs = [a.get("href") for a in doc.xpath("//a[@href]")]
    assert "https://www.example.gov.cn/" in hrefs  # ordinary links still work
    for href in hrefs:
        scheme = urlsplit("".join(href.split())).scheme.lower()
        assert scheme in SAFE_SCHEMES, href


@pytest.mark.parametrize("link", [
    "[a](javascript:alert(1))", "[a](JAVASCRIPT:alert(1))", "[a](&#x6A;avascript:alert(1))",
    "[a](&#106;avascript:alert(1))", "[a](javascript&colon;alert(1))", "<javascript:alert(1)>",
    "[a](<javascript:alert(1)>)", "[a][r]\n\n[r]: javascript:alert(1)", "[a](vbscript:msgbox(1))",
    "[a](file:///etc/passwd)", "[a](data:text/html,<script>alert(1)</script>)",
])
def test_markdown_link_tricks_never_become_script_hrefs(link):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["problems"] = link
    report = load_text(yaml.safe_dump(data, allow_unicode=True), "r.yaml")
    page = renderer("html")(render_context(check_report(report)), None)
    for href in lxml.html.fromstring(page).xpath("//a/@href"):
        assert urlsplit("".join(href.split())).scheme.lower() in SAFE_SCHEMES, href


def test_text_output_is_literal_and_has_no_control_characters(built):
    text = built["txt"].read_bytes().decode("utf-8")
    for literal in LITERALS:
        assert literal in text, literal
    assert "\x1b" not in text and not UNPRINTABLE.search(text)
    assert "控制字符[2J清屏删除空" in text
    assert "某局49" not in text and "49 x" not in text


def test_html_has_no_control_characters(built):
    page = built["html"].read_bytes().decode("utf-8")
    assert not UNPRINTABLE.search(page)
    assert "控制字符[2J清屏删除空" in lxml.html.fromstring(page).text_content()


def _docx_text(path_or_bytes) -> str:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    document = docx.Document(source)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_docx_opens_and_shows_the_hostile_text_literally(built):
    text = _docx_text(built["docx"])
    for literal in LITERALS:
        assert literal in text, literal
    assert "控制字符[2J清屏删除空" in text and "某局<b>{{ 7*7 }}</b>" in text
    assert "某局49" not in text


def test_docx_has_no_hyperlink_to_script(built):
    with zipfile.ZipFile(built["docx"]) as zf:
        rels = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".rels"))
    assert "javascript:" not in rels.lower() and "vbscript:" not in rels.lower()


@need_tool("soffice", "DOCX → PDF 转换验证 Word 文件可被 LibreOffice 打开")
@pytest.mark.libreoffice
def test_docx_with_hostile_narrative_converts_to_pdf(built, tmp_path):
    import pdfplumber

    from nianbao.render.pdf import convert_docx_files

    pdf = convert_docx_files([built["docx"]], tmp_path)[0]
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 2
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert "alert(1)" in text and "7*7" in text


def _report_with(text: str):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    report = load_text(yaml.safe_dump(data, allow_unicode=True), "r.yaml")
    report.data["other"] = text  # lone surrogates cannot be written in YAML; an importer can produce them
    report.data["agency"]["name"] = "某局\udc80"
    return check_report(report)


@pytest.mark.parametrize("fmt", ["html", "txt", "docx"])
def test_unpaired_surrogates_never_break_a_renderer(fmt):
    result = _report_with(f"前\ud800中\udfff后 {SCRIPT}")
    assert {i.code for i in result.issues} >= {"control-char"}
    out = renderer(fmt)(render_context(result), None)
    if fmt == "docx":
        assert "前中后" in _docx_text(out) and "alert(1)" not in _docx_text(out)
    else:
        decoded = out.decode("utf-8")
        assert "前中后" in decoded and not UNPRINTABLE.search(decoded)


def test_thousands_of_sub_headings_are_numbered_in_every_output():
    """More than 999 （一）-level headings ran chinese_numeral off its table (IndexError)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["problems"] = "".join(f"### 小标题\n\n第{i}段。\n\n" for i in range(1, 1202))
    result = check_report(load_text(yaml.safe_dump(data, allow_unicode=True), "r.yaml"))
    context = render_context(result)
    text = renderer("txt")(context, None).decode("utf-8")
    assert "（九百九十九）小标题" in text and "（一千）小标题" in text and "（一千零一十）小标题" in text
    assert "（一千二百零一）小标题" in text
    assert "（一千零一十）小标题" in lxml.html.fromstring(renderer("html")(context, None)).text_content()
    assert "（一千二百零一）小标题" in _docx_text(renderer("docx")(context, None))


@pytest.mark.parametrize("name, body", [
    ("blank-lines", "第一段。" + "\n" * 200_000 + "第二段。"),
    ("blank-run", "\n" + " " * 200_000 + "x"),
    ("nested-list", "".join("  " * i + "- 项\n" for i in range(1500))),
    ("year-without-full-stop", "\n2023年，上年" * 20_000),
    ("period-and-blanks", "统计期限2024年1月1日" + " " * 200_000 + "至12月31日"),
    ("breakdowns", "共计5件，其中3件、" * 10_000),  # each 其中 looked back over the whole sentence
    ("figures-and-quotes", "行政复议公开1件，维持" * 10_000),  # 20,000 issues, each quoting its clause
    ("subject-run", "行政许可" * 20_000 + "3件"),
])
def test_pathological_narratives_are_checked_promptly(tmp_path, name, body):
    """Adjacent \\s* in the lint regexes backtracked cubically: 20,000 blank lines hung `check` for hours.

    The subprocess timeout only guards against that hang; these finish in about a second.
    """
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["problems"] = body
    src = tmp_path / f"{name}.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**9), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "nianbao", "check", str(src)], cwd=ROOT, capture_output=True,
                          timeout=120)
    assert done.returncode in (0, 1) and b"Traceback" not in done.stderr


def test_thousands_of_narrative_issues_point_at_their_own_lines(tmp_path):
    """One issue per sentence, each with its own line (positions computed once per text, not per issue)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["problems"]
    block = "".join(f"  第{i}条：收到政府信息公开申请{i + 900}件。\n" for i in range(3000))
    src = tmp_path / "many.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True) + "problems: |\n" + block, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(src), "--format", "json"])
    found = [i for i in json.loads(result.stdout) if i["code"] == "narrative-number" and i["path"] == "problems"]
    assert len(found) == 3000
    lines = [i["line"] for i in found]
    assert lines == list(range(lines[0], lines[0] + 3000))
    text = src.read_text(encoding="utf-8").splitlines()
    assert "第0条" in text[lines[0] - 1] and "第2999条" in text[lines[-1] - 1]
