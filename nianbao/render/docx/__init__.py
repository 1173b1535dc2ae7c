"""The publishable DOCX: a docxtpl template per edition, rendered with everything cacheable cached.

docxtpl's own `DocxTemplate(path).render()` re-reads the .docx, re-patches and recompiles the Jinja
source and re-serialises every part for each report. Here a template is read once: its parts are
kept as bytes, its tag-bearing parts patched by docxtpl's `patch_xml` and compiled once; a render is
one Jinja pass with blocks built in code (tables, title breaks, signature, narrative) inserted as
raw XML values — never as template source — then a zip of the cached bytes and the new parts.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError

from nianbao.render import RenderUnavailable
from nianbao.render.docx.narrative import narrative_xml
from nianbao.render.docx.patch import patch_xml
from nianbao.render.docx.tables import table_xml
from nianbao.render.docx.template import SHIPPED, TEMPLATE_NAME, core_xml, zip_parts
from nianbao.render.docx.xml import (
    BREAK,
    CHAR,
    REQUIRED_STYLES,
    STYLE_BODY,
    STYLE_DRAFT,
    STYLE_HEADINGS,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    clean,
    indent,
    paragraph,
    run,
)
from nianbao.render.env import SealedBytecodeCache, from_string_cached
from nianbao.render.title import signature_lines
from nianbao.settings import zip_too_big

LINE_CHARS = 28
SIGNATURE_RIGHT_GAP = 2  # 署名 右空二字; the date starts two 字 right of the name (GB/T 9704 7.3.5)
DIGIT_GAP = 0.18  # 字 LibreOffice adds between CJK and digits ("2025年1月20日" ≈ 7.4 字)
_TEMPLATED = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_ENV = Environment(autoescape=True, undefined=StrictUndefined, bytecode_cache=SealedBytecodeCache("docx"))
# Blocks put where a run or text belongs ({{ x }} / {{r x }} instead of {{p x }}): well-formed, but Word
# refuses the file.
_MISPLACED_XPATH = "//w:t/*|//w:p/w:p|//w:r/w:p"
_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _misplaced(data: bytes) -> bool:
    """A house template's output that Word would refuse: not XML, or blocks inside runs."""
    from lxml import etree  # only house templates are re-parsed: the shipped ones are tested here

    try:
        return bool(etree.fromstring(data).xpath(_MISPLACED_XPATH, namespaces=_W))
    except etree.XMLSyntaxError:
        return True


class DocxTemplateError(RenderUnavailable):
    """A Word template that cannot be read, compiled or rendered; the message names the file."""


class Xml(str):
    """WordprocessingML built in code; docxtpl's `{{p x }}` inserts it as is (like its RichText)."""

    def __html__(self) -> str:
        return str(self)


@dataclass
class CompiledTemplate:
    """A template read once: part bytes in zip order, and the compiled Jinja of tag-bearing parts."""

    path: Path
    parts: dict[str, bytes]
    templates: dict
    unescape_braces: bool  # docxtpl's {_{ … }_} escapes are in use
    shipped: bool  # generated and tested here: its output needs no re-parsing


_CACHE: dict[tuple[str, int, int], CompiledTemplate] = {}


def template_path(edition_id: str, templates_dir: Path | str | None = None) -> Path:
    """The user's <dir>/<edition>/report.docx or <dir>/report.docx, else the shipped template."""
    if templates_dir is not None:
        folder = Path(templates_dir)
        if not folder.is_dir():
            raise DocxTemplateError(f"模板文件夹不存在：{folder}")
        for candidate in (folder / edition_id / TEMPLATE_NAME, folder / TEMPLATE_NAME):
            if candidate.is_file():
                return candidate
    return SHIPPED / edition_id / TEMPLATE_NAME


def load_template(path: Path) -> CompiledTemplate:
    """Read, check and compile a template once per file version (path, mtime, size)."""
    if path.parent.parent == SHIPPED and path.name == TEMPLATE_NAME and not path.exists():
        return _generated(path.parent.name)  # an edition without a shipped .docx: made from its layout
    try:
        stat = path.stat()
    except OSError as exc:
        raise DocxTemplateError(f"找不到 Word 模板：{path}（{exc.strerror}）") from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is None:
        cached = _compile(path)
        if len(_CACHE) >= 16:  # edited user templates: forget old versions
            _CACHE.clear()
        _CACHE[key] = cached
    return cached


