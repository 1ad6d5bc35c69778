"""Terminal niceties, decided in one place: colour and progress.

Colour follows ``--color`` (``always``/``never``), else the ``NO_COLOR`` convention
(https://no-color.org: any non-empty value turns colour off), ``TERM=dumb``, and whether
the stream is a terminal. Progress is shown only on a terminal and never under ``CI``, so
logs and pipes get plain text. rich draws the progress display and is imported only when
one is shown: ``lmspack validate`` never loads it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO

from lmspack.commandline import Option, Step

COLOR_CHOICES = ("auto", "always", "never")
COLOR_OPTION = Option(("--color",), choices=COLOR_CHOICES, default="auto", show_default=True,
                      help="Colour the output: auto follows NO_COLOR and whether it is a "
                      "terminal.")
"""``lmspack --color``, which :func:`color_enabled` reads."""

STYLES: dict[str, dict[str, str | bool]] = {
    # the text reporter's roles (lmspack.diagnostics.reporters.text)
    "location": {"bold": True}, "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow"}, "passed": {"fg": "green", "bold": True},
    "failed": {"fg": "red", "bold": True},
    # a diff's (lmspack.authoring.changes.diff_role)
    "file-old": {"fg": "red", "bold": True}, "file-new": {"fg": "green", "bold": True},
    "removed": {"fg": "red"}, "added": {"fg": "green"}, "hunk": {"fg": "cyan"}, "context": {}}
"""How each colour role looks on a terminal: the keywords of a terminal styling function
(foreground colour, bold), which the command line passes on."""


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def _is_terminal(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def color_enabled(choice: str, stream: IO[str] | None,
                  environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output written to ``stream``."""
    if choice in ("always", "never"):
        return choice == "always"
    env = _env(environ)
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    return _is_terminal(stream)


def progress_enabled(stream: IO[str] | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to draw progress on ``stream``: a terminal, and not in CI."""
    env = _env(environ)
    return _is_terminal(stream) and not env.get("CI") and env.get("TERM") != "dumb"


@contextmanager
def progress(label: str, total: int | None, stream: IO[str] | None, *, color: bool,
             enabled: bool | None = None) -> Iterator[Step]:
    """A progress display for ``total`` steps (None: unknown) on ``stream``, removed when
    done; yields the function to call per step. Does nothing when not ``enabled``
    (default: :func:`progress_enabled`)."""
    if not (progress_enabled(stream) if enabled is None else enabled):
        yield lambda _message: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(file=stream, no_color=not color, force_terminal=True,
                      highlight=False)
    columns = [SpinnerColumn(), TextColumn(f"{label} [progress.description]{{task.description}}"),
               BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total)
        started = [0]

        def step(message: str) -> None:  # called before each step: the ones before are done
            bar.update(task, completed=started[0], description=message)
            started[0] += 1

        yield step
        bar.update(task, completed=total or 0)
