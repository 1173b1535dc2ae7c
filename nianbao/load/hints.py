"""What a clerk meant when PyYAML stops: Chinese-keyboard punctuation, where a quote opened, which line is misindented."""

from __future__ import annotations

import re
from functools import cache

# Chinese-keyboard characters that YAML does not read as structure, and what to type instead.
FULLWIDTH = {
    "：": ("全角冒号", "半角冒号“:”（其后加一个空格）"),
    "，": ("全角逗号", "半角逗号“,”"),
    "；": ("全角分号", "半角逗号“,”"),
    "“": ("中文左引号", "英文引号“\"”"),
    "”": ("中文右引号", "英文引号“\"”"),
    "\u3000": ("全角空格", "半角空格"),
}

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"


@cache
def _structure() -> list[re.Pattern]:
    """Each pattern finds the full-width character (group 1) where YAML expects structure (compiled when first needed)."""
    return [
        re.compile(rf"^(?: *- +| *)[^\S\n\u3000]*(\u3000+){_KEY}\s*[:：]"),           # indentation with 全角空格
        re.compile(rf"(?:^|[{{,，；\s-]){_KEY}\s*(：)"),                              # key：value
        re.compile(rf"(?<=[0-9A-Za-z_}}\]\s])([，；])(?=\s*(?:{_KEY}\s*[:：]|\d))"),  # 11，business: 3
        re.compile(r"(?:^|[:{,\[]\s)\s*([“”])"),                                      # “value”
        re.compile(rf"{_KEY}:(\u3000)"),                                              # key:　value
    ]


def structural_fullwidth(line: str) -> tuple[int, str] | None:
    """(0-based column, character) of the first Chinese-keyboard character used as YAML structure on a line."""
    if not any(ch in FULLWIDTH for ch in line):  # every pattern needs one: most lines are done here
        return None
    code = line.split(" #", 1)[0]
    hits = [(m.start(1), m.group(1)[0]) for pattern in _structure() for m in pattern.finditer(code)]
    return min(hits) if hits else None


def fullwidth_message(char: str, line: int, col: int) -> str:
    name, ascii_ = FULLWIDTH[char]
    return f"第 {line} 行第 {col} 列是{name}“{char}”（中文输入法）；YAML 的格式符号要用英文输入法，请改为{ascii_}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(lines: list[str], index: int, step: int) -> int | None:
    """The nearest line from `index` (exclusive) in direction `step` that holds YAML, not blank or comment."""
    i = index + step
    while 0 <= i < len(lines):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
        i += step
    return None


def explain_failure(text: str, context: str, context_mark, problem_mark) -> tuple[str, str, int, int] | None:
    """(code, message, line, col) naming the clerk's real mistake for a PyYAML failure, or None to keep PyYAML's."""
    lines = text.splitlines()
    if context and context.startswith("while scanning a quoted scalar") and context_mark is not None:
        quote = lines[context_mark.line][context_mark.column] if context_mark.line < len(lines) else "\""
        return ("yaml-syntax",
                f"引号 {quote} 没有配对：从这里开始的引号直到文件末尾都没有结束；请在值的末尾补上 {quote}，或去掉这个引号",
                context_mark.line + 1, context_mark.column + 1)
    if problem_mark is None:
        return None
    at = min(problem_mark.line, len(lines) - 1)
    probe = at
    for _ in range(3):  # the error line and the two lines of YAML above it
        if probe is None or probe < 0:
            break
        hit = structural_fullwidth(lines[probe])
        if hit:
            col, char = hit
            return "fullwidth-punct", fullwidth_message(char, probe + 1, col + 1), probe + 1, col + 1
        probe = _content(lines, probe, -1)
    return None


def misindented(text: str, problem: str, problem_mark) -> tuple[int, int, int] | None:
    """(line, col, expected indent) of the misindented line when PyYAML blames the consistent line after it."""
    if problem_mark is None or not problem.startswith(("did not find expected key", "expected <block end>")):
        return None
    lines = text.splitlines()
    at = problem_mark.line
    if at >= len(lines):
        return None
    before, after = _content(lines, at, -1), _content(lines, at, 1)
    if before is None or after is None:
        return None
    here = _indent(lines[at])
    opener = lines[before].split(" #", 1)[0].rstrip().endswith(":")
    if not opener and _indent(lines[after]) == here and _indent(lines[before]) != here:
        return before + 1, _indent(lines[before]) + 1, here
    return None
