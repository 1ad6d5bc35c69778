"""IMS Common Cartridge 1.1 (``lmspack export --cc``): the course as native content that
Moodle (Restore), Canvas (Import course content, "Common Cartridge 1.x") and Open edX
(cc2olx) import: lesson pages as web content, quizzes as QTI 1.2 assessments, modules as
the organization's sections. docs/common-cartridge.md says what each LMS receives and what
a cartridge cannot carry.

Stages: :func:`~lmspack.packaging.cc.plan.cartridge_plan` (identifiers and paths from the
rendered pages), :mod:`~lmspack.packaging.cc.qti` (one QTI file per quiz),
:mod:`~lmspack.packaging.cc.manifest` (the manifest), and :func:`cartridge_entries` here,
which puts them together and refuses a plan an importer would reject.
"""

from __future__ import annotations

from collections.abc import Mapping

from lmspack.errors import PackagingError
from lmspack.packaging.cc.manifest import build_manifest
from lmspack.packaging.cc.plan import CartridgePlan, cartridge_plan, cartridge_problems
from lmspack.packaging.cc.qti import assessment_xml
from lmspack.packaging.plan import MANIFEST_NAME
from lmspack.render.options import RenderOptions
from lmspack.render.site import Rendered
from lmspack.source.filestore import merge_files

__all__ = ["CARTRIDGE_RENDER_OPTIONS", "CartridgePlan", "cartridge_entries", "cartridge_plan"]

CARTRIDGE_RENDER_OPTIONS = RenderOptions(mode="package", quiz="separate")
"""How cartridge pages are rendered: as in a package (no links between lessons: the LMS
navigates), without the tracking runtime, the quiz form or any ``<script>``."""


def cartridge_entries(rendered: Rendered, *, canvas: bool = False) -> Mapping[str, bytes]:
    """Every zip entry of the course's cartridge: manifest first, then the content, the
    QTI files; ``canvas`` adds Canvas's own parts (:mod:`lmspack.packaging.cc.canvas`).
    Raises :class:`PackagingError` listing every problem when the pages were not
    rendered for a cartridge or the plan would not import."""
    if rendered.options.quiz != "separate" or rendered.options.runtime_script is not None:
        raise PackagingError(["cartridge pages must be rendered with "
                              "CARTRIDGE_RENDER_OPTIONS (no quiz form, no runtime)"])
    plan = cartridge_plan(rendered)
    problems = cartridge_problems(plan, rendered.course)
    if problems:
        raise PackagingError(problems)
    if canvas:
        from lmspack.packaging.cc.canvas import canvas_parts

        parts = canvas_parts(plan, rendered.course)
        manifest = build_manifest(plan, parts.resources, parts.quiz_dependencies)
        entries = merge_files({MANIFEST_NAME: manifest}, plan.files, parts.files)
    else:
        entries = merge_files({MANIFEST_NAME: build_manifest(plan)}, plan.files)
    quizzes = {}
    for lesson in plan.lessons():
        if lesson.quiz is not None:
            entry = rendered.course.lesson(lesson.lesson_id)
            quizzes[lesson.quiz.href] = assessment_xml(
                lesson.quiz.resource, lesson.quiz.title, entry.lesson.quiz,
                language=rendered.course.language_for(entry))
    return merge_files(entries, quizzes)
