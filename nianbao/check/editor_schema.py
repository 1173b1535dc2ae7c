"""A JSON Schema per edition, generated from the cerberus schema check uses, so an editor completes keys and shows labels.

Nothing here names a key or a label: keys, types, bounds and required keys come from `cerberus_schema`,
titles from the edition's official labels (`Edition.label`), list-form rows from the edition's cells.
"""

from __future__ import annotations

import json
from pathlib import Path

from nianbao import editions
from nianbao.check.schema import cerberus_schema
from nianbao.editions import Edition

# Draft 7: the dialect VS Code's YAML extension implements (it misreads 2020-12 tuples, prefixItems + items: false)
DIALECT = "http://json-schema.org/draft-07/schema#"
ID_PREFIX = "urn:nianbao:edition:"  # marks a file as one nianbao wrote (init may replace it)
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_SCALARS = {"integer": "integer", "number": "number", "string": "string", "boolean": "boolean"}


def file_name(edition_id: str) -> str:
    """The schema's file name beside the reports (the scaffold's first line names it)."""
    return f"nianbao-{edition_id}.schema.json"


def modeline(edition_id: str) -> str:
    """The scaffold's first line: VS Code's YAML extension resolves the path relative to the YAML file."""
    return f"# yaml-language-server: $schema=./{file_name(edition_id)}"


def _row_paths(ed: Edition) -> set[str]:
    """The key paths of table rows: such a row may also be written as a list in the official column order."""
    cells = [p for p, *_ in ed.proactive.cells()] + [p for p, *_ in ed.requests.cells()] \
        + [p for p, *_ in ed.reviews.cells()]
    return {path.rpartition(".")[0] for path in cells}


class _Converter:
    """cerberus rules → JSON Schema, walking the key paths so every node gets the label of its path."""

    def __init__(self, ed: Edition):
        self.ed = ed
        self.rows = _row_paths(ed)

    def labelled(self, path: str) -> dict:
        full = self.ed.label(path)
        if full == path:
            return {}
        out = {"title": full.rsplit(" · ", 1)[-1]}
        if " · " in full:
            out["description"] = full
        return out

    def rule(self, rule: dict, path: str) -> dict:
        wanted = rule.get("type", [])
        alternatives = [self.typed(name, rule, path) for name in ([wanted] if isinstance(wanted, str) else wanted)]
        if path in self.rows:  # cells in the official column order (check refuses any other length)
            cells = [self.rule(cell, f"{path}.{key}") for key, cell in rule["schema"].items()]
            alternatives.append({"type": "array", "items": cells, "additionalItems": False, "minItems": len(cells),
                                 "description": "也可按官方列序写成列表：" + "、".join(c.get("title", "") for c in cells)})
        if rule.get("nullable"):
            alternatives.append({"type": "null"})
        out = self.labelled(path)
        if "allowed" in rule:
            out["enum"] = list(rule["allowed"])
        merged = _merged(alternatives)
        if "description" in out and "description" in merged:
            merged["description"] = out["description"] + "；" + merged["description"]
        return out | merged

    def typed(self, name: str, rule: dict, path: str) -> dict:
        if name == "dict":
            return self.mapping(rule.get("schema", {}), path)
        if name == "list":
            item = rule.get("schema")
            return {"type": "array", **({"items": self.rule(item, "")} if isinstance(item, dict) else {})}
        if name == "date":  # an editor reads an unquoted 2025-01-20 as text (YAML 1.2)
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        out: dict = {"type": _SCALARS[name]}
        if name in ("integer", "number"):
            out |= {k: rule[c] for k, c in (("minimum", "min"), ("maximum", "max")) if c in rule}
        if name == "string" and rule.get("empty") is False:
            out["minLength"] = 1
        return out

    def mapping(self, schema: dict, path: str) -> dict:
        props = {key: self.rule(rule, f"{path}.{key}" if path else key) for key, rule in schema.items()}
        out: dict = {"type": "object", "properties": props, "additionalProperties": False}
        required = [key for key, rule in schema.items() if rule.get("required")]
        return out | ({"required": required} if required else {})


def _merged(alternatives: list[dict]) -> dict:
    """One node with a list of types when the alternatives' keywords do not collide (each keyword applies to its
    own type only), which editors complete and hover better than anyOf; else anyOf."""
    out: dict = {}
    for alt in alternatives:
        for key, value in alt.items():
            if key == "type":
                out["type"] = [*out.get("type", []), value]
            elif key == "description" and key in out:
                out[key] += "；" + value
            elif key in out:
                return {"anyOf": alternatives}
            else:
                out[key] = value
    if len(out.get("type", [])) == 1:
        out["type"] = out["type"][0]
    return out


def _choices(root: dict, ed: Edition) -> None:
    """Enumerations check enforces outside cerberus: the edition ids; the agency kinds with their meaning."""
    props = root["properties"]
    ids = list(editions.EDITION_IDS)
    empty = [None] if "null" in props["edition"].get("type", []) else []  # `edition:` left empty: chosen by year
    props["edition"] = props["edition"] | {"enum": ids + [int(i) for i in ids if i.isdigit()] + empty,
                                           "description": "；".join(
        f"{e.id}：{e.document}《{e.format_name}》，{e.years_text}" for e in editions.all_editions())}
    kind = props["agency"]["properties"]["kind"]
    kind["description"] = "；".join(f"{k}：{v}" for k, v in ed.agency_kinds.items())


def json_schema(edition_id: str) -> dict:
    """The JSON Schema of one edition's YAML input (KeyError for an unknown edition)."""
    ed = editions.get(edition_id)
    root = _Converter(ed).mapping(cerberus_schema(edition_id), "")
    _choices(root, ed)
    return {"$schema": DIALECT, "$id": ID_PREFIX + ed.id,
            "title": f"{ed.title_suffix}（{ed.id} 版：{ed.document}《{ed.format_name}》）",
            "description": f"由 nianbao schema 按 {ed.id} 版格式文件生成，供编辑器补全与悬停提示；以 nianbao check 为准", **root}


def schema_text(edition_id: str) -> str:
    return json.dumps(json_schema(edition_id), ensure_ascii=False, indent=2) + "\n"


def is_ours(path: Path, edition_id: str | None = None) -> bool:
    """A file nianbao generated (of that edition, if given), judged by its $id: it may be refreshed, nothing else."""
    try:
        found = str(json.loads(path.read_text(encoding="utf-8")).get("$id", ""))
        return found == ID_PREFIX + edition_id if edition_id else found.startswith(ID_PREFIX)
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return False


def write_beside(report: str | Path, edition_id: str) -> Path | None:
    """Write the edition's schema next to `report` (the path its modeline names); None if a file not ours is there."""
    from nianbao.output import atomic_write

    target = Path(report).parent / file_name(edition_id)
    text = schema_text(edition_id)
    if target.exists() or target.is_symlink():
        if not is_ours(target):
            return None
        if target.read_text(encoding="utf-8") == text:
            return target
    atomic_write(target, text, replace=True)
    return target
