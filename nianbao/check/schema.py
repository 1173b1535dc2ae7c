"""The edition's cerberus schema, built from the layout so no label or key is written twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cerberus
import cerberus.schema
from cerberus import errors as cerr

from nianbao.compute import MAX_COUNT
from nianbao.editions import EDITION_IDS, Column, Edition, get
from nianbao.issues import ERROR, WARNING, Issue
from nianbao.load import Report


class _Validator(cerberus.Validator):
    types_mapping = dict(cerberus.Validator.types_mapping)
    # YAML booleans are Python ints: refuse them where numbers are meant.
    types_mapping["integer"] = cerberus.TypeDefinition("integer", (int,), (bool,))
    types_mapping["number"] = cerberus.TypeDefinition("number", (int, float), (bool,))


def _cell_rule(col: Column) -> dict:
    if col.type == "money":
        return {"type": "number", "min": 0, "max": MAX_COUNT, "nullable": True}
    if col.type == "signed":
        return {"type": "integer", "min": -MAX_COUNT, "max": MAX_COUNT, "nullable": True}
    return {"type": "integer", "min": 0, "max": MAX_COUNT, "nullable": True}


def _rows_schema(rows: list[tuple[str, tuple[Column, ...]]]) -> dict:
    """Nested cerberus dict schema for rows keyed by dotted path below a table."""
    tree: dict = {}
    for path, columns in rows:
        *groups, last = path.split(".")
        node = tree
        for g in groups:
            node = node.setdefault(g, {"type": "dict", "nullable": True, "schema": {}})["schema"]
        node[last] = {
            "type": "dict",
            "nullable": True,
            "schema": {c.key: _cell_rule(c) for c in columns},
        }
    return tree


@cache
def cerberus_schema(edition_id: str) -> dict:
    ed = get(edition_id)
    schema = {k: dict(v) for k, v in ed.input_schema.items()}
    schema["overview"] = {
        "type": ["string", "dict"],
        "nullable": True,
        "schema": {p.key: {"type": "string", "nullable": True} for p in ed.overview_parts},
    }
    schema["proactive"] = {
        "type": "dict",
        "nullable": True,
        "schema": _rows_schema([(row.path, b.columns) for b in ed.proactive.blocks for row in b.rows]),
    }
    schema["requests"] = {
        "type": "dict",
        "nullable": True,
        "schema": _rows_schema([(row.path, ed.requests.columns) for row in ed.requests.rows]),
    }
    schema["reviews"] = {
        "type": "dict",
        "nullable": True,
        "schema": _rows_schema([(p.path, ed.reviews.columns) for p in ed.reviews.parts]),
    }
    return schema


@cache
def _validator(edition_id: str) -> _Validator:
    """The edition's validator, its schema taken as generated: cerberus neither expands nor validates it per process.

    Checking a definition costs cerberus more than checking a report; `cerberus_schema` makes valid definitions,
    already in cerberus's expanded form, by construction (cerberus's UnvalidatedSchema takes such a schema
    as it is), and tests/test_check_schema.py runs cerberus's full definition check on every edition's instead.
    """
    validator = _Validator(error_handler=_Flat)
    validator.schema = cerberus.schema.UnvalidatedSchema(cerberus_schema(edition_id))
    return validator


def _allowed_keys(schema: dict, path: tuple) -> list[str]:
    node = schema
    for part in path:
        rule = node.get(part, {})
        node = rule.get("schema", {})
    return list(node)


def _flatten(errs) -> list:
    out = []
    for e in errs:
        if e.is_group_error:
            out += _flatten(e.child_errors)
        else:
            out.append(e)
    return out


class _Flat(cerr.BaseErrorHandler):
    """cerberus's public error-handler hook: `validator.errors` is the flat list of its ValidationErrors."""

    def __call__(self, errors) -> list:
        return _flatten(errors)


TYPE_ZH = {"integer": "整数", "number": "数字", "string": "文字", "dict": "键值映射", "date": "日期"}


