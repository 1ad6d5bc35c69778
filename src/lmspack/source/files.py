"""Discover a course on disk and read its files: bytes -> text (or F001) -> front-matter + body."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lmspack.diagnostics import FILE_START, Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.errors import CourseNotFound, MissingFrontMatter, UnclosedFrontMatter, UsageError

COURSE_FILE = "course.yaml"
LESSONS_DIR = "lessons"
WIDGETS_DIR = "widgets"

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``lessons/`` or ``course.yaml``."""
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for folder in (start, *start.parents):
        if (folder / LESSONS_DIR).is_dir() or (folder / COURSE_FILE).is_file():
            return folder
    raise CourseNotFound(
        f"no course found at or above {start}: expected a folder with lessons/ or {COURSE_FILE}"
    )


@dataclass(frozen=True)
class CourseFiles:
    """The files that make up a course, as course-root-relative POSIX paths, sorted."""

    root: Path
    lessons: tuple[str, ...]
    widgets: tuple[str, ...]
    course_file: str | None
    outside: tuple[str, ...] = ()
    """Files that would be read but are symbolic links leading out of the course: they are
    left out of every other list, so nothing outside the course is read or published."""
    broken: tuple[str, ...] = ()
    """Files that would be read but are symbolic links that never reach a file (a loop, a
    missing target): left out of every other list, reported (F008)."""


def discover(root: Path) -> CourseFiles:
    """List lessons (`lessons/**/*.md`) and widget data (`widgets/**/*.json`)."""
    course = root.resolve()
    outside: list[str] = []
    broken: list[str] = []

    def readable(path: Path) -> bool:
        """A file inside the course (a symbolic link is followed); the rest is listed."""
        resolved = resolve(path)
        if resolved is None or not is_file(resolved):
            if path.is_symlink():
                broken.append(path.relative_to(root).as_posix())
            return False
        if course in resolved.parents:
            return True
        outside.append(path.relative_to(root).as_posix())
        return False

    def listing(folder: str, pattern: str) -> tuple[str, ...]:
        base = root / folder
        if not base.is_dir():
            return ()
        return tuple(sorted(p.relative_to(root).as_posix() for p in base.rglob(pattern)
                            if readable(p)))

    lessons, widgets = listing(LESSONS_DIR, "*.md"), listing(WIDGETS_DIR, "*.json")
    course_file = COURSE_FILE if readable(root / COURSE_FILE) else None
    return CourseFiles(root, lessons, widgets, course_file, tuple(sorted(outside)),
                       tuple(sorted(broken)))


def resolve(path: Path) -> Path | None:
    """``path.resolve()``, or None when no file can be reached through it: a symbolic link
    loop (``RuntimeError`` before Python 3.13, ``OSError`` after), a NUL byte, a name
    longer than the file system allows. The one way course paths are resolved."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def is_file(path: Path) -> bool:
    """``path.is_file()`` that answers False for a name no file can have (a NUL byte, a
    name longer than the file system allows) instead of raising."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class DecodeError:
    """Where a file stops being UTF-8 text: ``offset`` is the byte offset (0-based)."""

    position: Position
    detail: str
    offset: int = 0

    @property
    def message(self) -> str:
        return f"file is not UTF-8 text with LF or CRLF line ends: {self.detail}"


