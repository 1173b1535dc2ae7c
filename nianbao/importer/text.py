"""TXT input: every line is a paragraph; the table layouts are recognised later, from the lines."""

from __future__ import annotations

from pathlib import Path

from nianbao.errors import Unreadable
from nianbao.importer.model import Block, Para
from nianbao.load import decode


def read_txt(path: Path) -> list[Block]:
    """Decode (UTF-8, UTF-16 with BOM, GB18030) and split into numbered lines, tabs and NBSP kept."""
    text, _ = decode(path.read_bytes(), str(path))  # Unreadable with the decoder's reason
    if "\x00" in text:
        raise Unreadable("文件含有二进制内容，不是纯文本")
    return [Para(line.rstrip("\r"), n) for n, line in enumerate(text.split("\n"), 1)]
