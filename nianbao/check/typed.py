"""Table cells as a clerk types them: 1,873, full-width digits, Chinese numerals, empty values, split numbers."""

from __future__ import annotations

import re

from nianbao.check.cnnum import parse as parse_numeral
from nianbao.check.rows import _row_specs, value_at
from nianbao.editions import Column, Edition
from nianbao.issues import ERROR, WARNING, Issue
from nianbao.load import Report
from nianbao.load.hints import fullwidth_message, structural_fullwidth

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_QUOTES = "\"'“”‘’「」"
# Patterns as text, compiled by re on first use: most reports type no number as a string.
_THOUSANDS = r"-?\d{1,3}(,\d{3})+(\.\d+)?"
_PLAIN = r"-?\d+(\.\d+)?"
ROOT_CAUSES = frozenset({"unknown-key", "duplicate-key", "row-length", "number-format", "fullwidth-punct", "date-format"})


def _as_number(text: str, col: Column) -> tuple[object, list[str]] | None:
    """A typed string read as the number it plainly means, with what was changed; None when it is no number."""
    done: list[str] = []
    s = text.strip()
    if len(s) >= 2 and s[0] in _QUOTES and s[-1] in _QUOTES:
        done.append(f"去掉了引号 {s[0]}{s[-1]}")
        s = s[1:-1].strip()
    wide = s.translate(_FULLWIDTH)
    if wide != s:
        done.append("全角数字或符号改为半角")
        s = wide
    if re.fullmatch(_THOUSANDS, s):
        done.append(f"去掉了千位分隔符“{'，' if '，' in text else ','}”")  # the comma as the clerk typed it
        s = s.replace(",", "")
    if not re.fullmatch(_PLAIN, s):
        return None
    value: object = float(s) if "." in s else int(s)
    if col.type != "money" and isinstance(value, float):
        return None
    if not done:
        done.append("按数字读取（原为文字）")
    return value, done


def _cell_issue(report: Report, edition: Edition, path: str, raw: object, col: Column, row: dict | list, key) -> Issue | None:
    """One typed cell: normalise it in `row` (warning), or say why it is no number yet (error)."""
    line, col_no = report.where(path)
    label = edition.label(path)
    if raw is None:
        if col.role == "total":
            return None
        return Issue(WARNING, "empty-value", path, f"{label}：没有填写（空值），按 0 计；确为 0 请写 0",
                     file=report.file, line=line, col=col_no)
    if not isinstance(raw, str):
        return None
    read = _as_number(raw, col)
    if read is not None:
        value, done = read
        row[key] = value
        return Issue(WARNING, "number-format", path,
                     f"{label}：“{raw}”已按 {value} 读取（{'；'.join(done)}）；请直接写 {value}",
                     file=report.file, line=line, col=col_no, actual=raw, expected=value)
    guess = parse_numeral(raw.strip())
    if guess is not None and not raw.strip().isascii():  # plain digits were read above; 十一, 一八七三 here
        report.unknown.add(path)
        row[key] = None  # the error below speaks for it; no second [type] error
        return Issue(ERROR, "number-format", path, f"{label}：“{raw.strip()}”是中文数字，请填阿拉伯数字：是不是 {guess}？",
                     file=report.file, line=line, col=col_no, actual=raw, expected=guess)
    return None


