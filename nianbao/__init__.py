"""nianbao: the statutory 政府信息公开工作年度报告, checked and rendered from one YAML file.

The public API (what the CLI, serve, batch, tests and benchmarks use):

    load_file(path) -> Report                          read one YAML file (Unreadable if it cannot be)
    check_file(path, previous=None) -> CheckResult     schema, every rule, the lints; issues, never raises
    render_context(path_or_result) -> dict             the numbers and labels every template reads
    render_file(path_or_result_or_context, fmt) -> bytes   one format (html, txt, docx, pdf), nothing written
    build_file(path, formats, outdir=None, ...) -> BuildResult   check, render and write atomically
    import_file(path) -> ImportResult                  a published report (.txt/.html/.docx) back to YAML
    Issue, NianbaoError, Unreadable                    the issue and the one exception base
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# name → module; imported on first use so `nianbao --help` loads none of the stages.
_API = {
    "load_file": "nianbao.load",
    "check_file": "nianbao.check",
    "CheckResult": "nianbao.check",
    "render_context": "nianbao.build",
    "render_file": "nianbao.build",
    "build_file": "nianbao.build",
    "BuildResult": "nianbao.build",
    "import_file": "nianbao.importer",
    "ImportResult": "nianbao.importer",
    "Issue": "nianbao.issues",
    "NianbaoError": "nianbao.errors",
    "Unreadable": "nianbao.errors",
}

__all__ = [
    "BuildResult", "CheckResult", "ImportResult", "Issue", "NianbaoError", "Unreadable", "__version__",
    "build_file", "check_file", "import_file", "load_file", "render_context", "render_file",
]

if TYPE_CHECKING:
    from nianbao.build import BuildResult, build_file, render_context, render_file
    from nianbao.check import CheckResult, check_file
    from nianbao.errors import NianbaoError, Unreadable
    from nianbao.importer import ImportResult, import_file
    from nianbao.issues import Issue
    from nianbao.load import load_file


def __getattr__(name: str) -> object:
    if name in _API:
        value = getattr(import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nianbao' has no attribute {name!r}")