def validate(report: Report, edition: Edition, year_lenient: bool) -> list[Issue]:
    """Run cerberus and turn its errors into positioned issues with Chinese messages."""
    v = _validator(edition.id)
    schema = cerberus_schema(edition.id)
    unknown: list[tuple] = []
    known = _without_unknown(report.data, schema, (), unknown)
    v.validate(known, normalize=False)
    issues = _unknown_issues(unknown, report, edition, schema, year_lenient)
    said = {i.path for i in report.issues if i.code == "number-form" and i.is_error}  # load explained these cells
    for e in v.errors:
        path = ".".join(str(p) for p in e.document_path)
        if path in said and e.code == cerr.BAD_TYPE.code:
            continue
        line, col = report.where(path)
        if e.code == cerr.UNKNOWN_FIELD.code:
            line, col = report.key_source.get(path, (line, col))
        issue = _to_issue(e, path, edition, schema, report, year_lenient)
        if issue:
            issues.append(issue.at(file=report.file, line=line, col=col))
    return issues


MAX_UNKNOWN = 200  # unknown keys listed one by one; beyond this they are counted


@dataclass(frozen=True)
class _Unknown:
    """An unknown key found before cerberus, shaped like the cerberus error _to_issue reads."""

    document_path: tuple
    value: object
    code: int = cerr.UNKNOWN_FIELD.code


def _without_unknown(data: object, schema: dict, path: tuple, found: list[tuple]) -> object:
    """The document without keys the schema does not know (collected in `found`), in one linear pass.

    cerberus re-sorts its whole error list on every error: 4,000 unknown keys took 31 s.
    """
    if not isinstance(data, dict):
        return data
    kept = {}
    for key, value in data.items():
        rule = schema.get(key) if isinstance(key, str) else None
        if rule is None:
            found.append((*path, key))
            continue
        sub = rule.get("schema")
        kept[key] = _without_unknown(value, sub, (*path, key), found) if isinstance(sub, dict) else value
    return kept


def _unknown_issues(found: list[tuple], report: Report, ed: Edition, schema: dict, lenient: bool) -> list[Issue]:
    """One issue per unknown key up to MAX_UNKNOWN, then one that counts the rest."""
    issues = []
    for doc_path in found[:MAX_UNKNOWN]:
        path = ".".join(str(p) for p in doc_path)
        line, col = report.key_source.get(path, report.where(path))
        issue = _to_issue(_Unknown(doc_path, _value_at(report.data, doc_path)), path, ed, schema, report, lenient)
        if issue:
            issues.append(issue.at(file=report.file, line=line, col=col))
    if len(found) > MAX_UNKNOWN:
        issues.append(Issue(ERROR, "unknown-key", "", f"另有 {len(found) - MAX_UNKNOWN} 个未知的键未逐一列出"
                            f"（共 {len(found)} 个）；文件可能不是年度报告，或被拼接了其他内容", file=report.file))
    return issues


def _value_at(data: object, doc_path: tuple) -> object:
    for part in doc_path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _other_edition_owner(path: str, edition: Edition) -> str | None:
    for other in EDITION_IDS:
        if other == edition.id:
            continue
        try:
            _allowed_probe(cerberus_schema(other), path)
            return other
        except KeyError:
            pass
    return None


def _allowed_probe(schema: dict, path: str) -> None:
    node = schema
    for part in path.split("."):
        if part not in node:
            raise KeyError(part)
        node = node[part].get("schema", {})


@dataclass(frozen=True)
class _Found:
    """One cerberus error with what its message needs: key path, official label, value, edition."""

    error: cerr.ValidationError
    path: str
    label: str
    edition: Edition
    schema: dict
    lenient: bool
    example_date: str = ""

    @property
    def value(self) -> object:
        return self.error.value


def _unknown_key(f: _Found) -> Issue:
    e, path, ed = f.error, f.path, f.edition
    owner = _other_edition_owner(path, ed)
    if owner:
        return Issue(
            WARNING if f.lenient else ERROR, "edition", path,
            f"“{path}”属于 {owner} 版格式（{get(owner).document}），本报告按 {ed.id} 版"
            f"（{ed.document}）填报，该版没有这一项",
            actual=path,
        )
    key = e.document_path[-1]
    allowed = _allowed_keys(f.schema, e.document_path[:-1])
    group = ".".join(str(p) for p in e.document_path[:-1])
    if group.startswith("requests.") and key in {c.key for c in ed.requests.columns}:
        return Issue(
            WARNING if f.lenient else ERROR, "structure", path,
            f"{ed.label(group)}是分组标题，官方表格没有小计行；请把数字填到其下各行"
            f"（{'、'.join(allowed)}），（七）总计会自动汇总", actual=key)
    import difflib  # only for an unknown key

    near = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f"，是不是“{near[0]}”？" if near else f"。可用的键：{'、'.join(allowed)}"
    return Issue(ERROR, "unknown-key", path, f"未知的键“{key}”{hint}", actual=key)


