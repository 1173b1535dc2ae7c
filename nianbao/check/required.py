"""What a publishable report must contain: every part written out, no placeholder left.

"Not written" and "written as zeros" stay apart: `carried_out: {}` is a written row of zeros, a missing or
null `carried_out` is not (check.rows.normalize leaves null rows null for this).
"""

from __future__ import annotations

from collections.abc import Iterator

from nianbao import yamlwriter
from nianbao.check.registry import Ctx, rule
from nianbao.check.rows import value_at
from nianbao.editions import zh_count
from nianbao.issues import ERROR, WARNING, Issue
from nianbao.load import Report


def _empty(value: object) -> bool:
    """Nothing written: null, blank text, an empty mapping, or only blank texts (rows of zeros are content)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(isinstance(v, str | None) and _empty(v) for v in value.values())
    return False


def _issue(report: Report, code: str, path: str, at: str | None, message: str, severity: str = ERROR) -> Issue:
    """An issue on `at` (the key that is there), or on line 1 when the part is absent from the file."""
    line, col = (report.key_source.get(at) or report.where(at)) if at else (None, None)
    return Issue(severity, code, path, message, file=report.file, line=line or 1, col=col or (1 if not line else None))


def _written(report: Report, key: str) -> dict | None:
    """A part written as a mapping with content, whose own entries the rules below require (else None)."""
    part = report.data.get(key)
    return part if isinstance(part, dict) and not _empty(part) else None


def _at(part: dict, key: str, child: str | None) -> str:
    """Where an entry missing from a written part is said: on its key when written (empty), else on the part."""
    return f"{key}.{child}" if child in part else key


def _missing(report: Report, path: str, parent: str | None, what: str) -> Issue:
    data, key = value_at(report.data, parent) if parent else report.data, path.rpartition(".")[2]
    if isinstance(data, dict) and key in data:
        return _issue(report, "missing-part", path, path, f"缺少：{what}（已写出“{key}:”，但没有内容）")
    return _issue(report, "missing-part", path, parent, f"缺少：{what}")


@rule(None, "missing-part", "一至六各部分、表二至表四和发布（成文）日期都已写出且不为空（全为 0 的表格算写出）")
def required_parts_rule(ctx: Ctx) -> list[Issue]:
    """Sections 一–六, tables 二–四 and `published`: missing or empty is an error naming the official title."""
    report, edition = ctx.report, ctx.edition
    data, issues = report.data, []
    for section in edition.sections:
        if _empty(data.get(section.key)):
            issues.append(_missing(report, section.key, None, section.heading))
    if data.get("published") is None and "published" not in report.unknown:  # an impossible date is said already
        issues.append(_missing(report, "published", None, edition.top_labels["published"]))
    return issues


@rule(None, "overview-part", "一、总体情况分五部分填写时，每部分都有内容（写成一段也可以）")
def overview_parts_rule(ctx: Ctx) -> list[Issue]:
    report, edition, issues = ctx.report, ctx.edition, []
    overview = _written(report, "overview")
    if overview is not None:
        head = edition.section_for("overview").heading
        for part in edition.overview_parts:
            if _empty(overview.get(part.key)):
                issues.append(_issue(report, "overview-part", f"overview.{part.key}", _at(overview, "overview", part.key),
                                     f"{head}：缺少{part.number}{part.title}（分部分填写时"
                                     f"{zh_count(len(edition.overview_parts))}部分都应写出；"
                                     "也可以写成一段）", WARNING))
    return issues


@rule(None, "carried-out-missing", "四、结转下年度继续办理 已写出（从不推算）：R1 靠它核对表三")
def carried_out_written_rule(ctx: Ctx) -> list[Issue]:
    """结转下年度 must be written: a typo anywhere in 表三 would otherwise move silently into it."""
    report, edition, issues = ctx.report, ctx.edition, []
    requests = _written(report, "requests")
    if requests is not None:
        out = edition.requests.carried_out
        if requests.get(out.path) is None:
            issues.append(_issue(report, "carried-out-missing", f"requests.{out.path}", _at(requests, "requests", out.path),
                                 f"{out.label} 未填写：它是核对本表的唯一依据（全为 0 也请写出）"))
    return issues


@rule(None, "review-total-missing", "表四每行的总计已写出（从不推算）：R4 靠它核对该行")
def review_total_written_rule(ctx: Ctx) -> list[Issue]:
    """Every 表四 总计 must be written: a typo in one of its cells would otherwise be summed into it."""
    report, edition, issues = ctx.report, ctx.edition, []
    reviews = _written(report, "reviews")
    if reviews is not None:
        total = edition.reviews.total_column
        for part in edition.reviews.parts:
            row = reviews.get(part.key)
            if f"reviews.{part.key}[0]" in report.source:
                continue  # written as a list: judged by its length (row-length), a 5-number list holds 总计
            if not isinstance(row, dict) or row.get(total.key) is None:
                path = f"reviews.{part.key}.{total.key}"
                issues.append(_issue(report, "review-total-missing", path, _at(reviews, "reviews", part.key),
                                     f"{edition.label(path)} 未填写：它是核对本行的唯一依据（全为 0 也请写出）"))
    return issues


def _strings(node: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")


def placeholder_paths(report: Report) -> set[str]:
    """Key paths whose value still holds the placeholder marker."""
    return {path for path, text in _strings(report.data, "") if yamlwriter.find_placeholder(text) >= 0}


@rule(None, "placeholder", f"没有 init 或 import 留下的待填写占位文字（{yamlwriter.placeholder('…')}）")
def placeholder_rule(ctx: Ctx) -> list[Issue]:
    """Every text init or import left for the person to replace is an error on its own line."""
    report, edition, issues = ctx.report, ctx.edition, []
    for path, text in _strings(report.data, ""):
        at = yamlwriter.find_placeholder(text)
        if at < 0:
            continue
        end = text.find(yamlwriter.PLACEHOLDER_CLOSE, at)
        shown = text[at:end + 1] if end >= 0 else text[at:at + 20]
        line, col = report.text_position(path, text[:at])
        issues.append(Issue(ERROR, "placeholder", path,
                            f"{edition.label(path)}：仍是待填写的占位文字“{shown}”，请换成实际内容",
                            file=report.file, line=line, col=col, actual=shown))
    return issues
