"""The exceptions lmspack raises on purpose, and the one function that maps them to exit codes.

::

    LmspackError          the run cannot go on; exit 2 unless a subclass says otherwise
    ├── ContentError      the course's content stops it: exit 1 (a course with errors, a
    │                     widget whose results cannot be computed, a package over an LMS limit)
    └── UsageError        how lmspack was called: exit 2
        └── ConfigError   configuration: the environment (SOURCE_DATE_EPOCH), an unknown
                          target or version, a widget-kind plug-in that does not load

Any other exception is an internal error, a bug: :func:`describe` makes it one line that
names the file being processed (stages mark it with :func:`processing`) and says how to
report it; :func:`exit_code` gives it 2. Library code raises and returns; only
:func:`lmspack.cli.main` prints and turns the outcome into an exit code, through
:func:`exit_code`, and nothing calls ``sys.exit``.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
TRACEBACK_ENV = "LMSPACK_TRACEBACK"
"""Set to 1 to see the traceback of an internal error as well as its one line."""

_WHERE = "__lmspack_processing__"
_current: ContextVar[tuple[str, str | None] | None] = ContextVar("lmspack_processing",
                                                                 default=None)


class LmspackError(Exception):
    """A reason the run cannot go on; ``problems`` lists each one (a line of output)."""

    exit_code = EXIT_USAGE

    def __init__(self, problems: str | Iterable[str]) -> None:
        self.problems: tuple[str, ...] = (problems,) if isinstance(problems, str) \
            else tuple(problems)
        super().__init__("; ".join(self.problems))

    def lines(self, prog: str) -> list[str]:
        """What the command line prints: one line per problem."""
        return [f"{prog}: {problem}" for problem in self.problems]


class ContentError(LmspackError):
    """The course's content stops the run (exit 1); each problem names its file."""

    exit_code = EXIT_FAILED


class UsageError(LmspackError):
    """lmspack was called in a way it cannot honour (exit 2)."""


class ConfigError(UsageError):
    """Configuration lmspack cannot use: environment, presets, installed plug-ins (exit 2)."""


@contextmanager
def processing(path: str, owner: str | None = None) -> Iterator[None]:
    """Mark ``path`` (course-relative) as the file being worked on. An unexpected exception
    leaving the block remembers it, so the internal-error line can name it; ``owner`` names
    the plug-in distribution whose code runs inside, when it is not lmspack."""
    token = _current.set((path, owner))
    try:
        yield
    except LmspackError:
        raise
    except Exception as exc:
        if getattr(exc, _WHERE, None) is None:
            try:
                setattr(exc, _WHERE, (path, owner))
            except AttributeError:  # an exception type with __slots__: say less
                pass
        raise
    finally:
        _current.reset(token)


def exit_code(failed: bool = False, error: BaseException | None = None) -> int:
    """The exit code of a run: 0 done; 1 content problems (reported diagnostics, or a
    :class:`ContentError`); 2 usage or configuration errors and internal errors."""
    if error is None:
        return EXIT_FAILED if failed else EXIT_OK
    if isinstance(error, LmspackError):
        return error.exit_code
    return EXIT_USAGE


def describe(error: BaseException, prog: str = "lmspack") -> list[str]:
    """The lines to print for ``error``: one per problem, or one line for a bug."""
    if isinstance(error, LmspackError):
        return error.lines(prog)
    if isinstance(error, OSError) and error.strerror:  # the machine, not lmspack
        name = f"{error.filename}: " if error.filename else ""
        return [f"{prog}: {name}{error.strerror}"]
    where = getattr(error, _WHERE, None)
    path, owner = where if isinstance(where, tuple) else (None, None)
    culprit = f"the widget-kind plug-in from {owner}" if owner else "lmspack"
    line = (f"{prog}: internal error{f' while processing {path}' if path else ''}: "
            f"{type(error).__name__}: {error}".rstrip(": ")
            + f" (a bug in {culprit}; please report it to its maintainers with this line and "
            f"the output of `lmspack --version`; {TRACEBACK_ENV}=1 shows the traceback)")
    lines = [" ".join(line.split())]
    if os.environ.get(TRACEBACK_ENV, "").strip() not in ("", "0"):
        lines += traceback.format_exception(error)
    return lines
