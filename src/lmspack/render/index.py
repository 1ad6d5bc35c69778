"""The course index page: modules and lessons in delivery (prerequisite) order, each with
its duration and the lessons it needs."""

from __future__ import annotations

from typing import Any

from lmspack.model.course import Course
from lmspack.render import localize
from lmspack.render.jinja import localized
from lmspack.render.options import LESSONS_DIR, STYLESHEET, RenderOptions
from lmspack.render.pages import content_security_policy


def _item(course: Course, lesson_id: str, titles: dict[str, str]) -> dict[str, Any]:
    """One lesson of the index (``titles``: every lesson's, made once for the page)."""
    entry = course.lesson(lesson_id)
    return {
        "title": entry.lesson.title,
        "href": f"{LESSONS_DIR}/{entry.id}.html",
        "duration": localize.duration(entry.lesson.duration_min, course.language),
        "needs": [{"title": titles.get(p, p),
                   "href": f"{LESSONS_DIR}/{p}.html" if p in titles else None}
                  for p in entry.lesson.prereqs],
        "has_quiz": bool(entry.lesson.quiz),
        "n_questions": len(entry.lesson.quiz),
    }


def render_index(course: Course, options: RenderOptions) -> str:
    """The HTML of ``index.html`` at the site root."""
    titles = {entry.id: entry.lesson.title for entry in course.lessons}
    modules = [{"id": module.id, "title": module.title,
                "lessons": [_item(course, i, titles) for i in module.lesson_ids
                            if i in titles]}
               for module in course.modules]
    total = sum(entry.lesson.duration_min or 0 for entry in course.lessons)
    return localized(course.language).get_template("index.html.j2").render(
        course=course, lang=course.language, stylesheet=STYLESHEET, index_href=None,
        csp=content_security_policy(options), modules=modules, lessons=course.lessons,
        runtime=options.runtime_script,
        total_duration=localize.duration(total, course.language) if total else "",
    )
