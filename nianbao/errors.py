"""One error model: every failure the user can act on is a NianbaoError carrying issues; one exit-code policy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # issues loads the code registry: imported when an error is made, so the CLI starts fast
    from nianbao.issues import Issue

EXIT_OK, EXIT_ISSUES, EXIT_UNREADABLE, EXIT_INTERRUPTED = 0, 1, 2, 130


def exit_code(unreadable: bool = False, failed: bool = False) -> int:
    """The one policy: 2 input unreadable (or unusable arguments), 1 issues or work not done, else 0."""
    return EXIT_UNREADABLE if unreadable else EXIT_ISSUES if failed else EXIT_OK


def os_error_reason(exc: OSError) -> str:
    """Why the operating system refused, in plain Chinese (its own English text only for rare errors)."""
    import errno

    reasons = {errno.ENAMETOOLONG: "文件名或路径过长（文件名最多 255 字节，约 85 个汉字）",
               errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出磁盘配额", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
               errno.EROFS: "所在磁盘只读", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹",
               errno.ENOENT: "文件或文件夹不存在", errno.EEXIST: "已存在同名文件", errno.EIO: "磁盘读写出错"}
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def os_error_text(exc: OSError) -> str:
    """An operating-system error in plain Chinese, naming the file."""
    name = exc.filename if exc.filename is not None else ""
    reason = os_error_reason(exc)
    return f"{name}：{reason}，未完成" if name else f"{reason}，未完成"


class NianbaoError(Exception):
    """A failure the user can act on: Chinese issues (with positions) instead of a traceback."""

    exit_code = EXIT_ISSUES
    code: str | None = None  # the issue code a plain message becomes (None: a message without an issue)

    def __init__(self, what: str | Issue | Iterable[Issue]):
        from nianbao.issues import ERROR, Issue, format_text

        if isinstance(what, str):
            issues: tuple[Issue, ...] = (Issue(ERROR, self.code, "", what),) if self.code else ()
            message = what
        else:
            issues = (what,) if isinstance(what, Issue) else tuple(what)
            message = issues[0].message if len(issues) == 1 else format_text(issues)
        self.issues = issues
        super().__init__(message)

    @property
    def issue(self) -> Issue:
        """The first (usually the only) issue."""
        return self.issues[0]


class Unreadable(NianbaoError):
    """The input cannot be read as a report at all (not found, not text, not YAML, too large …): exit 2."""

    exit_code = EXIT_UNREADABLE
    code = "unreadable"


class UsageError(NianbaoError, ValueError):
    """Arguments that cannot be used (an unknown format, an output path that is the input …): exit 2."""

    exit_code = EXIT_UNREADABLE
