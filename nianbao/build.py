"""build: check, compute, render each requested format, write atomically."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.check import CheckResult, check_file
from nianbao.errors import UsageError, os_error_reason
from nianbao.output import atomic_write
from nianbao.render import RENDERERS, RenderUnavailable, renderer, suffix
from nianbao.render.context import build_context


class UnknownFormat(UsageError):
    """An output format nianbao does not have."""


def parse_formats(spec: str) -> list[str]:
    """'docx,html' → ['docx', 'html']; unknown names raise UnknownFormat with the choices."""
    formats = [f.strip().lower() for f in spec.split(",") if f.strip()]
    bad = [f for f in formats if f not in RENDERERS]
    if bad or not formats:
        raise UnknownFormat(f"未知的输出格式：{'、'.join(bad) or '（空）'}；可选 {','.join(RENDERERS)}")
    return formats


def render_context(source: str | os.PathLike | CheckResult, previous: str | os.PathLike | None = None) -> dict:
    """What every template reads for one report; a path is checked first (with `previous`, if given)."""
    result = source if isinstance(source, CheckResult) else check_file(source, previous)
    return build_context(result)


def render_file(source: str | os.PathLike | CheckResult | dict, fmt: str,
                templates: str | os.PathLike | None = None) -> bytes:
    """One report (path, check result or render context) in one format, as bytes; nothing is written."""
    context = source if isinstance(source, dict) else render_context(source)
    return renderer(fmt)(context, Path(templates) if templates else None)


@dataclass
class BuildResult:
    file: str
    check: CheckResult
    outputs: list[Path] = field(default_factory=list)
    refused: bool = False
    failures: list[str] = field(default_factory=list)  # format: message, for renderers that could not run
    pending_pdf: tuple[str, str] | None = None  # (PDF target, staged DOCX) left for a bulk conversion
    unwritten: list[tuple[str, str]] = field(default_factory=list)  # (target, why in Chinese): the OS refused it
    notes: list[str] = field(default_factory=list)  # said once per build run (e.g. the PDF's font substitutes)


def build_file(path: str | os.PathLike, formats: list[str], outdir: str | os.PathLike | None = None,
               templates: str | os.PathLike | None = None, force: bool = False,
               previous: str | os.PathLike | None = None, pdf_stage: str | os.PathLike | None = None) -> BuildResult:
    """Render one report; invalid data is refused unless `force` (then marked 草稿·未通过校验).

    With `pdf_stage` (a folder), the PDF is not converted here: the DOCX is left there for the caller,
    who converts a whole batch with one LibreOffice run (`render.pdf.convert_many`).
    """
    result = check_file(path, previous)
    build = BuildResult(str(path), result)
    if result.unreadable or (result.errors and not force):
        build.refused = True
        return build
    context = build_context(result)
    src = Path(path)
    target_dir = Path(outdir) if outdir else src.parent
    tdir = Path(templates) if templates else None
    rendered: list[tuple[Path, bytes]] = []
    for fmt in formats:
        target = target_dir / (src.stem + suffix(fmt))
        if target.resolve() == src.resolve():
            build.failures.append(f"{fmt}：输出文件会覆盖输入文件 {src}，已跳过")
            continue
        try:
            if fmt == "pdf" and pdf_stage is not None:
                docx = next((data for path, data in rendered if path.suffix == ".docx"), None)  # rendered once
                build.pending_pdf = (str(target), str(_stage_docx(context, tdir, Path(pdf_stage), target, docx)))
                continue
            rendered.append((target, renderer(fmt)(context, tdir)))
        except RenderUnavailable as exc:
            build.failures.append(f"{fmt}：{exc}")
        except OSError as exc:  # the staging folder (or LibreOffice's) refused: this format is not written
            build.unwritten.append((str(target), _why(exc, target)))
    for target, payload in rendered:  # each target on its own: a name too long for one suffix spares the others
        try:
            build.outputs.append(atomic_write(target, payload))
        except OSError as exc:
            build.unwritten.append((str(target), _why(exc, target)))
    if "pdf" in formats and (build.pending_pdf or any(p.suffix == ".pdf" for p in build.outputs)):
        build.notes.extend(_font_note(context, tdir))
    return build


def _font_note(context: dict, templates: Path | None) -> list[str]:
    """Which required faces the PDF preview sets in which local font (the DOCX keeps the official names)."""
    from nianbao.render.docx import DocxTemplateError, template_path
    from nianbao.render.fonts import pdf_font_note

    try:
        note = pdf_font_note(template_path(context["edition"]["id"], templates))
    except DocxTemplateError:
        return []
    return [note] if note else []


def _why(exc: OSError, target: Path) -> str:
    """Why `target` was not written; when the folder was the problem, the folder is named."""
    import errno

    other = exc.filename
    if other is not None and Path(other) != target:
        if exc.errno == errno.EEXIST:
            return f"{other} 已是一个文件，不能作为输出文件夹"
        if exc.errno == errno.ENOTDIR:
            return f"{other} 的路径中有一段是文件，不是文件夹"
    return os_error_reason(exc)


def _stage_docx(context: dict, templates: Path | None, stage: Path, target: Path, docx: bytes | None = None) -> Path:
    """The DOCX for a deferred PDF, named uniquely in the stage folder (soffice names PDFs by stem)."""
    import hashlib

    from nianbao.render.pdf import require_soffice

    require_soffice()  # say at once that LibreOffice is missing, as the one-file path does
    staged = stage / (hashlib.sha256(str(target.resolve()).encode("utf-8")).hexdigest()[:20] + ".docx")
    staged.write_bytes(docx if docx is not None else renderer("docx")(context, templates))
    return staged
