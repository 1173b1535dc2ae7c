"""Which font the PDF preview really sets for each face GB/T 9704 asks for, said in Chinese after `build --to pdf`.

LibreOffice asks fontconfig (with the package's fonts.conf) for the family the DOCX names; fc-match with
the same configuration and environment gives the same answer. The DOCX keeps the official names.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nianbao.render.docx.xml import STYLE_BODY, STYLE_HEADINGS, STYLE_TITLE

README_SECTION = "README「PDF 预览的字体」"
FREE_FONTS = ("FandolFang-Regular.otf", "FandolKai-Regular.otf", "FandolHei-Regular.otf", "FandolSong-Regular.otf")


@dataclass(frozen=True)
class Face:
    """A face the standard requires, the DOCX style that carries it, and what its substitutes are called."""

    name: str
    style: str
    kin: tuple[str, ...]  # a substitute whose family contains one of these (lower case) keeps the face's look


FACES = (
    Face("小标宋", STYLE_TITLE, ("song", "serif", "宋", "ming")),
    Face("仿宋", STYLE_BODY, ("fang", "仿宋")),
    Face("黑体", STYLE_HEADINGS[0], ("hei", "黑", "sans", "gothic")),
    Face("楷体", STYLE_HEADINGS[1], ("kai", "楷")),
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Substitution:
    face: Face
    requested: str  # the family written in the DOCX
    actual: str  # the family the PDF is set in, with its style when not Regular
    akin: bool  # the substitute has the face's look (a 仿宋 for 仿宋 …)


def style_fonts(styles_xml: bytes) -> dict[str, str]:
    """Each style's East Asian font family in styles.xml, following basedOn to Normal and the document defaults."""
    from lxml import etree

    root = etree.fromstring(styles_xml)
    own: dict[str, str | None] = {}
    based: dict[str, str | None] = {}
    for style in root.iter(f"{_W}style"):
        sid = style.get(f"{_W}styleId")
        fonts = style.find(f"{_W}rPr/{_W}rFonts")
        own[sid] = fonts.get(f"{_W}eastAsia") if fonts is not None else None
        parent = style.find(f"{_W}basedOn")
        based[sid] = parent.get(f"{_W}val") if parent is not None else None
    default = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
    fallback = default.get(f"{_W}eastAsia") if default is not None else None

    def resolve(sid: str | None, depth: int = 0) -> str | None:
        if sid is None or sid not in own or depth > 20:
            return fallback
        return own[sid] or resolve(based[sid], depth + 1)

    return {sid: family for sid in own if (family := resolve(sid))}


def _pattern(family: str) -> str:
    """A fontconfig pattern for one family name (its - : , \\ escaped), in Simplified Chinese."""
    escaped = "".join("\\" + ch if ch in "\\-:," else ch for ch in family)
    return f"{escaped}:lang=zh-cn"


def fc_match(family: str, env: dict[str, str]) -> tuple[list[str], str] | None:
    """The families and style fontconfig gives for `family` (None without fc-match)."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    done = subprocess.run([exe, "-f", "%{family}\t%{style[0]}", _pattern(family)], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    if done.returncode != 0 or "\t" not in done.stdout:
        return None
    families, style = done.stdout.split("\t", 1)
    return [f.strip() for f in families.split(",") if f.strip()], style.strip()


def substitutions(styles_xml: bytes, env: dict[str, str]) -> list[Substitution] | None:
    """The required faces the preview sets in another font (None when fontconfig cannot be asked)."""
    fonts = style_fonts(styles_xml)
    out = []
    for face in FACES:
        requested = fonts.get(face.style)
        if not requested:
            continue
        found = fc_match(requested, env)
        if found is None:
            return None
        families, style = found
        if requested in families:
            continue
        actual = families[0] + ("" if style in ("Regular", "Book", "Normal", "") else f" {style}")
        out.append(Substitution(face, requested, actual, any(k in families[0].lower() for k in face.kin)))
    return out


def note_text(subs: list[Substitution]) -> str | None:
    """The sentence `build` prints: which face became which font, and how to get the free ones without root."""
    if not subs:
        return None
    parts = "；".join(f"{s.face.name}（{s.requested}）→ {s.actual}" + ("" if s.akin else f"（不是{s.face.name}）")
                     for s in subs)
    lost = [s.face.name for s in subs if not s.akin]
    if not lost:
        return f"提示：PDF 预览中规定字体由本机字体代替（DOCX 中仍为规定字体名）：{parts}"
    return (f"警告：本机没有{'、'.join(lost)}字体，PDF 预览中的这些文字改用了别的字形（DOCX 中仍为规定字体名）：{parts}。"
            f"免 root 安装免费的 Fandol 字体：把 {'、'.join(FREE_FONTS)} 复制到 ~/.local/share/fonts，"
            f"再运行 fc-cache -f ~/.local/share/fonts（见 {README_SECTION}）")


@cache
def _note(styles_xml: bytes, conf: str) -> str | None:
    from nianbao.render.pdf import fontconfig_env

    subs = substitutions(styles_xml, fontconfig_env())
    if subs is None:
        return "提示：未安装 fc-match（Debian：apt-get install fontconfig），无法说明 PDF 预览用哪些字体代替了规定字体"
    return note_text(subs)


def pdf_font_note(template: Path) -> str | None:
    """The font sentence for PDFs made from this Word template (cached per template and font config)."""
    from nianbao.render.docx import load_template
    from nianbao.render.pdf import fonts_conf

    styles = load_template(template).parts.get("word/styles.xml")
    return _note(styles, str(fonts_conf())) if styles else None


def embedded_fonts(pdf: Path) -> set[str]:
    """The base names of the fonts embedded in a PDF, subset prefixes (ABCDEF+) removed."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    names = set()
    with open(pdf, "rb") as fh:
        for page in PDFPage.create_pages(PDFDocument(PDFParser(fh))):
            for ref in (resolve1(page.resources.get("Font")) or {}).values():
                base = resolve1(ref).get("BaseFont")
                if base is not None:
                    name = getattr(base, "name", str(base))
                    names.add(name.split("+", 1)[-1])
    return names
