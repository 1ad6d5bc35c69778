"""The command line: declare options, call one library function, render the outcome.

The options are data declared beside what they feed (:mod:`lmspack.commandline`);
:func:`_options` makes them click's. Commands return whether they found content problems
(``True``: exit 1) or raise an :mod:`lmspack.errors` exception; :func:`main` prints it and
maps the outcome to the exit code with :func:`lmspack.errors.exit_code`, the one place that
decides it: 0 no errors; 1 errors, or warnings under ``--strict``; 2 usage error, bad
configuration or internal failure. Nothing calls ``sys.exit``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import click

from lmspack.authoring import commands as authoring
from lmspack.build import EXPORT_OPTIONS, PRECOMPUTE
from lmspack.commandline import ROOT, Command, Option, Said, Step, Terminal, shown
from lmspack.console import COLOR_OPTION, STYLES, color_enabled, progress
from lmspack.diagnostics.report import Report
from lmspack.diagnostics.reporters import REPORT_OPTION, REPORTERS, text
from lmspack.diagnostics.rules import (
    LISTING_OPTION,
    lookup,
    rule_text,
    rules_listing,
    rules_markdown,
)
from lmspack.errors import EXIT_USAGE, CourseHasErrors, UsageError, describe, exit_code
from lmspack.formats.registry import command_options, given
from lmspack.source.files import course_root
from lmspack.stats.drift_report import DRIFT
from lmspack.validate.request import VALIDATE_OPTIONS

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class _OptionalChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose option may also be given bare (``--scorm``): then the value is ""."""

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> object:
        return "" if value == "" else super().convert(value, param, ctx)


def _type(option: Option) -> click.ParamType[Any] | None:
    """The click type of an :class:`Option`: path, choice, number range, or text."""
    choices = option.choice_list()
    if option.path is not None:
        return click.Path(exists=option.exists, file_okay=option.path != "folder",
                          dir_okay=option.path != "file", path_type=Path)
    if choices is not None:
        return _OptionalChoice(choices) if option.bare is not None else click.Choice(choices)
    if option.between is not None:
        low, high = option.between
        return click.IntRange(int(low), int(high)) if option.integer else \
            click.FloatRange(low, high, min_open=option.above)
    return None


def _click(option: Option) -> Decorator:
    """``option`` as click's decorator."""
    names = [*option.flags, *([option.keyword] if option.keyword else [])]
    if option.argument:  # click's default stays unset unless one is declared
        default: dict[str, Any] = {} if option.default is None else {"default": option.default}
        return click.argument(*names, type=_type(option), metavar=option.metavar,
                              nargs=-1 if option.many else 1,
                              required=option.required and not option.many, **default)
    if option.flag:
        return click.option(*names, is_flag=True, help=option.help)
    if option.bare is not None:
        return click.option(*names, type=_type(option), default=option.default, is_flag=False,
                            flag_value=option.bare, help=option.help)
    return click.option(*names, type=_type(option), default=option.default,
                        show_default=option.show_default, multiple=option.multiple,
                        metavar=option.metavar, help=option.help)


def _options(*options: Option) -> Decorator:
    """Every option, listed in the order given."""
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            function = _click(option)(function)
        return function
    return decorate


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from lmspack._version import version_line  # asks git: only when --version is given

    click.echo(version_line())
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_show_version, help="Show the version (and the git commit of a build "
              "from git) and exit.")
@_options(COLOR_OPTION)
@click.pass_context
def cli(ctx: click.Context, color: str) -> None:
    """lmspack: validate Markdown lessons and compile them into LMS packages."""
    ctx.meta["lmspack.color"] = color


_FORMAT: ContextVar[str] = ContextVar("lmspack_report_format", default="text")
"""The reporter of the running command (``--format``): a refused course's report uses it."""


def _color(err: bool = False) -> bool:
    """Whether to colour standard output (or error); see lmspack.console.color_enabled."""
    ctx = click.get_current_context(silent=True)
    choice = str(ctx.meta.get("lmspack.color", "auto")) if ctx else "auto"
    return color_enabled(choice, sys.stderr if err else sys.stdout)


def _style(role: str, part: str) -> str:
    """The colour hook of the text reporter and of diffs: click's styles (console.STYLES)."""
    return click.style(part, **STYLES[role])  # type: ignore[arg-type]


def _say(said: Said) -> None:
    click.echo(said.text, nl=said.nl, err=said.err, color=said.color)


def _report(reports: Sequence[Report], fmt: str, err: bool, output: Path | None = None) -> None:
    """Write ``reports`` through the reporter ``fmt`` to ``output``, else print them; on a
    colour terminal the text reporter's colour hook is :func:`_style`."""
    if output:
        output.write_text(REPORTERS[fmt](reports, Path.cwd()), encoding="utf-8")
        return
    colour = fmt == "text" and _color(err)
    rendered = text(reports, Path.cwd(), _style) if colour else REPORTERS[fmt](reports, Path.cwd())
    click.echo(rendered, nl=False, err=err, color=colour)


