"""Jinja environments: the user's --templates folder first, then the shipped templates; one per folder.

A user template may `{% extends "nianbao/2021/report.html.j2" %}` (the shipped original, whatever
the user folder holds) and override a single block, so house style needs no copy of the whole file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from nianbao.datacache import cache_dir, read_sealed, write_sealed
from nianbao.render import RenderUnavailable
from nianbao.render import narrative as md
from nianbao.render.title import signature_lines
from nianbao.yamlwriter import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN

SHIPPED = Path(__file__).resolve().parent.parent / "templates"
SHIPPED_PREFIX = "nianbao"  # "nianbao/2021/report.html.j2" always names the shipped file


class TemplateProblem(RenderUnavailable):
    """A template that cannot be found, parsed or rendered; the message names file and line."""


def _autoescape(name: str | None) -> bool:
    return name is not None and (".html" in name or ".htm" in name or name.endswith(".xml"))


# A placeholder init/import left (【请填写：…】), as it stands in the escaped HTML: no tag can fall inside it.
_PLACEHOLDER = re.compile(re.escape(PLACEHOLDER_OPEN) + f"[^{PLACEHOLDER_CLOSE}<>]*{PLACEHOLDER_CLOSE}")


def _md_html(text: str, level: int = 2) -> Markup:
    """The narrative as HTML, a draft's unfilled placeholders marked where they stand (they are errors of check)."""
    # Safe: markdown-it runs with raw HTML disabled, so every "<" in the narrative is escaped.
    html = md.to_html(text or "", level)
    return Markup(_PLACEHOLDER.sub(lambda m: f'<mark class="placeholder">{m.group()}</mark>', html))


def _md_text(text: str, level: int = 2) -> str:
    return md.to_text(text or "", level)


class _UserLoader(FileSystemLoader):
    """The user's folder: a template saved in another encoding (GBK from Notepad) is named, not a UnicodeDecodeError."""

    def get_source(self, environment: Environment, template: str):
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            path = Path(self.searchpath[0], template)
            raise TemplateProblem(f"模板文件 {path} 不是 UTF-8 编码，无法读取；请用 UTF-8 另存（记事本“另存为”时"
                                  "编码选 UTF-8）") from None


class SealedBytecodeCache(BytecodeCache):
    """Jinja's own cache of compiled templates (compiling costs more than rendering a report), in
    NIANBAO_CACHE/jinja: keyed by template, Jinja version and environment, checked against the
    template's source by Jinja, and sealed by a CRC, so a damaged entry is compiled afresh."""

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour  # the environment's settings, which shape the compiled code

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{jinja2.__version__}\0{self.flavour}\0{name}", filename)

    def _entry(self, key: str) -> Path:
        return cache_dir() / "jinja" / f"{key}.bin"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            payload = read_sealed(self._entry(bucket.key))
        except RuntimeError:  # no home folder
            return
        if payload is None:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # noqa: BLE001 - whatever is wrong with an entry, the template is compiled afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            write_sealed(self._entry(bucket.key), bucket.bytecode_to_string())
        except RuntimeError:
            pass


def from_string_cached(env: Environment, source: str, name: str) -> Template:
    """env.from_string(source), compiled through the environment's bytecode cache (`name` keys the entry)."""
    bcc = env.bytecode_cache
    if bcc is None:
        return env.from_string(source)
    bucket = bcc.get_bucket(env, name, None, source)
    code = bucket.code
    if code is None:
        code = env.compile(source)
        bucket.code = code
        bcc.set_bucket(bucket)
    return env.template_class.from_code(env, code, env.make_globals(None))


@lru_cache(maxsize=32)
def _environment(user_dir: str | None) -> Environment:
    shipped = FileSystemLoader(str(SHIPPED))
    loaders: list[BaseLoader] = [_UserLoader(user_dir)] if user_dir else []
    loaders += [shipped, PrefixLoader({SHIPPED_PREFIX: shipped})]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,  # the preview server re-reads edited user templates
        bytecode_cache=SealedBytecodeCache("text-html"),
    )
    env.filters["md_html"] = _md_html
    env.filters["md_text"] = _md_text
    env.filters["signature_lines"] = signature_lines
    return env


