"""The rule registry: each consistency rule or lint is one function with a declared entry; check runs them all.

A new rule is one function decorated with `@rule(...)` in a module listed in RULE_MODULES, plus its
code in nianbao/registry.yaml (and a test that produces it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nianbao.issues import CATALOGUE, CODES, ERROR, Issue, Location, more_or_less

if TYPE_CHECKING:
    from nianbao.compute import Values
    from nianbao.editions import Edition
    from nianbao.load import Report

# The modules whose @rule functions check runs, in this order.
RULE_MODULES = ("nianbao.check.required", "nianbao.check.rules", "nianbao.check.lints", "nianbao.check.figures",
                "nianbao.check.reuse", "nianbao.check.table_figures", "nianbao.check.arithmetic",
                "nianbao.check.wording", "nianbao.check.sections")


@dataclass
class Ctx:
    report: Report
    edition: Edition
    values: Values
    previous: Values | None = None
    previous_edition: Edition | None = None
    previous_report: Report | None = None  # last year's report itself (its prose), when given
    year: int | None = None  # the report year when it is usable

    def loc(self, path: str) -> Location:
        line, col = self.report.source.get(path, (None, None))
        return Location(path, line, col, self.values.cells.get(path))

    def issue(self, severity: str, code: str, primary: list[str], involved: list[str], message: str,
              expected=None, actual=None) -> Issue:
        """An issue placed at the first written cell of `primary` (else the nearest ancestor)."""
        given = self.values.given
        anchor = next((p for p in primary if p in given), primary[0])
        line, col = self.report.where(anchor)
        related = [self.loc(p) for p in involved if p in given and p != anchor]
        return Issue(severity, code, anchor, message, file=self.report.file, line=line, col=col,
                     related=tuple(related), expected=expected, actual=actual)


    def given_total_mismatch(self, code: str, total: str, parts: list[str], where: str, what: str) -> Issue | None:
        """R3/R4: a written 总计 that is not the sum of its parts (omitted totals are computed, so agree)."""
        v = self.values
        if total not in v.given or not v.known(total, *parts):
            return None
        summed = sum(v[x] for x in parts)
        if v[total] == summed:
            return None
        return self.issue(ERROR, code, [total], [total] + parts,
                          f"{where}：填写 {v[total]}，{what}{summed}，{more_or_less(v[total] - summed, '填')}",
                          expected=summed, actual=v[total])


RuleFunc = Callable[[Ctx], list[Issue]]


@dataclass(frozen=True)
class Rule:
    """One registered rule function and what it declares: codes, R-number, editions, what it needs."""

    name: str
    rule: str | None
    codes: tuple[str, ...]
    description: str
    per_edition: bool  # applies only to the editions whose file lists it under `checks:`
    needs: tuple[str, ...]  # "year" (a usable report year), "previous" (last year's report)
    func: RuleFunc
    # "<table>.<role>": the roles of rows, columns or sections it finds by role, which an edition that lists
    # it under `checks:` must declare (Edition.roles); a user's edition file without one is refused
    roles: tuple[str, ...] = ()

    @property
    def editions(self) -> tuple[str, ...] | None:
        """The editions whose file declares this check (None: every edition)."""
        if not self.per_edition:
            return None
        from nianbao.editions import EDITION_IDS, get

        return tuple(e for e in EDITION_IDS if self.name in get(e).checks)

    @property
    def severity(self) -> str:
        """The default severity: that of its first code."""
        return CODES[self.codes[0]].severity

    def applies(self, ctx: Ctx) -> bool:
        """Declared applicability: the edition, and the inputs the rule needs."""
        if self.per_edition and self.name not in ctx.edition.checks:
            return False
        if "year" in self.needs and not ctx.year:
            return False
        return not ("previous" in self.needs and (ctx.previous is None or ctx.previous_edition is None))


RULES: list[Rule] = []


def rule(rule_id: str | None, codes: tuple[str, ...] | str, description: str,
         per_edition: bool = False, needs: tuple[str, ...] = (),
         roles: tuple[str, ...] = ()) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function; its codes must be in registry.yaml and its R-number in the catalogue."""
    codes = (codes,) if isinstance(codes, str) else tuple(codes)

    def register(func: RuleFunc) -> RuleFunc:
        unknown = [c for c in codes if c not in CODES]
        if unknown:
            raise ValueError(f"rule {func.__name__}: unregistered codes {unknown} (add them to nianbao/registry.yaml)")
        if rule_id is not None and rule_id not in CATALOGUE:
            raise ValueError(f"rule {func.__name__}: {rule_id} is not in the catalogue")
        if any(r.name == func.__name__ for r in RULES):
            raise ValueError(f"rule {func.__name__} registered twice")
        RULES.append(Rule(func.__name__, rule_id, codes, description, per_edition, tuple(needs), func, tuple(roles)))
        return func

    return register


_ROLE_WHAT = {"proactive": "表二 role: {} 的列", "requests": "表三 role: {} 的行", "sections": "role: {} 的章节"}


