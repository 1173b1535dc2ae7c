"""Generate the Word template of each edition, so that every Jinja tag is one run (docxtpl-safe).

The template holds the page (A4, GB/T 9704 margins, line grid), the styles, the odd/even page-number
footers and a short skeleton of docxtpl tags; the tables, the title breaks and the signature are
built in code at render time. Output is byte-for-byte reproducible (fixed zip dates), so a test can
prove the committed templates are what this module makes. Run `scripts/make_docx_templates.py`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

from nianbao.editions import EDITION_IDS
from nianbao.editions import get as get_edition
from nianbao.render.docx.styles import XML_DECL, Fonts, font_table_xml, footer_xml, styles_xml
from nianbao.render.docx.xml import (
    FOOTER_DIST,
    HEADER_DIST,
    LINE_PITCH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_H,
    PAGE_W,
    R_NS,
    STYLE_HEADINGS,
    W_NS,
    esc,
)
from nianbao.render.env import SHIPPED

TEMPLATE_NAME = "report.docx"
ZIP_DATE = (2019, 1, 1, 0, 0, 0)

# The skeleton: one docxtpl tag per paragraph, each in a single run. `{{p x }}` replaces its paragraph
# with the XML the renderer built; the headings of 一、…六、 are ordinary styled template paragraphs.
SKELETON = (
    (None, "{{p draft_block }}"),
    (None, "{{p title_block }}"),
    (None, "{{p preamble_block }}"),
    (None, "{%p for s in section_blocks %}"),
    (STYLE_HEADINGS[0], "{{ s.heading }}"),
    (None, "{{p s.content }}"),
    (None, "{%p endfor %}"),
    (None, "{{p signature_block }}"),
)

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def document_xml() -> str:
    """The skeleton paragraphs and the one section: A4, 37/35/28/26 mm, odd/even footers, 579 tw lines."""
    paras = []
    for style, tag in SKELETON:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        paras.append(f"<w:p>{ppr}<w:r><w:t>{esc(tag)}</w:t></w:r></w:p>")
    sect = (
        '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DIST}" w:footer="{FOOTER_DIST}" w:gutter="0"/>'
        f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>'
    )
    return (f'{XML_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
            f'{"".join(paras)}{sect}</w:body></w:document>')


def settings_xml() -> str:
    """Different odd and even footers; Word 2013+ layout; Chinese theme language."""
    return (
        f'{XML_DECL}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
        '<w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


def core_xml(title: str = "", creator: str = "", subject: str = "") -> str:
    """Document properties; the renderer writes the report's own title and agency here."""
    return (
        f'{XML_DECL}<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
        f"<dc:title>{esc(title)}</dc:title><dc:subject>{esc(subject)}</dc:subject>"
        f"<dc:creator>{esc(creator)}</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>"
    )


def _content_types() -> str:
    over = {
        "/word/document.xml": f"{CT_MAIN}.document.main+xml",
        "/word/styles.xml": f"{CT_MAIN}.styles+xml",
        "/word/settings.xml": f"{CT_MAIN}.settings+xml",
        "/word/fontTable.xml": f"{CT_MAIN}.fontTable+xml",
        "/word/footer1.xml": f"{CT_MAIN}.footer+xml",
        "/word/footer2.xml": f"{CT_MAIN}.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    items = "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in over.items())
    return (f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>')


def _rels(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in items)
    return f'{XML_DECL}<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


def template_parts(edition_id: str, fonts: Fonts | None = None) -> dict[str, str]:
    """Every part of the template package, by zip member name, in writing order."""
    fonts = fonts or Fonts()
    ed = get_edition(edition_id)
    return {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _rels([
            ("rId1", f"{REL}/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml"),
            ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
        ]),
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": _rels([
            ("rIdStyles", f"{REL}/styles", "styles.xml"),
            ("rIdSettings", f"{REL}/settings", "settings.xml"),
            ("rIdFonts", f"{REL}/fontTable", "fontTable.xml"),
            ("rIdFooterOdd", f"{REL}/footer", "footer1.xml"),
            ("rIdFooterEven", f"{REL}/footer", "footer2.xml"),
        ]),
        "word/styles.xml": styles_xml(fonts),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(fonts),
        "word/footer1.xml": footer_xml(fonts, odd=True),
        "word/footer2.xml": footer_xml(fonts, odd=False),
        "docProps/core.xml": core_xml(subject=f"《{ed.format_name}》（{ed.document}）"),
        "docProps/app.xml": (f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                             'extended-properties"><Application>nianbao</Application></Properties>'),
    }


def zip_parts(parts: Mapping[str, bytes | str], compresslevel: int = 6) -> bytes:
    """A deterministic .docx: fixed dates, deflated, in the given order ([Content_Types].xml first)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=compresslevel)
    return buf.getvalue()


def make_template(edition_id: str, fonts: Fonts | None = None) -> bytes:
    """The .docx bytes of one edition's template."""
    return zip_parts(template_parts(edition_id, fonts))


def write_templates(root: Path = SHIPPED, fonts: Fonts | None = None) -> list[Path]:
    """Write <root>/<edition>/report.docx for every edition; returns the paths written."""
    from nianbao.output import atomic_write

    written = []
    for edition_id in EDITION_IDS:
        written.append(atomic_write(root / edition_id / TEMPLATE_NAME, make_template(edition_id, fonts)))
    return written
