"""``check(root) -> Report``: every content check of a course, collected in one pass.

Pipeline: discover -> load (per file) -> validate (per file) -> link (cross-file). Nothing
stops at the first problem; a file that cannot be parsed yields one diagnostic and is left
out of the later stages.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lmspack.diagnostics import FILE_START, Diagnostic, Severity
from lmspack.diagnostics.report import Report as DiagnosticsReport
from lmspack.diagnostics.rules import RULES, emit
from lmspack.errors import (
    CourseHasErrors,
    MissingFrontMatter,
    UnclosedFrontMatter,
    processing,
)
from lmspack.formats import PackageFormat
from lmspack.formats.registry import all_formats, require_format
from lmspack.model.course import Course, LessonEntry, assemble
from lmspack.model.lesson import CourseFile, Lesson
from lmspack.source import yamlpos
from lmspack.source.buildcache import STALE_AFTER, BuildCache
from lmspack.source.files import (
    discover,
    read_text,
    split_front_matter,
)
from lmspack.source.xmltext import yaml_may_hold_non_xml
from lmspack.validate.a11y import check_video_access
from lmspack.validate.bodycache import BodyFindings, BodyJob, BodyReader, body_job, cache_disabled
from lmspack.validate.course_file import (
    check_language,
    check_order,
    duplicate_keys,
    load_course_file,
)
from lmspack.validate.lesson import check_lesson_data
from lmspack.validate.links import LinkInfo, LinkPositions, check_links
from lmspack.validate.markdown import check_front_matter_markdown
from lmspack.validate.schema import validate_model
from lmspack.validate.text import check_mojibake
from lmspack.validate.widget_data import check_widget_data
from lmspack.validate.widgets import (
    WidgetFiles,
    check_widget_files,
    check_widget_refs,
    load_widget_files,
)
from lmspack.validate.xml_text import check_xml_text

__all__ = ["CourseHasErrors", "Report", "Settings", "check", "checked_course"]


@dataclass(frozen=True)
class Settings:
    """How to run the checks. ``only`` limits per-file diagnostics to these files (paths
    relative to the course root); course-wide diagnostics are always reported.
    ``formats``: the package formats whose data-model limits the lessons must fit
    (:meth:`lmspack.formats.PackageFormat.check_lesson`, e.g. ``("scorm12",)``); None,
    the default, means every installed format; an export checks those it builds."""

    strict: bool = False
    only: frozenset[str] | None = None
    formats: tuple[str, ...] | None = None
    keep_course: bool = True
    """Assemble the checked course (``Report.course``: every lesson's model and Markdown
    body) for a build. ``lmspack validate`` does not need it: without it, a lesson's
    body is let go once it has been checked, and a big course checks in less memory."""
    cache: Path | BuildCache | None = None
    """The cache folder (``dist/.cache``), or the cache, holding what reading each lesson
    body found (:mod:`lmspack.validate.bodycache`); None, the default, or
    ``$LMSPACK_NO_CACHE``: no cache."""
    workers: int | None = None
    """Processes that read lesson bodies on a big course (None: one per CPU; 1: none)."""


@dataclass
class Report(DiagnosticsReport):
    """The outcome of :func:`check`: diagnostics sorted by file and position, and the
    checked course (lessons that passed the schema, in delivery order)."""

    course: Course | None = None


def checked_course(root: Path, formats: tuple[str, ...] = ()) -> Course:
    """The course at ``root``, validated: the one gate every build stage passes. Raises
    :class:`CourseHasErrors` when validation finds errors. ``formats``: the package
    formats whose data-model limits must hold (those being built; none for precompute
    alone)."""
    report = check(root.resolve(), Settings(formats=formats))
    if report.errors or report.course is None:
        raise CourseHasErrors(report)
    return report.course


@dataclass
class _Loaded:
    path: str
    doc: yamlpos.YamlDocument | None = None
    data: dict[str, Any] | None = None
    entry: LessonEntry | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    body: tuple[str, int] | None = None
    """The Markdown body and its first file line, until the body has been read."""
    job: BodyJob | None = None
    """The body's reading, still to do (None: nothing to read)."""
    model: Lesson | None = None
    """The lesson, when its front-matter passed the schema and a build keeps it."""
    after_body: list[Diagnostic] = field(default_factory=list)
    """Diagnostics found after the body's in the order of checks (video, schema)."""


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading: YAML node trees are many small
    objects without cycles, and generational scans of them cost more than the parse itself
    (measured: 2.3x on a 2,000-lesson course; see bench/bench_validate.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(root: Path, settings: Settings | None = None) -> Report:
    """Check the course at ``root``: lessons, widget files, the course file, and links."""
    with _gc_paused():
        return _check(root, settings or Settings())


def _check(root: Path, settings: Settings) -> Report:
    files = discover(root)
    config, config_doc, diagnostics = load_course_file(root, files.course_file)
    refused = {rel: _Loaded(rel, diagnostics=[emit(
        "F007", rel, FILE_START, f"'{rel}' is a symbolic link to a file outside the course; "
        "it is not read", hint="copy the file into the course instead of linking to it")])
        for rel in files.outside}
    refused.update({rel: _Loaded(rel, diagnostics=[emit(
        "F008", rel, FILE_START, f"'{rel}' is a symbolic link that reaches no file (a loop, "
        "or its target is missing); it is not read", hint="replace the link with the file")])
        for rel in files.broken})
    # A refused lesson still answers to its file name (see _link_info), like one that did
    # not parse, so lessons that point at it are not flooded with unknown-id errors.
    lesson_paths = sorted([*files.lessons, *(rel for rel in refused if rel.endswith(".md"))])
    diagnostics += [d for rel, item in refused.items() if not rel.endswith(".md")
                    for d in item.diagnostics]
    if not lesson_paths:
        diagnostics.append(emit("C006", files.course_file or "lessons", FILE_START,
                                f"no lessons found in {root / 'lessons'}",
                                hint="add lessons as lessons/<id>.md, or name the course "
                                     "folder with --root"))
    widgets = WidgetFiles(root, files.widgets)
    formats = _formats(settings.formats)
    links: list[LinkInfo] = []
    entries: list[LessonEntry] = []
    cache = None if settings.cache is None or cache_disabled() else settings.cache \
        if isinstance(settings.cache, BuildCache) else BuildCache(settings.cache)
    bodies = BodyReader(root, cache, settings.workers, len(lesson_paths))
    loaded = (refused[rel] if rel in refused else _load_lesson(root, rel, settings.keep_course,
                                                                 config.maths, config.language)
              for rel in lesson_paths)
    # One lesson at a time, all its own checks done before the next is read: only what
    # the cross-file checks need (its links, and its entry for a build) is kept. Bodies
    # come from the cache, or are read here or by workers, in course order (bodycache).
    for item, found in bodies.read(loaded, lambda item: item.job):
        with processing(item.path):
            _body_read(item, found)
        diagnostics += item.diagnostics
        if item.data is not None and item.doc is not None:
            diagnostics += check_lesson_data(item.path, item.data, item.doc)
            for fmt in formats:
                diagnostics += fmt.check_lesson(item.path, item.data, item.doc)
            diagnostics += check_widget_refs(item.path, item.data.get("widgets"), item.doc,
                                             widgets)
        if (info := _link_info(item)) is not None:
            links.append(info)
        if item.entry is not None:
            entries.append(item.entry)
    load_widget_files(widgets)
    diagnostics += check_widget_data(widgets)
    diagnostics += check_widget_files(widgets)
    diagnostics += check_links(links)
    diagnostics += check_order(files.course_file, config, config_doc,
                               {i.id: [p for _, p in i.prereqs] for i in links})
    if cache is not None and not cache.hold:
        cache.prune(older_than=STALE_AFTER)
    report = Report(root, _finish(diagnostics, config, settings),
                    len(files.lessons) + len(files.widgets) + (files.course_file is not None),
                    strict=settings.strict,
                    course=assemble(root, config, entries, widgets.checked)
                    if settings.keep_course else None)
    return report


def _formats(names: tuple[str, ...] | None) -> tuple[PackageFormat, ...]:
    """The formats whose limits apply: every installed one that checks by default
    (:attr:`~lmspack.formats.PackageFormat.checked_by_default`), or those named."""
    if names is None:
        return tuple(fmt for fmt in all_formats() if fmt.checked_by_default)
    return tuple(require_format(name) for name in dict.fromkeys(names))


def _load_lesson(root: Path, rel: str, keep: bool = True, maths: bool = True,
                 language: str = "en") -> _Loaded:
    with processing(rel):
        return _read_lesson(root, rel, keep, maths, language)


def _read_lesson(root: Path, rel: str, keep: bool = True, maths: bool = True,
                 language: str = "en") -> _Loaded:
    item = _Loaded(rel)
    text = read_text(root, rel, line_ends=True)
    if not isinstance(text, str):
        item.diagnostics.append(text)
        return item
    item.diagnostics += check_mojibake(rel, text)
    try:
        split = split_front_matter(text)
    except MissingFrontMatter:
        item.diagnostics.append(emit("F002", rel, FILE_START, "lesson has no YAML front-matter",
                                     hint="start the file with a line '---', the lesson's "
                                          "id and title, and another '---'"))
        return item
    except UnclosedFrontMatter:
        item.diagnostics.append(emit("F003", rel, FILE_START,
                                     "front-matter opened here is never closed",
                                     hint="add a line '---' after the last front-matter key"))
        return item
    _parse_front_matter(item, split.front_matter, split.front_matter_line - 1)
    if item.data is not None and item.doc is not None:
        item.diagnostics += check_language(rel, item.data, item.doc)
        item.diagnostics += check_front_matter_markdown(root, rel, item.data, item.doc, maths)
    # The body is read later (_body_read), from the cache or by a worker: one reading, the
    # Markdown checks and the accessibility rules walking the same token stream.
    item.body = (split.body, split.body_line)
    if split.body.strip():
        item.job = body_job(rel, split.body, split.body_line, maths, language, item.data)
    if item.data is not None and item.doc is not None:
        item.after_body += check_video_access(root, rel, item.data, item.doc)
        model, errors = validate_model(Lesson, item.data, rel, item.doc)
        item.after_body += errors
        if isinstance(model, Lesson) and keep:
            item.model = model
    return item


def _body_read(item: _Loaded, found: BodyFindings | None) -> None:
    """Complete ``item`` with what reading its body ``found`` (None: it has no text)."""
    found = found or BodyFindings()
    item.diagnostics += [*found.markdown, *found.access, *item.after_body]
    if item.model is not None and item.body is not None:
        # The accessibility report takes the body's findings from here (read once).
        item.entry = LessonEntry(item.path, item.model, *item.body, found.accessibility())
    item.body = item.job = item.model = None
    item.after_body = []


def _parse_front_matter(item: _Loaded, text: str, line_offset: int) -> None:
    # The tree is kept with the document: the lesson's own checks and its link positions
    # are looked up from it, and it goes when the lesson has been checked.
    doc = yamlpos.load(text, line_offset, keep_tree=True)
    if isinstance(doc, yamlpos.YamlError):
        item.diagnostics.append(emit("F004", item.path, doc.position, doc.message))
        return
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        item.diagnostics.append(emit("F005", item.path, doc.position(""),
                                     f"front-matter must be a mapping of keys, but it is {what}"))
        return
    item.doc, item.data = doc, doc.data
    item.diagnostics += duplicate_keys(item.path, doc)
    if yaml_may_hold_non_xml(text):
        item.diagnostics += check_xml_text(item.path, doc.data, doc)


def _link_info(item: _Loaded) -> LinkInfo | None:
    """Link data from raw front-matter; a lesson that did not parse still answers to its
    file name, so lessons that point at it are not flooded with unknown-id errors."""
    if item.data is None or item.doc is None:
        return LinkInfo(item.path, Path(item.path).stem, (), None,
                        yamlpos.YamlDocument(None, None), placeholder=True)
    lesson_id = item.data.get("id")
    if not isinstance(lesson_id, str):
        return None
    prereqs = item.data.get("prereqs")
    pairs = tuple((n, sys.intern(p)) for n, p in enumerate(prereqs) if isinstance(p, str)) \
        if isinstance(prereqs, list) else ()
    following = item.data.get("next")
    following = sys.intern(following) if isinstance(following, str) else None
    # Kept for the whole run, so kept small: an id named by three lessons (its own, its
    # follower's prereqs, its predecessor's next) is one string, and only the positions
    # of the link values are kept, not the front-matter's values, node tree or text.
    return LinkInfo(item.path, sys.intern(lesson_id), pairs, following,
                    LinkPositions.of(item.doc, pairs, following))


def _finish(diagnostics: list[Diagnostic], config: CourseFile,
            settings: Settings) -> list[Diagnostic]:
    """Apply the course file's severities, the file filter, and a stable order."""
    out = []
    for diagnostic in diagnostics:
        setting = config.rules.get(diagnostic.code)
        if setting in ("off", False):
            continue
        if setting is not None:
            diagnostic = replace(diagnostic, severity=Severity(str(setting)))
        if settings.only is not None and diagnostic.path not in settings.only \
                and RULES[diagnostic.code].scope != "course":
            continue
        out.append(diagnostic)
    return sorted(set(out))
