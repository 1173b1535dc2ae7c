"""Limits and defaults shared by several commands, each defined once (and cheap to import for the CLI).

Size limits are checked before reading: a small file must not inflate to gigabytes in memory."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import zipfile

MAX_BYTES = 64 * 1024 * 1024  # the largest input file read (YAML or a report to import)
DEFAULT_HOST = "127.0.0.1"  # serve: this machine only unless --host says otherwise
DEFAULT_PORT = 8000
EDITIONS_ENV = "NIANBAO_EDITIONS"  # folders of user edition files, separated like PATH
MAX_ZIP_MEMBER = 32 * 1024 * 1024  # one part of a DOCX once inflated (a real report's document.xml: < 2 MB)
MAX_ZIP_TOTAL = 64 * 1024 * 1024  # all parts together, images included
MAX_ZIP_MEMBERS = 2_000


def add_edition_folders(folders: Iterable[str]) -> bool:
    """`--editions DIR`: the same mechanism as the environment variable, so worker processes inherit it.

    Works only before nianbao.editions is imported (the CLI calls it first); False when too late."""
    if "nianbao.editions" in sys.modules:
        return False
    current = [p for p in os.environ.get(EDITIONS_ENV, "").split(os.pathsep) if p]
    os.environ[EDITIONS_ENV] = os.pathsep.join(current + [os.fspath(f) for f in folders])
    return True


def zip_too_big(zf: zipfile.ZipFile) -> str | None:
    """Why the archive is refused (inflated sizes from its directory, before any part is read), or None.

    zipfile never inflates a part beyond the size its directory declares, so the declared sizes bound the work.
    """
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        return f"包含 {len(infos)} 个部件（上限 {MAX_ZIP_MEMBERS}），不像正常的 Word 文档"
    total = 0
    for info in infos:
        if info.file_size > MAX_ZIP_MEMBER:
            return (f"其中的 {info.filename} 解压后有 {_mb(info.file_size)}（单个部件上限 {_mb(MAX_ZIP_MEMBER)}），"
                    "拒绝读取；如确为正常文档，请压缩其中的图片后另存")
        total += info.file_size
    if total > MAX_ZIP_TOTAL:
        return f"解压后共有 {_mb(total)}（上限 {_mb(MAX_ZIP_TOTAL)}），拒绝读取；如确为正常文档，请压缩其中的图片后另存"
    return None


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size} 字节"
