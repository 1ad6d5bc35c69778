"""The four-lesson package plan the SCORM manifest tests build on."""

from __future__ import annotations

from lmspack.packaging.plan import PackagePlan, ScoPlan

LESSONS = [f"ai-builder-ch4-lesson{n}" for n in range(1, 5)]
SHARED = ("shared/lmspack-runtime.js", "shared/style.css")


def example_plan(extra_file: str, *, reverse_files: bool = False,
                 **changes: object) -> PackagePlan:
    """Four lessons; 3 needs 1 and 2, 4 needs 3; lesson 3 has a quiz with mastery 80.

    Each lesson has ``index.html`` and ``extra_file``; ``reverse_files`` lists them launch
    file last (the manifest must still put the launch file first)."""
    prerequisites = {3: tuple(LESSONS[:2]), 4: (LESSONS[2],)}
    scos, files = [], {path: b"/* shared */" for path in SHARED}
    for number, lesson in enumerate(LESSONS, start=1):
        lesson_files = (f"{lesson}/index.html", f"{lesson}/{extra_file}")
        files.update({path: f"<!-- {path} -->".encode() for path in lesson_files})
        scos.append(ScoPlan(
            lesson_id=lesson,
            title=f"Lesson {number}",
            href=lesson_files[0],
            files=tuple(reversed(lesson_files)) if reverse_files else lesson_files,
            prerequisites=prerequisites.get(number, ()),
            mastery_score=80.0 if number == 3 else None,
            has_quiz=number == 3,
        ))
    fields: dict[str, object] = {
        "course_id": "ai-builder", "title": "AI Builder", "version": "1.0", "language": "en",
        "mastery_score": None, "scos": tuple(scos), "shared_files": SHARED, "files": files,
    }
    fields.update(changes)
    return PackagePlan(**fields)  # type: ignore[arg-type]
