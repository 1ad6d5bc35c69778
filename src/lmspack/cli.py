"""The command line: declare options, call one library function, render, return an exit code.

Exit codes (decided in :func:`exit_code` and :func:`main` only): 0 no errors; 1 errors, or
warnings under ``--strict``; 2 usage error, bad configuration or internal failure.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import click

from lmspack import __version__
from lmspack.loader import CourseNotFound, find_root
from lmspack.reporters import REPORTERS
from lmspack.rules import FAMILIES, RULES, explanation, lookup

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageProblem(click.ClickException):
    """A problem with how lmspack was called (exit 2, no traceback)."""

    exit_code = EXIT_USAGE


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


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_root_option
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(list(REPORTERS)),
              help="Output format.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
def validate(paths: tuple[Path, ...], root: Path | None, fmt: str, strict: bool,
             output: Path | None) -> None:
    """Check a course: lessons, widget data, links, quiz keys.

    With PATHS (as pre-commit passes them) the whole course is still loaded, and problems
    in those files plus every cross-file problem (broken links, cycles, missing widget files)
    are reported, wherever they are.
    """
    from lmspack.validate import Settings, check

    reports = []
    for course_root, only in _group_by_root(paths, root).items():
        reports.append(check(course_root, Settings(strict=strict, only=only)))
    rendered = REPORTERS[fmt](reports, Path.cwd())
    if output:
        output.write_text(rendered, encoding="utf-8")
    else:
        click.echo(rendered, nl=False)
    raise SystemExit(exit_code(any(r.failed for r in reports)))


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


def exit_code(failed: bool) -> int:
    return EXIT_FAILED if failed else EXIT_OK


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


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; never lets a traceback reach the user for bad input."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="lmspack",
                 standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except Exception:  # noqa: BLE001 - the one place that turns a crash into exit 2
        click.echo("lmspack: internal error (this is a bug in lmspack, please report it):",
                   err=True)
        click.echo(traceback.format_exc(), err=True)
        return EXIT_USAGE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