def _progress(label: str, total: int | None) -> AbstractContextManager[Step]:
    """A progress display on standard error, when it is a terminal (never in CI or a pipe)."""
    return progress(label, total, sys.stderr, color=_color(err=True))


@cli.command()
@_options(*VALIDATE_OPTIONS, *command_options(export=False))
def validate(paths: tuple[Path, ...], root: Path | None, fmt: str, strict: bool,
             no_cache: bool, output: Path | None, **formats: tuple[str, ...] | bool) -> bool:
    """Check a course: lessons, widget data, links, quiz keys.

    With PATHS (as pre-commit passes them) the whole course is still loaded, and problems
    in those files plus every cross-file problem (broken links, cycles, missing widget files)
    are reported, wherever they are. The package-format options narrow the data-model
    limits checked to those formats' (default: every format's).
    """
    from lmspack.formats.registry import formats_asked
    from lmspack.validate.request import ValidateRequest, check_request

    _FORMAT.set(fmt)
    request = ValidateRequest(paths, root, strict, formats_asked(given(formats)),
                              cache=not no_cache)
    reports = check_request(request, Path.cwd())
    _report(reports, fmt, err=False, output=output)
    return any(r.failed for r in reports)


@cli.command("rules")
@_options(LISTING_OPTION)
def list_rules(fmt: str) -> None:
    """List every rule with its code, name and default severity."""
    click.echo(rules_markdown() if fmt == "markdown" else rules_listing(), nl=False)


@cli.command("rule")
@click.argument("code")
def show_rule(code: str) -> None:
    """Explain one rule (by code or name), with an example and the fix."""
    rule = lookup(code)
    if rule is None:
        raise UsageError(f"unknown rule '{code}'; `lmspack rules` lists them")
    click.echo(rule_text(rule), nl=False)


@cli.command("export")
@_options(ROOT, *command_options(export=True), *EXPORT_OPTIONS, REPORT_OPTION)
def export_command(root: Path | None, everything: bool, target: str, out: Path | None,
                   xsd_dir: Path | None, no_cache: bool, fmt: str,
                   **formats: str | bool | None) -> None:
    """Validate, precompute and render the course, then write packages to OUT.

    One option per package format (docs/package-formats.md lists them, with the file each
    writes); any may be combined, and --all writes them all. Refuses to run while
    lmspack validate finds errors.
    """
    from lmspack.build import build, request_from_options
    from lmspack.formats import FormatOptions

    _FORMAT.set(fmt)
    request = request_from_options(given(formats), target, out, FormatOptions(xsd_dir),
                                   everything, cache=not no_cache)
    with _progress("exporting", None) as step:
        result = build(course_root(root, Path.cwd()), request, progress=step)
    if result.report is not None and (fmt != "text" or result.report.diagnostics):
        _report([result.report], fmt, err=fmt == "text")
    for package in result.packages:  # on standard error when a machine format is printed
        click.echo(package.describe(shown(package.path, Path.cwd())), err=fmt != "text")


@cli.group("new")
def new_group() -> None:
    """Add something to the course."""


def _add(command: Command) -> None:
    """Register ``command``: its options made click's, run with this terminal."""
    def run(**values: Any) -> bool | None:
        terminal = Terminal(Path.cwd(), _say, _style if _color() else None, _progress)
        return command.run(terminal, **values)

    group = new_group if command.name[:-1] == ("new",) else cli
    group.command(command.name[-1], help=command.help)(_options(*command.options)(run))


for _command in (PRECOMPUTE, DRIFT, *authoring.COMMANDS):
    _add(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: run one command and return its exit code. Errors are
    printed as lines (never a traceback for bad input; see :mod:`lmspack.errors`)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    _FORMAT.set("text")
    try:
        outcome = cli.main(args=args, prog_name="lmspack", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:  # click's own usage errors: bad options, choices
        exc.show()
        return EXIT_USAGE
    except Exception as exc:  # the one place every failure becomes an exit code
        _show_error(exc, args)
        return exit_code(error=exc)
    if isinstance(outcome, bool) or outcome is None:
        return exit_code(failed=bool(outcome))
    return int(outcome)  # click's own exit (--help, --version)


def _show_error(error: Exception, args: Iterable[str]) -> None:
    if isinstance(error, CourseHasErrors):
        _report([error.report], _FORMAT.get(), err=_FORMAT.get() == "text")
    command = next((a for a in args if a in cli.commands), None)
    for line in describe(error, f"lmspack {command}" if command else "lmspack"):
        click.echo(line.rstrip("\n"), err=True)


if __name__ == "__main__":
    sys.exit(main())
