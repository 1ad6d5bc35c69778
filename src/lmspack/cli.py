"""The command line: declare options, call one library function, render the outcome.

Commands return whether they found content problems (``True``: exit 1) or raise an
:mod:`lmspack.errors` exception; :func:`main` prints it and maps the outcome to the exit
code with :func:`lmspack.errors.exit_code`, the one place that decides it: 0 no errors; 1
errors, or warnings under ``--strict``; 2 usage error, bad configuration or internal
failure. Nothing calls ``sys.exit``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lmspack.authoring.install import INSTALL_HELP
from lmspack.console import COLOR_CHOICES, Step, color_enabled, progress
from lmspack.diagnostics.report import Report
from lmspack.diagnostics.reporters import REPORTERS, text
from lmspack.diagnostics.rules import lookup, rule_text, rules_listing, rules_markdown
from lmspack.errors import (
    EXIT_USAGE,
    CourseHasErrors,
    UsageError,
    describe,
    exit_code,
)
from lmspack.source.files import course_root, group_by_root

if TYPE_CHECKING:
    from lmspack.authoring.preview import Rebuild


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
@click.option("--color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
              help="Colour the output: auto follows NO_COLOR and whether it is a terminal.")
@click.pass_context
def cli(ctx: click.Context, color: str) -> None:
    """lmspack: validate Markdown lessons and compile them into LMS packages."""
    ctx.meta["lmspack.color"] = color


_FORMAT: ContextVar[str] = ContextVar("lmspack_report_format", default="text")
"""The reporter of the running command (``--format``): a refused course's report uses it."""


def _format_option(choices: Sequence[str], help: str | None = None) -> Callable[
        [click.decorators.FC], click.decorators.FC]:
    """``--format`` (keyword ``fmt``): one of ``choices``, the first by default."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)),
                        default=choices[0], show_default=True, help=help)


_report_option = _format_option(list(REPORTERS), "How diagnostics are reported (reporters).")
_out_option = click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                           default=None, help="Output folder (default: dist/ in the course root).")
_paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _output_option(what: str) -> Callable[[click.decorators.FC], click.decorators.FC]:
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        help=f"Write {what} to this file instead of standard output.")


def _color(err: bool = False) -> bool:
    """Whether to colour standard output (or error); see lmspack.console.color_enabled."""
    ctx = click.get_current_context(silent=True)
    choice = str(ctx.meta.get("lmspack.color", "auto")) if ctx else "auto"
    return color_enabled(choice, sys.stderr if err else sys.stdout)


def _root_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--root", type=click.Path(file_okay=False, exists=True, path_type=Path),
        help="Course root (default: the nearest folder at or above the current one with "
             "lessons/ or course.yaml).")(function)


class _OptionalChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose option may also be given bare (``--scorm``): then the value is ""."""

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> object:
        return "" if value == "" else super().convert(value, param, ctx)


def _format_options(export: bool) -> Callable[[click.decorators.FC], click.decorators.FC]:
    """One option per package-format option of the registry (``--scorm [1.2|2004]``,
    ``--xapi``, a plug-in's): for export, what to write; for validate, whose data-model
    limits to check. Each arrives as keyword ``format_<option>``."""
    from lmspack.formats.registry import option_help, options

    def decorate(function: click.decorators.FC) -> click.decorators.FC:
        for option, formats in reversed(options().items()):
            flag, name = f"--{option}", _keyword(option)
            choices, words = [str(f.choice) for f in formats], option_help(option, export)
            if formats[0].choice is None:
                function = click.option(flag, name, is_flag=True, help=words)(function)
            elif export:
                function = click.option(flag, name, type=_OptionalChoice(choices), default=None,
                                        is_flag=False, flag_value="", help=words)(function)
            else:
                function = click.option(flag, name, multiple=True, help=words,
                                        type=click.Choice(choices))(function)
        return function

    return decorate


def _keyword(option: str) -> str:
    """The keyword a format option arrives as (``--moodle-xml``: ``format_moodle_xml``)."""
    return "format_" + option.replace("-", "_")


def _asked(values: Mapping[str, object]) -> dict[str, object]:
    from lmspack.formats.registry import options

    return {option: values[_keyword(option)] for option in options()
            if _keyword(option) in values}


