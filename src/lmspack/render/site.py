"""The whole site in memory (:func:`render_site`), then on disk atomically (:func:`build_site`).

Layout (every link relative, so it opens from ``file://`` and from any static server)::

    index.html               the course index (site mode)
    lessons/<id>.html        one page per lesson
    assets/lmspack.css       the one shared stylesheet (print styles included)
    media/<course path>      local images and files the lessons reference

The SCORM packager takes :func:`render_site`'s mapping with ``RenderOptions(mode="package")``
as its ``PackagePlan.files``: the same pages, each lesson launched as a SCO.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lmspack.model.course import Course
from lmspack.render.index import render_index
from lmspack.render.jinja import static_file
from lmspack.render.media import MediaFiles
from lmspack.render.options import INDEX, LESSONS_DIR, STYLESHEET, RenderOptions
from lmspack.render.pages import find_result, render_lesson
from lmspack.source.atomic import write_tree


@dataclass(frozen=True)
class SiteResult:
    """What :func:`build_site` wrote.

    ``files`` are site-relative paths, sorted; ``pages`` the HTML pages among them, index
    first; ``missing_results`` the widget data paths that had no result document (their
    pages show a notice instead of the fallback).
    """

    out_dir: Path
    files: tuple[str, ...]
    pages: tuple[str, ...]
    missing_results: tuple[str, ...]


def lesson_page(lesson_id: str) -> str:
    """Site path of a lesson's page (the SCO launch file in a package)."""
    return f"{LESSONS_DIR}/{lesson_id}.html"


def missing_results(course: Course, results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Widget data paths used by the course that ``results`` has no document for."""
    wanted = dict.fromkeys(w.data.lstrip("/") for e in course.lessons for w in e.lesson.widgets)
    return [path for path in wanted if find_result(results, path) is None]


def render_site(course: Course, results: Mapping[str, Mapping[str, Any]],
                options: RenderOptions | None = None) -> dict[str, bytes]:
    """Every file of the site as ``{site path: bytes}``, deterministic for the same input.

    ``results`` maps a widget's data path (``widgets/x.json``, with or without the leading
    slash) to its precomputed result document.
    """
    options = options or RenderOptions()
    media = MediaFiles(course)
    files: dict[str, bytes] = {}
    for entry in course.lessons:
        html = render_lesson(course, entry, results, options, media)
        files[lesson_page(entry.id)] = html.encode("utf-8")
    if options.mode == "site":
        files[INDEX] = render_index(course, options).encode("utf-8")
    files[STYLESHEET] = static_file("lmspack.css")
    for target, source in media.copies.items():
        files[target] = (course.root / source).read_bytes()
    return dict(sorted(files.items()))


def build_site(course: Course, results: Mapping[str, Mapping[str, Any]], out_dir: Path | str,
               options: RenderOptions | None = None) -> SiteResult:
    """Render the course's pages and write them to ``out_dir``, replacing it atomically.

    ``course`` is a checked course (``lmspack.check(root).course``); ``results`` maps widget
    data paths (``widgets/drift_detection.titanic.json``) to result documents from
    ``lmspack precompute``. Everything is rendered in memory first, then written to a
    temporary folder beside ``out_dir`` (inside the same parent, e.g. ``dist/``) and
    renamed into place: a build that fails leaves the previous ``out_dir`` untouched, and
    readers never see half a site. The same inputs give byte-identical files.
    """
    out = Path(out_dir)
    files = render_site(course, results, options)
    write_tree(files, out)
    pages = [p for p in files if p.endswith(".html")]
    pages.sort(key=lambda p: (p != INDEX, p))
    return SiteResult(out, tuple(files), tuple(pages),
                      tuple(missing_results(course, results)))

