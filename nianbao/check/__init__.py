"""check: schema first, then every consistency rule, then the lints; all issues, never just the first."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from nianbao import editions
from nianbao.check import registry
from nianbao.check.registry import Ctx
from nianbao.check.required import placeholder_paths
from nianbao.check.rows import given_cells, normalize
from nianbao.check.schema import validate
from nianbao.check.typed import consequences, fullwidth_keys, root_causes_first, typed_dates, typed_numbers
from nianbao.compute import Values, compute_values
from nianbao.editions import EDITION_IDS, Edition
from nianbao.errors import Unreadable
from nianbao.issues import ERROR, WARNING, Issue, Tally, sort_issues
from nianbao.load import Report, load_file


@dataclass
class CheckResult:
    """Everything check learned about one file; `report` is None when it could not be read."""

    file: str
    report: Report | None = None
    edition: Edition | None = None
    values: Values | None = None
    issues: list[Issue] = field(default_factory=list)
    unreadable: bool = False

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def tally(self) -> Tally:
        return Tally.of(self.issues)

    @property
    def ok(self) -> bool:
        return not self.unreadable and not self.errors


def _year(data: dict) -> int | None:
    """The report year when it is usable (a plausible integer); schema errors cover the rest."""
    year = data.get("year")
    rule = editions.get(EDITION_IDS[-1]).input_schema["year"]
    ok = isinstance(year, int) and not isinstance(year, bool) and rule["min"] <= year <= rule["max"]
    return year if ok else None


def choose_edition(report: Report) -> tuple[Edition, list[Issue]]:
    """The edition to check against: `edition:` if given, else the one for the report year (R17)."""
    data = report.data
    year = _year(data)
    issues: list[Issue] = []
    by_year = editions.for_year(year) if year else editions.get(EDITION_IDS[-1])
    declared = data.get("edition")
    if declared is None:
        return by_year, issues
    line, col = report.where("edition")
    if str(declared) not in EDITION_IDS:
        issues.append(Issue(ERROR, "not-allowed", "edition",
                            f"格式版本“{declared}”不存在，可选 {'、'.join(EDITION_IDS)}",
                            file=report.file, line=line, col=col, actual=declared))
        return by_year, issues
    edition = editions.get(str(declared))
    if year and not edition.covers(year):
        lenient = year in edition.lenient_years or year in by_year.lenient_years
        issues.append(Issue(
            WARNING if lenient else ERROR, "edition", "edition",
            f"{year} 年度报告应使用 {by_year.id} 版格式（{by_year.document}），"
            f"文件声明的是 {edition.id} 版（适用于 {edition.years_text}）",
            file=report.file, line=line, col=col, expected=by_year.id, actual=edition.id))
    return edition, issues


def agency_name(data: object) -> str | None:
    """The agency's name as written, spaces removed, or None when there is none to compare."""
    agency = data.get("agency") if isinstance(data, dict) else None
    name = agency.get("name") if isinstance(agency, dict) else None
    if not isinstance(name, str):
        return None
    return "".join(name.split()) or None


def other_agency(last: object, this: object) -> tuple[str, str] | None:
    """(last year's agency, this year's) when both are named and differ: the two are not one agency's reports."""
    a, b = agency_name(last), agency_name(this)
    return (a, b) if a and b and a != b else None


def _other_agency_issue(report: Report, previous: Report, names: tuple[str, str]) -> Issue:
    at = "previous" if "previous" in report.data else "agency.name"
    line, col = report.where(at)
    return Issue(WARNING, "previous-agency", at,
                 f"上年报告的机关（{names[0]}）与本报告（{names[1]}）不同，跨年度核对未进行；"
                 f"请确认上年报告 {previous.file} 是本机关的（用 --previous 或 previous: 指定）",
                 file=report.file, line=line, col=col, expected=names[1], actual=names[0])


def check_report(report: Report, previous: Report | None = None) -> CheckResult:
    """Check a loaded report; `previous` (last year's report) enables the cross-year rules."""
    result = CheckResult(report.file, report)
    issues = list(report.issues)
    edition, edition_issues = choose_edition(report)
    issues += edition_issues
    year = _year(report.data)
    lenient = bool(year) and year in edition.lenient_years
    issues += fullwidth_keys(report) + typed_numbers(report, edition) + typed_dates(report, edition)
    row_issues = normalize(report, edition)
    issues += row_issues
    unfilled = placeholder_paths(report)  # a placeholder gets its own error (placeholder_rule), not also [type]
    issues += [i for i in validate(report, edition, lenient) if i.path not in unfilled]
    consequences(report, edition, issues)  # row-length rows, misspelt and duplicate keys: unknown, not 0
    values = compute_values(given_cells(report, edition), edition, report.unknown)
    ctx = Ctx(report, edition, values, year=year)
    names = other_agency(previous.data, report.data) if previous is not None else None
    if previous is not None and names is not None:
        issues.append(_other_agency_issue(report, previous, names))
    elif previous is not None:
        prev_edition, _ = choose_edition(previous)
        typed_numbers(previous, prev_edition)
        prev_rows = [i.path for i in normalize(previous, prev_edition) if i.code == "row-length"]
        ctx.previous = compute_values(given_cells(previous, prev_edition), prev_edition, set(prev_rows) | previous.unknown)
        ctx.previous_edition = prev_edition
        ctx.previous_report = previous
    issues += registry.run(ctx)
    result.edition, result.values, result.issues = edition, values, root_causes_first(sort_issues(issues))
    return result


def _previous_path(report: Report, explicit: str | os.PathLike | None) -> Path | None:
    if explicit:
        return Path(explicit)
    named = report.data.get("previous")
    if isinstance(named, str) and named.strip():
        return Path(report.file).parent / named
    return None


def check_file(path: str | os.PathLike, previous: str | os.PathLike | None = None) -> CheckResult:
    """Load and check one file; unreadable input becomes an issue, never an exception."""
    try:
        report = load_file(path)
    except Unreadable as exc:
        return CheckResult(str(path), issues=[exc.issue], unreadable=True)
    prev_report = None
    prev_path = _previous_path(report, previous)
    extra: list[Issue] = []
    if prev_path is not None:
        try:
            prev_report = load_file(prev_path)
        except Unreadable as exc:
            line, col = report.where("previous")
            extra.append(Issue(WARNING, "previous-unreadable", "previous",
                               f"上年度报告 {prev_path} 无法读取（{exc.issue.message}），跨年度核对未进行",
                               file=report.file, line=line, col=col))
    result = check_report(report, prev_report)
    if extra:
        result.issues = root_causes_first(sort_issues(result.issues + extra))
    return result
