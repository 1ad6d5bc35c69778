"""``lmspack new lesson ID [--after ID]``: a lesson with the front-matter skeleton, wired in.

The new lesson comes after ``--after`` (default: the last lesson of the course order): it
lists that lesson as its prerequisite, that lesson's ``next`` points at it, and the lesson
that used to follow (if any) becomes its ``next`` and gains it as a prerequisite. A course
file with an explicit order (``lessons:`` or ``modules:``) gets the id right after the
previous lesson. Every edit changes only the lines it must (see :mod:`.yamledit`).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from yaml.nodes import SequenceNode

from lmspack.authoring import AuthoringError
from lmspack.authoring.changes import FileChange, read_text, write_changes
from lmspack.authoring.yamledit import Edit, YamlRegion, apply_edits, front_matter, scalar
from lmspack.model.course import Course, LessonEntry
from lmspack.model.lesson import ID_PATTERN
from lmspack.source.files import COURSE_FILE, LESSONS_DIR


def skeleton(lesson_id: str, title: str, prereq: str | None, following: str | None) -> str:
    """The text of a new lesson: every front-matter key, empty where the author fills in."""
    lines = ["---", f"id: {lesson_id}", f"title: {scalar(title)}", "duration_min: 30",
             f"prereqs: [{prereq or ''}]", "tags: []",
             "# video: {platform: youtube, id: VIDEO_ID, start: 0, end: 600, captions: false, "
             "transcript: media/FILE.md}",
             "widgets: []      # - {type: drift_detection_lab, data: /widgets/FILE.json}",
             "goals: []",
             "quiz: []         # - {q: Question?, options: [A, B], answer: 0, explain: Why}",
             "flashcards: []   # - Term: Definition",
             "reflection: []"]
    if following:
        lines.append(f"next: {following}")
    # The title is the page's h1: the body's sections start at ## (rule A101).
    lines += ["---", "", "## Introduction", "", "Write the lesson here, in Markdown.", ""]
    return "\n".join(lines)


def plan_new_lesson(course: Course, lesson_id: str, after: str | None = None,
                    title: str | None = None) -> list[FileChange]:
    """Every file change that adds lesson ``lesson_id`` (nothing is written)."""
    if not re.match(ID_PATTERN, lesson_id):
        raise AuthoringError(f"'{lesson_id}' is not a valid lesson id: use lower-case letters, "
                             "digits and single hyphens, starting with a letter (lesson-3)")
    by_id = {entry.id: entry for entry in course.lessons}
    path = f"{LESSONS_DIR}/{lesson_id}.md"
    if lesson_id in by_id or (course.root / path).exists():
        raise AuthoringError(f"lesson '{lesson_id}' already exists "
                             f"({by_id[lesson_id].path if lesson_id in by_id else path})")
    previous = _previous(course, by_id, after)
    following = previous.lesson.next if previous and previous.lesson.next in by_id else None
    text = skeleton(lesson_id, title or lesson_id.replace("-", " ").capitalize(),
                    previous.id if previous else None, following)
    changes = [FileChange(path, None, text, reason="new lesson")]
    if previous is not None:
        changes.append(_edit_lesson(course.root, previous, "next", lesson_id))
    if following is not None:
        changes.append(_edit_lesson(course.root, by_id[following], "prereqs", lesson_id))
    order = _edit_course_file(course.root, previous.id if previous else None, lesson_id)
    return changes + ([order] if order else [])


def _previous(course: Course, by_id: dict[str, LessonEntry],
              after: str | None) -> LessonEntry | None:
    if after is None:
        return course.lessons[-1] if course.lessons else None
    if after not in by_id:
        close = difflib.get_close_matches(after, list(by_id), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise AuthoringError(f"--after: no lesson '{after}' in the course{hint}")
    return by_id[after]


def _edit_lesson(root: Path, entry: LessonEntry, key: str, lesson_id: str) -> FileChange:
    """Point ``next`` at the new lesson, or add it to ``prereqs``."""
    before = read_text(root / entry.path)
    region = front_matter(before)
    if region is None:
        raise AuthoringError(f"{entry.path}: cannot read its front-matter")
    try:
        edit = edit_key(region, key, lesson_id)
    except ValueError as exc:
        raise AuthoringError(f"{entry.path}: cannot add '{lesson_id}' to {key} ({exc}); "
                             "add it by hand, or use --after another lesson") from None
    return FileChange(entry.path, before, apply_edits(before, [edit]),
                      reason=f"{key} -> {lesson_id}")


def edit_key(region: YamlRegion, key: str, value: str) -> Edit:
    """Set ``key: value`` (a scalar), or append ``value`` to the list ``key``; a missing key
    is added at the end of the front-matter."""
    node = region.get(key)
    if key == "prereqs":
        if node is None:
            return region.add_top_key(key, f"[{scalar(value)}]")
        return region.append_item(node, value)
    if node is None:
        return region.add_top_key(key, scalar(value))
    return region.set_scalar(node, value)


def _edit_course_file(root: Path, previous: str | None, lesson_id: str) -> FileChange | None:
    """Put the new id into the course file's explicit order, if it has one."""
    if not (root / COURSE_FILE).is_file():
        return None
    before = read_text(root / COURSE_FILE)
    region = YamlRegion(before)
    modules = region.get("modules")
    count = len(modules.value) if isinstance(modules, SequenceNode) else 0
    candidates = [region.get("lessons"), *(region.get("modules", str(i), "lessons")
                                           for i in range(count))]
    sequences = [s for s in candidates if isinstance(s, SequenceNode)]
    if not sequences:
        return None  # the order follows the prerequisites
    try:
        edit = next((region.insert_after(sequence, item, lesson_id)
                     for sequence in sequences for item in sequence.value
                     if getattr(item, "value", None) == previous), None) \
            or region.append_item(sequences[-1], lesson_id)
    except ValueError as exc:
        raise AuthoringError(f"{COURSE_FILE}: cannot add '{lesson_id}' to the lesson order "
                             f"({exc}); add it by hand") from None
    return FileChange(COURSE_FILE, before, apply_edits(before, [edit]), reason="course order")



def add_lesson(root: Path, lesson_id: str, after: str | None = None,
               title: str | None = None) -> tuple[Path, list[FileChange]]:
    """``lmspack new lesson``: plan the lesson at ``root`` and write it; returns the course
    root and the changes written."""
    from lmspack.validate import check

    course = check(root).course
    assert course is not None  # check() always assembles the course
    changes = plan_new_lesson(course, lesson_id, after, title)
    write_changes(course.root, changes)
    return course.root, changes
