"""What goes into a Common Cartridge: modules, lesson pages, quizzes, files and identifiers.

:func:`cartridge_plan` takes the render stage's pages (rendered with
``RenderOptions(mode="package", quiz="separate")``: no tracking runtime, no quiz form, no
``<script>``) and the course's quizzes, and decides every identifier and path in one place,
so the manifest, the QTI files and the checks agree. :func:`cartridge_problems` refuses a
plan an importer would reject (unsafe paths, a page referring to a file that is not there,
identifiers that collide).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from lmspack.model.course import Course
from lmspack.model.quiz import quiz_title
from lmspack.packaging.plan import check_unique_ids, path_problem, xml_id
from lmspack.render.options import STYLESHEET
from lmspack.render.site import Rendered
from lmspack.source.filestore import frozen_files

QUIZ_DIR = "quizzes"


@dataclass(frozen=True)
class CartridgeIds:
    """The identifiers that are not per lesson."""

    manifest: str
    organization: str
    root_item: str
    shared_resource: str


@dataclass(frozen=True)
class QuizPlan:
    """A lesson's quiz: one assessment resource with one QTI file. ``resource`` is also
    the QTI assessment's ident (Canvas keys an imported quiz by it)."""

    title: str
    item: str
    resource: str
    href: str


@dataclass(frozen=True)
class LessonPlan:
    """A lesson page: one webcontent resource whose ``href`` is its first file."""

    lesson_id: str
    title: str
    item: str
    resource: str
    href: str
    files: tuple[str, ...]
    quiz: QuizPlan | None


@dataclass(frozen=True)
class ModulePlan:
    """A module of the course file: one titled item under the root (a Moodle section)."""

    module_id: str
    title: str
    item: str
    lessons: tuple[LessonPlan, ...]


@dataclass(frozen=True)
class CartridgePlan:
    """The whole cartridge; ``files`` maps every content path (pages, stylesheet, media)
    to its bytes, the manifest and QTI files excluded."""

    course_id: str
    title: str
    version: str
    language: str
    ids: CartridgeIds
    modules: tuple[ModulePlan, ...]
    shared_files: tuple[str, ...]
    files: Mapping[str, bytes] = field(hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", frozen_files(self.files))

    def lessons(self) -> Iterator[LessonPlan]:
        for module in self.modules:
            yield from module.lessons

    def all_ids(self) -> list[str]:
        """Every identifier the manifest and the QTI files use, duplicates kept."""
        ids = [self.ids.manifest, self.ids.organization, self.ids.root_item,
               self.ids.shared_resource]
        ids += [module.item for module in self.modules]
        for lesson in self.lessons():
            ids += [lesson.item, lesson.resource]
            if lesson.quiz is not None:
                ids += [lesson.quiz.item, lesson.quiz.resource]
        return ids


def cartridge_plan(rendered: Rendered) -> CartridgePlan:
    """The plan of ``rendered``'s cartridge (lessons in the course's modules and order)."""
    course = rendered.course
    pages = {page.lesson_id: page for page in rendered.lesson_pages()}
    page_paths = {page.path for page in pages.values()}
    shared = (STYLESHEET,)
    modules = []
    for module in course.modules:
        lessons = []
        for lesson_id in module.lesson_ids:
            entry, page = course.lesson(lesson_id), pages[lesson_id]
            own = sorted(set(page.files) - set(shared) - page_paths)
            lessons.append(LessonPlan(
                lesson_id=lesson_id, title=entry.lesson.title,
                item=xml_id(lesson_id, "ITEM-"), resource=xml_id(lesson_id, "RES-"),
                href=page.path, files=(page.path, *own),
                quiz=_quiz_plan(lesson_id, entry.lesson.title, course.language_for(entry))
                if entry.lesson.quiz else None))
        modules.append(ModulePlan(module.id, module.title, xml_id(module.id, "MODULE-"),
                                  tuple(lessons)))
    ids = CartridgeIds(manifest=xml_id(course.id, "MANIFEST-"),
                       organization=xml_id(course.id, "ORG-"), root_item="ROOT",
                       shared_resource="SHARED-ASSETS")
    return CartridgePlan(course.id, course.title, course.version, course.language, ids,
                         tuple(modules), shared, rendered.files)


def _quiz_plan(lesson_id: str, lesson_title: str, language: str) -> QuizPlan:
    return QuizPlan(title=quiz_title(lesson_title, language), item=xml_id(lesson_id, "QITEM-"),
                    resource=xml_id(lesson_id, "QUIZ-"), href=f"{QUIZ_DIR}/{lesson_id}.xml")


def cartridge_problems(plan: CartridgePlan, course: Course) -> list[str]:
    """Every reason ``plan`` cannot become a cartridge an importer accepts; empty if none."""
    problems = []
    listed = {path for lesson in plan.lessons() for path in lesson.files}
    listed |= set(plan.shared_files)
    quiz_files = {lesson.quiz.href for lesson in plan.lessons() if lesson.quiz is not None}
    for path in sorted(listed | set(plan.files) | quiz_files):
        if (problem := path_problem(path)) is not None:
            problems.append(problem)
    problems += [f"file {path!r} is referred to but has no content"
                 for path in sorted(listed - set(plan.files))]
    problems += [f"file {path!r} has content but no resource lists it"
                 for path in sorted(set(plan.files) - listed)]
    if not any(True for _ in plan.lessons()):
        problems.append(f"course {course.id!r} has no lessons: Moodle refuses an empty "
                        "cartridge")
    return problems + check_unique_ids(plan.all_ids())
