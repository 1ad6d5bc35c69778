"""The course as xAPI activities: stable activity IRIs, and what TinCan and cmi5 describe.

Activity ids are IRIs built from the course file's ``base_iri`` (default
``urn:lmspack:<course id>``), the module and lesson ids and the question number, so two
builds of the same course give the same ids and statements from two versions of a package
land on the same activities:

==========  ===============================================
course      ``<base>``
module      ``<base>/modules/<module id>``  (a cmi5 block)
lesson      ``<base>/lessons/<lesson id>``  (a TinCan lesson activity, a cmi5 AU id)
question    ``<base>/lessons/<lesson id>/questions/<q1>``
==========  ===============================================

The tracking runtime computes the same ids from the base written into its settings
(``activityIri`` in ``lmspack-runtime.js``; a test runs both). :func:`activity_problems`
checks every id at build time: an absolute IRI, no white space or fragment, each unique.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from lmspack.model.course import Course
from lmspack.packaging.plan import PackagePlan

DEFAULT_BASE_PREFIX = "urn:lmspack:"
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "module": "http://adlnet.gov/expapi/activities/module",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
}
# RFC 3987: a scheme, ":", then no white space, controls, quotes, angle brackets or the
# other characters an IRI never holds unescaped. No fragment: "#" is where an IRI ends.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f\"<>{}|\\^`#]+")
MAX_IRI_LENGTH = 2000


def default_base_iri(course_id: str) -> str:
    """The base IRI used when the course file sets none: ``urn:lmspack:<course id>``."""
    return DEFAULT_BASE_PREFIX + quote(course_id, safe="")


def base_iri(course: Course) -> str:
    """The course's base IRI, without a trailing slash."""
    return (course.base_iri or default_base_iri(course.id)).rstrip("/")


def _segment(value: str) -> str:
    return quote(value, safe="")


def module_iri(base: str, module_id: str) -> str:
    return f"{base}/modules/{_segment(module_id)}"


def lesson_iri(base: str, lesson_id: str) -> str:
    return f"{base}/lessons/{_segment(lesson_id)}"


def question_iri(base: str, lesson_id: str, question_id: str) -> str:
    return f"{lesson_iri(base, lesson_id)}/questions/{_segment(question_id)}"


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` cannot be an activity id, or ``None``."""
    if not _IRI.fullmatch(iri):
        return (f"activity id {iri!r} is not an absolute IRI (a scheme such as https: or "
                "urn:, and no white space, quotes, angle brackets or '#')")
    if len(iri) > MAX_IRI_LENGTH:
        return f"activity id {iri[:60]!r}... is longer than {MAX_IRI_LENGTH} characters"
    return None


@dataclass(frozen=True)
class Choice:
    """One option of a question: its value in the page (``a``, ``b``, ...) and its text."""

    id: str
    text: str


@dataclass(frozen=True)
class QuestionActivity:
    """A quiz question as a ``cmi.interaction`` activity of interaction type ``choice``."""

    id: str
    iri: str
    text: str
    choices: tuple[Choice, ...]
    correct: str


@dataclass(frozen=True)
class LessonActivity:
    """A lesson: a TinCan lesson activity, a cmi5 AU. ``mastery`` is 0-100, or ``None``
    for a lesson without a quiz."""

    lesson_id: str
    iri: str
    title: str
    description: str
    href: str
    mastery: float | None
    questions: tuple[QuestionActivity, ...]
    prerequisites: tuple[str, ...]


@dataclass(frozen=True)
class BlockActivity:
    """A module of the course file: a cmi5 block."""

    module_id: str
    iri: str
    title: str
    lesson_ids: tuple[str, ...]


@dataclass(frozen=True)
class CourseActivities:
    """Everything the TinCan and cmi5 manifests describe. ``blocks`` is empty when the course
    file gives no modules; ``default_base`` says the base IRI is lmspack's default."""

    iri: str
    title: str
    description: str
    language: str
    lessons: tuple[LessonActivity, ...]
    blocks: tuple[BlockActivity, ...]
    default_base: bool

    def all_iris(self) -> list[str]:
        """Every activity id, duplicates included, for :func:`activity_problems`."""
        iris = [self.iri, *(block.iri for block in self.blocks)]
        for lesson in self.lessons:
            iris += [lesson.iri, *(question.iri for question in lesson.questions)]
        return iris


def course_activities(course: Course, plan: PackagePlan) -> CourseActivities:
    """The activities of ``course`` packaged as ``plan`` (launch files and mastery scores
    come from the plan, so they are the ones the SCORM manifests use)."""
    from lmspack.render.quiz import quiz_view
    from lmspack.source.markdown import plain_text

    def text(value: str) -> str:  # quiz texts and goals are inline Markdown
        return plain_text(value, course.maths)

    base = base_iri(course)
    lessons = []
    for sco in plan.scos:
        entry = course.lesson(sco.lesson_id)
        questions = tuple(
            QuestionActivity(view.id, question_iri(base, sco.lesson_id, view.id),
                             text(view.text),
                             tuple(Choice(o.value, text(o.text)) for o in view.options),
                             next(o.value for o in view.options if o.right))
            for view in quiz_view(entry) if any(o.right for o in view.options))
        goals = [text(goal) for goal in entry.lesson.goals]
        lessons.append(LessonActivity(
            sco.lesson_id, lesson_iri(base, sco.lesson_id), sco.title,
            "; ".join(goals) if goals else sco.title, sco.href, plan.mastery_for(sco),
            questions, sco.prerequisites))
    return CourseActivities(base, course.title, course.title, course.language, tuple(lessons),
                            _blocks(course, base), course.base_iri is None)


def _blocks(course: Course, base: str) -> tuple[BlockActivity, ...]:
    modules = course.modules
    if len(modules) == 1 and modules[0].id == course.id and modules[0].title == course.title:
        return ()  # no modules in the course file: one implicit module, no block
    return tuple(BlockActivity(m.id, module_iri(base, m.id), m.title, m.lesson_ids)
                 for m in modules if m.lesson_ids)


def activity_problems(activities: CourseActivities) -> list[str]:
    """Every activity id that is not a valid IRI, and every id used twice."""
    iris = activities.all_iris()
    problems = [problem for problem in map(iri_problem, dict.fromkeys(iris)) if problem]
    problems += [f"activity id {iri!r} is used {count} times; activity ids must be unique"
                 for iri, count in sorted(Counter(iris).items()) if count > 1]
    return problems
