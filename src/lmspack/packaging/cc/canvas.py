"""The Canvas flavour of the cartridge (``lmspack export --cc --target canvas``).

Canvas imports a cartridge with its own importer, instead of the standard one, when
``course_settings/canvas_export.txt`` is in it (canvas-lms ``lib/cc/importer/canvas/``:
``converter.rb``). That importer takes modules from ``course_settings/module_meta.xml``
(``module_converter.rb``: prerequisites, completion requirements, sequential progress),
wiki pages from every file under ``wiki_content/`` (``wiki_converter.rb``: title from
``<title>``, migration id from ``<meta name="identifier">``), course files from
``web_resources/`` (``webcontent_converter.rb``), and quizzes from
``non_cc_assessments/<ident>.xml.qti`` with ``<ident>/assessment_meta.xml`` listed in a
learning-application resource (``quiz_converter.rb``, ``quiz_metadata_converter.rb``).
The layout follows Canvas's own exports and instructure/canvas_cc.

Everything the standard cartridge has stays as it is, so Moodle and Open edX import this
file exactly like the generic one (they ignore what they do not know, and the manifest
still validates); Canvas's parts are additions:

* each lesson page again as a wiki page (``wiki_content/<lesson>.html``, the same page with
  Canvas's ``<meta>`` fields and its files linked through ``$IMS-CC-FILEBASE$``, which
  Canvas resolves in wiki pages and Moodle does not), and the files it uses again under
  ``web_resources/``;
* each quiz again in Canvas's QTI flavour with its ``assessment_meta.xml`` (points: one
  per question; attempts: unlimited);
* ``module_meta.xml``: one Canvas module per course module, holding each lesson's page and
  quiz; "must view" each page, a minimum score (the pass mark times the points) for each
  quiz; a module requires the earlier modules holding its lessons' prerequisites, and
  progress is sequential in a module where a lesson requires another of the same module.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from lxml import etree

from lmspack.errors import PackagingError
from lmspack.model.course import Course
from lmspack.packaging.cc.plan import CartridgePlan, LessonPlan, ModulePlan
from lmspack.packaging.cc.qti import assessment_xml
from lmspack.packaging.plan import xml_id
from lmspack.source.filestore import Content, FileSet, SpillFile

CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
CANVAS_XSD = "http://canvas.instructure.com/xsd/cccv1p0.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SETTINGS_DIR = "course_settings"
MARKER = f"{SETTINGS_DIR}/canvas_export.txt"
MODULE_META = f"{SETTINGS_DIR}/module_meta.xml"
WIKI_DIR = "wiki_content"
WEB_RESOURCES = "web_resources"
NON_CC_DIR = "non_cc_assessments"
LAR = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
FILEBASE = "$IMS-CC-FILEBASE$"


@dataclass(frozen=True)
class ExtraResource:
    """A manifest resource only Canvas reads."""

    identifier: str
    type: str
    href: str | None
    files: tuple[str, ...]


@dataclass(frozen=True)
class CanvasParts:
    """What the Canvas flavour adds: files, their resources, and the dependency of each
    quiz's assessment resource on its Canvas metadata resource."""

    files: FileSet
    resources: tuple[ExtraResource, ...]
    quiz_dependencies: dict[str, str]


def wiki_id(lesson_id: str) -> str:
    return xml_id(lesson_id, "WIKI-")


def canvas_parts(plan: CartridgePlan, course: Course) -> CanvasParts:
    """Canvas's additions to the cartridge of ``plan``."""
    files: dict[str, Content] = {MARKER: b"Exported by lmspack for Canvas's course import.\n",
                               MODULE_META: module_meta(plan, course)}
    resources = [ExtraResource("CANVAS-SETTINGS", LAR, MARKER, (MARKER, MODULE_META))]
    dependencies = {}
    spill = SpillFile()
    copied = sorted({path for lesson in plan.lessons() for path in lesson.files[1:]}
                    | set(plan.shared_files))
    for path in copied:
        target = f"{WEB_RESOURCES}/{path}"
        files[target] = _content(plan.files, path)
        resources.append(ExtraResource(xml_id(path, "FILE-"), "webcontent", target,
                                       (target,)))
    for lesson in plan.lessons():
        entry = course.lesson(lesson.lesson_id)
        wiki = f"{WIKI_DIR}/{lesson.lesson_id}.html"
        # One page at a time, handed on like the pages themselves (not kept in memory).
        files[wiki] = spill.put(wiki_page(plan.files[lesson.href], lesson, copied))
        resources.append(ExtraResource(wiki_id(lesson.lesson_id), "webcontent", wiki, (wiki,)))
        if lesson.quiz is not None:
            ident = lesson.quiz.resource
            meta, qti = f"{ident}/assessment_meta.xml", f"{NON_CC_DIR}/{ident}.xml.qti"
            files[qti] = assessment_xml(ident, lesson.quiz.title, entry.lesson.quiz,
                                        canvas=True, language=course.language_for(entry))
            files[meta] = assessment_meta(ident, lesson.quiz.title, len(entry.lesson.quiz))
            resources.append(ExtraResource(f"{ident}-META", LAR, meta, (meta, qti)))
            dependencies[ident] = f"{ident}-META"
    return CanvasParts(FileSet(files), tuple(resources), dependencies)


def _content(files: Mapping[str, bytes], path: str) -> Content:
    return files.content(path) if isinstance(files, FileSet) else files[path]


_TITLE = re.compile(rb"<title>.*?</title>", re.S)
_CHARSET = b'<meta charset="utf-8">'


