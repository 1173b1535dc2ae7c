"""Jinja environments: the user's --templates folder first, then the shipped templates; one per folder.

A user template may `{% extends "nianbao/2021/report.html.j2" %}` (the shipped original, whatever
the user folder holds) and override a single block, so house style needs no copy of the whole file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from markupsafe import Markup

from nianbao.render import RenderUnavailable
from nianbao.render import narrative as md

SHIPPED = Path(__file__).resolve().parent.parent / "templates"
SHIPPED_PREFIX = "nianbao"  # "nianbao/2021/report.html.j2" always names the shipped file


class TemplateProblem(RenderUnavailable):
    """A template that cannot be found, parsed or rendered; the message names file and line."""


def _autoescape(name: str | None) -> bool:
    return bool(name) and (".html" in name or ".htm" in name or name.endswith(".xml"))  # type: ignore[operator,union-attr]


def _md_html(text: str, level: int = 2) -> Markup:
    # Safe: markdown-it runs with raw HTML disabled, so every "<" in the narrative is escaped.
    return Markup(md.to_html(text or "", level))


def _md_text(text: str, level: int = 2) -> str:
    return md.to_text(text or "", level)


@lru_cache(maxsize=32)
def _environment(user_dir: str | None) -> Environment:
    shipped = FileSystemLoader(str(SHIPPED))
    loaders = [FileSystemLoader(user_dir)] if user_dir else []
    loaders += [shipped, PrefixLoader({SHIPPED_PREFIX: shipped})]  # type: ignore[list-item]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,  # the preview server re-reads edited user templates
    )
    env.filters["md_html"] = _md_html
    env.filters["md_text"] = _md_text
    return env


def environment(templates_dir: Path | str | None = None) -> Environment:
    """The cached environment for a user folder (None: shipped templates only)."""
    if templates_dir is None:
        return _environment(None)
    folder = Path(templates_dir)
    if not folder.is_dir():
        raise TemplateProblem(f"模板文件夹不存在：{folder}")
    return _environment(str(folder.resolve()))


def report_template(templates_dir: Path | str | None, edition: str, kind: str) -> Template:
    """The report template of an edition: '<edition>/report.<kind>.j2' (kind: html | txt), else the shared one.

    Editions differ in their table layouts, which are data: an edition needs its own template only
    where its pages differ, so a new edition file renders with `_shared/report.<kind>.j2`.
    """
    try:
        return environment(templates_dir).select_template([f"{edition}/report.{kind}.j2", f"_shared/report.{kind}.j2"])
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板语法错误：{exc.filename or exc.name}:{exc.lineno}：{exc.message}") from None
    except TemplateNotFound as exc:
        raise TemplateProblem(f"找不到模板：{exc.name}") from None


def render(template: Template, variables: dict) -> str:
    """Render, turning template mistakes (an unknown variable, a bad filter) into a plain message."""
    try:
        return template.render(variables)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"模板语法错误：{exc.filename or exc.name}:{exc.lineno}：{exc.message}") from None
    except TemplateError as exc:
        raise TemplateProblem(f"模板出错：{_where(exc, template)}：{exc}") from None


def _where(exc: BaseException, template: Template) -> str:
    """file:line of the innermost template frame (Jinja rewrites tracebacks to template lines)."""
    found = template.filename or template.name or "?"
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
