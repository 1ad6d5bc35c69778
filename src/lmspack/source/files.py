"""Discover a course on disk and read its files: bytes -> text (or F001) -> front-matter + body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit

COURSE_FILE = "course.yaml"
LESSONS_DIR = "lessons"
WIDGETS_DIR = "widgets"

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")


class CourseNotFound(Exception):
    """No course root (a folder with `lessons/` or `course.yaml`) was found."""


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


def discover(root: Path) -> CourseFiles:
    """List lessons (`lessons/**/*.md`) and widget data (`widgets/**/*.json`)."""
    def listing(folder: str, pattern: str) -> tuple[str, ...]:
        base = root / folder
        if not base.is_dir():
            return ()
        return tuple(sorted(p.relative_to(root).as_posix() for p in base.rglob(pattern)
                            if p.is_file()))

    course_file = COURSE_FILE if (root / COURSE_FILE).is_file() else None
    return CourseFiles(root, listing(LESSONS_DIR, "*.md"), listing(WIDGETS_DIR, "*.json"),
                       course_file)


@dataclass(frozen=True)
class DecodeError:
    """Where a file stops being valid UTF-8."""

    position: Position
    detail: str


def decode(data: bytes) -> str | DecodeError:
    """Decode UTF-8 (a leading BOM is dropped); on failure say where the bad byte is."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        return DecodeError(Position(line, column), f"byte 0x{data[exc.start]:02x}: {exc.reason}")
    return text.removeprefix("\ufeff")


def read_text(root: Path, rel: str) -> str | Diagnostic:
    """The text of the course file ``rel``, or the F001 diagnostic that says where it
    stops being UTF-8 (the one place every stage reads course text through)."""
    text = decode((root / rel).read_bytes())
    if isinstance(text, DecodeError):
        return emit("F001", rel, text.position, f"file is not valid UTF-8 ({text.detail})")
    return text


@dataclass(frozen=True)
class Split:
    """A lesson split at its front-matter fences. Lines are 1-based file lines."""

    front_matter: str
    front_matter_line: int  # first line of the YAML (the line after the opening fence)
    body: str
    body_line: int  # first line of the Markdown body


class MissingFrontMatter(Exception):
    pass


class UnclosedFrontMatter(Exception):
    pass


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
