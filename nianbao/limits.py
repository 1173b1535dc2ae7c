"""Size limits checked before reading: a small file must not inflate to gigabytes in memory."""

from __future__ import annotations

import zipfile

MAX_ZIP_MEMBER = 32 * 1024 * 1024  # one part of a DOCX once inflated (a real report's document.xml: < 2 MB)
MAX_ZIP_TOTAL = 64 * 1024 * 1024  # all parts together, images included
MAX_ZIP_MEMBERS = 2_000


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
