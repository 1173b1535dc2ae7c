"""The PDF reader's layout rules on lines placed by hand: spaces from gaps, paragraphs from indents and edges.

The figures are those measured on LibreOffice's PDFs of our DOCX (FandolFang 16 pt, type area
x 79.5–521.5, line pitch 29 pt): a justified line stretches every gap by 0.78 pt, and LibreOffice
sets 3.5 pt (0.22 em) between a Chinese character and a digit; a real space is a space glyph.
The whole round trip through LibreOffice: tests/test_import_pdf.py.
"""

from __future__ import annotations

from nianbao.importer.model import Para, Table
from nianbao.importer.pdf import _blocks, _Line, _line_text

SIZE = 16.0
LEFT, RIGHT, PITCH = 79.5, 521.5, 29.0


def _chars(text: str, stretch: float = 0.0, autospace: float = 3.5, at: float = LEFT,
           gaps: dict[int, float] | None = None) -> tuple[list[dict], list[dict]]:
    """Characters as a typesetter places them (full width for Chinese, half for the rest); ' ' becomes a glyph."""
    chars, spaces, x, prev = [], [], at, None
    for k, ch in enumerate(text):
        wide = not (ch.isascii() or ch == " ")
        if prev is not None and prev != " " and ch != " ":
            x += stretch + (autospace if (prev.isascii()) != (ch.isascii()) else 0.0)
        x += (gaps or {}).get(k, 0.0)
        width = SIZE if wide else SIZE / 2
        box = {"text": ch, "x0": x, "x1": x + width, "size": SIZE}
        (spaces if ch == " " else chars).append(box)
        x += width
        prev = ch
    return chars, spaces


def test_no_space_between_chinese_and_digits_where_the_pdf_has_none():
    assert _line_text(*_chars("2025年，本局清理规范性文件5件。")) == "2025年，本局清理规范性文件5件。"
    # a justified line: every gap 0.78 pt wider, the CJK–digit gap 4.3 pt — still no space
    assert _line_text(*_chars("其中政府门户网站发布信息398条", stretch=0.78)) == "其中政府门户网站发布信息398条"


def test_a_space_glyph_is_a_space_and_a_column_gap_too():
    assert _line_text(*_chars("提供 PDF 和 OFD 两种格式", stretch=0.78)) == "提供 PDF 和 OFD 两种格式"
    # a table printed without ruling lines: its columns stand far apart, with no space glyph
    assert _line_text(*_chars("规章000", gaps={2: 60.0, 3: 60.0, 4: 60.0})) == "规章 0 0 0"
    assert _line_text(*_chars("信息内容本年新制作数量", gaps={4: 40.0})) == "信息内容 本年新制作数量"
    assert _line_text(*_chars("theRule", autospace=0.0, gaps={3: 5.9})) == "the Rule"  # a Latin word gap


def test_only_a_gap_wider_than_the_typesetters_own_is_a_space():
    half = SIZE / 2
    assert _line_text(*_chars("共5件", autospace=half - 0.1)) == "共5件"
    assert _line_text(*_chars("共5件", autospace=half + 0.1)) == "共 5 件"


def _line(text: str, x0: float, x1: float, top: float, size: float = SIZE) -> _Line:
    return _Line(text, x0, x1, top, size)


def _page(*lines: _Line) -> list[tuple[float, str, object]]:
    return [(line.top, "line", line) for line in lines]


def _texts(pages) -> list[str]:
    return [b.text if isinstance(b, Para) else "<table>" for b in _blocks(pages)]


INDENT = LEFT + 2 * SIZE


def test_lines_join_into_paragraphs_by_indent_and_right_edge():
    page = _page(
        _line("一、总体情况", INDENT, 205.7, 100),
        _line("2020年，我局按照县委、县政府的统一部署，认真贯彻落实", INDENT, RIGHT - 0.3, 129),
        _line("《条例》，扎实推进政府信息公开工作。其中规范性文件", LEFT, RIGHT, 158),
        _line("3件。", LEFT, 160.0, 187),  # a short line ends its paragraph
        _line("（一）高度重视。落实信息公开要求。进一步强化信息公开工", INDENT, RIGHT - 0.8, 216),
        _line("作的组织领导。", LEFT, 200.0, 245),
        _line("（二）健全制度", INDENT, 240.0, 274),  # a heading stands alone
        _line("我局结合自身实际情况，从制度建设入手，完善政府信息公开", INDENT, RIGHT, 303),
        _line("制度。", LEFT, 130.0, 332),
    )
    assert _texts([page]) == [
        "一、总体情况",
        "2020年，我局按照县委、县政府的统一部署，认真贯彻落实《条例》，扎实推进政府信息公开工作。其中规范性文件3件。",
        "（一）高度重视。落实信息公开要求。进一步强化信息公开工作的组织领导。",
        "（二）健全制度",
        "我局结合自身实际情况，从制度建设入手，完善政府信息公开制度。",
    ]


