"""The one commented-YAML writer of `init` and `import`: keys in the edition's order, each with its official label.

scaffold.py (init) and importer/emit.py (import) say only what differs: zeros and placeholders, or the
numbers found and what could not be imported. Quoting, comments, literal blocks and the table walk are here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import yaml

from nianbao.datacache import regex
from nianbao.editions import Block, Column, Edition, RowNode, walk

INDENT = "  "

# The one placeholder marker: what init/import write for the person to replace, and how check finds it.
PLACEHOLDER_OPEN = "【请填写"  # no published report contains this bracket text, so finding it is never a false alarm
PLACEHOLDER_CLOSE = "】"
COMMENT_AT = 40  # display column where a key's comment starts

# Characters a YAML file cannot hold raw (PyYAML refuses them) or that YAML reads as line breaks.
# From the pattern cache: compiling these classes costs more than check's rules (check imports this module).
_ESCAPE = regex("[^\\x09\\x0A\\x0D\\x20-\\x7E\\xA0-\\uD7FF\\uE000-\\uFFFD\\U00010000-\\U0010ffff]|[\\u2028\\u2029]")
# In a comment or a literal block a CR ends the line too.
_UNPRINTABLE = regex(f"{_ESCAPE.pattern}|\r")


def scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly this string: plain when safe, else double-quoted and escaped.

    The one quoting rule for everything nianbao writes into YAML (init --agency, init --from, import).
    """
    try:
        if text and text == text.strip() and "#" not in text and "\n" not in text and not _ESCAPE.search(text) \
                and yaml.safe_load(text) == text:
            return text
    except yaml.YAMLError:
        pass
    import json  # only for a text that needs quoting: check imports this module for the placeholder

    quoted = json.dumps(text, ensure_ascii=False)  # JSON string escapes are YAML double-quoted escapes
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def printable(text: str) -> str:
    """Text without what YAML cannot hold or would read as a line break (source text quoted in comments)."""
    return _UNPRINTABLE.sub("", text)


def commented(text: str, comment: str, width: int = COMMENT_AT) -> str:
    """`text` and its `# comment`, the comments of consecutive lines aligned (East Asian width)."""
    from wcwidth import wcswidth

    pad = max(1, width - max(wcswidth(text), 0))
    return f"{text}{' ' * pad}# {comment}"


def flow_row(line: str, values: dict | None, comment: str) -> str:
    """A table row as a flow mapping on one line: `key: {col: n, …}  # label`."""
    flow = "{" + ", ".join(f"{k}: {v}" for k, v in (values or {}).items()) + "}"
    return commented(f"{line} {flow}", comment)


def literal(key: str, text: str, comment: str, indent: str = "", body: str | None = None) -> list[str]:
    """A text as a literal block (`key: |`), its lines indented by `body` (default: two more than the key)."""
    body = indent + INDENT if body is None else body
    return [commented(f"{indent}{key}: |", comment)] + [f"{body}{line}" if line else "" for line in text.split("\n")]


def columns_note(columns: Iterable[Column]) -> str:
    """`natural 自然人、business 商业企业、…`: each column's key with its label."""
    return "、".join(f"{c.key} {c.label}" for c in columns)


def kind_comment(ed: Edition) -> str:
    """The comment of `agency.kind`: the allowed values and what each means."""
    return " | ".join(ed.agency_kinds) + "（" + "；".join(f"{k}：{v}" for k, v in ed.agency_kinds.items()) + "）"


def heading(ed: Edition, key: str) -> list[str]:
    """A blank line, then a top-level key with its section label."""
    return ["", commented(f"{key}:", ed.label(key))]


def proactive(ed: Edition, row_line: Callable[[Block, RowNode], str]) -> list[str]:
    """表二: per block a comment naming its columns, then one line per row from `row_line`."""
    out = heading(ed, "proactive")
    for block in ed.proactive.blocks:
        out.append(f"  # {block.caption}：" + columns_note(block.columns))
        out += [row_line(block, row) for row in block.rows]
    return out


RowLine = Callable[[str, RowNode], str]  # (indent, data row) → the row's line


def request_tree(ed: Edition, row_line: RowLine) -> list[str]:
    """表三's row tree: a keyed group as `key:` with its label, a keyless group as a comment, each row by `row_line`."""
    out = []
    for visit in walk(ed.requests.tree):
        node = visit.node
        pad = INDENT * (1 + sum(1 for p in visit.parents if p.key))
        if node.group and node.key:
            out.append(commented(f"{pad}{node.key}:", node.label))
        elif node.group:
            out.append(f"{pad}# {node.label}")
        else:
            out.append(row_line(pad, node))
    return out


def reviews(ed: Edition, note: str, row_line: Callable[[RowNode], str]) -> list[str]:
    """表四: the heading, a comment naming the columns (with `note`), then one line per part."""
    out = heading(ed, "reviews") + [f"  # 列：{columns_note(ed.reviews.columns)}{note}"]
    return out + [row_line(part) for part in ed.reviews.parts]


def placeholder(what: str) -> str:
    """The text written where the person must supply `what` (e.g. 机关全称)."""
    return f"{PLACEHOLDER_OPEN}：{what}{PLACEHOLDER_CLOSE}"


def find_placeholder(text: str) -> int:
    """Offset of the first placeholder in `text`, or -1."""
    return text.find(PLACEHOLDER_OPEN)
