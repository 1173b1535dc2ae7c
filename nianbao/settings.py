"""Limits and defaults shared by several commands, each defined once (and cheap to import for the CLI)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

MAX_BYTES = 64 * 1024 * 1024  # the largest input file read (YAML or a report to import)
DEFAULT_HOST = "127.0.0.1"  # serve: this machine only unless --host says otherwise
DEFAULT_PORT = 8000
EDITIONS_ENV = "NIANBAO_EDITIONS"  # folders of user edition files, separated like PATH


def add_edition_folders(folders: Iterable[str]) -> bool:
    """`--editions DIR`: the same mechanism as the environment variable, so worker processes inherit it.

    Works only before nianbao.editions is imported (the CLI calls it first); False when too late."""
    if "nianbao.editions" in sys.modules:
        return False
    current = [p for p in os.environ.get(EDITIONS_ENV, "").split(os.pathsep) if p]
    os.environ[EDITIONS_ENV] = os.pathsep.join(current + [os.fspath(f) for f in folders])
    return True
