"""The static-site package stage: the rendered site's files written to a folder, atomically."""

from __future__ import annotations

from pathlib import Path

from lmspack.render.site import Rendered, SiteResult, site_result
from lmspack.source.atomic import write_tree


def write_site(rendered: Rendered, out: Path) -> SiteResult:
    """Replace the folder ``out`` with ``rendered``'s files (see
    :func:`lmspack.source.atomic.write_tree`)."""
    write_tree(rendered.files, out)
    return site_result(rendered, out)
