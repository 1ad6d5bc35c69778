"""The author's commands as data (:class:`~lmspack.commandline.Command`): the options each
takes, and one function each that does the work and says what happened through a
:class:`~lmspack.commandline.Terminal`, so every command runs, and is tested, without
click. A function's docstring is its command's help. ``cli.py`` imports this module on
every run (``lmspack validate`` included), so the modules doing the work load inside the
functions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lmspack.authoring.install import INSTALL_HELP
from lmspack.commandline import (
    PATHS,
    ROOT,
    Command,
    Option,
    Said,
    Terminal,
    format_option,
    output_option,
    shown,
)
from lmspack.source.files import course_root, group_by_root

if TYPE_CHECKING:
    from lmspack.authoring.preview import Rebuild
    from lmspack.diagnostics.report import Report


def init(term: Terminal, folder: Path, title: str | None, install: str | None) -> None:
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
    for path in init_course(folder, title, spec):
        term.say(Said(f"created {shown(path, term.cwd)}"))
    if spec is None:
        term.say(Said(PLACEHOLDER_NOTE, err=True))
    if adopting:
        term.say(Said("The course's own files were left as they are."))
    term.say(Said(f"Next: cd {shown(folder, term.cwd)} && lmspack validate && lmspack serve"))


def new_lesson(term: Terminal, lesson_id: str, after: str | None, title: str | None,
               root: Path | None) -> None:
    """Add lessons/ID.md, wired into the course order, `next` and prerequisites."""
    from lmspack.authoring.newlesson import add_lesson

    found, changes = add_lesson(course_root(root, term.cwd), lesson_id, after, title)
    for change in changes:
        term.say(Said(f"{change.verb} {shown(found / change.path, term.cwd)} ({change.reason})"))


def graph(term: Terminal, root: Path | None, fmt: str, output: Path | None) -> None:
    """Draw the prerequisite graph: course order, cycles, unreachable lessons."""
    from lmspack.authoring.graph_svg import graph_text

    drawn = graph_text(course_root(root, term.cwd), fmt)
    if output:
        output.write_text(drawn, encoding="utf-8")
        term.say(Said(f"wrote {shown(output, term.cwd)}"))
    else:
        term.say(Said(drawn, nl=False))


def fix(term: Terminal, paths: tuple[Path, ...], root: Path | None, check_only: bool) -> bool:
    """Apply the safe automatic fixes (mojibake, next/prereqs, file names), diff first.

    Nothing else of a file changes: comments, key order and quoting stay as written.
    With PATHS, only problems inside those files are fixed.
    """
    from lmspack.authoring.changes import diff, styled_diff, write_changes
    from lmspack.authoring.fixes import fix_summary, plan_fixes

    plans = [plan_fixes(found, only)
             for found, only in group_by_root(paths, root, term.cwd).items()]
    for plan in plans:
        patch = diff(plan.changes)
        if patch:
            coloured = styled_diff(patch, term.style) if term.style else patch
            term.say(Said(coloured, nl=False, color=term.style is not None))
        for diagnostic, reason in plan.skipped:
            where = f"{shown(plan.root / diagnostic.path, term.cwd)}:{diagnostic.line}"
            term.say(Said(f"not fixed: {where}:{diagnostic.column}: {diagnostic.code} {reason}",
                          err=True))
        if not check_only:
            write_changes(plan.root, plan.changes)
    term.say(Said(fix_summary(plans, check_only)))
    return check_only and any(plan.fixed for plan in plans)


def schema(term: Terminal, folder: Path | None, root: Path | None) -> None:
    """Write the JSON Schemas (lesson, course file, every widget kind) for editors.

    FOLDER defaults to schemas/ in the course root (or here, outside a course).
    """
    from lmspack.authoring.schemas import schema_folder, vscode_settings, write_schemas

    folder = schema_folder(folder, root, term.cwd)
    for path in write_schemas(folder):
        term.say(Said(f"wrote {shown(path, term.cwd)}"))
    term.say(Said("\nVS Code (.vscode/settings.json; YAML checking needs Red Hat's YAML "
                  "extension):\n" + vscode_settings(shown(folder, term.cwd)), nl=False))


def serve(term: Terminal, root: Path | None, port: int) -> bool:
    """Preview the site on 127.0.0.1, rebuilding what changed when files change."""
    from lmspack.authoring.serve import ServeEvents
    from lmspack.authoring.serve import serve as run
    from lmspack.diagnostics.reporters import text

    found = course_root(root, term.cwd)

    def report_text(report: Report) -> str:
        return text([report], term.cwd)

    def listening(url: str) -> None:
        term.say(Said(f"Serving {shown(found, term.cwd)} at {url} (Ctrl-C to stop; reload the "
                      "page after a change)"))

    def rebuilt(build: Rebuild, changes: list[str]) -> None:
        term.say(Said(build.describe(changes, report_text), nl=False))

    outcome = run(found, port, ServeEvents(listening, rebuilt), handle_signals=True)
    if not outcome.started:
        term.say(Said(outcome.last.problems(report_text), err=True, nl=False))
        term.say(Said("lmspack serve: not started, because lmspack validate finds errors (fix "
                      "them first).", err=True))
        return True
    term.say(Said("Stopped."))
    return False


COMMANDS = (
    Command(("init",), init, (
        Option(("folder",), argument=True, required=False, default=".", path="folder"),
        Option(("--title",), help="Course title (default: from the folder name)."),
        Option(("--install",), "install", INSTALL_HELP, metavar="SPEC"))),
    Command(("new", "lesson"), new_lesson, (
        Option(("lesson_id",), argument=True, metavar="ID"),
        Option(("--after",), help="The lesson it follows (default: the last one).",
               metavar="ID"),
        Option(("--title",), help="Lesson title (default: from the id)."),
        ROOT)),
    Command(("graph",), graph, (ROOT, format_option(("svg", "mermaid", "dot")),
                                output_option("the graph"))),
    Command(("fix",), fix, (PATHS, ROOT, Option(
        ("--check",), "check_only", "Only show what would change; exit 1 if anything would "
        "(for CI).", flag=True))),
    Command(("schema",), schema, (
        Option(("folder",), argument=True, required=False, path="folder"), ROOT)),
    Command(("serve",), serve, (ROOT, Option(
        ("--port",), help="Port on 127.0.0.1 (0: any free port).", between=(0, 65535),
        integer=True, default=8000, show_default=True))),
)
"""The author's commands (``lmspack --help`` lists every command by name)."""
