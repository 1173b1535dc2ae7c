"""Characters no published output can hold, found once and removed once for every renderer.

C0 controls (except tab and line breaks), DEL, C1 controls, lone surrogates and the noncharacters
U+FFFE/U+FFFF make HTML invalid, put terminal escapes into the text file, break UTF-8 encoding or
make a DOCX unopenable. They only ever arrive by accident (pasted text, imported pages).
"""

from __future__ import annotations

import re

_UNPRINTABLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
UNPRINTABLE = re.compile(f"[{_UNPRINTABLE}]")
# the importer also drops the Unicode line and paragraph separators (they are not line breaks in YAML)
UNPRINTABLE_OR_SEPARATOR = re.compile(f"[{_UNPRINTABLE}\u2028\u2029]")


def printable(text: str) -> str:
    """The text with CR line ends made LF and every unprintable character removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return UNPRINTABLE.sub("", text) if UNPRINTABLE.search(text) else text


def printable_tree(value: object) -> object:
    """Every string inside dicts and lists made printable; other values are returned as they are."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: printable_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable_tree(v) for v in value]
    return value


def describe(ch: str) -> str:
    """U+001B style name of a character, for messages."""
    return f"U+{ord(ch):04X}"