def role_problems(ed: Edition) -> list[str]:
    """Checks an edition file names that do not exist, and the roles the checks applying to it need and it lacks."""
    rules = all_rules()
    per_edition = {r.name for r in rules if r.per_edition}
    problems = [f"checks 中的 {name} 不是按格式版本适用的检查" for name in ed.checks if name not in per_edition]
    for entry in rules:
        if entry.per_edition and entry.name not in ed.checks:
            continue
        for role in entry.roles:
            if role not in ed.roles:
                table, _, name = role.partition(".")
                problems.append(f"检查 {entry.name} 要用{_ROLE_WHAT[table].format(name)}，本版没有")
    return problems


def all_rules() -> list[Rule]:
    """Every registered rule (importing the rule modules registers them)."""
    for module in RULE_MODULES:
        importlib.import_module(module)
    return list(RULES)


def run(ctx: Ctx) -> list[Issue]:
    """Every rule that applies to this report, in registration order."""
    issues: list[Issue] = []
    for entry in all_rules():
        if not entry.applies(ctx):
            continue
        found = entry.func(ctx)
        stray = {i.code for i in found} - set(entry.codes)
        if stray:  # a programming error: the entry must declare every code its rule produces
            raise ValueError(f"rule {entry.name} produced undeclared codes {sorted(stray)}")
        issues += found
    return issues


def entries() -> list[dict]:
    """The registry as data, one entry per issue code in registry.yaml order (`nianbao rules`, README)."""
    from nianbao.editions import EDITION_IDS

    by_code: dict[str, list[Rule]] = {}
    for entry in all_rules():
        for code in entry.codes:
            by_code.setdefault(code, []).append(entry)
    rows = []
    for entry_code in CODES.values():
        funcs = by_code.get(entry_code.code, [])
        if funcs and all(f.editions is not None for f in funcs):
            eds = tuple(e for e in EDITION_IDS if any(e in (f.editions or ()) for f in funcs))
        else:
            eds = tuple(EDITION_IDS)
        rows.append({
            "code": entry_code.code, "rule": entry_code.rule, "severity": entry_code.severity, "stage": entry_code.stage,
            "editions": list(eds), "description": entry_code.description,
            "rule_title": CATALOGUE[entry_code.rule].title if entry_code.rule else None,
            "checks": [{"function": f.name, "description": f.description, "needs": list(f.needs)} for f in funcs],
        })
    return rows


def _pad(text: str, width: int) -> str:
    """Pad to a display width: a Chinese character takes two columns in a terminal."""
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 0)


def format_text() -> str:
    """A header, then one line per code: R-number, code, severity, stage, editions, description (and the rule's title)."""
    from nianbao.issues import SEVERITY_ZH

    lines = [f"{_pad('规则', 5)}{_pad('代码', 22)}{_pad('级别', 6)}{_pad('阶段', 6)}{_pad('适用版本', 12)}说明"]
    for e in entries():
        said = e["description"] + (f"〔{e['rule']}：{e['rule_title']}〕" if e["rule"] else "")
        lines.append(f"{_pad(e['rule'] or '—', 5)}{_pad(e['code'], 22)}{_pad(SEVERITY_ZH[e['severity']], 6)}"
                     f"{_pad(_STAGE_ZH[e['stage']], 6)}{_pad('、'.join(e['editions']), 12)}{said}")
    return "\n".join(lines)


def format_json() -> str:
    import json

    return json.dumps({"rules": [{"id": r.id, "title": r.title, "editions": list(r.editions),
                                  "severity": r.severity} for r in CATALOGUE.values()],
                       "codes": entries()}, ensure_ascii=False, indent=2)


README_BEGIN = "<!-- rules:begin — generated from nianbao/registry.yaml by scripts/readme_rules.py; do not edit -->"
README_END = "<!-- rules:end -->"
_STAGE_ZH = {"load": "读取", "schema": "格式", "rules": "勾稽", "lints": "正文", "import": "导入"}


def markdown_table() -> str:
    """The README's rule table: every code, its R-number, default severity, stage, editions."""
    from nianbao.issues import SEVERITY_ZH

    lines = ["| 代码 | 规则 | 级别 | 阶段 | 适用版本 | 说明 |", "|---|---|---|---|---|---|"]
    for e in entries():
        rule_text = f"{e['rule']} {e['rule_title']}" if e["rule"] else "—"
        lines.append(f"| `{e['code']}` | {rule_text} | {SEVERITY_ZH[e['severity']]} | {_STAGE_ZH[e['stage']]} "
                     f"| {'、'.join(e['editions'])} | {e['description']} |")
    return "\n".join(lines)


def readme_with_table(readme: str) -> str:
    """README text with the generated table between the markers (which must be there)."""
    head, begin, rest = readme.partition(README_BEGIN)
    _, end, tail = rest.partition(README_END)
    if not begin or not end:
        raise ValueError("README has no rules:begin / rules:end markers")
    return f"{head}{README_BEGIN}\n{markdown_table()}\n{README_END}{tail}"
