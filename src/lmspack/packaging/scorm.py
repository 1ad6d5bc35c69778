"""The plan of a package: rendered pages in, a checked :class:`PackagePlan` out.

It takes the render stage's :class:`~lmspack.render.site.Rendered` as it is: each page
already says which files it refers to, so nothing here parses HTML or renders anything.
One SCO per lesson in course order, each holding its page and the media it uses; the
stylesheet and the tracking runtime are shared.
"""

from __future__ import annotations

from lmspack.errors import PackagingError
from lmspack.packaging.plan import PackagePlan, ScoPlan
from lmspack.packaging.tracking import RUNTIME_PATH, lesson_quiz
from lmspack.render.options import STYLESHEET
from lmspack.render.site import Rendered
from lmspack.source.filestore import merge_files


def scorm_plan(rendered: Rendered, runtime: bytes) -> PackagePlan:
    """The plan of a package of ``rendered`` (pages rendered in package mode, loading the
    runtime from :data:`RUNTIME_PATH`; ``runtime`` is that script's bytes). The xAPI and
    cmi5 packages use the same plan; rendered in site mode (TinCan), the course index is
    one more shared file."""
    course = rendered.course
    files = merge_files(rendered.files, {RUNTIME_PATH: runtime})
    index = tuple(page.path for page in rendered.pages if page.lesson_id is None)
    shared = (STYLESHEET, RUNTIME_PATH, *index)
    lesson_pages = rendered.lesson_pages()
    pages = {page.path for page in lesson_pages}
    scos, problems = [], []
    for page in lesson_pages:
        entry = course.lesson(str(page.lesson_id))
        problems += [f"lesson {entry.id!r}: its page refers to {ref!r}, which is not in the "
                     "package" for ref in page.files if ref not in files]
        own = sorted(set(page.files) - set(shared) - pages)
        pass_mark = entry.lesson.pass_mark
        scos.append(ScoPlan(
            lesson_id=entry.id, title=entry.lesson.title, href=page.path,
            files=(page.path, *own), prerequisites=tuple(entry.lesson.prereqs),
            mastery_score=float(pass_mark) if pass_mark is not None else None,
            has_quiz=bool(lesson_quiz(course, entry)),
        ))
    if problems:
        raise PackagingError(problems)
    return PackagePlan(course_id=course.id, title=course.title, version=course.version,
                       language=course.language, mastery_score=float(course.pass_mark),
                       scos=tuple(scos), shared_files=shared, files=files)