def forget(templates_dir: Path | str) -> None:
    """Drop the compiled templates of a user folder: a file added there must win over the shipped one cached
    under the same name (Jinja's auto_reload only notices files it has already loaded changing)."""
    folder = Path(templates_dir)
    if folder.is_dir():
        cache = _environment(str(folder.resolve())).cache
        if cache is not None:  # None only for an environment made with cache_size=0
            cache.clear()


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
        raise TemplateProblem(_syntax_text(exc)) from None
    except TemplateNotFound as exc:
        raise TemplateProblem(f"找不到模板：{exc.name}") from None


def render(template: Template, variables: dict) -> str:
    """Render, turning template mistakes (an unknown variable, a bad filter, a loop) into a plain message."""
    try:
        return template.render(variables)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_syntax_text(exc)) from None
    except TemplateNotFound as exc:
        raise TemplateProblem(f"模板出错：{_where(exc, template)}：找不到模板“{exc.name}”（模板名从模板文件夹算起，"
                              f"如“2021/part.html.j2”；内置模板写作“{SHIPPED_PREFIX}/2021/report.html.j2”）") from None
    except UndefinedError as exc:
        raise TemplateProblem(f"模板出错：{_where(exc, template)}：{_undefined_text(exc)}") from None
    except TemplateError as exc:
        raise TemplateProblem(f"模板出错：{_where(exc, template)}：{exc}") from None
    except RecursionError:
        raise TemplateProblem(_loop_text(template)) from None
    except (TemplateProblem, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a user's {{ 1/0 }} or a filter given the wrong value
        raise TemplateProblem(f"模板出错：{_where(exc, template)}：计算出错（{type(exc).__name__}: {exc}）") from None


# Jinja's commonest syntax messages, said in Chinese; any other keeps Jinja's own words after the position.
_SYNTAX_ZH = (
    (re.compile(r"Encountered unknown tag '([^']*)'\..*", re.S), "不认识的标签“{0}”（拼写错误，或结束标签多了一个）"),
    (re.compile(r"Unexpected end of template\. Jinja was looking for the following tags: '(\w+)'.*", re.S),
     "模板到结尾还缺少结束标签“{0}”"),
    (re.compile(r"Expected an expression, got .*", re.S), "标签里缺少表达式"),
    (re.compile(r"unexpected '(.)'", re.S), "多了一个“{0}”（括号不成对）"),
    (re.compile(r"unexpected char \"(.)\" at \d+", re.S), "字符“{0}”没有配对（引号不成对）"),
)


def _syntax_text(exc: TemplateSyntaxError) -> str:
    """file:line and what is wrong, in Chinese where Jinja's message is a common one."""
    message = exc.message or ""
    for pattern, text in _SYNTAX_ZH:
        m = pattern.fullmatch(message)
        if m:
            message = text.format(*m.groups())
            break
    return f"模板语法错误：{exc.filename or exc.name}:{exc.lineno}：{message}"


def _undefined_text(exc: UndefinedError) -> str:
    """Jinja's "'x' is undefined" and "'dict object' has no attribute 'x'", said in Chinese."""
    message = str(exc)
    m = re.fullmatch(r"'([^']*)' is undefined", message)
    if m:
        return f"没有名为“{m.group(1)}”的变量（可用的变量见内置模板 {SHIPPED_PREFIX}/…/report.html.j2）"
    m = re.fullmatch(r"'[^']*' has no attribute '([^']*)'", message)
    if m:
        return f"没有“{m.group(1)}”这一项"
    return message


def _loop_text(template: Template) -> str:
    """A template that extends or includes itself: almost always a shipped name written without `nianbao/`."""
    from jinja2 import meta

    name = template.name or "?"
    env = template.environment
    try:
        source = env.loader.get_source(env, name)[0] if env.loader and template.name else ""
        names = [n for n in meta.find_referenced_templates(env.parse(source)) if n]
    except (TemplateError, TemplateProblem, OSError):
        names = []
    own = [n for n in names if not n.startswith(f"{SHIPPED_PREFIX}/") and (SHIPPED / n).is_file()]
    where = template.filename or name
    if own:
        return (f"模板 {where} 引用了“{own[0]}”，而这个名字先找到的是模板文件夹中的同名文件，"
                f"于是不断引用自己；要继承或包含内置模板，请写“{SHIPPED_PREFIX}/{own[0]}”")
    return f"模板 {where} 循环引用（extends 或 include 了自己），无法生成"


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