def _split_numbers(report: Report, edition: Edition, path: str, row: dict, columns: tuple[Column, ...]) -> list[Issue]:
    """{decisions: 1,873}: YAML split the number at its comma into decisions: 1 and a key “873”."""
    issues: list[Issue] = []
    keys = list(row)
    known = {c.key for c in columns}
    i = 0
    while i < len(keys):
        key = keys[i]
        tail = []
        j = i + 1
        while j < len(keys) and re.fullmatch(r"\d{3}", keys[j]) and row[keys[j]] is None:
            tail.append(keys[j])
            j += 1
        if key in known and isinstance(row[key], int) and not isinstance(row[key], bool) and tail:
            typed = ",".join([str(row[key])] + tail)
            fixed = typed.replace(",", "")
            cell = f"{path}.{key}"
            line, col_no = report.where(cell)
            issues.append(Issue(
                ERROR, "number-format", cell,
                f"{edition.label(cell)}：“{typed}”里的逗号是千位分隔符，但在花括号 {{ }} 里逗号分隔各项，"
                f"YAML 把它拆成了 {key}: {row[key]} 和多出的键“{'”“'.join(tail)}”；请去掉逗号，写成 {key}: {fixed}",
                file=report.file, line=line, col=col_no, actual=typed, expected=int(fixed)))
            report.unknown.add(cell)
            for extra in tail:
                del row[extra]
        i = j if tail else i + 1
    return issues


# Year first, then month and day: 2026年1月20日, 2026.1.20, 2026-1-20, 2026/1/20 (one separator throughout).
_DATE = r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|([-./])\s*(\d{1,2})\s*\4\s*(\d{1,2}))"


def date_example(report: Report) -> str:
    """An example date plausible for this report (a 2025 report is published in January 2026); "" when the year is unknown."""
    year = report.data.get("year") if isinstance(report.data, dict) else None
    if isinstance(year, int) and not isinstance(year, bool) and 2000 <= year < 9999:
        return f"{year + 1}-01-20"
    return ""


def typed_dates(report: Report, edition: Edition) -> list[Issue]:
    """Dates as typed (2026年1月20日, 2026.1.20, 2026-1-20, 2026/1/20): read as the date they plainly mean, warned."""
    import datetime as dt

    from nianbao.check.schema import cerberus_schema

    issues: list[Issue] = []
    if not isinstance(report.data, dict):
        return issues
    for key, rule in cerberus_schema(edition.id).items():
        raw = report.data.get(key)
        if rule.get("type") != "date" or not isinstance(raw, str):
            continue
        shown = raw.strip()
        if len(shown) >= 2 and shown[0] in _QUOTES and shown[-1] in _QUOTES:
            shown = shown[1:-1].strip()
        m = re.fullmatch(_DATE, shown.translate(_FULLWIDTH))
        if m is None:
            continue
        year, month, day = int(m[1]), int(m[2] or m[5]), int(m[3] or m[6])
        line, col = report.where(key)
        label = edition.label(key)
        try:
            value = dt.date(year, month, day)
        except ValueError:
            why = f"{year} 年没有 {month} 月 {day} 日" if 1 <= month <= 12 else f"没有 {month} 月，月份是 1 到 12"
            issues.append(Issue(ERROR, "date-format", key, f"{label}：“{shown}”不是有效的日期（{why}），"
                                "请核对后按年-月-日写（月和日都写两位）", file=report.file, line=line, col=col, actual=raw))
            report.data[key] = None
            report.unknown.add(key)
            continue
        report.data[key] = value
        if shown == raw and raw == value.isoformat():  # written right, but in YAML quotes: the quotes make it text
            advice = f"“{shown}”加了引号，已按日期读取；请去掉引号，直接写成 {shown}"
        else:
            advice = f"“{shown}”已按 {value.isoformat()} 读取；请直接写成 {value.isoformat()}（年-月-日，月和日都写两位）"
        issues.append(Issue(WARNING, "date-format", key, f"{label}：{advice}",
                            file=report.file, line=line, col=col, actual=raw, expected=value.isoformat()))
    return issues


