"""The one table of accepted label variants (schemas/import_aliases.yaml), read once."""

from __future__ import annotations

from functools import cache
from typing import cast

from nianbao.datacache import load_yaml
from nianbao.editions import SCHEMA_DIR


@cache
def _table() -> dict:
    return cast(dict, load_yaml(SCHEMA_DIR / "import_aliases.yaml") or {})  # shipped with the package: a mapping


def section_aliases(key: str) -> tuple[str, ...]:
    """Accepted variant titles of a section (besides its official title)."""
    return tuple(_table().get("sections", {}).get(key) or ())


def row_aliases() -> dict[str, tuple[str, ...]]:
    """Row key path → accepted variant labels."""
    return {path: tuple(v) for path, v in (_table().get("rows") or {}).items()}


def equivalents() -> tuple[tuple[str, str], ...]:
    """(variant word, official word) pairs applied to both sides of every label comparison."""
    return tuple((a, b) for a, b in _table().get("equivalents") or ())
