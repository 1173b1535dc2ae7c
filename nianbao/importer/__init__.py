"""import: a published report (.txt, .html, .docx, .pdf with a text layer) back into report YAML, which is then checked.

Every input format is first reduced to paragraphs and tables of cell strings (model.py); one shared
recogniser then finds the sections by their official titles and the table rows by their official
labels (both read from the edition). Nothing is guessed: what cannot be placed is reported.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from nianbao.check import CheckResult, check_report
from nianbao.errors import Unreadable, UsageError, exit_code, os_error_reason
from nianbao.importer.assemble import assemble
from nianbao.importer.model import Block
from nianbao.issues import ERROR, WARNING, Issue, Tally
from nianbao.load import load_text
from nianbao.output import Exists, atomic_write
from nianbao.settings import MAX_BYTES

READERS = {".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html", ".shtml": "html",
           ".xhtml": "html", ".docx": "docx", ".pdf": "pdf"}


@dataclass
class ImportResult:
    """The imported YAML, the import's own findings, the check of the imported report, and the gaps."""

    source: str
    yaml_text: str | None = None
    edition: str | None = None
    cells: dict[str, object] = field(default_factory=dict)  # every table number imported, by key path
    total_cells: int = 0
    sections: list[str] = field(default_factory=list)  # keys of the sections found
    section_count: int = 6  # how many sections the edition has (the official format: 6)
    issues: list[Issue] = field(default_factory=list)  # found while importing (gaps, variants, units)
    missing: list[str] = field(default_factory=list)  # what could not be imported, in words
    check: CheckResult | None = None
    unreadable: bool = False

    @property
    def all_issues(self) -> list[Issue]:
        return self.issues + (self.check.issues if self.check else [])

    @property
    def exit_code(self) -> int:
        """As check: 0 imported with nothing missing and no error (warnings listed), 1 errors or gaps, 2 unreadable."""
        return exit_code(self.unreadable, bool(self.missing) or any(i.is_error for i in self.all_issues))

    def summary(self) -> str:
        if self.unreadable:
            reason = self.issues[0].message if self.issues else "无法读取"
            return f"{self.source}：无法导入（{reason}）"
        gaps = f"{len(self.missing)} 项未能导入" if self.missing else "无缺漏"
        edition = f"{self.edition} 版格式" if self.edition else "格式版本未知"
        return (f"{self.source}：{edition}，表格数字 {len(self.cells)}/{self.total_cells} 个，"
                f"章节 {len(self.sections)}/{self.section_count} 个；{gaps}；{Tally.of(self.all_issues).text()}")


def _kind(path: Path) -> str:
    kind = READERS.get(path.suffix.lower())
    if kind:
        return kind
    if path.suffix.lower() == ".doc":
        raise Unreadable("旧版 Word（.doc）无法读取，请在 Word/WPS 中另存为 .docx 后再导入")
    with open(path, "rb") as fh:
        head = fh.read(2048)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    if b"<html" in head.lower() or b"<table" in head.lower() or b"<!doctype" in head.lower():
        return "html"
    return "txt"