def typed_numbers(report: Report, edition: Edition) -> list[Issue]:
    """Before the schema: read 1,873 / １８７３ / "12" as numbers (warning), name Chinese numerals, split numbers, empties."""
    issues: list[Issue] = []
    for path, columns in _row_specs(edition):
        parent = value_at(report.data, path.rpartition(".")[0])
        last = path.rpartition(".")[2]
        if not isinstance(parent, dict) or last not in parent:
            continue
        row = parent[last]
        if row is None:
            line, col_no = report.where(path)
            issues.append(Issue(WARNING, "empty-value", path, f"{edition.label(path)}：这一行是空的，各格按 0 计；确为 0 请写 0",
                                file=report.file, line=line, col=col_no))
            continue
        if isinstance(row, str) and (shape := structural_fullwidth(row)):
            offset, char = shape
            line, start = report.where(path)
            at = start + offset if start else None
            issues.append(Issue(ERROR, "fullwidth-punct", path, fullwidth_message(char, line, at), file=report.file,  # type: ignore[arg-type]  # where() places every value the data holds
                                line=line, col=at, actual=row))
            report.unknown.add(path)
            parent[last] = {}
            continue
        if isinstance(row, dict):
            issues += _split_numbers(report, edition, path, row, columns)
            by_key = {c.key: c for c in columns}
            for key in list(row):
                if key in by_key:
                    found = _cell_issue(report, edition, f"{path}.{key}", row[key], by_key[key], row, key)
                    issues += [found] if found else []
        elif isinstance(row, list) and len(row) <= len(columns):
            for i, (col, raw) in enumerate(zip(columns, row, strict=False)):
                found = _cell_issue(report, edition, f"{path}[{i}]", raw, col, row, i)
                if found is not None:
                    found = found.at(path=f"{path}.{col.key}")
                    if found.code == "number-format" and found.is_error:
                        report.unknown.discard(f"{path}[{i}]")
                        report.unknown.add(f"{path}.{col.key}")
                    issues.append(found)
    return issues


def consequences(report: Report, edition: Edition, issues: list[Issue]) -> None:
    """Mark what a root-cause error made unknowable: a duplicate key, a misspelt key's intended row, a bad row."""
    from nianbao.check.schema import _allowed_keys, cerberus_schema

    schema = cerberus_schema(edition.id)
    for issue in issues:
        if issue.code in ("duplicate-key", "row-length"):
            report.unknown.add(issue.path)
        elif issue.code == "unknown-key":
            group, _, key = issue.path.rpartition(".")
            allowed = _allowed_keys(schema, tuple(group.split(".")) if group else ())
            present = value_at(report.data, group) if group else report.data
            import difflib  # only for a misspelt key

            near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if near and isinstance(present, dict) and near[0] not in present:
                report.unknown.add(f"{group}.{near[0]}" if group else near[0])


def root_causes_first(issues: list[Issue]) -> list[Issue]:
    """Root causes (in file order) before everything else (in file order): the clerk fixes the cause first."""
    return [i for i in issues if i.code in ROOT_CAUSES] + [i for i in issues if i.code not in ROOT_CAUSES]


def fullwidth_keys(report: Report) -> list[Issue]:
    """Keys YAML read whole because of Chinese-keyboard punctuation (“decisions：9”, “　kind”): name the character."""
    from nianbao.load.hints import FULLWIDTH

    issues: list[Issue] = []

    def walk(node: dict, path: str) -> None:
        for key in list(node):
            child = f"{path}.{key}" if path else key
            hit = next((i for i, ch in enumerate(key) if ch in FULLWIDTH), None)
            if hit is None:
                if isinstance(node[key], dict):
                    walk(node[key], child)
                continue
            line, col = report.key_source.get(child, report.where(path or child))
            at = (col + hit) if col else None
            message = fullwidth_message(key[hit], line, at) if line and at else f"键“{key}”里有{FULLWIDTH[key[hit]][0]}"
            issues.append(Issue(ERROR, "fullwidth-punct", child, message, file=report.file, line=line, col=at, actual=key))
            meant = re.split(r"[：，；“”\u3000]", key.strip("\u3000 "))[0].strip()
            if meant:
                report.unknown.add(f"{path}.{meant}" if path else meant)
            del node[key]

    walk(report.data, "")
    return issues
