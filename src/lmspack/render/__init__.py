"""Render a checked course into pages that work without JavaScript.

Public API::

    from lmspack import check
    from lmspack.render import RenderOptions, build_site

    course = check(root).course
    site = build_site(course, results, "dist/site", RenderOptions())

``results`` maps each widget's data path (``widgets/drift_detection.titanic.json``) to the
result document ``lmspack precompute`` made for it. :func:`render_pages` returns the same
pages in memory, each with the files it refers to (the SCORM packager takes it, rendered
with ``RenderOptions(mode="package")``, and never parses the HTML).

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
    SiteResult,
    build_site,
    lesson_page,
    render_pages,
    render_site,
)

__all__ = ["Mode", "RenderOptions", "Rendered", "RenderedPage", "SiteResult", "VideoMode",
           "build_site", "lesson_page", "render_pages", "render_site"]
