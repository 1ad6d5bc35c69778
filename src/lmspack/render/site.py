"""The whole site in memory: :func:`render_pages` (the site format writes it to disk).

Layout (every link relative, so it opens from ``file://`` and from any static server)::

    index.html               the course index (site mode)
    lessons/<id>.html        one page per lesson
    assets/lmspack.css       the one shared stylesheet (print styles included)
    media/<course path>      local images and files the lessons reference

:func:`render_pages` returns a :class:`Rendered`: each page with the files it refers to.
The packagers take it as it is (``RenderOptions(mode="package")`` for SCORM: the same pages,
each lesson launched as a SCO); they never parse the HTML or call the renderer.

Pages are handed forward one at a time, not in bulk: the worker pool renders a bounded
window of pages ahead of the one being taken (:func:`_render_in_pool`), each page goes to
the page cache and to a :class:`~lmspack.source.filestore.SpillFile` as it arrives, and
:attr:`Rendered.files` is a :class:`~lmspack.source.filestore.FileSet` that reads a page
back only when the zip or site writer asks for it. So memory is bounded by the pool, not
by the course (about 600 MiB of HTML at 2,000 lessons never sits in memory at once).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from lmspack.errors import processing
from lmspack.model.course import Course, LessonEntry
from lmspack.render.index import render_index
from lmspack.render.jinja import static_file
from lmspack.render.media import MediaFiles
from lmspack.render.options import INDEX, LESSONS_DIR, STYLESHEET, RenderOptions
from lmspack.render.pagecache import RecordingMedia, pack, page_key, replay
from lmspack.render.pages import PageSet, find_result, render_lesson
from lmspack.source.buildcache import BuildCache
from lmspack.source.filestore import Content, FileSet, FromFile, Lazy, SpillFile
from lmspack.source.workers import worker_pool


def lesson_page(lesson_id: str) -> str:
    """Site path of a lesson's page (the SCO launch file in a package)."""
    return f"{LESSONS_DIR}/{lesson_id}.html"


