"""Export's work per lesson does not grow with the course (issue 20, growth row).

Each test counts how often the lessons are looked at (``LessonEntry.id`` reads) while one
step handles every lesson of an N-lesson course: a step that scans the whole course for
each lesson reads ids about N * N / 2 times, a linear one a few times N. Counted, not
timed, so a loaded machine cannot make them pass or fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack.model.course import Course, LessonEntry, ModuleEntry
from lmspack.model.lesson import Lesson
from lmspack.packaging.scorm import scorm_plan
from lmspack.packaging.tracking import RUNTIME_PATH
from lmspack.render import site
from lmspack.render.index import render_index
from lmspack.render.options import RenderOptions
from lmspack.render.pages import PageSet

LESSONS = 300
PER_LESSON = 12
"""Reads of a lesson's id allowed per lesson: a linear step stays far below N / 2."""


def _course(root: Path, count: int = LESSONS) -> Course:
    ids = [f"lesson-{n:04d}" for n in range(count)]
    entries = tuple(
        LessonEntry(f"lessons/{lesson_id}.md", Lesson(
            id=lesson_id, title=f"Lesson {n}", prereqs=ids[max(n - 1, 0):n],
            next=ids[n + 1] if n + 1 < count else None),
            f"Body of {lesson_id}, see [the next one]({ids[(n + 1) % count]}.md).\n", 5)
        for n, lesson_id in enumerate(ids))
    return Course(root, "course", "Course", "1.0.0", "en", 80, entries,
                  (ModuleEntry("course", "Course", tuple(ids)),))


@pytest.fixture
def id_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter of ``LessonEntry.id`` reads (reset by the test where it starts counting)."""
    reads = [0]
    real = LessonEntry.id

    def counted(entry: LessonEntry) -> str:
        reads[0] += 1
        return str(real.fget(entry))  # type: ignore[attr-defined]

    monkeypatch.setattr(LessonEntry, "id", property(counted))
    return reads


def test_looking_up_every_lesson_is_linear(tmp_path: Path, id_reads: list[int]) -> None:
    course = _course(tmp_path)
    id_reads[0] = 0
    found = [course.lesson(f"lesson-{n:04d}") for n in range(LESSONS)]
    assert found == list(course.lessons)
    assert id_reads[0] <= 2 * LESSONS, f"{id_reads[0]} id reads for {LESSONS} lookups"
    with pytest.raises(StopIteration):
        course.lesson("not-a-lesson")


def test_the_first_of_two_lessons_with_one_id_is_found(tmp_path: Path) -> None:
    course = _course(tmp_path, 3)
    twin = LessonEntry("lessons/twin.md", course.lessons[1].lesson, "other body", 5)
    doubled = Course(tmp_path, "c", "C", "1", "en", 80, (*course.lessons, twin), course.modules)
    assert doubled.lesson("lesson-0001") is course.lessons[1]  # as the scan found it


def test_the_course_index_is_linear(tmp_path: Path, id_reads: list[int]) -> None:
    course = _course(tmp_path)
    id_reads[0] = 0
    html = render_index(course, RenderOptions(mode="site"))
    assert html.count('href="lessons/lesson-') >= LESSONS
    assert id_reads[0] <= PER_LESSON * LESSONS, f"{id_reads[0]} id reads, {LESSONS} lessons"


def test_the_package_plan_is_linear(tmp_path: Path, id_reads: list[int]) -> None:
    course = _course(tmp_path)
    rendered = site.render_pages(course, {}, RenderOptions(mode="package",
                                                           runtime_script=RUNTIME_PATH),
                                 workers=1)
    id_reads[0] = 0
    plan = scorm_plan(rendered, b"// runtime")
    assert len(plan.scos) == LESSONS
    assert id_reads[0] <= PER_LESSON * LESSONS, f"{id_reads[0]} id reads, {LESSONS} lessons"


def test_a_render_worker_is_linear(tmp_path: Path, id_reads: list[int],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """What a render worker does for its pages (run here: ``_render_packed`` with the job
    a forked worker inherits), against the lesson pages rendered in this process."""
    course = _course(tmp_path)
    options = RenderOptions(mode="package", runtime_script=RUNTIME_PATH)
    shared = PageSet(course, {})
    monkeypatch.setattr(site, "_JOB", (course, {}, options, shared))
    id_reads[0] = 0
    packed = site._render_packed(list(range(LESSONS)))
    assert id_reads[0] <= PER_LESSON * LESSONS, f"{id_reads[0]} id reads, {LESSONS} lessons"
    monkeypatch.setattr(site, "_JOB", None)
    alone = site.render_pages(course, {}, options, workers=1)
    assert [site.replay(p, site.MediaFiles(course), e) for p, e in
            zip(packed, course.lessons, strict=True)] == [p.html for p in alone.pages]
