"""Render a checked course into pages that work without JavaScript.

Public API::

    from lmspack import check
    from lmspack.render import RenderOptions, render_pages

    course = check(root).course
    rendered = render_pages(course, results, RenderOptions())  # rendered.files: path -> bytes

``results`` maps each widget's data path (``widgets/drift_detection.titanic.json``) to the
result document ``lmspack precompute`` made for it. :func:`render_pages` returns every
page, each with the files it refers to, in a :class:`~lmspack.source.filestore.FileSet`
that keeps the pages on disk until they are read, one at a time (``rendered.files[path]``,
``page.html``); the package formats take it as it is
(the site format writes its files to ``dist/site``, the SCORM formats render with
``RenderOptions(mode="package")``), and never parse the HTML.

Modules: ``markdown`` + ``sanitize`` (lesson bodies), ``media`` (local files), ``video``,
``quiz``, ``fallback`` (widget kinds' static fallbacks), ``svg`` (charts), ``pages``
(lesson pages), ``index`` (the course index), ``site`` (the whole site, atomic writes).
This package imports jinja2, markdown-it and nh3; ``lmspack validate`` never imports it.
"""

from __future__ import annotations

from lmspack.render.options import Mode, RenderOptions, VideoMode
from lmspack.render.site import (
    Rendered,
    RenderedPage,
    lesson_page,
    render_pages,
)

__all__ = ["Mode", "RenderOptions", "Rendered", "RenderedPage", "VideoMode",
           "lesson_page", "render_pages"]
