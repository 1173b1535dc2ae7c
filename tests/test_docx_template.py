"""The Word templates: reproducible from the generator, every Jinja tag one run, docxtpl-compatible."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docxtpl import DocxTemplate
from jinja2 import Environment, meta
from lxml import etree

from nianbao import render_context
from nianbao.editions import EDITION_IDS
from nianbao.render.docx import _misplaced, docx_context, render_docx
from nianbao.render.docx.patch import patch_xml
from nianbao.render.docx.template import SHIPPED, SKELETON, make_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
BLOCKS = {"draft_block", "title_block", "preamble_block", "section_blocks", "signature_block"}


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml")


@pytest.mark.parametrize("edition", EDITION_IDS)
def test_committed_template_is_exactly_what_the_generator_makes(edition):
    committed = (SHIPPED / edition / "report.docx").read_bytes()
    assert committed == make_template(edition), "run scripts/make_docx_templates.py and commit the result"


@pytest.mark.parametrize("edition", EDITION_IDS)
def test_every_jinja_tag_sits_whole_in_one_run(edition):
    root = etree.fromstring(_document_xml(make_template(edition)))
    found = []
    for p in root.iter(f"{W}p"):
        texts = [t.text or "" for t in p.iter(f"{W}t")]
        whole = "".join(texts)
        tags = TAG.findall(whole)
        assert len(p.findall(f"{W}r")) == len(texts) == (1 if tags else len(texts))
        for tag in tags:
            assert any(tag in t for t in texts), f"tag split across runs: {tag}"
        found += tags
    assert found == [tag for _style, tag in SKELETON]


@pytest.mark.parametrize("edition", EDITION_IDS)
def test_docxtpl_patching_keeps_every_tag_and_variable(edition):
    source = patch_xml(_document_xml(make_template(edition)).decode("utf-8"))
    variables = meta.find_undeclared_variables(Environment().parse(source))
    assert variables == BLOCKS
    # the {{p …}} / {%p …%} paragraphs were replaced by their bare tags
    assert "{{ title_block }}" in source.replace("  ", " ")
    assert "<w:t>{{p" not in source and "{%p" not in source


@pytest.mark.parametrize("stem", ["2020-echeng-gov", "2022-maiji-zwfw"])
def test_cached_render_matches_plain_docxtpl_render(stem):
    """The fast path is docxtpl semantics: a plain DocxTemplate(path).render() gives the same document."""
    context = render_context(f"examples/{stem}.yaml")
    ours = docx.Document(io.BytesIO(render_docx(context)))
    tpl = DocxTemplate(str(SHIPPED / context["edition"]["id"] / "report.docx"))
    tpl.render(docx_context(context), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    plain = docx.Document(io.BytesIO(buf.getvalue()))
    assert [(p.style.name, p.text) for p in ours.paragraphs] == [(p.style.name, p.text) for p in plain.paragraphs]
    assert [[c.text for c in row.cells] for t in ours.tables for row in t.rows] == \
           [[c.text for c in row.cells] for t in plain.tables for row in t.rows]


def test_rendered_document_keeps_no_template_tags(example):
    context = render_context(example)
    data = _document_xml(render_docx(context))
    assert not _misplaced(data)  # well-formed, no block inside a run (only house templates are re-checked)
    assert not TAG.search(data.decode("utf-8"))
    texts = [p.text for p in docx.Document(io.BytesIO(render_docx(context))).paragraphs]
    assert context["title_lines"][0] in texts[0]
    assert all(s["heading"] in texts for s in context["sections"])
