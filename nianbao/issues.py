"""Issues are data (severity, code, key path, position) before they are text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}

# Stable issue codes and what they mean; the codes are interface (tests, JSON consumers).
CODES: dict[str, str] = {
    "unreadable": "文件无法读取",
    "encoding": "文件编码不是 UTF-8",
    "yaml-syntax": "YAML 语法错误",
    "yaml-tab": "缩进中使用了制表符",
    "duplicate-key": "重复的键",
    "unsafe-tag": "不允许的 YAML 标签",
    "too-complex": "YAML 别名展开过多",
    "not-mapping": "文件顶层不是键值映射",
    "unknown-key": "未知的键",
    "required": "缺少必填项",
    "type": "类型错误",
    "negative": "数值为负",
    "too-large": "数值过大",
    "not-allowed": "取值不在允许范围内",
    "row-length": "按列序填写的数值个数不对",
    "edition": "格式版本与报告年度不符",
    "structure": "表格结构不符合官方格式",
    "balance": "R1 勾稽关系：一+二 = （七）总计+四",
    "total": "R2 （七）总计 = 各项办理结果之和",
    "row-total": "R3 总计列 = 各申请人类别之和",
    "review-total": "R4 复议、诉讼总计 = 各结果之和",
    "carried-out-negative": "结转下年度计算结果为负",
    "all-zero": "R15 未收到也未结转申请，但有办理结果",
    "period": "R16 统计期限不是本年度1月1日至12月31日",
    "deadline": "R16 发布日期晚于条例规定的期限",
    "carry-in": "R6 上年结转 ≠ 上年报告的结转下年度",
    "items-carry": "R7 上一年项目数量 ≠ 上年项目数量+上年增/减",
    "in-force": "R8 现行有效件数与上年对不上",
    "published-count": "R9 本年新公开数量大于对外公开总数量 / 废止件数过多",
    "narrative-number": "R10 正文数字与表格不一致",
    "fee-note": "R11 未说明信息处理费",
    "unit": "R12 收费金额可能误以元为单位",
    "stale-year": "正文把上一年当作报告年度（照抄去年）",
    "control-char": "正文含有不可见的控制字符",
    "previous-unreadable": "上年度报告无法读取",
    # nianbao import: findings about the published report being imported
    "import-missing": "导入：原文缺少的章节、表格、行或数字（未导入）",
    "import-ambiguous": "导入：无法确定所在行或列的数字（未导入，不猜测）",
    "import-extra": "导入：原表多出的行或数字（未导入）",
    "import-label": "导入：非官方的章节标题或行标签（按变体接受）",
    "import-unit": "导入：金额未注明单位",
    "import-meta": "导入：机关名称等取自正文，需核对",
    "import-internal": "导入：生成的 YAML 无法读取（程序错误）",
}


@dataclass(frozen=True)
class Location:
    """Where a value sits in the YAML file (1-based)."""

    path: str
    line: int | None = None
    col: int | None = None
    value: object = None


@dataclass
class Issue:
    """One problem found in a report; `related` lists the other cells a rule involves."""

    severity: str
    code: str
    path: str
    message: str
    file: str = ""
    line: int | None = None
    col: int | None = None
    related: list[Location] = field(default_factory=list)
    expected: object = None
    actual: object = None

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
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Errors and warnings in file order, so the clerk reads them top to bottom."""
    return sorted(issues, key=lambda i: (i.file, i.line or 0, i.col or 0, i.code))


def format_text(issues: Iterable[Issue]) -> str:
    return "\n".join(issue.to_text() for issue in issues)


def format_json(issues: Iterable[Issue]) -> str:
    return json.dumps([i.to_dict() for i in issues], ensure_ascii=False, indent=2)


def count(issues: Iterable[Issue]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for issue in issues:
        if issue.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


class NianbaoError(Exception):
    """A failure the user can act on; carries issues instead of a traceback."""

    def __init__(self, issues: list[Issue]):
        super().__init__(format_text(issues))
        self.issues = issues
