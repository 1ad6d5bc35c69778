"""The command line as data, without click. Each part of the library declares the options
that feed it (:data:`lmspack.build.EXPORT_OPTIONS` beside ``BuildRequest``, the validate
request's, the package formats' from their registry, the authoring commands') as
:class:`Option`; a command whose work is all library is a :class:`Command` that runs with a
:class:`Terminal` (the current folder, how to print, colour and progress) and says what
it did as :class:`Said`. ``lmspack.cli`` turns options and commands into click's; only it
imports click. This module imports nothing of lmspack, so any layer can declare options.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PathKind = Literal["any", "file", "folder"]
"""What a path option accepts: anything, a file (not a folder), or a folder (not a file)."""


@dataclass(frozen=True)
class Option:
    """One option (``--out``, ``-o/--output``) or, with ``argument``, one positional argument.

    ``keyword`` is the name the command receives (default: click's, from the longest flag);
    a path option (``path``) arrives as a :class:`~pathlib.Path`, checked to exist with
    ``exists``; ``choices`` (a sequence, or a function giving one when the command line is
    built) restricts the value; ``bare`` is the value of a choice option given without one
    (``--scorm`` alone); ``between`` bounds a number (``integer``: a whole one; the lower
    bound excluded with ``above``)."""

    flags: tuple[str, ...]
    keyword: str | None = None
    help: str | None = None
    flag: bool = False
    path: PathKind | None = None
    exists: bool = False
    choices: Sequence[str] | Callable[[], Sequence[str]] | None = None
    bare: str | None = None
    default: object = None
    show_default: bool = False
    multiple: bool = False
    metavar: str | None = None
    between: tuple[float, float] | None = None
    integer: bool = False
    above: bool = False
    argument: bool = False
    many: bool = False
    required: bool = True

    def choice_list(self) -> list[str] | None:
        """The allowed values, when restricted."""
        if self.choices is None:
            return None
        return list(self.choices() if callable(self.choices) else self.choices)


def format_option(choices: Sequence[str] | Callable[[], Sequence[str]],
                  help: str | None = None) -> Option:
    """``--format`` (keyword ``fmt``): one of ``choices``, the first by default."""
    first = (choices() if callable(choices) else choices)[0]
    return Option(("--format",), "fmt", help, choices=choices, default=first,
                  show_default=True)


def output_option(what: str) -> Option:
    """``-o/--output FILE``: write ``what`` to a file instead of standard output."""
    return Option(("-o", "--output"), path="file",
                  help=f"Write {what} to this file instead of standard output.")


ROOT = Option(("--root",), path="folder", exists=True, help=(
    "Course root (default: the nearest folder at or above the current one with lessons/ or "
    "course.yaml)."))
OUT = Option(("--out",), path="folder", help="Output folder (default: dist/ in the course root).")
PATHS = Option(("paths",), argument=True, many=True, path="any")


@dataclass(frozen=True)
class Said:
    """A piece of what a command prints: a line (``nl``: followed by a newline), on standard
    error with ``err``; ``color`` True keeps colour codes in it, False strips them, None
    (plain text) keeps them only on a terminal."""

    text: str
    err: bool = False
    nl: bool = True
    color: bool | None = None


Say = Callable[[Said], None]
"""How a library function that runs a command prints: called once per :class:`Said`, in
order (the command line echoes it; a test collects it)."""


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` with ``noun`` in the number it takes, for what the command line and the
    diagnostics say in English: ``1 file``, ``0 files``, ``2 files`` (``plural``: when it is
    not ``noun`` + ``s``)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def shown(path: Path, cwd: Path) -> str:
    """``path`` as a command prints it: relative to ``cwd`` when inside it, else as given."""
    try:
        return path.resolve().relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


Style = Callable[[str, str], str]
"""A colour hook: ``style(role, text)`` returns ``text`` as shown for its role
(:data:`lmspack.console.STYLES` names the roles)."""

Step = Callable[[str], None]
"""Called once per unit of work with what is being done (``computing widgets/x.json``)."""

Progress = Callable[[str, int | None], AbstractContextManager[Step]]
"""``progress(label, total)``: a progress display for ``total`` steps (None: unknown)."""


@contextmanager
def no_progress(label: str, total: int | None) -> Iterator[Step]:
    """A :data:`Progress` that shows nothing."""
    del label, total
    yield lambda _message: None


@dataclass(frozen=True)
class Terminal:
    """Where a command runs and how it shows what it does: ``cwd`` (relative paths start
    there; shown paths are relative to it), ``say`` (prints), ``style`` (the colour hook of
    standard output; None: plain) and ``progress``."""

    cwd: Path
    say: Say
    style: Style | None = None
    progress: Progress = no_progress


@dataclass(frozen=True)
class Command:
    """A command as data: its ``name`` (``("new", "lesson")``: a subcommand of ``new``), its
    ``options``, and ``run(terminal, **values)``, whose docstring is the command's help and
    which returns True when it found problems (exit 1)."""

    name: tuple[str, ...]
    run: Callable[..., bool | None]
    options: tuple[Option, ...] = ()

    @property
    def help(self) -> str:
        return self.run.__doc__ or ""
