"""docxtpl's tag clean-up of a template part, cached on disk: importing docxtpl (and python-docx) costs
about 0.1 s per process, more than rendering a report, and the clean-up of a given part never changes.

The cache holds one file per (part text, docxtpl version); a cache that cannot be read or written is
simply not used. `NIANBAO_CACHE` names another folder (default: the user's cache folder).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache

from nianbao.datacache import cache_dir


@cache
def _docxtpl_version() -> str:
    from importlib.metadata import version

    return version("docxtpl")


@cache
def _patcher():
    import io

    from docxtpl import DocxTemplate

    return DocxTemplate(io.BytesIO())  # only its patch_xml is used


def patch_xml(source: str) -> str:
    """docxtpl's `patch_xml(source)` ({{p …}} → paragraph-level tags, split tags joined), from the cache if known."""
    key = hashlib.sha256(f"{_docxtpl_version()}\0{source}".encode()).hexdigest()
    entry = cache_dir() / "docx-parts" / f"{key}.xml"
    try:
        return entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    patched = _patcher().patch_xml(source)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(patched)
        os.replace(tmp, entry)  # whole or not at all: a reader never sees half an entry
    except OSError:
        pass
    return patched
