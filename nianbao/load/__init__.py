"""Safe YAML loading that remembers where every key and value came from."""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from nianbao.datacache import regex
from nianbao.errors import Unreadable, os_error_reason
from nianbao.issues import ERROR, WARNING, Issue
from nianbao.load.hints import explain_failure, misindented
from nianbao.settings import MAX_BYTES

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 50_000  # a full report has ~600 nodes; an alias bomb has billions
MAX_DEPTH = 64
MAX_ALIAS_CHARS = 1_000_000  # text that aliases (*name) may repeat beyond the file's own length
MAX_FLAGGED = 20  # raw control characters listed one by one; the rest are counted


@dataclass
class Report:
    """A parsed report: the data plus a source map from key path to (line, col)."""

    data: dict
    file: str = "<输入>"
    source: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_source: dict[str, tuple[int, int]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    block_scalars: set[str] = field(default_factory=set)
    # key paths an earlier mistake made unknowable (a misspelt or duplicate key, a split number):
    # their cells count as unknown, never as 0, so the root cause is not followed by its consequences
    unknown: set[str] = field(default_factory=set)

    def text_position(self, path: str, offset_text: str) -> tuple[int | None, int | None]:
        """Line of a spot inside a narrative value, given the text before that spot."""
        return self.line_position(path, offset_text.count("\n"))

    def line_position(self, path: str, extra: int) -> tuple[int | None, int | None]:
        """Line of a spot inside a narrative value that lies `extra` line breaks into it."""
        line, col = self.where(path)
        if line is None:
            return line, col
        if path in self.block_scalars:
            return line + 1 + extra, None
        return line + extra, (col if not extra else None)

    def where(self, path: str) -> tuple[int | None, int | None]:
        """The position of a value, or of its nearest given ancestor when it was omitted."""
        probe = path
        while probe:
            if probe in self.source:
                return self.source[probe]
            probe = _parent(probe)
        return (None, None)


def _parent(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


def _issue(file: str, code: str, message: str, line=None, col=None, severity=ERROR) -> Issue:
    return Issue(severity, code, "", message, file=file, line=line, col=col)


PUBLISHED_SUFFIXES = (".docx", ".doc", ".pdf", ".wps")  # never YAML: refused before reading
TEXT_REPORT_SUFFIXES = (".txt", ".html", ".htm")  # refused as a published report only when they are no YAML


def _typed(path: str) -> str:
    """A path as the person typed it, quoted for the shell when it holds a space."""
    return f'"{path}"' if any(ch.isspace() for ch in path) else path


def _import_target(name: str, suffix: str) -> str:
    """Where `nianbao import` may write: next to the report, a name not taken yet (else say --force)."""
    stem = name[: len(name) - len(suffix)]
    for candidate in (f"{stem}.yaml", f"{stem}-导入.yaml"):
        if not os.path.lexists(candidate):
            return f"-o {_typed(candidate)}"
    return f"-o {_typed(stem + '.yaml')} --force（{stem}.yaml 已存在，--force 会覆盖它）"


def _refuse_published_report(p: Path, name: str, force: bool = False) -> None:
    """A published report given where the YAML source belongs: say so and name the command that converts it."""
    suffix = p.suffix.lower()
    if force or suffix in PUBLISHED_SUFFIXES:
        source = name
        first = ""
        if suffix in (".pdf", ".doc", ".wps"):  # import reads .docx/.txt/.html only
            source, first = name[: len(name) - len(suffix)] + ".docx", "请先在 Word/WPS 中另存为 .docx，再"
        raise Unreadable(_issue(name, "unreadable",
                                f"这是已发布的报告（{suffix} 文件），不是 nianbao 的 YAML 源文件；"
                                f"要把它转成 YAML，{first}用：nianbao import {_typed(source)} {_import_target(name, suffix)}"))


def read_text(path: str | os.PathLike) -> tuple[str, list[Issue]]:
    """Read a YAML file as text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise Unreadable(_issue(name, "unreadable", "文件不存在"))
    if p.is_dir():
        raise Unreadable(_issue(name, "unreadable", "这是一个文件夹，不是 YAML 文件"))
    if not p.is_file():  # a pipe would block for ever, /dev/zero would fill the memory
        raise Unreadable(_issue(name, "unreadable", "这不是普通文件（而是设备、管道或套接字），不能作为 YAML 读取"))
    _refuse_published_report(p, name)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(_issue(name, "unreadable", f"文件过大（{size} 字节，上限 {MAX_BYTES}）"))
        with open(p, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # the file may grow while it is read
        if len(raw) > MAX_BYTES:
            raise Unreadable(_issue(name, "unreadable", f"文件过大（超过上限 {MAX_BYTES} 字节）"))
    except PermissionError:
        raise Unreadable(_issue(name, "unreadable", "没有读取权限")) from None
    except OSError as exc:
        raise Unreadable(_issue(name, "unreadable", f"无法读取：{os_error_reason(exc)}")) from None
    return decode(raw, name)


def decode(raw: bytes, name: str = "<输入>") -> tuple[str, list[Issue]]:
    """Decode bytes without ever producing mojibake: known encodings or a clear refusal."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="strict"), []
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(enc)
            except UnicodeDecodeError:
                raise Unreadable(_issue(name, "encoding", "文件以 UTF-16 标记开头，但内容不是有效的 UTF-16")) from None
            return text, [_issue(name, "encoding", "文件编码为 UTF-16，已按 UTF-16 读取；建议另存为 UTF-8", severity=WARNING)]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        line = raw[:bad].count(b"\n") + 1
        raise Unreadable(
            _issue(name, "encoding", "文件既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取；请另存为 UTF-8", line=line)
        ) from None
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise Unreadable(_issue(name, "encoding", "文件不是 UTF-8 编码，无法确定其编码；请另存为 UTF-8"))
    return text, [
        _issue(name, "encoding", "文件编码为 GBK/GB18030，已按 GB18030 读取；建议另存为 UTF-8", severity=WARNING)
    ]


def load_file(path: str | os.PathLike) -> Report:
    """Load a report file; raises Unreadable when nothing usable can be read."""
    text, issues = read_text(path)
    try:
        report = load_text(text, str(path))
    except Unreadable:
        if Path(path).suffix.lower() in TEXT_REPORT_SUFFIXES:  # a YAML file may be named .txt; a report is no YAML
            _refuse_published_report(Path(path), str(path), force=True)
        raise
    report.issues[:0] = issues
    return report


def load_text(text: str, file: str = "<输入>") -> Report:
    """Parse YAML text into a Report; syntax problems raise Unreadable with a position."""
    invisible = invisible_chars(text, file)
    text, raw_issues = strip_raw_controls(text, file)
    raw_issues += invisible
    tab = _tab_indent(text)
    if tab:
        line, col = tab
        raise Unreadable(
            _issue(file, "yaml-tab", "缩进里有制表符（Tab 键）。YAML 只能用空格缩进，请把 Tab 换成空格", line, col)
        )
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise Unreadable(_syntax_issue(text, exc, file)) from None
    except yaml.YAMLError as exc:
        raise Unreadable(_issue(file, "yaml-syntax", f"YAML 语法错误：{exc}")) from None
    if node is None:
        raise Unreadable(_issue(file, "not-mapping", "文件是空的：请先用 nianbao init 生成模板"))
    builder = _Builder(file, len(text) + MAX_ALIAS_CHARS)
    builder.issues += raw_issues
    data = builder.build(node, "", 0)
    if not isinstance(data, dict):
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        raise Unreadable(_issue(file, "not-mapping", "文件顶层应当是“键: 值”的映射（如 year: 2024）", line, col))
    return Report(data, file, builder.source, builder.key_source, builder.issues, builder.block_scalars)


def _syntax_issue(text: str, exc: yaml.MarkedYAMLError, file: str) -> Issue:
    """A YAML syntax error at the clerk's real mistake (full-width punctuation, an opening quote, a misindented line)."""
    problem = exc.problem or exc.context or ""
    hint = explain_failure(text, exc.context or "", exc.context_mark, exc.problem_mark)
    if hint:
        code, message, line, col = hint
        return _issue(file, code, f"YAML 语法错误：{message}", line, col)
    shifted = misindented(text, problem, exc.problem_mark)
    if shifted:
        line, col, want = shifted
        return _issue(file, "yaml-syntax", f"YAML 语法错误：这一行缩进 {col - 1} 个空格，与同一层的其他行（{want} 个空格）"
                      f"没有对齐（{problem}）", line, col)
    mark = exc.problem_mark or exc.context_mark
    at = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return _issue(file, "yaml-syntax", f"YAML 语法错误：{explain_yaml_problem(problem)}", *at)


# PyYAML's problems in plain Chinese; the original English stays in brackets for searching.
_YAML_PROBLEMS = [
    ("did not find expected ',' or '}'", "花括号 { } 没有配对，或两项之间少了逗号"),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有配对，或两项之间少了逗号"),
    ("mapping values are not allowed", "这一行多了一个冒号，或缩进不对；值里有冒号时请给整个值加引号"),
    ("did not find expected '-' indicator", "缩进不一致：同一层的各项应对齐"),
    ("did not find expected key", "缩进不一致：同一层的键应对齐"),
    ("found unexpected end of stream", "文件在引号或括号中间结束，可能少了右引号"),
    ("found undefined alias", "用了未定义的别名（*名称）"),
    ("found character that cannot start any token", "这个字符不能出现在值的开头（如 @ ` %），请给整个值加引号"),
    ("could not find expected ':'", "少了冒号，或一个值跨行却没有用 | 块"),
    ("found unexpected ':'", "多了冒号；值里有冒号时请给整个值加引号"),
    ("expected <block end>, but found", "缩进不一致，或在不该出现的位置写了内容"),
    ("found a tab character", "缩进里有制表符（Tab 键），请换成空格"),
]


def explain_yaml_problem(problem: str) -> str:
    """A Chinese reading of a PyYAML problem, for a clerk who has never seen YAML's English."""
    for english, chinese in _YAML_PROBLEMS:
        if problem.startswith(english) or english in problem:
            return f"{chinese}（{problem}）"
    return f"无法解析（{problem}）" if problem else "无法解析"


def _tab_indent(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None


class _Builder:
    """Turns composed nodes into Python data, collecting positions and refusing unsafe input."""

    def __init__(self, file: str, max_chars: int = MAX_BYTES):
        self.file = file
        self.chars = 0  # characters of text built, aliases counted every time they are used
        self.max_chars = max_chars
        self.source: dict[str, tuple[int, int]] = {}
        self.key_source: dict[str, tuple[int, int]] = {}
        self.issues: list[Issue] = []
        self.block_scalars: set[str] = set()
        self.nodes = 0
        self.constructor = SafeConstructor()

    def _fail(self, code: str, message: str, node) -> Unreadable:
        mark = node.start_mark
        return Unreadable(_issue(self.file, code, message, mark.line + 1, mark.column + 1))

    def build(self, node, path: str, depth: int):
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise self._fail("too-complex", "YAML 结构过深或别名（&/*）展开过多，拒绝读取", node)
        self.source[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self._fail("unsafe-tag", f"不允许的 YAML 标签 {node.tag}", node)
            return [self.build(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(node.value)]
        if node.style in ("|", ">"):
            self.block_scalars.add(path)
        self.chars += len(node.value)
        if self.chars > self.max_chars:
            raise self._fail("too-complex", f"别名（&/*）展开后的文字超过上限（比文件本身多出 {MAX_ALIAS_CHARS} 个字符），"
                             "拒绝读取；请直接写出内容，不要用别名重复", node)
        if not node.style and node.tag in (_INT, _FLOAT):
            return self._number(node, path)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ConstructorError:
            raise self._fail("unsafe-tag", f"不允许的 YAML 标签 {node.tag}（只接受普通的文字、数字、日期）", node) from None
        except (ValueError, OverflowError) as exc:
            if node.tag == _TIMESTAMP:  # 2027-02-30: kept as written, so check names the date that does not exist
                return node.value
            raise self._fail("type", f"无法识别的值：{exc}", node) from None
        if isinstance(value, dt.datetime):
            return self._date_only(value, node, path)
        return value

    def _date_only(self, value: dt.datetime, node, path: str) -> dt.date:
        """A date with a time of day (2025-01-20 10:00:00): the date is what the report needs."""
        mark = node.start_mark
        self.issues.append(Issue(WARNING, "date-time", path, f"“{node.value}”带有时刻，已按日期 {value.date().isoformat()} "
                                 "读取；这里只需填日期（如 2025-01-20）", file=self.file, line=mark.line + 1,
                                 col=mark.column + 1, actual=node.value))
        return value.date()

    def _number(self, node, path: str):
        """A plain number, read as the decimal a clerk means: YAML 1.1's octal, hex, 1:30 and NaN are not."""
        value, problem, warning = read_number(node.value, node.tag)
        mark = node.start_mark
        if problem:
            self.issues.append(Issue(ERROR, "number-form", path, problem, file=self.file, line=mark.line + 1,
                                     col=mark.column + 1, actual=node.value))
            return node.value  # kept as written: an unusable cell, never a number nor an empty cell counted as 0
        if warning:
            self.issues.append(Issue(WARNING, "number-form", path, warning, file=self.file, line=mark.line + 1,
                                     col=mark.column + 1, actual=node.value))
        return value

    def _mapping(self, node, path: str, depth: int) -> dict:
        if node.tag != "tag:yaml.org,2002:map":
            raise self._fail("unsafe-tag", f"不允许的 YAML 标签 {node.tag}", node)
        try:
            self.constructor.flatten_mapping(node)
        except ConstructorError as exc:
            raise self._fail("yaml-syntax", f"合并键（<<）用法错误：{exc.problem}", node) from None
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail("type", "键必须是简单的文字", key_node)
            key = self.build(key_node, path + ".<key>", depth + 1)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise self._fail("type", f"键必须是文字，这里是 {key!r}", key_node)
            key = str(key)
            child = f"{path}.{key}" if path else key
            mark = key_node.start_mark
            if key in result:
                first = self.key_source.get(child, (None, None))[0]
                self.issues.append(
                    Issue(
                        ERROR,
                        "duplicate-key",
                        child,
                        f"键“{key}”重复出现（第一次在第 {first} 行）；YAML 只会保留后一个，请删去其中一个",
                        file=self.file,
                        line=mark.line + 1,
                        col=mark.column + 1,
                    )
                )
            self.key_source[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        self.source.pop(path + ".<key>", None)
        return result


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# Patterns as text: re compiles (and caches) them on first use, so a report of plain numbers never does.
_DECIMAL = r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
_LEADING_ZERO = r"[-+]?0[0-9]+(?:\.[0-9]*)?"
TINY = 1e-9  # a nonzero number closer to 0 than this was never typed on purpose


def read_number(text: str, tag: str) -> tuple[int | float | None, str | None, str | None]:
    """(value, error, warning) for a plain YAML number, never YAML 1.1's 010 = 8, 0x1F = 31 or 1:30 = 90."""
    if text.isascii() and text.isdigit() and (text[0] != "0" or text == "0"):
        return int(text), None, None  # what nearly every cell is; the same result as the full reading below
    plain = text.replace("_", "")
    if ":" in text:
        return None, f"“{text}”会被 YAML 当作六十进制数（1:30 即 90），不是数字；请只填一个数", None
    if re.fullmatch(r"[-+]?0[xXoObB][0-9a-fA-F_]*", text):
        return None, f"“{text}”是十六进制/八进制/二进制写法，不是普通数字；请写成十进制数", None
    if plain.lower().lstrip("+-") in (".nan", ".inf", "nan", "inf"):
        return None, f"“{text}”不是一个数（非数/无穷大）；请填实际的数", None
    warning = None
    if "_" in text:
        warning = f"“{text}”中的下划线已忽略，按 {plain} 读取；数字中请不要加下划线"
    if re.fullmatch(_LEADING_ZERO, plain):
        sign = "-" if plain.startswith("-") else ""
        plain = sign + (plain.lstrip("+-").lstrip("0") or "0")
        if plain.startswith(("."), len(sign)):
            plain = plain[: len(sign)] + "0" + plain[len(sign):]
        warning = f"“{text}”以 0 开头，已按十进制 {plain} 读取（不是八进制）；数字前请不要补 0"
    if not re.fullmatch(_DECIMAL, plain):
        return None, f"无法识别的数字“{text}”", None
    if re.fullmatch(r"[-+]?[0-9]+", plain):
        return int(plain), None, warning
    value = float(plain)
    if value in (float("inf"), float("-inf")):
        return None, f"“{text}”大得超出了数的范围", None
    if value == 0:
        return 0.0, None, warning  # -0.0 is 0
    if abs(value) < TINY:
        return None, f"“{text}”小得不合常理（绝对值小于 {TINY:g}）；请填实际的数", None
    return value, None, warning


def invisible_chars(text: str, file: str) -> list[Issue]:
    """Bidi controls and zero-width characters (read by YAML, removed at build), each reported at its line:col."""
    from itertools import islice

    from nianbao.load.chars import INVISIBLE, INVISIBLE_NAMES, describe

    begin = 1 if text.startswith("\ufeff") else 0  # a leading byte-order mark is no character of the text
    if not INVISIBLE.search(text, begin):
        return []
    issues: list[Issue] = []
    line, scanned = 1, 0
    for m in islice(INVISIBLE.finditer(text, begin), MAX_FLAGGED + 1):
        if len(issues) == MAX_FLAGGED:  # more than listed: count them all without a match object each
            count = sum(text.count(ch, begin) for ch in INVISIBLE_NAMES)
            issues.append(_issue(file, "invisible-char", f"共有 {count} 个不可见的格式字符（以上只列出前 {MAX_FLAGGED} 个），"
                                 "生成时均已删除", severity=WARNING))
            break
        line += text.count("\n", scanned, m.start())
        scanned = m.start()
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        issues.append(_issue(file, "invisible-char", f"含有不可见的格式字符 {describe(m.group())}，"
                             "屏幕上显示的文字可能与实际保存的不同；生成时已删除，请删去", line, col, WARNING))
    return issues


# What PyYAML refuses to read at all; the rest of UNPRINTABLE it reads and the control-char lint reports.
_YAML_REFUSES = regex("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")


def strip_raw_controls(text: str, file: str) -> tuple[str, list[Issue]]:
    """Raw control characters (pasted VT, ESC, NUL, C1, U+FFFE) removed, each reported at its line:col."""
    if not _YAML_REFUSES.search(text):
        return text, []
    issues: list[Issue] = []
    count = 0
    line, line_start = 1, 0
    scanned = 0
    for m in _YAML_REFUSES.finditer(text):
        count += 1
        if count > MAX_FLAGGED:
            continue
        line += text.count("\n", scanned, m.start())
        scanned = m.start()
        line_start = text.rfind("\n", 0, m.start()) + 1
        ch = m.group()
        issues.append(_issue(file, "control-char", f"含有不可见的控制字符 U+{ord(ch):04X}，已删除；"
                             "多为从网页或其他文档粘贴带入，请删去", line, m.start() - line_start + 1, WARNING))
    if count > MAX_FLAGGED:
        issues.append(_issue(file, "control-char", f"共有 {count} 个不可见的控制字符（以上只列出前 {MAX_FLAGGED} 个），"
                             "均已删除", severity=WARNING))
    return _YAML_REFUSES.sub("", text), issues
