"""Lesson pages in the build cache (``dist/.cache``): an unchanged lesson is not rendered again.

The key of a page (:func:`page_key`) covers everything its HTML is made from: lmspack's
code, templates and static files and those of every installed widget kind and the versions
of the libraries that render (:func:`code_digest`, so even an edited template without a
version bump misses), every render option (the mode, package or site; the runtime script;
``network``, which opens the page's Content Security Policy to an LRS in xAPI and cmi5
packages; navigation; video), the course fields the page shows and its xAPI ``base_iri``,
the lesson's position and the ids and titles of the lessons it names, the lesson's
front-matter, path and Markdown body, and each of its widgets' result documents. So the
pages of a SCORM package, an xAPI or cmi5 package and the site never share an entry.

One input cannot be put in a key up front: what the lesson's local links and images
resolve to (a file that exists or not, another lesson's page, a copied media path whose
name depends on the files copied before it). So the entry records every answer the URL
rewriter gave while the page was rendered, and a hit is only taken after the same
questions, asked again of this build's rewriter in the same order, get the same answers
(:func:`replay`). That also re-applies the rewriter's effects (files to copy, files the
page refers to) exactly as rendering would, and leaves them untouched on a mismatch.
"""

from __future__ import annotations

import dataclasses
import json
import struct
import sys
from functools import cache
from pathlib import Path

from lmspack.model.course import LessonEntry
from lmspack.render.media import MediaFiles
from lmspack.render.options import RenderOptions
from lmspack.render.pages import PageSet
from lmspack.render.sanitize import UrlRewriter
from lmspack.source.buildcache import LIBRARIES, answers_hold, cache_key, digest_code
from lmspack.widgets.registry import get_kind, kind_names

Call = tuple[str, str, str | None]  # element, URL as written, what the rewriter answered
RENDERING_LIBRARIES = LIBRARIES  # the name this module gave them first


@cache
def code_digest() -> str:
    """SHA-256 over the source, templates and static files of lmspack and of every
    installed widget kind's package, and the versions of the libraries that render pages
    (:func:`lmspack.source.buildcache.digest_code`; read once per process)."""
    folders = []
    for name in kind_names():
        kind = get_kind(name)
        module = sys.modules.get(type(kind).__module__) if kind is not None else None
        if module is not None and getattr(module, "__file__", None):
            folders.append(Path(str(module.__file__)).resolve().parent)
    return digest_code(folders)


def page_key(pages: PageSet, entry: LessonEntry, options: RenderOptions) -> str:
    """The cache key of ``entry``'s page (see the module docstring for what it covers)."""
    course = pages.course
    position = pages.positions[entry.id]
    around = pages.ids[max(position - 1, 0):position + 2]
    named = sorted({*entry.lesson.prereqs, *([entry.lesson.next] if entry.lesson.next else []),
                    *around})
    widgets = [(w.type, w.data, pages.result_digest(w.data)) for w in entry.lesson.widgets]
    return cache_key(
        "page", code_digest(), dataclasses.asdict(options),
        (course.id, course.title, course.version, course.language, course.base_iri,
         course.pass_mark_for(entry), position, len(pages.ids)),
        {lesson_id: pages.titles.get(lesson_id) for lesson_id in named},
        entry.path, entry.id, entry.lesson.model_dump_json(), entry.body, widgets,
    )


class RecordingMedia(MediaFiles):
    """``media`` (same course, same files to copy and references) that also writes down
    every question its rewriters are asked and their answers, in order."""

    def __init__(self, media: MediaFiles) -> None:
        super().__init__(media.course, media.copies, media.referenced, media._pages())
        self.calls: list[Call] = []

    def rewriter(self, entry: LessonEntry, page_dir_depth: int = 1) -> UrlRewriter:
        inner = super().rewriter(entry, page_dir_depth)

        def rewrite(element: str, url: str) -> str | None:
            answer = inner(element, url)
            self.calls.append((element, url, answer))
            return answer

        return rewrite


def pack(html: bytes, calls: list[Call]) -> bytes:
    """The entry: the recorded calls as JSON (length-prefixed), then the page's bytes as
    they are (a 300 KB page is not worth a JSON string's escaping and parsing)."""
    head = json.dumps(calls, ensure_ascii=False).encode("utf-8")
    return struct.pack("<Q", len(head)) + head + html


def replay(payload: bytes, media: MediaFiles, entry: LessonEntry) -> bytes | None:
    """The cached HTML if this build's rewriter answers every recorded question the same
    (its effects then applied, as rendering would); else ``None``, effects undone."""
    try:
        (size,) = struct.unpack_from("<Q", payload)
        calls = list(json.loads(payload[8:8 + size]))
        html = payload[8 + size:]
    except (ValueError, TypeError, struct.error):
        return None
    copies = dict(media.copies)
    had_refs = entry.id in media.referenced
    refs = set(media.referenced.get(entry.id, ()))
    rewrite = media.rewriter(entry)
    if answers_hold((((element, url), answer) for element, url, answer in calls), rewrite):
        return html
    media.copies.clear()
    media.copies.update(copies)
    if had_refs:
        media.referenced[entry.id] = refs
    else:
        media.referenced.pop(entry.id, None)
    return None
