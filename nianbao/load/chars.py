"""Characters no published output can hold, found once and removed once for every renderer.

C0 controls (except tab and line breaks), DEL, C1 controls, lone surrogates and the noncharacters
U+FFFE/U+FFFF make HTML invalid, put terminal escapes into the text file, break UTF-8 encoding or
make a DOCX unopenable. They only ever arrive by accident (pasted text, imported pages).

Invisible format characters (bidi embeddings, overrides, isolates and marks; zero-width spaces and
joiners; U+FEFF inside the text) are printable but make what is shown differ from what is stored:
a U+202E turns 人民政府 into 府政民人 on screen. They are reported and removed the same way.
"""

from __future__ import annotations

from nianbao.datacache import regex

_UNPRINTABLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
UNPRINTABLE = regex(f"[{_UNPRINTABLE}]")
# the importer also drops the Unicode line and paragraph separators (they are not line breaks in YAML)
UNPRINTABLE_OR_SEPARATOR = regex(f"[{_UNPRINTABLE}\u2028\u2029]")

# The invisible format characters, with the name a message gives each.
INVISIBLE_NAMES = {
    "\u202a": "从左至右嵌入", "\u202b": "从右至左嵌入", "\u202c": "结束嵌入或覆盖",
    "\u202d": "从左至右覆盖", "\u202e": "从右至左覆盖",
    "\u2066": "从左至右隔离", "\u2067": "从右至左隔离", "\u2068": "首强字符隔离", "\u2069": "结束隔离",
    "\u200e": "从左至右标记", "\u200f": "从右至左标记", "\u061c": "阿拉伯字母标记",
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u2060": "零宽不换行",
    "\ufeff": "零宽不换行空格（BOM）",
}
INVISIBLE = regex(f"[{''.join(INVISIBLE_NAMES)}]")
_REMOVED = regex(f"[{_UNPRINTABLE}{''.join(INVISIBLE_NAMES)}]")


def printable(text: str) -> str:
    """The text with CR line ends made LF and every unprintable or invisible format character removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _REMOVED.sub("", text) if _REMOVED.search(text) else text


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
    """U+001B style name of a character, for messages; an invisible format character also by its name."""
    name = INVISIBLE_NAMES.get(ch)
    return f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}"
