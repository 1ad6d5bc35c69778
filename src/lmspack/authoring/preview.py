"""The site of ``lmspack serve``, kept in memory and rebuilt with only what changed.

Each rebuild validates the whole course (a change to one lesson can break another), lets
:func:`lmspack.precompute.precompute` reuse every widget result whose inputs hash the same,
and renders again only the pages whose inputs changed: a page's fingerprint covers its
lesson (front-matter and body), the titles and order of all lessons (its navigation), the
course metadata and the result documents of its widgets; the index's covers the course
outline. Media files are re-read and compared. A course with errors keeps the last good
site, and the report says why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmspack.model.course import Course, LessonEntry
from lmspack.validate import Report, Settings, check


@dataclass(frozen=True)
class Rebuild:
    """What one (re)build did: pages rendered again, files changed or removed, widgets
    computed; ``report`` is the validation (``ok`` False: errors, site left as it was)."""

    report: Report
    rendered: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    computed: tuple[str, ...] = ()
    failure: str | None = None  # a widget that could not be computed

    @property
    def ok(self) -> bool:
        return not self.report.errors and self.failure is None

    def problems(self, report_text: Callable[[Report], str]) -> str:
        """Why it failed: the widget's failure, or the report (``report_text`` renders it)."""
        return self.failure + "\n" if self.failure else report_text(self.report)

    def describe(self, changes: list[str], report_text: Callable[[Report], str]) -> str:
        """What ``lmspack serve`` prints after a rebuild triggered by ``changes``."""
        head = f"changed: {', '.join(changes[:5])}{' ...' if len(changes) > 5 else ''}\n"
        if not self.ok:
            return (head + self.problems(report_text)
                    + "not rebuilt: the preview keeps the last good build\n")
        return (head + f"rebuilt {len(self.rendered)} page(s): {', '.join(self.rendered) or '-'}"
                + (f"; computed {', '.join(self.computed)}" if self.computed else "") + "\n")


@dataclass
class _Page:
    fingerprint: str
    html: bytes
    media: dict[str, str]


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


@dataclass
class PreviewSite:
    """A course's site in memory (``files``: site path -> bytes), rebuilt on demand."""

    root: Path
    cache_dir: Path
    files: dict[str, bytes] = field(default_factory=dict)
    _pages: dict[str, _Page] = field(default_factory=dict)

    def rebuild(self) -> Rebuild:
        """Validate, precompute what changed, re-render what changed; swap the new files in."""
        report = check(self.root, Settings())
        if report.errors or report.course is None:
            return Rebuild(report)
        from lmspack.errors import PrecomputeError
        from lmspack.precompute import precompute

        try:
            results = precompute(report.course, self.cache_dir)
        except PrecomputeError as exc:
            return Rebuild(report, failure=str(exc))
        documents = {source: r.document for source, r in results.items()}
        files, rendered = self._render(report.course, documents)
        changed = tuple(p for p, data in files.items() if self.files.get(p) != data)
        removed = tuple(p for p in self.files if p not in files)
        self.files = files
        return Rebuild(report, tuple(rendered), changed, removed,
                       tuple(s for s, r in results.items() if not r.reused))

    def _render(self, course: Course, results: Mapping[str, Any]
                ) -> tuple[dict[str, bytes], list[str]]:
        from lmspack.render import RenderOptions, lesson_page
        from lmspack.render.index import render_index
        from lmspack.render.jinja import static_file
        from lmspack.render.options import INDEX, STYLESHEET

        options = RenderOptions()
        outline = _digest(course.id, course.title, course.version, course.language,
                          course.pass_mark, course.modules,
                          [(e.id, e.path, e.lesson.title) for e in course.lessons])
        files: dict[str, bytes] = {}
        rendered: list[str] = []
        pages: dict[str, _Page] = {}
        for entry in course.lessons:
            path = lesson_page(entry.id)
            page = self._page(course, entry, results, options, outline)
            if self._pages.get(path) is not page:
                rendered.append(path)
            pages[path] = page
            files[path] = page.html
        index = self._pages.get(INDEX)
        index_inputs = _digest(outline, [(e.id, e.lesson) for e in course.lessons])
        if index is None or index.fingerprint != index_inputs:
            index = _Page(index_inputs, render_index(course, options).encode("utf-8"), {})
            rendered.append(INDEX)
        files[INDEX], pages[INDEX] = index.html, index
        files[STYLESHEET] = static_file("lmspack.css")
        for page in pages.values():
            for target, source in page.media.items():
                files[target] = (course.root / source).read_bytes()
        self._pages = pages
        return dict(sorted(files.items())), rendered

    def _page(self, course: Course, entry: LessonEntry, results: Mapping[str, Any],
              options: Any, outline: str) -> _Page:
        from lmspack.render import lesson_page
        from lmspack.render.media import MediaFiles
        from lmspack.render.pages import find_result, render_lesson

        inputs = [(w.data, (find_result(results, w.data) or {}).get("inputs"))
                  for w in entry.lesson.widgets]
        fingerprint = _digest(outline, entry, inputs)
        previous = self._pages.get(lesson_page(entry.id))
        if previous is not None and previous.fingerprint == fingerprint:
            return previous
        media = MediaFiles(course)
        html = render_lesson(course, entry, results, options, media)
        return _Page(fingerprint, html.encode("utf-8"), dict(media.copies))