@cli.command()
@_paths_argument
@_root_option
@_report_option
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@_output_option("the report")
@_format_options(export=False)
def validate(paths: tuple[Path, ...], root: Path | None, fmt: str, strict: bool,
             output: Path | None, **formats: tuple[str, ...] | bool) -> bool:
    """Check a course: lessons, widget data, links, quiz keys.

    With PATHS (as pre-commit passes them) the whole course is still loaded, and problems
    in those files plus every cross-file problem (broken links, cycles, missing widget files)
    are reported, wherever they are. The package-format options narrow the data-model
    limits checked to those formats' (default: every format's).
    """
    from lmspack.formats.registry import formats_asked
    from lmspack.validate import Settings, check

    _FORMAT.set(fmt)
    asked = formats_asked(_asked(formats))
    reports: list[Report] = [
        check(found, Settings(strict=strict, only=only, keep_course=False,
                              formats=asked or None))
        for found, only in group_by_root(paths, root, Path.cwd()).items()]
    if output:
        output.write_text(REPORTERS[fmt](reports, Path.cwd()), encoding="utf-8")
    else:
        _report(reports, fmt, err=False)
    return any(r.failed for r in reports)


_STYLES: dict[str, dict[str, Any]] = {
    "location": {"bold": True}, "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow"}, "passed": {"fg": "green", "bold": True},
    "failed": {"fg": "red", "bold": True}}


def _report(reports: Sequence[Report], fmt: str, err: bool) -> None:
    """Print ``reports`` through the reporter ``fmt``; on a colour terminal the text
    reporter's colour hook is click's styles."""
    colour = fmt == "text" and _color(err)
    rendered = text(reports, Path.cwd(), lambda role, part: click.style(part, **_STYLES[role])) \
        if colour else REPORTERS[fmt](reports, Path.cwd())
    click.echo(rendered, nl=False, err=err, color=colour)


@cli.command("rules")
@_format_option(["text", "markdown"])
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


@cli.command("precompute")
@_root_option
@_out_option
@click.option("--force", is_flag=True, help="Recompute even when the inputs did not change.")
def precompute_command(root: Path | None, out: Path | None, force: bool) -> None:
    """Compute every widget's results into OUT/precompute/*.json."""
    from lmspack.precompute import precompute, widget_sources
    from lmspack.validate import checked_course

    course = checked_course(course_root(root, Path.cwd()))
    target = out or course.root / "dist"
    with _progress("computing", len(widget_sources(course))) as step:
        results = precompute(course, target, reuse=not force, progress=step)
    for result in results.values():
        verb = "reused  " if result.reused else "computed"
        click.echo(f"{verb} {result.source} -> {_shown(result.output)}")
    click.echo(f"{len(results)} widget result(s) in {_shown(target / 'precompute')}")


def _target_names() -> list[str]:
    from lmspack.packaging.targets import TARGETS

    return list(TARGETS)


@cli.command("export")
@_root_option
@_format_options(export=True)
@click.option("--all", "everything", is_flag=True,
              help="Every format in one run (a shared option's choice: the target's).")
@click.option("--target", type=click.Choice(_target_names()), default="generic",
              show_default=True, help="LMS preset (see docs/lms-upload.md).")