def test_a_full_last_line_still_ends_its_paragraph_before_an_indent():
    page = _page(
        _line("第一段的第一行写满了整行的文字内容共二十七个字的一行字", INDENT, RIGHT, 100),
        _line("第一段的最后一行恰好也写满了整行的文字内容到达右边界。", LEFT, RIGHT, 129),
        _line("第二段以首行缩进开始。", INDENT, 300.0, 158),
    )
    assert _texts([page]) == ["第一段的第一行写满了整行的文字内容共二十七个字的一行字第一段的最后一行恰好也写满了整行的文字内容到达右边界。",
                              "第二段以首行缩进开始。"]


def test_a_paragraph_runs_on_over_a_page_break_but_not_over_a_table_or_a_gap():
    one = _page(_line("明确政府信息公开的职责、范围、方式和", INDENT, RIGHT, 700),
                _line("全面梳理了门户网站政务公开目录，收集、整理各类政务公开信", LEFT, RIGHT, 729))
    two = _page(_line("息。", LEFT, 111.5, 111))
    assert _texts([[one[0]], two]) == ["明确政府信息公开的职责、范围、方式和息。"]
    table = [(720.0, "table", [["规章", "0"]])]
    assert _texts([[one[0], *table], two]) == ["明确政府信息公开的职责、范围、方式和", "<table>", "息。"]
    far = _page(_line("后文与上文隔开一行空白。", LEFT, 300.0, 729 + 2 * PITCH))
    assert _texts([[*one, *far]]) == ["明确政府信息公开的职责、范围、方式和全面梳理了门户网站政务公开目录，收集、整理各类政务公开信",
                                               "后文与上文隔开一行空白。"]


def test_a_left_aligned_line_that_stops_mid_sentence_runs_on_one_that_ends_a_sentence_does_not():
    page = _page(
        _line("全年在门户网站主动公开政府信息，现微信公众号关注人数达", INDENT, RIGHT - 3 * SIZE, 100),
        _line("6732人。", LEFT, 150.0, 129),
        _line("本段是一句完整的话，在右边界前两个字处结束。", INDENT, RIGHT - 2 * SIZE, 158),
        _line("下一段不缩进也是新的一段。", LEFT, 300.0, 187),
        _line("第三段写满整行的文字内容共二十七个字的一行字写满整行字", INDENT, RIGHT, 216),
        _line("第三段写满整行的文字内容共二十七个字的一行字写满整行字", LEFT, RIGHT, 245),
    )
    assert _texts([page])[:3] == ["全年在门户网站主动公开政府信息，现微信公众号关注人数达6732人。",
                                  "本段是一句完整的话，在右边界前两个字处结束。", "下一段不缩进也是新的一段。"]


def test_a_centred_title_over_three_lines_is_one_title_and_a_latin_word_keeps_its_space():
    centre = (LEFT + RIGHT) / 2
    title = [_line(text, centre - n * 11, centre + n * 11, 80 + k * 34, 22.0)
             for k, (text, n) in enumerate([("新疆维吾尔自治区伊犁哈萨克自治州", 16), ("察布查尔锡伯自治县人力资源和社会保障局", 19),
                                            ("2022年政府信息公开工作年度报告", 16)])]
    body = [_line("本报告依据条例编制，电子版以 PDF", INDENT, RIGHT, 200), _line("format 提供。", LEFT, 200.0, 229),
            _line("第二段写满整行的文字内容共二十七个字的一行字写满整行字", INDENT, RIGHT, 258),
            _line("第二段的第二行。", LEFT, 200.0, 287)]  # the body is most of the text, as in every report
    assert _texts([_page(*title, *body)]) == [
        "新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县人力资源和社会保障局2022年政府信息公开工作年度报告",
        "本报告依据条例编制，电子版以 PDF format 提供。", "第二段写满整行的文字内容共二十七个字的一行字写满整行字第二段的第二行。"]


def test_tables_pass_through_unchanged():
    blocks = _blocks([[(10.0, "table", [["信息内容", None, "数量"], ["规章", None, "0"]])]])
    assert len(blocks) == 1 and isinstance(blocks[0], Table) and blocks[0].rows == [["信息内容", "数量"], ["规章", "0"]]
