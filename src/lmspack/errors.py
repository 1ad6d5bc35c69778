"""The exceptions lmspack raises on purpose, and the one function that maps them to exit codes.

::

    LmspackError              the run cannot go on; exit 2 unless a subclass says otherwise
    ├── ContentError          the course's content stops it: exit 1
    │   ├── CourseHasErrors   validation found errors, so a build stage does not run
    │   ├── FrontMatterError  a lesson's front-matter cannot be split off (validate reports
    │   │   ├── MissingFrontMatter       it as F002/F003; a build never sees it)
    │   │   └── UnclosedFrontMatter
    │   ├── ComputeError      a widget kind cannot compute its results from its inputs
    │   ├── PrecomputeError   ... located in the widget file (what the build reports)
    │   ├── PackagingError    a package cannot be made: over a format's or a zip's limit,
    │   │                     an inconsistent plan, a manifest that fails its check
    │   └── SuppressionCycleError  alert rules that suppress each other in a ring
    └── UsageError            how lmspack was called: exit 2
        ├── CourseNotFound    no course at or above the folder named
        ├── AuthoringError    an authoring command cannot do what was asked
        └── ConfigError       configuration: the environment (SOURCE_DATE_EPOCH), an unknown
                              target or format, a plug-in that does not load

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
from typing import TYPE_CHECKING

from lmspack.commandline import counted

if TYPE_CHECKING:
    from lmspack.diagnostics.report import Report

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


class CourseNotFound(UsageError):
    """No course root (a folder with ``lessons/`` or ``course.yaml``) was found."""


class AuthoringError(UsageError):
    """A command cannot do what was asked (a file would be overwritten, an unknown id, a
    port that is taken); the message says what to do instead. A usage error: exit 2."""


class CourseHasErrors(ContentError):
    """A build stage refuses a course that ``lmspack validate`` finds errors in; ``report``
    holds the diagnostics (the command line prints them)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"the course has {counted(report.errors, 'error')}: run lmspack "
                         "validate and "
                         "fix them first")

    def lines(self, prog: str) -> list[str]:
        return [f"{prog}: not run, because lmspack validate finds errors (fix them first)."]


class FrontMatterError(ContentError):
    """A lesson's text does not start with front-matter that can be split off."""


class MissingFrontMatter(FrontMatterError):
    """The lesson does not start with a ``---`` line (rule F002)."""

    def __init__(self) -> None:
        super().__init__("lesson has no YAML front-matter")


class UnclosedFrontMatter(FrontMatterError):
    """The front-matter opened by ``---`` is never closed (rule F003)."""

    def __init__(self) -> None:
        super().__init__("front-matter opened on the first line is never closed")


class ComputeError(ContentError):
    """A widget's results cannot be computed from its inputs. ``pointer`` (a JSON pointer
    into the widget file) says where the cause is, when the kind knows; the build reports
    it as a located :class:`PrecomputeError`."""

    def __init__(self, message: str, pointer: str | None = None) -> None:
        self.message, self.pointer = message, pointer
        super().__init__(message)


class PrecomputeError(ContentError):
    """A widget's results cannot be computed; each problem is located in its widget file."""


class NotXmlText(ContentError):
    """A text a package writer was given holds a character XML cannot hold
    (:func:`lmspack.source.xmltext.require_xml_text`; ``lmspack validate`` reports such
    text first, as S006)."""


class PackagingError(ContentError):
    """A package cannot be made; ``problems`` lists every reason at once (each names the
    limit, file or lesson concerned)."""


class SuppressionCycleError(ContentError):
    """Alert rules that suppress each other in a ring: none could be evaluated first."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__(f"suppression cycle: {' -> '.join(cycle)}")


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
