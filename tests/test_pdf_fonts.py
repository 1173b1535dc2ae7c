"""`build --to pdf` says which required faces the preview set in which local font, and how to get the free ones."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, need_tool

from nianbao.cli import main
from nianbao.render import pdf
from nianbao.render.docx.template import SHIPPED
from nianbao.render.fonts import embedded_fonts, pdf_font_note, style_fonts

EXAMPLE = ROOT / "examples" / "2022-maiji-zwfw.yaml"
FANDOL = ROOT / "nianbao" / "fonts" / "fandol"
WITH_FANDOL = ("提示：PDF 预览中规定字体由本机字体代替（DOCX 中仍为规定字体名）：小标宋（方正小标宋简体）→ Noto Serif CJK SC Bold；"
               "仿宋（仿宋_GB2312）→ FandolFang；黑体（黑体）→ FandolHei；楷体（楷体_GB2312）→ FandolKai")
WITHOUT_FANDOL = (
    "警告：本机没有仿宋、楷体字体，PDF 预览中的这些文字改用了别的字形（DOCX 中仍为规定字体名）："
    "小标宋（方正小标宋简体）→ Noto Serif CJK SC Bold；仿宋（仿宋_GB2312）→ Noto Serif CJK SC（不是仿宋）；"
    "黑体（黑体）→ Noto Sans CJK SC；楷体（楷体_GB2312）→ Noto Serif CJK SC（不是楷体）。"
    "免 root 安装免费的 Fandol 字体：把 FandolFang-Regular.otf、FandolKai-Regular.otf、FandolHei-Regular.otf、"
    "FandolSong-Regular.otf 复制到 ~/.local/share/fonts，再运行 fc-cache -f ~/.local/share/fonts（见 README「PDF 预览的字体」）")
pytestmark = need_tool("fc-match", "the font note asks fontconfig")


@pytest.fixture
def no_fandol(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped fonts.conf away from its fandol folder, and a HOME without fonts: a machine without Fandol."""
    if not (FANDOL / "FandolFang-Regular.otf").is_file():
        pytest.skip("Fandol 字体未安装（.ci/run 会安装）")
    conf = tmp_path / "conf" / "fonts.conf"
    conf.parent.mkdir()
    shutil.copy(pdf.fonts_conf(), conf)
    monkeypatch.setattr(pdf, "fonts_conf", lambda: conf)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return tmp_path / "home"


def test_the_docx_names_of_the_four_required_faces_are_read_from_the_template():
    fonts = style_fonts(_styles("2021"))
    assert [fonts[s] for s in ("NbTitle", "NbBody", "NbH1", "NbH2", "NbSignature")] == [
        "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "仿宋_GB2312"]


def _styles(edition: str) -> bytes:
    with zipfile.ZipFile(SHIPPED / edition / "report.docx") as zf:
        return zf.read("word/styles.xml")


def test_with_fandol_the_note_names_each_free_substitute():
    if not (FANDOL / "FandolFang-Regular.otf").is_file():
        pytest.skip("Fandol 字体未安装（.ci/run 会安装）")
    assert pdf_font_note(SHIPPED / "2021" / "report.docx") == WITH_FANDOL


def test_without_fandol_the_warning_says_fangsong_and_kaiti_are_lost_and_how_to_install(no_fandol):
    assert pdf_font_note(SHIPPED / "2019" / "report.docx") == WITHOUT_FANDOL


def test_fandol_in_the_users_own_font_folder_is_used_without_root(no_fandol):
    user_fonts = no_fandol / ".local" / "share" / "fonts"
    user_fonts.mkdir(parents=True)
    for name in ("FandolFang-Regular.otf", "FandolKai-Regular.otf", "FandolHei-Regular.otf", "FandolSong-Regular.otf"):
        shutil.copy(FANDOL / name, user_fonts / name)
    assert pdf_font_note(SHIPPED / "2021" / "report.docx") == WITH_FANDOL


@pytest.mark.libreoffice
def test_build_to_pdf_warns_once_and_the_pdf_holds_the_fonts_the_warning_names(no_fandol, tmp_path):
    need_tool("soffice", "LibreOffice converts the DOCX to PDF")
    second = tmp_path / "second.yaml"
    second.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), str(second), "--to", "pdf,docx", "-o",
                                       str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines().count(WITHOUT_FANDOL) == 1
    fonts = embedded_fonts(tmp_path / "out" / "2022-maiji-zwfw.pdf")
    assert not [f for f in fonts if f.startswith("Fandol")]
    assert {f.split("-")[0] for f in fonts} >= {"NotoSerifCJKjp", "NotoSansCJKjp"}, fonts


def test_no_pdf_no_font_note(tmp_path):
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--to", "docx", "-o", str(tmp_path)])
    assert result.exit_code == 0 and "字体" not in result.stderr
