"""Renderers by output format; each turns a render context into the bytes of one file."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from nianbao.errors import NianbaoError

# format → (module, function, file suffix); imported lazily so `nianbao --help` stays fast.
RENDERERS: dict[str, tuple[str, str, str]] = {
    "html": ("nianbao.render.html", "render_html", ".html"),
    "txt": ("nianbao.render.text", "render_text", ".txt"),
    "docx": ("nianbao.render.docx", "render_docx", ".docx"),
    "pdf": ("nianbao.render.pdf", "render_pdf", ".pdf"),
}


class RenderUnavailable(NianbaoError, RuntimeError):
    """A format that cannot be produced on this machine (e.g. PDF without LibreOffice)."""


def renderer(fmt: str) -> Callable[[dict, Path | None], bytes]:
    """The render function for a format: render(context, templates_dir) -> bytes."""
    module, func, _suffix = RENDERERS[fmt]
    return getattr(import_module(module), func)


def suffix(fmt: str) -> str:
    return RENDERERS[fmt][2]
