"""Narrative, title and names are data: template syntax in them comes out as literal text, and no markup
from them is ever markup. HTML tags in a narrative are removed (narrative-html warns at their line); the
title and the names are plain text and keep them as written."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import yaml

from nianbao import render_context
from nianbao.check import check_file
from nianbao.render.html import render_html
from nianbao.render.text import render_text

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} <img src=x onerror=alert(2)>"


def _report(tmp_path: Path) -> Path:
    data = yaml.safe_load((ROOT / "examples" / "2022-maiji-zwfw.yaml").read_text(encoding="utf-8"))
    data["other"] = HOSTILE
    data["problems"] = f"### {HOSTILE}\n\n- {HOSTILE}\n"
    data["agency"]["name"] = "某局{{ 7*7 }}<b>"
    data["title"] = "标题<script>alert(3)</script>{{ 7*7 }}"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_template_syntax_is_literal_and_narrative_html_is_gone_in_html(tmp_path: Path) -> None:
    result = check_file(_report(tmp_path))
    page = render_html(render_context(result)).decode("utf-8")
    doc = lxml.html.fromstring(page)
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json"]  # no script came from the data
    assert not doc.xpath("//img") and not doc.xpath("//*[@onerror]") and not doc.xpath("//b")
    other = doc.get_element_by_id("section-other")
    assert [p.text_content() for p in other.xpath(".//p")] == ["{{ 7*7 }} {% if 1 %}x{% endif %}"]
    problems = doc.get_element_by_id("section-problems")
    assert problems.xpath(".//h3")[0].text_content() == "（一）{{ 7*7 }} {% if 1 %}x{% endif %}"
    assert problems.xpath(".//li")[0].text_content().strip() == "{{ 7*7 }} {% if 1 %}x{% endif %}"
    for section in (other, problems):
        assert "script" not in section.text_content() and "alert" not in section.text_content()
    codes = [i.code for i in result.issues if i.code == "narrative-html"]
    assert len(codes) == 3  # other, and the heading and the list item of problems
    assert doc.xpath("//h1")[0].text_content().startswith("标题<script>alert(3)</script>{{ 7*7 }}")
    assert "某局{{ 7*7 }}<b>" in doc.find_class("signature")[0].text_content()


def test_embedded_json_cannot_close_its_script_element(tmp_path: Path) -> None:
    page = render_html(render_context(_report(tmp_path))).decode("utf-8")
    body = page.split('<script type="application/json" id="report-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and "\\u003cscript\\u003e" in body


def test_template_syntax_is_literal_and_narrative_html_is_gone_in_text(tmp_path: Path) -> None:
    text = render_text(render_context(_report(tmp_path))).decode("utf-8")
    assert "\u3000\u3000{{ 7*7 }} {% if 1 %}x{% endif %}" in text.splitlines()
    assert "alert(1)" not in text and "<img" not in text
    assert "标题<script>alert(3)</script>{{ 7*7 }}" in text
    assert "某局{{ 7*7 }}<b>" in text
    assert "某局49" not in text and "</script> 49" not in text
