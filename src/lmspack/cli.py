"""The command line: declare options, call one library function, render the outcome.

Commands return whether they found content problems (``True``: exit 1) or raise an
:mod:`lmspack.errors` exception; :func:`main` prints it and maps the outcome to the exit
code with :func:`lmspack.errors.exit_code`, the one place that decides it: 0 no errors; 1
errors, or warnings under ``--strict``; 2 usage error, bad configuration or internal
failure. Nothing calls ``sys.exit``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import click

from lmspack._version import __version__
from lmspack.diagnostics.reporters import REPORTERS
from lmspack.diagnostics.rules import FAMILIES, RULES, explanation, lookup
from lmspack.errors import EXIT_USAGE, UsageError, describe, exit_code
from lmspack.model.course import Course
from lmspack.source.files import CourseNotFound, find_root

UsageProblem = UsageError
"""How a command refuses its arguments (exit 2); the name commands were written with."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lmspack")
def cli() -> None:
    """lmspack: validate Markdown lessons and compile them into LMS packages."""


def _root_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--root", type=click.Path(file_okay=False, exists=True, path_type=Path),
        help="Course root (default: the nearest folder at or above the current one with "
             "lessons/ or course.yaml).")(function)


def _resolve_root(root: Path | None, start: Path) -> Path:
    try:
        return root.resolve() if root else find_root(start)
    except CourseNotFound as exc:
        raise UsageProblem(str(exc)) from None


def _limit_versions() -> list[str]:
    from lmspack.validate.scorm_limits import VERSIONS

    return list(VERSIONS)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_root_option
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(list(REPORTERS)),
              help="Output format.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--scorm", "scorm", multiple=True, type=click.Choice(_limit_versions()),
              help="Check the SCORM data-model limits of this version only (repeatable; "
              "default: every version).")
def validate(paths: tuple[Path, ...], root: Path | None, fmt: str, strict: bool,
             output: Path | None, scorm: tuple[str, ...]) -> bool:
    """Check a course: lessons, widget data, links, quiz keys.

    With PATHS (as pre-commit passes them) the whole course is still loaded, and problems
    in those files plus every cross-file problem (broken links, cycles, missing widget files)
    are reported, wherever they are.
    """
    from lmspack.validate import Settings, check

    reports = []
    for course_root, only in _group_by_root(paths, root).items():
        settings = Settings(strict=strict, only=only)
        if scorm:
            settings = replace(settings, scorm_versions=tuple(dict.fromkeys(scorm)))
        reports.append(check(course_root, settings))
    rendered = REPORTERS[fmt](reports, Path.cwd())
    if output:
        output.write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False)
    return any(r.failed for r in reports)


def _group_by_root(paths: Sequence[Path], root: Path | None
                   ) -> dict[Path, frozenset[str] | None]:
    """Course roots to check, each with the files named in it (None: report everything)."""
    if not paths:
        return {_resolve_root(root, Path.cwd()): None}
    groups: dict[Path, set[str]] = {}
    for path in paths:
        if not path.exists():
            raise UsageProblem(f"no such file: {path}")
        course_root = _resolve_root(root, path)
        try:
            relative = path.resolve().relative_to(course_root).as_posix()
        except ValueError:
            raise UsageProblem(f"{path} is not inside the course at {course_root}") from None
        groups.setdefault(course_root, set()).add(relative)
    return {r: (None if "." in names else frozenset(names)) for r, names in groups.items()}


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True)
def list_rules(fmt: str) -> None:
    """List every rule with its code, name and default severity."""
    if fmt == "markdown":
        click.echo(rules_markdown(), nl=False)
        return
    for family, title in FAMILIES.items():
        click.echo(f"{family}: {title}")
        for rule in RULES.values():
            if rule.family == family:
                click.echo(f"  {rule.code}  {rule.name:<26} {rule.severity.value:<8} "
                           f"{rule.summary}")


def rules_markdown() -> str:
    """The README's rule table."""
    lines = ["| code | name | default | what it checks |", "|---|---|---|---|"]
    lines += [f"| `{r.code}` | `{r.name}` | {r.severity.value} | {r.summary} |"
              for r in RULES.values()]
    return "\n".join(lines) + "\n"


@cli.command("rule")
@click.argument("code")
def show_rule(code: str) -> None:
    """Explain one rule (by code or name), with an example and the fix."""
    rule = lookup(code)
    if rule is None:
        raise UsageProblem(f"unknown rule '{code}'; `lmspack rules` lists them")
    scope = "course-wide (reported whichever files are named)" if rule.scope == "course" \
        else "per file"
    click.echo(f"{rule.code} {rule.name} ({rule.severity.value}, {scope})\n\n{rule.summary}\n\n"
               f"{explanation(rule)}")


def _checked_course(root: Path | None, scorm_versions: tuple[str, ...] = ()) -> Course:
    """Validate first: build commands refuse to run on a course with errors (SCORM limits:
    those of ``scorm_versions``, the version being exported)."""
    from lmspack.validate import checked_course

    return checked_course(_resolve_root(root, Path.cwd()), scorm_versions)


@cli.command("precompute")
@_root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: dist/ in the course root).")
@click.option("--force", is_flag=True, help="Recompute even when the inputs did not change.")
def precompute_command(root: Path | None, out: Path | None, force: bool) -> None:
    """Compute every widget's results into OUT/precompute/*.json."""
    from lmspack.precompute import precompute

    course = _checked_course(root)
    target = out or course.root / "dist"
    results = precompute(course, target, reuse=not force)
    for result in results.values():
        verb = "reused  " if result.reused else "computed"
        click.echo(f"{verb} {result.source} -> {_shown(result.output)}")
    click.echo(f"{len(results)} widget result(s) in {_shown(target / 'precompute')}")


