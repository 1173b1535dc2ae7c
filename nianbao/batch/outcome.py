"""One small, picklable result per file of a batch, and the exit code it implies."""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.errors import exit_code
from nianbao.issues import Issue, Tally

CLEAN, WARNINGS, ERRORS, UNREADABLE, CRASHED = "clean", "warnings", "errors", "unreadable", "crashed"
STATUS_ZH = {CLEAN: "通过", WARNINGS: "有警告", ERRORS: "有错误", UNREADABLE: "无法读取", CRASHED: "内部错误"}


@dataclass
class Outcome:
    """What the caller needs to know about one file: small and picklable."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    unreadable: bool = False
    outputs: list[str] = field(default_factory=list)
    refused: bool = False
    failures: list[str] = field(default_factory=list)
    figures: dict | None = None
    crash: str | None = None
    pending_pdf: tuple[str, str] | None = None  # (PDF target, staged DOCX) for the bulk conversion
    unwritten: list[tuple[str, str]] = field(default_factory=list)  # (target, why): refused by the operating system
    notes: list[str] = field(default_factory=list)  # said once for the whole run (the PDF's font substitutes)

    @property
    def tally(self) -> Tally:
        return Tally.of(self.issues)

    @property
    def errors(self) -> int:
        return self.tally.errors

    @property
    def warnings(self) -> int:
        return self.tally.warnings

    @property
    def status(self) -> str:
        if self.crash:
            return CRASHED
        if self.unreadable:
            return UNREADABLE
        return ERRORS if self.errors else WARNINGS if self.warnings else CLEAN

    def check_exit(self, strict: bool = False) -> int:
        """check's exit code for this file: 2 unreadable, 1 errors (or warnings when strict), else 0."""
        status = self.status
        return exit_code(status in (UNREADABLE, CRASHED), status == ERRORS or (strict and status == WARNINGS))

    def build_exit(self) -> int:
        """build's exit code: 2 unreadable or a file the system would not write, 1 refused, a format not produced
        or errors (a --force draft), else 0."""
        return exit_code(self.status in (UNREADABLE, CRASHED) or bool(self.unwritten),
                         bool(self.refused or self.failures or self.errors))
