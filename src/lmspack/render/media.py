"""Local files referenced from lesson Markdown: which are copied, and their URLs in the site.

:func:`lmspack.source.paths.resolve_local` decides what a reference points at (the
validator and the renderer share it). Here a link to another lesson's ``.md`` becomes a
link to that lesson's page, any other file inside the course is copied to
``media/<its course path>`` and the URL is rewritten relative to the page, and a reference
that is missing or leaves the course is dropped (``lmspack validate`` reports it as M001 or
M002, so a checked course has none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from lmspack.model.course import Course, LessonEntry
from lmspack.render.options import LESSONS_DIR, MEDIA_DIR
from lmspack.render.sanitize import UrlRewriter
from lmspack.source.paths import resolve_local

# The SCORM packager only accepts these characters in a path segment (no URL-encoding).
_UNSAFE = re.compile(r"[^A-Za-z0-9._~+@-]")


def media_path(course_path: str) -> str:
    """Site path of a copied course file: ``media/`` + its course path, made URL-safe."""
    return f"{MEDIA_DIR}/" + "/".join(_UNSAFE.sub("_", part) or "_"
                                      for part in course_path.split("/"))


def lesson_files(course: Course) -> dict[str, str]:
    """Lesson file -> lesson id: what a link to another lesson's ``.md`` file names."""
    return {lesson.path: lesson.id for lesson in course.lessons}


@dataclass
class MediaFiles:
    """Collects the files to copy while pages are rendered (site path -> course path), and
    which site files each lesson's body refers to (lesson id -> site paths)."""

    course: Course
    copies: dict[str, str] = field(default_factory=dict)
    referenced: dict[str, set[str]] = field(default_factory=dict)
    _by_path: dict[str, str] | None = field(default=None, repr=False)

    def _pages(self) -> dict[str, str]:
        """Lesson file -> lesson id, worked out once (not once per page: 2,000 lessons)."""
        if self._by_path is None:
            self._by_path = lesson_files(self.course)
        return self._by_path

    def rewriter(self, entry: LessonEntry, page_dir_depth: int = 1) -> UrlRewriter:
        """The URL rewriter for ``entry``'s page, which sits ``page_dir_depth`` folders
        below the site root."""
        pages = self._pages()
        up = "../" * page_dir_depth
        uses = self.referenced.setdefault(entry.id, set())

        def rewrite(element: str, url: str) -> str | None:
            ref = resolve_local(self.course.root, entry.path, url)
            if ref.kind == "external":
                return url
            if ref.kind != "file" or ref.path is None:
                return None
            fragment = f"#{quote(ref.fragment, safe='')}" if ref.fragment else ""
            if ref.path in pages and element == "a":
                uses.add(f"{LESSONS_DIR}/{pages[ref.path]}.html")
                return f"{quote(pages[ref.path])}.html{fragment}"
            target = media_path(ref.path)
            known = self.copies.setdefault(target, ref.path)
            if known != ref.path:  # two course paths that sanitise alike
                target = media_path(ref.path.replace(".", "_", 1) + "-" + str(len(self.copies)))
                self.copies[target] = ref.path
            uses.add(target)
            return up + target + fragment

        return rewrite