def missing_results(course: Course, results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Widget data paths used by the course that ``results`` has no document for."""
    wanted = dict.fromkeys(w.data.lstrip("/") for e in course.lessons for w in e.lesson.widgets)
    return [path for path in wanted if find_result(results, path) is None]


@dataclass(frozen=True)
class RenderedPage:
    """One page: its site path, its HTML, and every site file it refers to (stylesheet,
    script, media, other pages), so later stages never read the HTML to find them.

    ``content`` is the HTML or, for a lesson page, where it waits to be read back
    (:mod:`lmspack.source.filestore`); :attr:`html` reads it."""

    path: str
    lesson_id: str | None  # None for the course index
    content: Content = field(repr=False, compare=False)
    files: tuple[str, ...]

    @property
    def html(self) -> bytes:
        """The page's bytes (read back from the spill file for a lesson page)."""
        return self.content if isinstance(self.content, bytes) else self.content.load()

    @property
    def size(self) -> int:
        """The page's length in bytes, without reading it."""
        content = self.content
        if isinstance(content, bytes):
            return len(content)
        return content.size if content.size is not None else len(content.load())


@dataclass(frozen=True)
class Rendered:
    """The render stage's output: the pages (lessons in course order, then the index in
    site mode) and every file of the site, pages included, sorted by path: a read-only
    :class:`~lmspack.source.filestore.FileSet` whose pages and media are read only when
    asked for (one at a time by the zip and site writers)."""

    course: Course
    options: RenderOptions
    pages: tuple[RenderedPage, ...]
    files: FileSet
    missing_results: tuple[str, ...]

    def lesson_pages(self) -> tuple[RenderedPage, ...]:
        return tuple(page for page in self.pages if page.lesson_id is not None)


def render_pages(course: Course, results: Mapping[str, Mapping[str, Any]],
                 options: RenderOptions | None = None,
                 cache: BuildCache | None = None, workers: int | None = None) -> Rendered:
    """Render every page of the course, deterministically for the same input.

    ``results`` maps a widget's data path (``widgets/x.json``, with or without the leading
    slash) to its precomputed result document. With a ``cache``, a lesson page whose
    inputs did not change is taken from it (:mod:`lmspack.render.pagecache`): the same
    bytes, the same files copied and referred to. Pages that must be rendered are
    rendered by up to ``workers`` processes (default: one per CPU when there are enough
    pages to pay for them); the result is the same bytes as rendering them one by one
    (each page's link and image answers are replayed in course order, see
    :func:`~lmspack.render.pagecache.replay`, and a page whose answers differ is rendered
    again here).
    """
    options = options or RenderOptions()
    media = MediaFiles(course)
    shared = PageSet(course, results)
    keys = [page_key(shared, entry, options) if cache else "" for entry in course.lessons]
    # Only whether an entry exists is asked here: payloads are read one page at a time.
    todo = [n for n, key in enumerate(keys) if cache is None or not cache.contains(key)]
    fresh = _render_in_pool(course, results, options, shared, todo, workers)
    pending = set(todo)
    spill = SpillFile(cache.folder if cache is not None else None)
    files: dict[str, Content] = {}
    pages: list[RenderedPage] = []
    for number, entry in enumerate(course.lessons):
        with processing(entry.path):
            if number in pending:
                payload, stored = next(fresh, None), False
            else:
                payload = cache.get(keys[number]) if cache is not None else None
                stored = payload is not None
            html = replay(payload, media, entry) if payload is not None else None
            if html is None:  # not rendered yet, damaged, or its answers no longer hold
                recording = RecordingMedia(media)
                html = render_lesson(course, entry, results, options, recording,
                                     shared).encode("utf-8")
                payload, stored = pack(html, recording.calls), False
            if cache is not None and not stored:
                assert payload is not None
                cache.put(keys[number], payload)
        path = lesson_page(entry.id)
        # Handed on, not kept: the page waits in the spill file until it is written out.
        stored_page: Lazy = spill.put(html)
        del html, payload
        files[path] = stored_page
        refs = _lesson_references(shared, entry, options) | media.referenced.get(entry.id, set())
        pages.append(RenderedPage(path, entry.id, stored_page, tuple(sorted(refs))))
    if options.mode == "site":
        index_html = render_index(course, options).encode("utf-8")
        files[INDEX] = index_html
        index_refs = {STYLESHEET, *map(lesson_page, _ids(course))}
        if options.runtime_script:
            index_refs.add(options.runtime_script)
        pages.append(RenderedPage(INDEX, None, index_html, tuple(sorted(index_refs))))
    files[STYLESHEET] = static_file("lmspack.css")
    for target, source in media.copies.items():
        files[target] = FromFile(course.root / source)
    return Rendered(course, options, tuple(pages), FileSet(dict(sorted(files.items()))),
                    tuple(missing_results(course, results)))


POOL_MIN_PAGES = 16
"""Fewer pages to render than this are rendered in this process (a pool costs more)."""

_JOB: tuple[Course, Mapping[str, Mapping[str, Any]], RenderOptions, PageSet] | None = None


def _render_in_pool(course: Course, results: Mapping[str, Mapping[str, Any]],
                    options: RenderOptions, shared: PageSet, todo: list[int],
                    workers: int | None) -> Iterator[bytes]:
    """Packed pages (:func:`~lmspack.render.pagecache.pack`) of lessons ``todo``, in order,
    rendered by forked workers; nothing when a pool is not worth it or cannot fork."""
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_workers <= 1 or len(todo) < POOL_MIN_PAGES or \
            "fork" not in multiprocessing.get_all_start_methods():
        return iter(())
    for entry in course.lessons:
        shared.widgets(entry)  # every fallback once, here: the workers inherit them
    shared.lesson_files()  # and the map of lesson files, made once
    pool = worker_pool(n_workers, fork=True)
    chunks = [todo[start:start + PAGES_PER_TASK] for start in range(0, len(todo), PAGES_PER_TASK)]

    def results_in_order() -> Iterator[bytes]:
        global _JOB
        # The workers fork when the first task is sent, and keep their copy of this.
        _JOB = (course, results, options, shared)
        try:
            with pool:
                # A bounded queue: at most TASKS_AHEAD tasks per worker are sent before
                # their pages are taken, so finished pages never pile up in this process.
                ahead: deque[Future[list[bytes]]] = deque()
                for chunk in chunks:
                    ahead.append(pool.submit(_render_packed, chunk))
                    while len(ahead) >= TASKS_AHEAD * n_workers:
                        yield from ahead.popleft().result()
                while ahead:
                    yield from ahead.popleft().result()
        finally:
            _JOB = None

    return results_in_order()


PAGES_PER_TASK = 4
"""Pages a render worker renders per task (fewer round trips than one page a task)."""
TASKS_AHEAD = 2
"""Tasks sent per worker before the oldest one's pages are taken: the pool's bound."""


def _render_packed(numbers: list[int]) -> list[bytes]:
    assert _JOB is not None, "a render worker started without its job"
    course, results, options, shared = _JOB
    packed = []
    for number in numbers:
        entry = course.lessons[number]
        # Each page starts from no copies (as rendered alone); the map of lesson files to
        # pages is the course's, made once, not once per page (quadratic in the course).
        recording = RecordingMedia(MediaFiles(course, _by_path=shared.lesson_files()))
        html = render_lesson(course, entry, results, options, recording, shared).encode("utf-8")
        packed.append(pack(html, recording.calls))
    return packed


def _ids(course: Course) -> list[str]:
    return [entry.id for entry in course.lessons]


def _lesson_references(shared: PageSet, entry: LessonEntry, options: RenderOptions) -> set[str]:
    """What the page template links to besides the body: the stylesheet, the runtime
    script, and (with navigation) the index and the neighbouring lessons."""
    refs = {STYLESHEET}
    if options.runtime_script:
        refs.add(options.runtime_script)
    if options.links:
        known = shared.positions
        position = shared.positions[entry.id]
        around = shared.ids[max(position - 1, 0):position + 2]
        linked = [*entry.lesson.prereqs, *([entry.lesson.next] if entry.lesson.next else []),
                  *around]
        refs |= {INDEX, *(lesson_page(i) for i in linked if i in known and i != entry.id)}
    return refs