def wiki_page(page: bytes, lesson: LessonPlan, copied: list[str]) -> bytes:
    """The lesson page as a Canvas wiki page: its title, Canvas's ``<meta>`` fields, and
    its files linked through ``$IMS-CC-FILEBASE$`` (they sit under ``web_resources/``)."""
    problems = []
    head, end, body = page.partition(b"</head>")
    if not end or len(_TITLE.findall(head)) != 1 or head.count(_CHARSET) != 1:
        problems.append(f"lesson {lesson.lesson_id!r}: its page's <head> has no single "
                        "<title> and charset to turn it into a Canvas wiki page")
    fields = (_CHARSET + f'\n<meta name="identifier" content="{wiki_id(lesson.lesson_id)}">'
              '\n<meta name="editing_roles" content="teachers">'
              '\n<meta name="workflow_state" content="active">'.encode())
    head = _TITLE.sub(f"<title>{escape(lesson.title, quote=False)}</title>".encode(), head,
                      count=1).replace(_CHARSET, fields, 1)
    page = head + end + body
    for path in copied:
        for attribute in (b"href", b"src"):
            page = page.replace(attribute + b'="../' + path.encode() + b'"',
                                attribute + f'="{FILEBASE}/{path}"'.encode())
    if b'="../' in page:
        problems.append(f"lesson {lesson.lesson_id!r}: its page links to a file that is not "
                        "in the cartridge")
    if problems:
        raise PackagingError(problems)
    return page


def _canvas(parent: etree._Element, tag: str, text: str | None = None,
            **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CANVAS_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _document(tag: str, **attributes: str) -> etree._Element:
    root = etree.Element(f"{{{CANVAS_NS}}}{tag}", attributes,
                         nsmap={None: CANVAS_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{CANVAS_NS} {CANVAS_XSD}")
    return root


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def assessment_meta(ident: str, title: str, questions: int) -> bytes:
    """``<ident>/assessment_meta.xml``: a graded quiz, one point a question, unlimited
    attempts, options in the author's order."""
    quiz = _document("quiz", identifier=ident)
    for tag, value in (("title", title), ("quiz_type", "assignment"),
                       ("points_possible", f"{float(questions)}"), ("allowed_attempts", "-1"),
                       ("shuffle_answers", "false"), ("show_correct_answers", "true"),
                       ("available", "true")):
        _canvas(quiz, tag, value)
    return _bytes(quiz)


def module_meta(plan: CartridgePlan, course: Course) -> bytes:
    """``course_settings/module_meta.xml`` (see the module docstring)."""
    root = _document("modules")
    home = {lesson.lesson_id: module for module in plan.modules for lesson in module.lessons}
    for position, module in enumerate(plan.modules, start=1):
        node = _canvas(root, "module", identifier=module.item)
        _canvas(node, "title", module.title)
        _canvas(node, "workflow_state", "active")
        _canvas(node, "position", str(position))
        _canvas(node, "require_sequential_progress",
                "true" if _sequential(module, course) else "false")
        _prerequisites(node, module, course, home)
        _items(node, module)
        _requirements(node, module, course)
    return _bytes(root)


def _sequential(module: ModulePlan, course: Course) -> bool:
    inside = {lesson.lesson_id for lesson in module.lessons}
    return any(p in inside for lesson in module.lessons
               for p in course.lesson(lesson.lesson_id).lesson.prereqs)


def _prerequisites(node: etree._Element, module: ModulePlan, course: Course,
                   home: dict[str, ModulePlan]) -> None:
    needed: dict[str, ModulePlan] = {}
    for lesson in module.lessons:
        for prereq in course.lesson(lesson.lesson_id).lesson.prereqs:
            other = home.get(prereq)
            if other is not None and other is not module:
                needed[other.item] = other
    if not needed:
        return
    group = _canvas(node, "prerequisites")
    for other in sorted(needed.values(), key=lambda m: m.item):
        prerequisite = _canvas(group, "prerequisite", type="context_module")
        _canvas(prerequisite, "title", other.title)
        _canvas(prerequisite, "identifierref", other.item)


def _items(node: etree._Element, module: ModulePlan) -> None:
    items = _canvas(node, "items")
    position = 0
    for lesson in module.lessons:
        entries = [(lesson.item, "WikiPage", lesson.title, wiki_id(lesson.lesson_id))]
        if lesson.quiz is not None:
            entries.append((lesson.quiz.item, "Quizzes::Quiz", lesson.quiz.title,
                            lesson.quiz.resource))
        for identifier, kind, title, ref in entries:
            position += 1
            item = _canvas(items, "item", identifier=identifier)
            _canvas(item, "content_type", kind)
            _canvas(item, "workflow_state", "active")
            _canvas(item, "title", title)
            _canvas(item, "identifierref", ref)
            _canvas(item, "position", str(position))
            _canvas(item, "new_tab", "false")
            _canvas(item, "indent", "0")


def _requirements(node: etree._Element, module: ModulePlan, course: Course) -> None:
    group = _canvas(node, "completionRequirements")
    for lesson in module.lessons:
        view = _canvas(group, "completionRequirement", type="must_view")
        _canvas(view, "identifierref", lesson.item)
        if lesson.quiz is not None:
            entry = course.lesson(lesson.lesson_id)
            points = len(entry.lesson.quiz)
            score = _canvas(group, "completionRequirement", type="min_score")
            _canvas(score, "min_score", f"{min_score(course.pass_mark_for(entry), points)}")
            _canvas(score, "identifierref", lesson.quiz.item)


def min_score(pass_mark: int, points: int) -> float:
    """The points a quiz of ``points`` questions needs for ``pass_mark`` percent: the same
    whole number of correct answers the lesson page asks for (rounded up)."""
    return float(math.ceil(pass_mark * points / 100 - 1e-9))
