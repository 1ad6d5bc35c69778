"""The checked course: what later stages (precompute, render, package) work from."""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel

from lmspack.diagnostics import Diagnostic
from lmspack.model.lesson import CourseFile, Lesson, slugify
from lmspack.source.jsonpos import JsonDocument


@dataclass(frozen=True)
class LessonEntry:
    """A lesson whose front-matter passed the schema, with its Markdown body."""

    path: str
    lesson: Lesson
    body: str
    body_line: int
    findings: tuple[Diagnostic, ...] | None = field(default=None, repr=False, compare=False)
    """The body's accessibility findings as validation read them (the A rules and T103,
    file positions, before the course file's severities), for the accessibility report:
    the body is not read again. None for an entry made without validation."""

    @property
    def id(self) -> str:
        return self.lesson.id


@dataclass(frozen=True)
class CheckedWidget:
    """A widget data file as validation parsed and checked it: its kind's ``model`` of
    the file, the ``text`` it was read from (the results' inputs digest covers it) and
    the parsed ``document`` (positions, to locate a problem found later). Later stages
    take it from here and never open the file again."""

    source: str
    kind: str
    model: BaseModel
    text: str = field(repr=False)
    document: JsonDocument = field(repr=False, compare=False)


@dataclass(frozen=True)
class ModuleEntry:
    id: str
    title: str
    lesson_ids: tuple[str, ...]


@dataclass(frozen=True)
class Course:
    """A course in delivery order. ``modules`` always exist: without a course file there is
    one module holding every lesson."""

    root: Path
    id: str
    title: str
    version: str
    language: str
    pass_mark: int
    lessons: tuple[LessonEntry, ...]
    modules: tuple[ModuleEntry, ...]
    base_iri: str | None = None
    """The course file's ``base_iri`` as written, or ``None`` when it is not set."""
    widgets: Mapping[str, CheckedWidget] = field(default_factory=lambda: MappingProxyType({}),
                                                 compare=False, repr=False)
    """Every widget file that passed its kind's format, by course-relative path."""
    maths: bool = True
    """Whether lessons' ``$...$`` is maths (the course file's ``maths``)."""

    def language_for(self, entry: LessonEntry) -> str:
        """The language of ``entry``'s page: its own ``language``, else the course's."""
        return entry.lesson.language or self.language

    def lesson(self, lesson_id: str) -> LessonEntry:
        """The (first) lesson with id ``lesson_id``, found through an index built on first
        use (the packagers ask once per lesson: a scan each time is quadratic in the course);
        ``StopIteration`` when there is none, as a scan would raise."""
        found = self._by_id.get(lesson_id)
        if found is None:
            raise StopIteration(lesson_id)
        return found

    @functools.cached_property
    def _by_id(self) -> dict[str, LessonEntry]:
        index: dict[str, LessonEntry] = {}
        for entry in self.lessons:  # ``lessons`` is a tuple: the index never goes stale
            index.setdefault(entry.id, entry)
        return index

    def pass_mark_for(self, entry: LessonEntry) -> int:
        return entry.lesson.pass_mark if entry.lesson.pass_mark is not None else self.pass_mark


def prerequisite_graph(prereqs: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """Each lesson id -> the prerequisites that are lessons of the course, itself left out
    (an unknown or self prerequisite is reported by validation, and ordering ignores it).
    The one place the graph is built: the default order and the cycle check both use it."""
    return {lesson_id: {p for p in needs if p in prereqs and p != lesson_id}
            for lesson_id, needs in prereqs.items()}


def default_order(lessons: list[LessonEntry]) -> list[str]:
    """Prerequisite order: a lesson comes after all its prerequisites. Among the lessons that
    are ready, the previous lesson's `next` goes first, then file order. Lessons caught in a
    cycle come last, in file order (validation reports the cycle)."""
    by_id = {entry.id: entry for entry in lessons}
    rank = {entry.id: number for number, entry in enumerate(sorted(lessons, key=lambda e: e.path))}
    waiting = prerequisite_graph({i: e.lesson.prereqs for i, e in by_id.items()})
    unlocks: dict[str, list[str]] = {}
    for lesson_id, needs in waiting.items():
        for need in needs:
            unlocks.setdefault(need, []).append(lesson_id)
    ready = [(rank[i], i) for i, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order: list[str] = []
    placed: set[str] = set()
    while ready:
        preferred = by_id[order[-1]].lesson.next if order else None
        if preferred in by_id and preferred not in placed and not waiting[preferred]:
            chosen = preferred  # its heap entry goes stale and is skipped below
        else:
            chosen = heapq.heappop(ready)[1]
            if chosen in placed:
                continue
        order.append(chosen)
        placed.add(chosen)
        for other in unlocks.get(chosen, ()):
            waiting[other].discard(chosen)
            if not waiting[other]:
                heapq.heappush(ready, (rank[other], other))
    return order + sorted((i for i in by_id if i not in placed), key=rank.__getitem__)


def assemble(root: Path, config: CourseFile, lessons: list[LessonEntry],
             widgets: Mapping[str, CheckedWidget] | None = None) -> Course:
    """Put checked lessons in delivery order with the course file's metadata, and the
    checked widget files."""
    by_id = {entry.id: entry for entry in lessons}
    course_id = config.id or slugify(root.name, 'course')
    title = config.title or course_id.replace("-", " ").title()
    if config.modules:
        modules = tuple(ModuleEntry(m.id, m.title, tuple(i for i in m.lessons if i in by_id))
                        for m in config.modules)
    else:
        order = [i for i in config.lessons if i in by_id] if config.lessons else \
            default_order(lessons)
        modules = (ModuleEntry(course_id, title, tuple(order)),)
    ordered = tuple(by_id[i] for module in modules for i in module.lesson_ids)
    return Course(root, course_id, title, config.version, config.language, config.pass_mark,
                  ordered, modules, config.base_iri, MappingProxyType(dict(widgets or {})),
                  config.maths)

