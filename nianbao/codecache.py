"""The cache folder and its sealed files, and the compiled methods of nianbao's dataclasses, kept on disk.

Cheap to import (no YAML, no stage): `import nianbao` sets up the dataclass cache, before any of its
dataclasses is defined. The dataclasses module writes each class's __init__, __repr__, __eq__, __hash__
(and for a frozen class __setattr__, __delattr__) as source text and compiles it with exec; for the ~30
dataclasses a one-file `check` defines, that compiling costs more than checking the report. The same
text always compiles to the same code, so the compiled code is kept on disk, keyed by the exact text,
and exec'd from there. Only classes of nianbao's own modules use it; every other exec is passed on as
it is. An entry is used only by the exact Python build that made it, from a whole file whose CRC seal
holds (as for the compiled Jinja templates, the cache folder is trusted like the package itself).
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
import zlib
from pathlib import Path

_MAGIC = b"nianbao-yaml-1\n"


def cache_dir() -> Path:
    """Where nianbao keeps what it can rebuild (parsed data files, cleaned-up DOCX template parts)."""
    if os.environ.get("NIANBAO_CACHE"):
        return Path(os.environ["NIANBAO_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or Path.home() / ".cache"
    return Path(base) / "nianbao"


def read_sealed(entry: Path) -> bytes | None:
    """The payload of a cache file when it is whole and its CRC seal holds; None otherwise (or unreadable)."""
    try:
        sealed = entry.read_bytes()
    except (OSError, ValueError):
        return None
    head = len(_MAGIC) + 4
    if not sealed.startswith(_MAGIC) or len(sealed) < head:
        return None
    payload = sealed[head:]
    return payload if int.from_bytes(sealed[len(_MAGIC):head], "big") == zlib.crc32(payload) else None


def write_sealed(entry: Path, payload: bytes) -> None:
    """Write a cache file whole or not at all (a reader never sees half of one); a cache that cannot be written is not."""
    tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as fh:
            fh.write(_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(tmp, entry)
    except (OSError, ValueError):
        try:
            tmp.unlink()
        except OSError:
            pass


def read_table(name: str, made_by: str) -> dict:
    """The mapping the cache file `name` holds for `made_by`: {} when absent, damaged, made by another build."""
    try:
        payload = read_sealed(cache_dir() / name)
    except RuntimeError:  # no home folder
        return {}
    if payload is None:
        return {}
    try:
        stored = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == made_by and isinstance(stored[1], dict):
        return stored[1]
    return {}


MAX_TABLE = 2000  # entries of old versions pile up: beyond this only what this run used is kept


def write_table(name: str, made_by: str, stored: dict, new: dict) -> None:
    """At exit: the stored entries and this run's new ones, written whole (or not at all)."""
    merged = {} if len(stored) > MAX_TABLE else dict(stored)
    merged.update(new)
    try:
        write_sealed(cache_dir() / name, marshal.dumps((made_by, merged)))
    except RuntimeError:  # no home folder
        pass


# What compiled code depends on besides its text: the interpreter build and the optimisation level.
_CODE_MADE_BY = f"{sys.version} {sys.implementation.cache_tag} {marshal.version} {sys.flags.optimize}"
_CODE_FILE = "dataclass-code.bin"
_code: dict[str, object] | None = None  # source text → compiled code, read on first use
_new_code: dict[str, object] = {}


def _stored_code() -> dict[str, object]:
    global _code
    if _code is None:
        _code = read_table(_CODE_FILE, _CODE_MADE_BY)
    return _code


def _save_code() -> None:
    """At exit: the stored code and this run's new entries, written whole (or not at all)."""
    write_table(_CODE_FILE, _CODE_MADE_BY, _stored_code(), _new_code)


def _dataclass_exec(source: object, globals: dict | None = None, locals: dict | None = None) -> None:
    """exec as the dataclasses module calls it, with the compiled code of a nianbao class's method from the cache."""
    if not (isinstance(source, str) and isinstance(globals, dict) and str(globals.get("__name__")).startswith("nianbao.")):
        builtins.exec(source, globals, locals)  # type: ignore[arg-type]  # passed on as given
        return
    code = _stored_code().get(source)
    if type(code).__name__ != "code":
        # what exec(source) compiles: dataclasses.py has no __future__ imports, so none are inherited here
        code = compile(source, "<string>", "exec", dont_inherit=True)
        if not _new_code:
            import atexit

            atexit.register(_save_code)
        _new_code[source] = code
    builtins.exec(code, globals, locals)  # type: ignore[arg-type]  # a code object from the cache or compile


def install_dataclass_cache() -> None:
    """Make the dataclasses module compile nianbao's dataclass methods through the cache (idempotent)."""
    import dataclasses

    vars(dataclasses)["exec"] = _dataclass_exec  # a module global shadows the builtin for that module only
