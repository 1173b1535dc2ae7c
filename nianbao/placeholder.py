"""The one placeholder marker: what init/import write for the person to replace, and how check finds it."""

from __future__ import annotations

OPEN = "【请填写"  # no published report contains this bracket text, so finding it is never a false alarm
CLOSE = "】"


def placeholder(what: str) -> str:
    """The text written where the person must supply `what` (e.g. 机关全称)."""
    return f"{OPEN}：{what}{CLOSE}"


def find(text: str) -> int:
    """Offset of the first placeholder in `text`, or -1."""
    return text.find(OPEN)