# Byte-order marks of the encodings an editor may have saved instead (longest first).
_OTHER_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"),
               (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"))
_LONE_CR = re.compile(rb"\r(?!\n)")


def decode(data: bytes, *, line_ends: bool = False) -> str | DecodeError:
    """Decode UTF-8 (a leading BOM is dropped); on failure say where the bad byte is.

    With ``line_ends``, a carriage return that does not end a CRLF pair (classic Mac OS
    line ends) is refused too: line and column numbers would otherwise be wrong.
    """
    for bom, name in _OTHER_BOMS:
        if data.startswith(bom):
            return DecodeError(FILE_START, f"it is {name} (it starts with a {name} "
                               "byte-order mark, at byte offset 0); re-save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return DecodeError(_byte_position(data, exc.start), f"byte 0x{data[exc.start]:02x} at "
                           f"byte offset {exc.start} is not UTF-8 ({exc.reason}); re-save "
                           "the file as UTF-8", exc.start)
    if line_ends and (cr := _LONE_CR.search(data)) is not None:
        return DecodeError(_byte_position(data, cr.start()), "a carriage return without a "
                           f"line feed at byte offset {cr.start()}; save the file with LF "
                           "or CRLF line ends", cr.start())
    return text.removeprefix("\ufeff")


def _byte_position(data: bytes, offset: int) -> Position:
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    if line_start == 0 and data.startswith(b"\xef\xbb\xbf"):
        column -= 1  # the BOM is not a column
    return Position(before.count(b"\n") + 1, column)


MAX_SOURCE_BYTES = 16 << 20
"""Largest lesson, widget file or course file (16 MiB): each is held in memory whole, with
its YAML or JSON tree. CSV files have their own limits (:mod:`lmspack.source.csvfile`)."""


def read_text(root: Path, rel: str, *, line_ends: bool = False) -> str | Diagnostic:
    """The text of the course file ``rel``, or the F001 diagnostic that says where it
    stops being UTF-8 text (the one place every stage reads course text through).
    ``line_ends`` as in :func:`decode`: lessons, widget files and the course file pass
    True, and are refused (F009) beyond :data:`MAX_SOURCE_BYTES`; CSV files do not."""
    if line_ends and (size := (root / rel).stat().st_size) > MAX_SOURCE_BYTES:
        return emit("F009", rel, FILE_START, f"file is {size:,} bytes, over the "
                    f"{MAX_SOURCE_BYTES:,} bytes (16 MiB) lmspack reads in a lesson, widget "
                    "file or course file", hint="split it, or move data into CSV files")
    text = decode((root / rel).read_bytes(), line_ends=line_ends)
    if isinstance(text, DecodeError):
        return emit("F001", rel, text.position, text.message)
    return text


@dataclass(frozen=True)
class Split:
    """A lesson split at its front-matter fences. Lines are 1-based file lines."""

    front_matter: str
    front_matter_line: int  # first line of the YAML (the line after the opening fence)
    body: str
    body_line: int  # first line of the Markdown body


def split_front_matter(text: str) -> Split:
    """Split ``---`` YAML ``---`` from the Markdown body.

    Raises :class:`MissingFrontMatter` when the first line is not a fence and
    :class:`UnclosedFrontMatter` when no closing fence follows.
    """
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0].rstrip("\r")):
        raise MissingFrontMatter
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index].rstrip("\r")):
            return Split("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2)
    raise UnclosedFrontMatter


def course_root(root: Path | None, start: Path) -> Path:
    """The course root named (``--root``), else the one at or above ``start``
    (:class:`~lmspack.errors.CourseNotFound` when there is none)."""
    return root.resolve() if root else find_root(start)


def group_by_root(paths: Sequence[Path], root: Path | None,
                  cwd: Path) -> dict[Path, frozenset[str] | None]:
    """Course roots to check for the files ``paths`` (as pre-commit passes them), each with
    the course-relative files named in it (None: report everything). No paths: the course
    at ``root`` or around ``cwd``. :class:`~lmspack.errors.UsageError` for a path that
    does not exist or lies outside the course named."""
    if not paths:
        return {course_root(root, cwd): None}
    groups: dict[Path, set[str]] = {}
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file: {path}")
        found = course_root(root, path)
        try:
            relative = path.resolve().relative_to(found).as_posix()
        except ValueError:
            raise UsageError(f"{path} is not inside the course at {found}") from None
        groups.setdefault(found, set()).add(relative)
    return {r: (None if "." in names else frozenset(names)) for r, names in groups.items()}
