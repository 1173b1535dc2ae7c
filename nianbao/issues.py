"""Issues are data (severity, code, key path, position) before they are text."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, cast

from nianbao.datacache import load_yaml

if TYPE_CHECKING:
    from typing_extensions import Unpack

ERROR = "error"
WARNING = "warning"
INFO = "info"  # said once, changes no exit code (e.g. a cross-year check that cannot be made)

SEVERITY_ZH = {ERROR: "错误", WARNING: "警告", INFO: "提示"}

REGISTRY_FILE = Path(__file__).with_name("registry.yaml")


@dataclass(frozen=True)
class Code:
    """One issue code: the interface tests and JSON consumers rely on, defined once in registry.yaml."""

    code: str
    stage: str
    severity: str
    description: str
    rule: str | None = None


@dataclass(frozen=True)
class RuleInfo:
    """One entry R1–R17 of the official format's consistency rules (勾稽关系)."""

    id: str
    title: str
    editions: tuple[str, ...]
    severity: str | None


_KEYS = {"codes": {"stage", "severity", "description", "rule"}, "rules": {"title", "editions", "severity"}}


def _only_known_keys(data: dict) -> None:
    """An unquoted comma in a flow mapping ({description: 2,856 …}) makes a stray key: refuse it, never cut a text."""
    for part, keys in _KEYS.items():
        for name, entry in data[part].items():
            stray = set(entry) - keys
            if stray:
                raise ValueError(f"registry.yaml: {part}.{name} has unknown keys {sorted(stray)} (quote a text with a comma)")


def _load_registry() -> tuple[dict[str, Code], dict[str, RuleInfo]]:
    """registry.yaml → the codes and the rule catalogue; a code naming an unknown R-number fails at import."""
    data = cast(dict, load_yaml(REGISTRY_FILE))  # registry.yaml, shipped with the package, is a mapping
    _only_known_keys(data)
    catalogue = {
        rid: RuleInfo(rid, e["title"], tuple(str(x) for x in e["editions"]),
                      None if e["severity"] == "none" else e["severity"])
        for rid, e in data["rules"].items()
    }
    codes = {name: Code(name, e["stage"], e["severity"], e["description"], e.get("rule"))
             for name, e in data["codes"].items()}
    for code in codes.values():
        if code.rule is not None and code.rule not in catalogue:
            raise ValueError(f"registry.yaml: code {code.code} names unknown rule {code.rule}")
        if code.severity not in SEVERITY_ZH:
            raise ValueError(f"registry.yaml: code {code.code} has unknown severity {code.severity}")
    return codes, catalogue


# Stable issue codes (the only ones an Issue may carry) and the rule catalogue R1–R17.
CODES, CATALOGUE = _load_registry()


@dataclass(frozen=True)
class Location:
    """Where a value sits in the YAML file (1-based)."""

    path: str
    line: int | None = None
    col: int | None = None
    value: object = None


class _Where(TypedDict, total=False):
    """Where `Issue.at` may move an issue: any of these fields, the others kept."""

    path: str
    file: str
    line: int | None
    col: int | None


@dataclass(frozen=True)
class Issue:
    """One problem found in a report, immutable once made; `related` lists the other cells a rule involves."""

    severity: str
    code: str
    path: str
    message: str
    file: str = ""
    line: int | None = None
    col: int | None = None
    related: tuple[Location, ...] = ()
    expected: object = None
    actual: object = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered issue code {self.code!r} (add it to nianbao/registry.yaml)")
        if self.severity not in SEVERITY_ZH:
            raise ValueError(f"unknown severity {self.severity!r}")
        object.__setattr__(self, "related", tuple(self.related))

    def at(self, **where: Unpack[_Where]) -> Issue:
        """A copy placed elsewhere (file, line, col): issues are never changed in place."""
        return replace(self, **where)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def lines(self) -> set[int]:
        """Every YAML line this issue names (primary and related)."""
        found = {loc.line for loc in self.related if loc.line}
        if self.line:
            found.add(self.line)
        return found

    def position(self) -> str:
        pos = self.file or "<输入>"
        if self.line:
            pos += f":{self.line}"
            if self.col:
                pos += f":{self.col}"
        return pos

    def to_text(self) -> str:
        text = f"{self.position()}: {SEVERITY_ZH[self.severity]} [{self.code}] {self.message}"
        others = sorted({loc.line for loc in self.related if loc.line and loc.line != self.line})
        if len(others) > 6:  # long lists help nobody: keep the cells that hold a number
            others = sorted({loc.line for loc in self.related if loc.line and loc.line != self.line and loc.value})
        if others:
            text += "（相关行：" + "、".join(str(n) for n in others) + "）"
        return text

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "path": self.path,
            "message": self.message,
            "expected": _jsonable(self.expected),
            "actual": _jsonable(self.actual),
            "related": [
                {"path": loc.path, "line": loc.line, "col": loc.col} for loc in self.related
            ],
        }


def _jsonable(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # strict JSON has no NaN or Infinity
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


def more_or_less(diff, verb: str = "", fmt=str) -> str:
    """A difference read aloud: “多填 1” / “少填 1”, never “相差 -1”."""
    return f"多{verb} {fmt(diff)}" if diff > 0 else f"少{verb} {fmt(-diff)}"


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Errors and warnings in file order, so the clerk reads them top to bottom."""
    return sorted(issues, key=lambda i: (i.file, i.line or 0, i.col or 0, i.code))


def format_text(issues: Iterable[Issue]) -> str:
    return "\n".join(issue.to_text() for issue in issues)


def format_json(issues: Iterable[Issue]) -> str:
    import json  # only for --format json: not loaded by every check

    return json.dumps([i.to_dict() for i in issues], ensure_ascii=False, indent=2, allow_nan=False)


@dataclass(frozen=True)
class Tally:
    """How many errors and warnings (and infos, which change no status): the one count every command reports."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0

    @staticmethod
    def of(issues: Iterable[Issue]) -> Tally:
        errors = warnings = infos = 0
        for issue in issues:
            if issue.is_error:
                errors += 1
            elif issue.severity == INFO:
                infos += 1
            else:
                warnings += 1
        return Tally(errors, warnings, infos)

    def text(self) -> str:
        return f"{self.errors} 个错误，{self.warnings} 个警告" + (f"，{self.infos} 个提示" if self.infos else "")