def _bad_type(f: _Found) -> Issue:
    constraint, value = f.error.constraint, f.value
    want = constraint if isinstance(constraint, str) else constraint[0]
    hint = ""
    if isinstance(value, str) and want in ("integer", "number"):
        hint = "；只填数字，不要带单位或文字（如“15件”应写 15，“40.35万元”应写 40.35）"
    elif isinstance(value, bool):
        hint = "；这里需要数字，不是是/否"
    elif isinstance(value, float) and want == "integer":
        hint = "；件数必须是整数"
    elif want == "date":
        hint = f"；请按年-月-日写成 {f.example_date} 这样的形式" if f.example_date else "；请按年-月-日写，月和日都写两位"
    shown = f"“{value}”" if isinstance(value, str) else f" {value!r}"
    return Issue(ERROR, "type", f.path, f"{f.label}：应为{TYPE_ZH.get(want, want)}，实际是{shown}{hint}", actual=value)


def _not_allowed(f: _Found) -> Issue:
    """A value outside the allowed list; for 机关类型 the codes are explained, and 部门/政府 typed in Chinese is matched."""
    allowed = [str(v) for v in f.error.constraint]
    if f.path != "agency.kind" or not isinstance(f.value, str):
        return Issue(ERROR, "not-allowed", f.path, f"{f.label}：不能取 {f.value!r}，可选 {'、'.join(allowed)}", actual=f.value)
    kinds = f.edition.agency_kinds  # code → its description, whose head (before “（”) ends with 部门 or 政府
    heads = {code: kinds.get(code, code).split("（")[0] for code in allowed}
    typed = f.value.strip()
    meant = [code for code, head in heads.items() if len(typed) >= 2 and head.endswith(typed[-2:])]
    guess = f"；是不是 {meant[0]}？" if len(meant) == 1 else ""
    codes = "，".join(f"{code} 表示{kinds.get(code, code)}" for code in allowed)
    return Issue(ERROR, "not-allowed", f.path, f"{f.label}：不能取“{f.value}”，这里写英文代码：{codes}{guess}",
                 actual=f.value, expected=meant[0] if len(meant) == 1 else None)


# cerberus error code → the issue it becomes; anything else is a generic [type] issue.
_ISSUE_FOR: dict[int, Callable[[_Found], Issue]] = {
    cerr.UNKNOWN_FIELD.code: _unknown_key,
    cerr.REQUIRED_FIELD.code: lambda f: Issue(ERROR, "required", f.path, f"缺少必填项“{f.path}”（{f.label}）"),
    cerr.BAD_TYPE.code: _bad_type,
    cerr.MIN_VALUE.code: lambda f: Issue(ERROR, "negative", f.path, f"{f.label}：不能为负数，实际 {f.value}",
                                         expected=f">= {f.error.constraint}", actual=f.value),
    cerr.MAX_VALUE.code: lambda f: Issue(ERROR, "too-large", f.path,
                                         f"{f.label}：数值 {f.value} 大得不合常理（上限 {f.error.constraint}）",
                                         actual=f.value),
    cerr.UNALLOWED_VALUE.code: lambda f: _not_allowed(f),
    cerr.MAX_LENGTH.code: lambda f: Issue(
        ERROR, "too-long", f.path, f"{f.label}：长 {len(str(f.value))} 个字，超过上限 {f.error.constraint} 个字；"
        "请检查是否误粘贴了其他内容", expected=f"<= {f.error.constraint}", actual=len(str(f.value))),
    cerr.EMPTY_NOT_ALLOWED.code: lambda f: Issue(ERROR, "required", f.path, f"{f.label}：不能为空"),
    cerr.NOT_NULLABLE.code: lambda f: Issue(ERROR, "required", f.path, f"{f.label}：不能为空"),
}


def _to_issue(e, path: str, ed: Edition, schema: dict, report: Report, lenient: bool) -> Issue | None:
    from nianbao.check.typed import date_example

    found = _Found(e, path, ed.label(path), ed, schema, lenient, date_example(report))
    make = _ISSUE_FOR.get(e.code)
    if make is None:
        return Issue(ERROR, "type", path, f"{found.label}：取值不符合要求（{e.rule}）", actual=e.value)
    return make(found)