@cache
def _generated(edition_id: str) -> CompiledTemplate:
    """The Word template of an edition that ships none (a new or user edition file), generated once."""
    from nianbao.render.docx.template import make_template

    return _compile(SHIPPED / edition_id / TEMPLATE_NAME, io.BytesIO(make_template(edition_id)))


def _compile(path: Path, source: io.BytesIO | None = None) -> CompiledTemplate:
    try:
        with zipfile.ZipFile(source or path) as zf:
            too_big = zip_too_big(zf)
            if too_big:
                raise DocxTemplateError(f"Word 模板 {path} {too_big}")
            parts = {info.filename: zf.read(info) for info in zf.infolist()}
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise DocxTemplateError(f"Word 模板 {path} 不是有效的 .docx 文件：{exc}") from None
    if "word/document.xml" not in parts:
        raise DocxTemplateError(f"Word 模板 {path} 缺少 word/document.xml，不是 Word 文档")
    missing = [s for s in REQUIRED_STYLES if f'w:styleId="{s}"'.encode() not in parts.get("word/styles.xml", b"")]
    if missing:
        raise DocxTemplateError(
            f"Word 模板 {path} 缺少样式 {'、'.join(missing)}；请在内置模板 nianbao/templates/<版本>/report.docx "
            "的基础上修改（只改样式、页眉页脚，保留其中的标签段落）")
    templates = {}
    braces = False
    for name, data in parts.items():
        if not _TEMPLATED.fullmatch(name) or b"{" not in data:  # Word may split a tag: {</w:t>…<w:t>{
            continue
        try:
            text = patch_xml(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise DocxTemplateError(f"Word 模板 {path}（{name}）不是 UTF-8 编码，请用 Word 另存为 .docx") from None
        braces = braces or any(s in text for s in ("{_{", "}_}", "{_%", "%_}"))
        try:
            templates[name] = from_string_cached(_ENV, text, f"docx:{name}")
        except TemplateSyntaxError as exc:
            raise DocxTemplateError(f"Word 模板 {path}（{name}）中的 Jinja 标签有误：{exc.message}") from None
    shipped = path.resolve().is_relative_to(SHIPPED.resolve())
    return CompiledTemplate(path, parts, templates, braces, shipped)


def text_width(text: str) -> float:
    """Approximate width in 字: wide characters 1, others ½, plus LibreOffice's CJK/digit gaps."""
    width, prev = 0.0, None
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in "WFA"
        width += 1 if wide else 0.5
        if prev is not None and wide != prev:
            width += DIGIT_GAP
        prev = wide
    return width


KEEP = "<w:keepNext/>"


def attachments_xml(label: str, names: list[str]) -> str:
    """附件说明 (GB/T 9704 §7.3.4): 正文下空一行左空二字，附件：1.… with the numbers aligned."""
    if not names:
        return ""
    lead = len(label) + 1  # 附件：
    numbered = len(names) > 1
    out = [paragraph("", STYLE_BODY, KEEP)]
    for n, item in enumerate(names, 1):
        text = f"{n}.{item}" if numbered else item
        head = f"{label}：" if n == 1 else ""
        # Later items start under the first item's number; a wrapped line under its name (§7.3.4).
        number = 1 if numbered else 0  # "1." is two half-width characters
        hang = (lead if n == 1 else 0) + number
        ppr = KEEP + indent(left=round((2 + lead + number) * CHAR), hanging=round(hang * CHAR))
        out.append(paragraph(run(head + text), STYLE_BODY, ppr))
    return "".join(out)


def signature_xml(name: str, date_text: str) -> str:
    """One blank line, then 署名 右空二字 and the date two 字 right of its first character (GB/T 9704 §7.3.5.2).

    A date wider than the name takes 右空二字 and the name moves left. A name longer than its place is
    broken after administrative units (as the title is), its lines starting under one another and the
    longest 右空二字. Every paragraph keeps with the next, so 署名 and 成文日期 never part (the last body
    paragraph keeps with the block too, see docx_context).
    """
    if not name and not date_text:
        return ""
    lines = signature_lines(name)
    right = LINE_CHARS - SIGNATURE_RIGHT_GAP
    name_at = right - max((text_width(line) for line in lines), default=0)
    date_at = name_at + 2
    if date_text and date_at + text_width(date_text) > right:
        date_at = right - text_width(date_text)
        name_at = date_at - 2
    out = [paragraph("", None, KEEP)]
    for n, line in enumerate(lines, 1):
        keep = KEEP if date_text or n < len(lines) else ""
        out.append(paragraph(run(line), STYLE_SIGNATURE, keep + indent(left=round(max(name_at, 0) * CHAR))))
    if date_text:
        out.append(paragraph(run(date_text), STYLE_SIGNATURE, indent(left=round(max(date_at, 0) * CHAR))))
    return "".join(out)


def title_xml(lines: list[str]) -> str:
    """The title as broken by the context (upper line longer), then one blank line."""
    return paragraph(BREAK.join(run(line) for line in lines), STYLE_TITLE) + paragraph("")


def _section_content(section: dict, tables: dict) -> str:
    if section.get("table"):
        return table_xml(tables[section["table"]])
    if section.get("parts"):
        return "".join(
            paragraph(run(part["heading"]), STYLE_HEADINGS[1]) + narrative_xml(part["markdown"], 3)
            for part in section["parts"]
        )
    return narrative_xml(section.get("markdown", ""), 2)


def _keep_last_paragraph(xml: str) -> str:
    """The last w:p of a block with keepNext added (after its pStyle, as the schema orders pPr)."""
    at = xml.rfind("<w:p>")
    if at < 0 or "<w:tbl>" in xml[at:] or "</w:tbl>" in xml[at:]:
        return xml
    tail = xml[at:]
    if tail.startswith("<w:p><w:pPr>"):
        style = re.match(r'<w:p><w:pPr>(<w:pStyle w:val="[^"]*"/>)?', tail)
        assert style is not None  # the group is optional: the pattern matches any tail starting <w:p><w:pPr>
        end = style.end()
        if not tail[end:].startswith(KEEP):
            tail = tail[:end] + KEEP + tail[end:]
    else:
        tail = "<w:p><w:pPr>" + KEEP + "</w:pPr>" + tail[len("<w:p>"):]
    return xml[:at] + tail


def docx_context(context: dict) -> dict:
    """The render context plus the blocks the Word template places: all data, no template source."""
    ctx = dict(context)  # build_context already removed unprintable characters from every string
    ctx["draft_block"] = Xml(paragraph(run(context["draft_label"]), STYLE_DRAFT) if context.get("draft") else "")
    ctx["title_block"] = Xml(title_xml(context["title_lines"]))
    ctx["preamble_block"] = Xml(narrative_xml(context.get("preamble", ""), 2))
    ctx["section_blocks"] = [
        {"key": s["key"], "heading": clean(s["heading"]), "content": Xml(_section_content(s, context["tables"]))}
        for s in context["sections"]
    ]
    if ctx["section_blocks"]:  # the last body paragraph stands on the page of the 署名
        last = ctx["section_blocks"][-1]
        last["content"] = Xml(_keep_last_paragraph(str(last["content"])))
    ctx["signature_block"] = Xml(
        attachments_xml(context.get("attachments_label", ""), context.get("attachments") or [])
        + signature_xml(context.get("signatory") or context["agency"]["name"], context.get("date_text", "")))
    return ctx


def render_docx(context: dict, templates_dir: Path | None = None) -> bytes:
    """The .docx bytes of one report (GB/T 9704 page, official tables, numbered narrative)."""
    compiled = load_template(template_path(context["edition"]["id"], templates_dir))
    ctx = docx_context(context)
    parts: dict[str, bytes | str] = dict(compiled.parts)
    for name, template in compiled.templates.items():
        try:
            xml = template.render(ctx)
        except TemplateError as exc:
            raise DocxTemplateError(f"Word 模板 {compiled.path}（{name}）无法渲染：{exc.message or exc}") from None
        if compiled.unescape_braces:
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        data = xml.encode("utf-8")
        if not compiled.shipped and _misplaced(data):
            raise DocxTemplateError(
                f"Word 模板 {compiled.path}（{name}）渲染后不是有效的 Word 文档；"
                "插入表格、正文等块的标签须独占一段并写作 {{p 名称 }}") from None
        parts[name] = data
    if "docProps/core.xml" in parts:
        subject = f"《{context['edition']['format_name']}》（{context['edition']['document']}）"
        parts["docProps/core.xml"] = core_xml(context["title"], context["agency"]["name"], subject)
    return zip_parts(parts, compresslevel=1)  # 3× faster than level 6, output ~15 % larger