class _OptionalChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose option may also be given bare (``--scorm``): then the value is ""."""

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> object:
        return "" if value == "" else super().convert(value, param, ctx)


def _scorm_versions() -> list[str]:
    from lmspack.packaging import SCORM_VERSIONS

    return list(SCORM_VERSIONS)


def _target_version(target: str) -> str:
    from lmspack.packaging.targets import get_target

    return get_target(target).scorm_version


def _target_names() -> list[str]:
    from lmspack.packaging.targets import TARGETS

    return list(TARGETS)


@cli.command("export")
@_root_option
@click.option("--scorm", type=_OptionalChoice(_scorm_versions()), is_flag=False, flag_value="",
              default=None, help="Write a SCORM zip; bare --scorm means the target's version "
              "(1.2 unless --target says otherwise).")
@click.option("--xapi", is_flag=True, help="Write an xAPI (TinCan) zip with tincan.xml.")
@click.option("--cmi5", is_flag=True, help="Write a cmi5 zip with cmi5.xml.")
@click.option("--html", is_flag=True, help="Write the static site into OUT/site/.")
@click.option("--all", "everything", is_flag=True,
              help="Everything in one run: SCORM (the target's version), xAPI, cmi5 and the "
                   "site.")
@click.option("--target", type=click.Choice(_target_names()), default="generic",
              show_default=True, help="LMS preset (see docs/lms-upload.md).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: dist/ in the course root).")
@click.option("--xsd-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=None, help="Ship the SCORM XSD control files from this folder.")
def export_command(root: Path | None, scorm: str | None, xapi: bool, cmi5: bool, html: bool,
                   everything: bool, target: str, out: Path | None,
                   xsd_dir: Path | None) -> None:
    """Validate, precompute and render the course, then write packages to OUT.

    --scorm writes OUT/<course>-<version>-scorm12.zip (or -scorm2004.zip), one SCO per
    lesson; --xapi OUT/<course>-<version>-xapi.zip; --cmi5 OUT/<course>-<version>-cmi5.zip,
    one AU per lesson; --html writes the static site; any may be combined, and --all
    writes them all. Refuses to run while lmspack validate finds errors.
    """
    from lmspack.build import build

    if everything:
        scorm, xapi, cmi5, html = scorm if scorm is not None else "", True, True, True
    if scorm is None and not (html or xapi or cmi5):
        raise UsageProblem("nothing to export: give --scorm [1.2|2004], --xapi, --cmi5, "
                           "--html (several at once if you like), or --all")
    # The SCORM data-model limits (P rules) apply to the SCORM version built, if any; xAPI
    # statements have no such limits.
    version = (scorm or _target_version(target)) if scorm is not None else None
    course = _checked_course(root, (version,) if version else ())
    result = build(course, out, scorm=True if scorm == "" else scorm, html=html,
                   target=target, xsd_dir=xsd_dir, xapi=xapi, cmi5=cmi5)
    for d in result.diagnostics:
        click.echo(f"{_shown(course.root / d.path)}:{d.line}:{d.column}: {d.code} "
                   f"[{d.severity}] {d.message}", err=True)
        if d.hint:
            click.echo(f"    hint: {d.hint}", err=True)
    for package in result.packages:
        click.echo(f"wrote {_shown(package.path)} ({package.label}, target "
                   f"{package.target}, {package.lessons} lesson(s), {package.files} files)")
    if result.site is not None:
        click.echo(f"wrote {_shown(result.site.out_dir)}/ ({len(result.site.files)} files)")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key or not rest:
            raise UsageProblem(f"{option} expects NAME=VALUE, got '{value}'")
        pairs[key] = rest
    return pairs


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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def drift_command(reference: Path, current: Path, columns: tuple[str, ...],
                  methods: tuple[str, ...], kinds: tuple[str, ...],
                  thresholds: tuple[str, ...], drift_share: float, fmt: str) -> bool:
    """Data drift between two CSV files, with the Drift Detection Lab's engine.

    JSON output holds one record per column and method (the drift spec's section 2.5),
    the dataset verdict and the columns left out. Problems in the files (bad rows) are
    reported on standard error with their line, and make the exit code 1.
    """
    from lmspack.stats.drift_report import DriftRequest, run_drift

    request = DriftRequest(reference, current, columns or None, methods or None,
                           _pairs(kinds, "--kind"), _parse_thresholds(thresholds), drift_share)
    outcome = run_drift(request)
    for problem in outcome.problems:
        click.echo(problem, err=True)
    click.echo(outcome.json() if fmt == "json" else outcome.text(), nl=False)
    return bool(outcome.problems)


def _parse_thresholds(values: tuple[str, ...]) -> dict[str, float]:
    parsed = {}
    for key, value in _pairs(values, "--threshold").items():
        try:
            parsed[key] = float(value)
        except ValueError:
            raise UsageProblem(f"--threshold {key}: '{value}' is not a number") from None
    return parsed


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: run one command and return its exit code. Errors are
    printed as lines (never a traceback for bad input; see :mod:`lmspack.errors`)."""
    args = list(argv) if argv is not None else sys.argv[1:]
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
    from lmspack.validate import CourseHasErrors

    if isinstance(error, CourseHasErrors):
        click.echo(REPORTERS["text"]([error.report], Path.cwd()), err=True, nl=False)
    command = next((a for a in args if a in cli.commands), None)
    for line in describe(error, f"lmspack {command}" if command else "lmspack"):
        click.echo(line.rstrip("\n"), err=True)


if __name__ == "__main__":
    sys.exit(main())
