"""A test double of Canvas's importer for its own cartridge flavour, written from the
public canvas-lms source (instructure/canvas-lms, ``lib/cc/importer/``) and the layout of
instructure/canvas_cc's writers; independent of lmspack's exporter.

What it reads, and where Canvas does the same:

* the flavour: ``course_settings/canvas_export.txt`` present makes Canvas use
  ``CC::Importer::Canvas::Converter`` (``canvas/converter.rb`` ``export``) instead of the
  standard converter, which would turn the pages into files (``standard/org_converter.rb``
  ``process_item``: webcontent -> ``FILE_TYPE`` unless a feature flag is on);
* modules: ``course_settings/module_meta.xml`` (``canvas/module_converter.rb``
  ``convert_modules``): ``module`` identifier/title/position/require_sequential_progress,
  ``item`` identifier/content_type/identifierref/title, ``completionRequirement`` type/
  identifierref/min_score, ``prerequisite`` type/identifierref;
* wiki pages: every file under ``wiki_content/`` (``canvas/wiki_converter.rb``
  ``convert_wikis``/``convert_wiki``): title from ``<title>``, migration id from ``<meta
  name="identifier">``, the body;
* files: everything under ``web_resources/`` (``canvas/webcontent_converter.rb``
  ``package_course_files``); ``$IMS-CC-FILEBASE$/<path>`` in a page names
  ``web_resources/<path>``;
* quizzes: ``non_cc_assessments/*.qti`` (``canvas/quiz_converter.rb`` ``convert_quizzes``),
  migration id = the assessment's ident, metadata from ``<ident>/assessment_meta.xml``
  listed in a learning-application resource (``canvas/quiz_metadata_converter.rb``
  ``post_process_assessments``).

:func:`read_canvas` returns what Canvas would build and every reference that would not
resolve, as ``"[rule] message"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from tests.cc.cc_checker import MANIFEST, NS, Entries, ReadQuestion, read_question

CANVAS = {"c": "http://canvas.instructure.com/xsd/cccv1p0"}
MARKER = "course_settings/canvas_export.txt"
LAR = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
FILEBASE = re.compile(r'(?:src|href)="\$IMS-CC-FILEBASE\$/([^"]+)"')


@dataclass
class CanvasModule:
    identifier: str
    title: str
    sequential: bool
    items: list[tuple[str, str, str, str]]  # (identifier, content_type, title, identifierref)
    requirements: list[tuple[str, str, float | None]]  # (type, item identifier, min_score)
    prerequisites: list[str]


@dataclass
class CanvasCourse:
    modules: list[CanvasModule] = field(default_factory=list)
    wikis: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (title, html)
    quizzes: dict[str, tuple[str, float | None, tuple[ReadQuestion, ...]]] = \
        field(default_factory=dict)  # id -> (title, points, questions)
    files: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def _text(node: etree._Element, path: str) -> str:
    return node.findtext(path, namespaces=CANVAS) or ""


def _modules(entries: Entries, course: CanvasCourse) -> None:
    data = entries.get("course_settings/module_meta.xml")
    if data is None:
        course.problems.append("[canvas-modules] no course_settings/module_meta.xml")
        return
    for node in etree.fromstring(data).iterfind("c:module", CANVAS):
        module = CanvasModule(
            node.get("identifier", ""), _text(node, "c:title"),
            _text(node, "c:require_sequential_progress") == "true",
            [(i.get("identifier", ""), _text(i, "c:content_type"), _text(i, "c:title"),
              _text(i, "c:identifierref")) for i in node.iterfind("c:items/c:item", CANVAS)],
            [(r.get("type", ""), _text(r, "c:identifierref"),
              float(_text(r, "c:min_score")) if _text(r, "c:min_score") else None)
             for r in node.iterfind(".//c:completionRequirement", CANVAS)],
            [_text(p, "c:identifierref") for p in node.iterfind(".//c:prerequisite", CANVAS)])
        course.modules.append(module)


def _wikis(entries: Entries, course: CanvasCourse) -> None:
    for name in sorted(entries):
        if not name.startswith("wiki_content/"):
            continue
        page = etree.HTML(entries[name].decode("utf-8"))
        meta = {m.get("name"): m.get("content") for m in page.iter("meta")}
        title = page.findtext(".//head/title") or ""
        body = page.find("body")
        html = etree.tostring(body, encoding="unicode") if body is not None else ""
        course.wikis[str(meta.get("identifier"))] = (title, html)
        for path in FILEBASE.findall(html):
            if f"web_resources/{path}" not in entries:
                course.problems.append(f"[canvas-files] {name} links {path}, not under "
                                       "web_resources/")


def _quizzes(entries: Entries, course: CanvasCourse) -> None:
    manifest = etree.fromstring(entries[MANIFEST])
    metas = {f.get("href") for r in manifest.iterfind("cp:resources/cp:resource", NS)
             if r.get("type") == LAR for f in r.iterfind("cp:file", NS)}
    for name in sorted(entries):
        if not (name.startswith("non_cc_assessments/") and name.endswith(".qti")):
            continue
        root = etree.fromstring(entries[name])
        assessment = root.find("q:assessment", NS)
        if assessment is None:
            continue
        ident = assessment.get("ident", "")
        meta_path = f"{ident}/assessment_meta.xml"
        points = None
        if meta_path in metas and meta_path in entries:
            meta = etree.fromstring(entries[meta_path])
            points = float(_text(meta, "c:points_possible") or "nan")
        else:
            course.problems.append(f"[canvas-quiz] {ident}: no {meta_path} in a "
                                   "learning-application resource")
        questions = tuple(read_question(i) for i in root.iterfind(".//q:section/q:item", NS))
        course.quizzes[ident] = (assessment.get("title", ""), points, questions)


def _references(course: CanvasCourse) -> None:
    earlier: set[str] = set()
    for module in course.modules:
        items = {identifier for identifier, _, _, _ in module.items}
        for identifier, kind, _, ref in module.items:
            known = course.wikis if kind == "WikiPage" else \
                course.quizzes if kind == "Quizzes::Quiz" else {}
            if ref not in known:
                course.problems.append(f"[canvas-item] {identifier}: {kind} {ref} was not "
                                       "imported")
        for kind, ref, score in module.requirements:
            if ref not in items:
                course.problems.append(f"[canvas-requirement] {module.identifier}: requires "
                                       f"{ref}, not one of its items")
            if kind == "min_score" and score is None:
                course.problems.append(f"[canvas-requirement] {ref}: min_score without a "
                                       "score")
        for ref in module.prerequisites:
            if ref not in earlier:
                course.problems.append(f"[canvas-prerequisite] {module.identifier}: "
                                       f"prerequisite {ref} is not an earlier module")
        earlier.add(module.identifier)


def read_canvas(entries: Entries) -> CanvasCourse:
    """What Canvas's importer builds from ``entries``, with every problem it would meet."""
    course = CanvasCourse()
    if MARKER not in entries:
        course.problems.append("[canvas-marker] no course_settings/canvas_export.txt: Canvas "
                               "uses its standard importer (pages become files)")
        return course
    course.files = {n[len("web_resources/"):] for n in entries if n.startswith("web_resources/")}
    _modules(entries, course)
    _wikis(entries, course)
    _quizzes(entries, course)
    _references(course)
    return course
