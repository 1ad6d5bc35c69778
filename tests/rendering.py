"""A rendered site written to a folder, as the ``site`` package format writes it
(``render_pages`` + ``write_tree``), for tests that need the files on disk."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lmspack.model.course import Course
from lmspack.render import Rendered, RenderOptions, render_pages
from lmspack.source.atomic import write_tree


def write_site(course: Course, results: Mapping[str, Mapping[str, Any]], out: Path,
               options: RenderOptions | None = None) -> Rendered:
    """Render ``course`` and replace the folder ``out`` with its files, atomically."""
    rendered = render_pages(course, results, options)
    write_tree(rendered.files, out)
    return rendered


def pages(rendered: Rendered) -> tuple[str, ...]:
    """The HTML pages of a rendered site, the index first."""
    return tuple(sorted((p for p in rendered.files if p.endswith(".html")),
                        key=lambda p: (p != "index.html", p)))