@_out_option
@click.option("--xsd-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=None, help="Ship the SCORM XSD control files from this folder.")
@_report_option
def export_command(root: Path | None, everything: bool, target: str, out: Path | None,
                   xsd_dir: Path | None, fmt: str, **formats: str | bool | None) -> None:
    """Validate, precompute and render the course, then write packages to OUT.

    One option per package format (docs/package-formats.md lists them, with the file each
    writes); any may be combined, and --all writes them all. Refuses to run while
    lmspack validate finds errors.
    """
    from lmspack.build import build, request_from_options
    from lmspack.formats import FormatOptions

    _FORMAT.set(fmt)
    request = request_from_options(_asked(formats), target, out, FormatOptions(xsd_dir),
                                   everything)
    with _progress("exporting", None) as step:
        result = build(course_root(root, Path.cwd()), request, progress=step)
    if result.report is not None and (fmt != "text" or result.report.diagnostics):
        _report([result.report], fmt, err=fmt == "text")
    for package in result.packages:  # on standard error when a machine format is printed
        click.echo(package.describe(_shown(package.path)), err=fmt != "text")


def _progress(label: str, total: int | None) -> AbstractContextManager[Step]:
    """A progress display on standard error, when it is a terminal (never in CI or a pipe)."""
    return progress(label, total, sys.stderr, color=_color(err=True))


def _text_report(report: Report) -> str:
    return text([report], Path.cwd())


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


@cli.command("drift")
@click.argument("reference", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("current", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--column", "columns", multiple=True, help="Compare only this column "
              "(repeatable; default: every column both files have).")
@click.option("--method", "methods", multiple=True, help="A drift method (repeatable; "
              "default: the full panel). `auto` is Evidently's choice per column.")
@click.option("--kind", "kinds", multiple=True, metavar="COLUMN=KIND",
              help="Declare a column numerical or categorical (default: inferred).")
@click.option("--threshold", "thresholds", multiple=True, metavar="METHOD=VALUE",
              help="Override a method's threshold.")
@click.option("--drift-share", type=click.FloatRange(0, 1, min_open=True), default=0.5,
              show_default=True, help="Dataset drift when this share of columns drift.")
@_format_option(["text", "json"])
def drift_command(reference: Path, current: Path, columns: tuple[str, ...],
                  methods: tuple[str, ...], kinds: tuple[str, ...],
                  thresholds: tuple[str, ...], drift_share: float, fmt: str) -> bool:
    """Data drift between two CSV (or Parquet) files, with the Drift Lab's engine.

    JSON output holds one record per column and method (the drift spec's section 2.5),
    the dataset verdict and the columns left out. Problems in the files (bad rows) are
    reported on standard error with their line, and make the exit code 1.
    """
    from lmspack.stats import drift_report as drift

    outcome = drift.run_drift(drift.DriftRequest(
        reference, current, columns or None, methods or None,
        drift.option_pairs(kinds, "--kind"), drift.option_thresholds(thresholds), drift_share))
    for problem in outcome.problems:
        click.echo(problem, err=True)
    click.echo(outcome.json() if fmt == "json" else outcome.text(), nl=False)
    return bool(outcome.problems)


# --- the author's commands (logic in lmspack.authoring) ----------------------------------


@cli.command("init")
@click.argument("folder", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="Course title (default: from the folder name).")
@click.option("--install", "install", metavar="SPEC", help=INSTALL_HELP)
def init_command(folder: Path, title: str | None, install: str | None) -> None:
    """Create a course in FOLDER (default: here) that validates clean.

    Writes course.yaml, a first lesson with a widget and its data, a pre-commit
    configuration running lmspack's hook, and a CI workflow. In a folder that already
    holds a course (lessons/ or course.yaml), adds only the pre-commit configuration, the
    workflow and .gitignore it lacks. Never overwrites a file.
    """
    from lmspack.authoring.install import PLACEHOLDER_NOTE, checked_spec, installed_spec
    from lmspack.authoring.scaffold import init_course, is_course

    spec = checked_spec(install) if install is not None else installed_spec()
    adopting = is_course(folder)
    written = init_course(folder, title, spec)
    for path in written:
        click.echo(f"created {_shown(path)}")
    if spec is None:
        click.echo(PLACEHOLDER_NOTE, err=True)
    if adopting:
        click.echo("The course's own files were left as they are.")
    click.echo(f"Next: cd {_shown(folder)} && lmspack validate && lmspack serve")


@cli.group("new")
def new_group() -> None:
    """Add something to the course."""


@new_group.command("lesson")
@click.argument("lesson_id", metavar="ID")
@click.option("--after", metavar="ID", help="The lesson it follows (default: the last one).")
@click.option("--title", help="Lesson title (default: from the id).")
@_root_option
def new_lesson_command(lesson_id: str, after: str | None, title: str | None,
                       root: Path | None) -> None:
    """Add lessons/ID.md, wired into the course order, `next` and prerequisites."""
    from lmspack.authoring.newlesson import add_lesson

    found, changes = add_lesson(course_root(root, Path.cwd()), lesson_id, after, title)
    for change in changes:
        click.echo(f"{change.verb} {_shown(found / change.path)} ({change.reason})")


@cli.command("graph")
@_root_option
@_format_option(["svg", "mermaid", "dot"])
@_output_option("the graph")
def graph_command(root: Path | None, fmt: str, output: Path | None) -> None:
    """Draw the prerequisite graph: course order, cycles, unreachable lessons."""
    from lmspack.authoring.graph_svg import graph_text

    drawn = graph_text(course_root(root, Path.cwd()), fmt)
    if output:
        output.write_text(drawn, encoding="utf-8")
        click.echo(f"wrote {_shown(output)}")
    else:
        click.echo(drawn, nl=False)


@cli.command("fix")
@_paths_argument
@_root_option
@click.option("--check", "check_only", is_flag=True,
              help="Only show what would change; exit 1 if anything would (for CI).")
def fix_command(paths: tuple[Path, ...], root: Path | None, check_only: bool) -> bool:
    """Apply the safe automatic fixes (mojibake, next/prereqs, file names), diff first.

    Nothing else of a file changes: comments, key order and quoting stay as written.
    With PATHS, only problems inside those files are fixed.
    """
    from lmspack.authoring.changes import diff, write_changes
    from lmspack.authoring.fixes import fix_summary, plan_fixes

    plans = [plan_fixes(found, only)
             for found, only in group_by_root(paths, root, Path.cwd()).items()]
    for plan in plans:
        patch = diff(plan.changes)
        if patch:
            click.echo(_styled_diff(patch) if _color() else patch, nl=False, color=_color())
        for diagnostic, reason in plan.skipped:
            click.echo(f"not fixed: {_shown(plan.root / diagnostic.path)}:{diagnostic.line}:"
                       f"{diagnostic.column}: {diagnostic.code} {reason}", err=True)
        if not check_only:
            write_changes(plan.root, plan.changes)
    click.echo(fix_summary(plans, check_only))
    return check_only and any(plan.fixed for plan in plans)


def _styled_diff(patch: str) -> str:
    colours = {"+": "green", "-": "red", "@": "cyan"}
    return "".join(click.style(line.rstrip("\n"), fg=colours.get(line[:1]),
                               bold=line.startswith(("+++", "---")) or None) + "\n"
                   for line in patch.splitlines(keepends=True))


@cli.command("schema")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@_root_option
def schema_command(folder: Path | None, root: Path | None) -> None:
    """Write the JSON Schemas (lesson, course file, every widget kind) for editors.

    FOLDER defaults to schemas/ in the course root (or here, outside a course).
    """
    from lmspack.authoring.schemas import schema_folder, vscode_settings, write_schemas

    folder = schema_folder(folder, root, Path.cwd())
    for path in write_schemas(folder):
        click.echo(f"wrote {_shown(path)}")
    click.echo("\nVS Code (.vscode/settings.json; YAML checking needs Red Hat's YAML "
               "extension):\n" + vscode_settings(_shown(folder)), nl=False)


@cli.command("serve")
@_root_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
def serve_command(root: Path | None, port: int) -> bool:
    """Preview the site on 127.0.0.1, rebuilding what changed when files change."""
    from lmspack.authoring.serve import ServeEvents, serve

    found = course_root(root, Path.cwd())

    def listening(url: str) -> None:
        click.echo(f"Serving {_shown(found)} at {url} (Ctrl-C to stop; reload the page "
                   "after a change)")

    def rebuilt(build: Rebuild, changes: list[str]) -> None:
        click.echo(build.describe(changes, _text_report), nl=False)

    outcome = serve(found, port, ServeEvents(listening, rebuilt), handle_signals=True)
    if not outcome.started:
        click.echo(outcome.last.problems(_text_report), nl=False, err=True)
        click.echo("lmspack serve: not started, because lmspack validate finds errors "
                   "(fix them first).", err=True)
        return True
    click.echo("Stopped.")
    return False


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


def _show_error(error: Exception, args: list[str]) -> None:
    if isinstance(error, CourseHasErrors):
        _report([error.report], _FORMAT.get(), err=_FORMAT.get() == "text")
    command = next((a for a in args if a in cli.commands), None)
    for line in describe(error, f"lmspack {command}" if command else "lmspack"):
        click.echo(line.rstrip("\n"), err=True)


if __name__ == "__main__":
    sys.exit(main())