def read_blocks(path: str | os.PathLike, notes: list[str] | None = None) -> list[Block]:
    """Any supported file → paragraphs and tables; Unreadable with a Chinese reason otherwise.

    `notes` collects what the reader had to guess (the encoding of a page whose charset is missing or wrong).
    """
    p = Path(path)
    if not p.exists():
        raise Unreadable("文件不存在")
    if p.is_dir():
        raise Unreadable("这是一个文件夹，不是文件")
    try:
        if p.stat().st_size > MAX_BYTES:
            raise Unreadable(f"文件过大（上限 {MAX_BYTES // 1024 // 1024} MB）")
        if p.stat().st_size == 0:
            raise Unreadable("文件是空的")
        kind = _kind(p)
        if kind == "docx":
            from nianbao.importer.docx import read_docx

            return read_docx(p)
        if kind == "pdf":
            from nianbao.importer.pdf import read_pdf

            return read_pdf(p)
        if kind == "html":
            from nianbao.importer.html import read_html

            return read_html(p, notes)
        from nianbao.importer.text import read_txt

        return read_txt(p)
    except PermissionError:
        raise Unreadable("没有读取权限") from None
    except OSError as exc:
        raise Unreadable(f"无法读取：{os_error_reason(exc)}") from None


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def import_blocks(blocks: list[Block], source: str, yaml_name: str | None = None) -> ImportResult:
    """Recognise a report in already-read blocks, emit YAML, check it."""
    result = ImportResult(source)
    parts = assemble(blocks, source)
    if parts is None:
        result.unreadable = True
        result.issues.append(Issue(ERROR, "unreadable", "", "没有找到年度报告的章节标题或统计表，无法导入", file=source))
        return result
    result.yaml_text = parts.yaml_text
    result.edition = parts.edition.id if parts.edition_known else None
    result.cells = {k: _plain(v) for k, v in parts.found.values.items()}
    result.total_cells = parts.total_cells
    result.sections, result.section_count = parts.sections, len(parts.edition.sections)
    result.issues, result.missing = parts.issues, parts.missing
    try:
        report = load_text(parts.yaml_text, yaml_name or f"{source}.yaml")
    except Unreadable as exc:  # a bug in emit, never the user's fault: say so plainly
        result.issues.append(Issue(ERROR, "import-internal", "", f"导入生成的 YAML 无法读取：{exc.issue.message}",
                                   file=source))
        return result
    result.check = check_report(report)
    return result


class OutputError(UsageError):
    """The output path cannot be used (it is the input, or several inputs need a folder)."""


def target_path(source: str | os.PathLike, output: str | os.PathLike | None, many: bool) -> Path | None:
    """Where the YAML of `source` goes: the -o file, <stem>.yaml inside the -o folder, or None (stdout)."""
    if output is None:
        if many:
            raise OutputError("导入多个文件时请用 -o 指定输出文件夹")
        return None
    out = Path(output)
    if many or out.is_dir() or str(output).endswith(("/", os.sep)):
        out = out / (Path(source).stem + ".yaml")
    if out.exists() and out.resolve() == Path(source).resolve():
        raise OutputError(f"输出文件 {out} 就是输入文件，不能覆盖")
    return out


def distinct_targets(sources: Sequence[str], output: str | os.PathLike | None) -> list[Path | None]:
    """Each input's target, refused before anything is written when two inputs would share one output."""
    targets = [target_path(f, output, len(sources) > 1) for f in sources]
    seen: dict[Path, str] = {}
    for source, target in zip(sources, targets, strict=True):
        if target is None:
            continue
        key = Path(os.path.abspath(target))
        if key in seen:
            raise OutputError(f"{seen[key]} 与 {source} 都会写入 {target}，后者会覆盖前者；"
                              "请把它们分别导入到不同的文件夹（什么也没有写入）")
        seen[key] = source
    return targets


def import_to(source: str | os.PathLike, target: Path | None, replace: bool = False) -> ImportResult:
    """Import and, when a target is given and something was imported, write the YAML there atomically.

    An existing target is replaced only when `replace`; otherwise nianbao.output.Exists is raised.
    """
    result = import_file(source, str(target) if target else None)
    if target is not None and result.yaml_text is not None:
        try:
            atomic_write(target, result.yaml_text, replace=replace)
        except Exists:
            raise
        except OSError as exc:
            from nianbao.errors import os_error_reason

            result.issues.append(Issue(ERROR, "unreadable", "", f"无法写入 {target}：{os_error_reason(exc)}",
                                       file=str(target)))
            result.unreadable = True
    return result


def import_file(path: str | os.PathLike, yaml_name: str | None = None) -> ImportResult:
    """Import one published report; never raises for bad input (unreadable → exit code 2)."""
    source = str(path)
    notes: list[str] = []
    try:
        blocks = read_blocks(path, notes)
    except Unreadable as exc:
        result = ImportResult(source, unreadable=True)
        result.issues.append(Issue(ERROR, "unreadable", "", str(exc), file=source))
        return result
    result = import_blocks(blocks, source, yaml_name)
    result.issues[:0] = [Issue(WARNING, "encoding", "", note, file=source) for note in notes]
    return result


__all__ = ["ImportResult", "OutputError", "distinct_targets", "import_blocks", "import_file", "import_to", "read_blocks", "target_path"]
