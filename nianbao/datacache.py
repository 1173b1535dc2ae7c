"""What every command would otherwise redo per process, kept on disk: the parsed YAML data files
(editions, registry) and the compiled regular expressions of the check.

Parsing the edition files and registry.yaml with PyYAML, or compiling the narrative rules' patterns,
costs more than checking a report, and neither result changes unless its source does. An entry of
a data file holds the file's path, its exact bytes and the parsed data, sealed by a CRC: it is used
only when the file's bytes are the ones it was made from and the seal holds, so an edited (even at
the same size and time), stale, truncated or damaged entry is parsed afresh and rewritten. A cache
that cannot be read or written is simply not used. marshal, not pickle: loading an entry never
runs code. `NIANBAO_CACHE` names the folder (default: the user's cache folder).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # re's engine (no stubs): compiles re's compiled form
import marshal
import os
import re
import sys
import zlib
from pathlib import Path

import yaml

from nianbao.codecache import cache_dir, read_sealed, read_table, write_sealed, write_table

__all__ = ["cache_dir", "load_yaml", "read_sealed", "regex", "write_sealed"]

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10× faster
# What the parsed form depends on besides the file: a new PyYAML or Python makes every entry stale.
_MADE_BY = f"{yaml.__version__} {SAFE_LOADER.__name__} {sys.version_info[:2]} {marshal.version}"


def _entry(where: str) -> Path:
    """One entry per data file, named after its absolute path."""
    name = Path(where).stem
    return cache_dir() / "data" / f"{name}-{zlib.crc32(where.encode('utf-8', 'surrogatepass')):08x}.bin"


def _cached(entry: Path, where: str, source: bytes) -> tuple[bool, object]:
    """(True, data) when the entry exists, is whole and was made from exactly these bytes."""
    payload = read_sealed(entry)
    if payload is None:
        return False, None
    try:
        stored = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return False, None
    if (not isinstance(stored, tuple) or len(stored) != 4
            or stored[:3] != (_MADE_BY, where, source)):
        return False, None
    return True, stored[3]


def _store(entry: Path, where: str, source: bytes, data: object) -> None:
    """Write the entry whole or not at all; data marshal cannot hold (dates) is simply not cached."""
    try:
        payload = marshal.dumps((_MADE_BY, where, source, data))  # type: ignore[arg-type]  # parsed YAML: ValueError if not marshal's
    except ValueError:
        return
    write_sealed(entry, payload)


def load_yaml(path: str | os.PathLike) -> object:
    """The file parsed as YAML (safe loader), from the cache when it holds this exact file.

    Raises what reading or parsing the file raises (OSError, UnicodeDecodeError, yaml.YAMLError).
    """
    source = Path(path).read_bytes()
    try:
        where = os.path.realpath(path)
        entry: Path | None = _entry(where)
    except (OSError, RuntimeError, ValueError):  # no home folder, a path that cannot be named
        entry = None
    if entry is not None:
        hit, data = _cached(entry, where, source)
        if hit:
            return data
    data = yaml.load(source.decode("utf-8"), Loader=SAFE_LOADER)
    if entry is not None:
        _store(entry, where, source, data)
    return data


# Compiled regular expressions. Compiling the narrative rules' patterns (large classes of Chinese
# numerals) costs several times more than checking a report; `_sre.compile` takes re's compiled
# form directly. An entry is used only by the exact Python build that made it, after re's own
# compilation of the same pattern compared equal to it; anything unexpected falls back to re.compile.
_PATTERNS_MADE_BY = f"{sys.version} {sys.implementation.cache_tag} {_sre.MAGIC}"
_patterns: dict | None = None  # (pattern, flags) → _sre.compile's arguments, read on first use
_new_patterns: dict = {}


def _stored_patterns() -> dict:
    global _patterns
    if _patterns is None:
        _patterns = read_table("patterns.bin", _PATTERNS_MADE_BY)
    return _patterns


def _sre_arguments(pattern: str, flags: int) -> tuple | None:
    """What re._compiler.compile passes to _sre.compile for this pattern, as plain data; None if unsure."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]  # re's private modules: not in the stubs

        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
        groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        arguments = (pattern, int(flags | parsed.state.flags), code, parsed.state.groups - 1,
                     groupindex, tuple(indexgroup))
        if _sre.compile(*arguments) != re.compile(pattern, flags):
            return None
        marshal.dumps(arguments)
        return arguments
    except Exception:  # noqa: BLE001 - another Python's internals: just do not cache
        return None


def _save_patterns() -> None:
    """At exit: the stored patterns and this run's new ones, written whole (or not at all)."""
    write_table("patterns.bin", _PATTERNS_MADE_BY, _stored_patterns(), _new_patterns)


def regex(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile(pattern, flags), taken from the on-disk cache of compiled patterns when it holds it."""
    key = (pattern, int(flags))
    stored = _stored_patterns().get(key)
    if isinstance(stored, tuple) and stored and stored[0] == pattern:
        try:
            return _sre.compile(*stored)
        except Exception:  # noqa: BLE001 - a damaged entry: compile it afresh below
            pass
    arguments = _sre_arguments(pattern, int(flags))
    if arguments is not None:
        if not _new_patterns:
            import atexit

            atexit.register(_save_patterns)
        _new_patterns[key] = arguments
    return re.compile(pattern, flags)
