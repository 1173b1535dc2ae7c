"""Atomic writes: a target file is either its old complete version or its new complete version."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TMP_NAME_CHARS = 40  # of the target's name in the temporary file's: a 250-byte name still leaves room for it


class Exists(FileExistsError):
    """The target already exists and replacing it was not asked for (the person's file is left as it was)."""


def refuse_existing(path: str | os.PathLike | None, force: bool) -> None:
    """Raise Exists early (before any work) when `path` is there and `force` was not given."""
    if path is not None and not force and os.path.lexists(path):
        raise Exists(str(path))


def atomic_write(path: str | os.PathLike, data: bytes | str, replace: bool = True) -> Path:
    """Write to a temporary file in the same folder, fsync, then rename over the target.

    With `replace=False` the temporary file is hard-linked into place instead, which fails (Exists)
    if the target appeared meanwhile: a file someone wrote is never replaced without being asked.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:TMP_NAME_CHARS]}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        exc.filename = str(target)  # the message names the file asked for, not the temporary one
        raise
    try:
        os.chmod(tmp, _mode(target))  # mkstemp makes 0600; a published page must stay readable
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, Exists) and exc.filename in (tmp, None):
            exc.filename = str(target)
        raise
    return target


def _read_umask() -> int:
    """Read once at import, before any worker thread exists: os.umask can only be read by setting it."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_NEW_FILE_MODE = 0o666 & ~_read_umask()


def _mode(target: Path) -> int:
    """The target's current permissions, or what a plain open() would give (0666 minus umask)."""
    try:
        if target.is_symlink():  # the link is replaced by a new file, which must not take its target's mode
            return _NEW_FILE_MODE
        return target.stat().st_mode & 0o777
    except (FileNotFoundError, NotADirectoryError):
        return _NEW_FILE_MODE


def _link_new(tmp: str, target: Path) -> None:
    """Put `tmp` at `target` only if nothing is there; falls back to a check where links are unsupported."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise Exists(str(target)) from None
    except OSError:  # a file system without hard links: the check-then-rename is the best left
        if os.path.lexists(target):
            raise Exists(str(target)) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)
