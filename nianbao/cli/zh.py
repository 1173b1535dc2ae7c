"""click's own texts (usage, headings, errors) in Chinese, so a clerk never meets an English line."""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

# click's message ids (its gettext catalogue keys) → Chinese. Plural forms share the Chinese text.
ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "查看帮助：{command} {option}",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "No such option {name!r}.": "没有选项 {name}。",
    "No such command {name!r}.": "没有命令 {name}。",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "是不是以下之一：{possibilities}？",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "Got unexpected extra argument ({args})": "多余的参数：{args}",
    "Got unexpected extra arguments ({args})": "多余的参数：{args}",
    "Option {name!r} requires an argument.": "选项 {name} 后面要跟一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 后面要跟 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 不接受值。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "default: {default}": "默认：{default}",
    "Aborted!": "已中止。",
    "Choose from:\n\t{choices}": "可选：{choices}",
}

OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]…"


def gettext(message: str) -> str:
    return ZH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


class ZhArgument(click.Argument):
    """An argument whose absence is said as what to give and an example (“缺少要校验的文件，例如：…”)."""

    def __init__(self, *args, missing: str | None = None, **kwargs) -> None:
        self.missing = missing
        super().__init__(*args, **kwargs)


def _missing_message(self: click.exceptions.MissingParameter) -> str:
    """click joins this with an ASCII full stop; the Chinese sentence names the argument plainly."""
    said = getattr(self.param, "missing", None)
    if said:
        return said
    hint = self.param_hint if self.param_hint is not None else (self.param.get_error_hint(self.ctx) if self.param else "")
    kind = {"argument": "参数", "option": "选项"}.get(self.param_type or "", "参数")
    hint = str(hint).strip("'\"")
    extra = f"（{self.message}）" if self.message else ""
    return f"缺少{kind} {hint}{extra}。".replace(" 。", "。")


class ZhCommand(click.Command):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class ZhGroup(click.Group):
    command_class = ZhCommand

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        """The last line of defence: an OS error, MemoryError or RecursionError is said in Chinese (exit 2)."""
        try:
            return super().invoke(ctx)
        except OSError as exc:
            from nianbao.errors import os_error_text

            click.echo(os_error_text(exc), err=True)
            ctx.exit(2)
        except (MemoryError, RecursionError) as exc:
            why = "内存不足" if isinstance(exc, MemoryError) else "结构嵌套过深"
            click.echo(f"输入过于复杂，处理时{why}，已放弃；请检查文件是否被拼接或重复了大量内容", err=True)
            ctx.exit(2)




def install() -> None:
    """Point click's translation hooks at the table above (before any command is declared)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        names = vars(module)  # each module calls its own global _ and ngettext (imported from gettext)
        if "_" in names:
            names["_"] = gettext
        if "ngettext" in names:
            names["ngettext"] = ngettext
    # click has no hook for these texts: its methods are replaced, on purpose, for the whole process
    click.exceptions.MissingParameter.format_message = _missing_message  # type: ignore[method-assign]
    click.exceptions.NoSuchCommand.format_message = _with_suggestion  # type: ignore[method-assign]
    click.exceptions.NoSuchOption.format_message = _with_suggestion  # type: ignore[method-assign]
    click.formatting.HelpFormatter.write_usage = _write_usage  # type: ignore[method-assign]
    click.formatting.HelpFormatter.write_heading = _write_heading  # type: ignore[method-assign]


def _with_suggestion(self) -> str:
    """'没有命令 chek。是不是 check？' — click would quote the names and join with an ASCII space.

    Only the names about as close as the closest are offered: "chek" is check, not also schema."""
    from difflib import SequenceMatcher

    typed = str(getattr(self, "command_name", None) or getattr(self, "option_name", ""))
    ratios = {name: SequenceMatcher(None, typed, str(name)).ratio() for name in self.possibilities or ()}
    found = sorted(name for name, ratio in ratios.items() if ratio >= max(ratios.values()) - 0.15)
    if not found:
        return self.message
    if len(found) == 1:
        return f"{self.message}是不是 {found[0]}？"
    return f"{self.message}是不是以下之一：{'、'.join(found)}？"


_click_write_usage = click.formatting.HelpFormatter.write_usage


def _write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
    _click_write_usage(self, prog, args, "用法：" if prefix is None else prefix)


def _write_heading(self, heading: str) -> None:
    """A section heading with a full-width colon, as Chinese text has it."""
    self.write(f"{'':>{self.current_indent}}{heading}：\n")
