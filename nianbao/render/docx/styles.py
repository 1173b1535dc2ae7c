"""styles.xml, fontTable.xml and the two page-number footers of the Word template (GB/T 9704 fonts).

Font families are a parameter (`Fonts`), so a house template with 仿宋 instead of 仿宋_GB2312 is one
command (`scripts/make_docx_templates.py --body 仿宋`). Layout numbers: reference/layout.md §1.2, §2.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from nianbao.render.docx.xml import (
    BOLD,
    CHAR,
    LINE_PITCH,
    STYLE_BODY,
    STYLE_CELL,
    STYLE_CELL_HEAD,
    STYLE_DRAFT,
    STYLE_EMPHASIS,
    STYLE_FOOTER,
    STYLE_HEADINGS,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    TITLE_LINE,
    W_NS,
    attr,
    rfonts,
    size,
)

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE = 32, 44, 28, 21  # half-points: 3号, 2号, 4号, 五号
PAGE_NUMBER_INDENT = 275  # one 4号 字 less the −0.25 pt spacing (layout.md §2.4)


@dataclass(frozen=True)
class Fonts:
    """The family written for each element; defaults are the names agency PCs have."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    page_number: str = "宋体"
    table_head: str = "黑体"

    def families(self) -> list[str]:
        seen: list[str] = []
        for f in fields(self):
            name = getattr(self, f.name)
            if name not in seen:
                seen.append(name)
        return seen


# Windows fallbacks Word may use when the _GB2312 font is missing (layout.md §2.3, unverified in Word).
_ALT_NAMES = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}


def _style(style_id: str, name: str, ppr: str = "", rpr: str = "", based_on: str | None = "Normal",
           outline: int | None = None) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'{based}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def styles_xml(fonts: Fonts) -> str:
    """Normal = 3号 body font, exact 28.95 pt lines, −0.25 pt spacing: 22 lines × 28 characters."""
    exact = f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
    single = '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    first_line = f'<w:ind w:firstLine="{2 * CHAR}" w:firstLineChars="200"/>'
    no_indent = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
    keep = "<w:keepNext/>"
    lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    heading_fonts = (fonts.heading1, fonts.heading2, fonts.body, fonts.body)
    headings = "".join(
        _style(sid, f"年报标题{level + 1}级", keep + first_line,
               rfonts(family) + (BOLD if level == 2 else ""), STYLE_BODY, outline=level)
        for level, (sid, family) in enumerate(zip(STYLE_HEADINGS, heading_fonts, strict=True))
    )
    return (
        f'{XML_DECL}<w:styles xmlns:w="{W_NS}">'
        f"<w:docDefaults><w:rPrDefault><w:rPr>{rfonts(fonts.body)}{size(BODY_SIZE)}{lang}</w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="1"/>{exact}<w:jc w:val="both"/></w:pPr>'
        f'<w:rPr>{rfonts(fonts.body)}<w:spacing w:val="-5"/>{size(BODY_SIZE)}</w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        + _style(STYLE_BODY, "年报正文", first_line)
        + _style(STYLE_TITLE, "年报标题",
                 f'<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{TITLE_LINE}" '
                 f'w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>',
                 rfonts(fonts.title) + size(TITLE_SIZE))
        + headings
        + _style(STYLE_SIGNATURE, "年报署名日期", no_indent + '<w:jc w:val="left"/>')
        + _style(STYLE_DRAFT, "年报草稿标记", no_indent + '<w:jc w:val="center"/>',
                 rfonts(fonts.heading1) + '<w:color w:val="C00000"/>')
        + _style(STYLE_CELL, "年报表格", single + no_indent + '<w:jc w:val="center"/>',
                 '<w:spacing w:val="0"/>' + size(TABLE_SIZE))
        + _style(STYLE_CELL_HEAD, "年报表头", "", rfonts(fonts.table_head), STYLE_CELL)
        + _style(STYLE_FOOTER, "年报页码", single + no_indent,
                 rfonts(fonts.page_number) + size(PAGE_NUMBER_SIZE))
        + f'<w:style w:type="character" w:customStyle="1" w:styleId="{STYLE_EMPHASIS}"><w:name w:val="年报强调"/>'
        f'<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/><w:rPr>{rfonts(fonts.heading2)}</w:rPr></w:style>'
        + "</w:styles>"
    )


def font_table_xml(fonts: Fonts) -> str:
    """Declared families; altName may help Word substitute a missing _GB2312 font."""
    entries = []
    for name in fonts.families():
        alt = f'<w:altName w:val="{attr(_ALT_NAMES[name])}"/>' if name in _ALT_NAMES else ""
        entries.append(f'<w:font w:name="{attr(name)}">{alt}<w:charset w:val="86"/><w:family w:val="modern"/>'
                       '<w:pitch w:val="fixed"/></w:font>')
    return f'{XML_DECL}<w:fonts xmlns:w="{W_NS}">{"".join(entries)}</w:fonts>'


def footer_xml(fonts: Fonts, odd: bool) -> str:
    """"— n —" in 4号 宋体: right on odd pages, left on even, one 字 in from the type area."""
    rpr = f"<w:rPr>{rfonts(fonts.page_number)}<w:spacing w:val=\"-5\"/>{size(PAGE_NUMBER_SIZE)}</w:rPr>"
    side = "right" if odd else "left"
    ind = f'<w:ind w:{side}="{PAGE_NUMBER_INDENT}" w:{side}Chars="100"/>'
    runs = (
        f'<w:r>{rpr}<w:t xml:space="preserve">\u2014 </w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{rpr}<w:t xml:space="preserve"> \u2014</w:t></w:r>'
    )
    return (f'{XML_DECL}<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="{STYLE_FOOTER}"/>'
            f'{ind}<w:jc w:val="{side}"/></w:pPr>{runs}</w:p></w:ftr>')
