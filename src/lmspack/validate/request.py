"""``lmspack validate`` as a request: which files (as pre-commit passes them), how strict,
and which package formats' data-model limits apply; :func:`check_request` checks every
course the files belong to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lmspack.commandline import PATHS, ROOT, Option, output_option
from lmspack.diagnostics.reporters import REPORT_OPTION
from lmspack.source.buildcache import CACHE_DIR
from lmspack.source.files import group_by_root
from lmspack.validate import Report, Settings, check

VALIDATE_OPTIONS = (
    PATHS,
    ROOT,
    REPORT_OPTION,
    Option(("--strict",), help="Warnings fail the run too (exit 1).", flag=True),
    Option(("--no-cache",), help="Read every lesson body again; neither read nor write the "
           "cache in the course's dist/.cache (also: LMSPACK_NO_CACHE=1).", flag=True),
    output_option("the report"),
)
"""``lmspack validate``'s options, in order; the format options follow them."""
DIST_DIR = "dist"
"""A course's build folder (export's default ``--out``): validation's cache lives in its
``.cache``, beside export's, so ``validate`` and ``export`` share one cache."""


@dataclass(frozen=True)
class ValidateRequest:
    """What to check: the courses holding ``paths`` (none: the course at ``root``, or
    around the current folder), reporting only problems in those files plus every
    cross-file one; ``formats``: the formats whose limits apply (empty: every format's)."""

    paths: tuple[Path, ...] = ()
    root: Path | None = None
    strict: bool = False
    formats: tuple[str, ...] = ()
    cache: bool = True
    """Keep what reading each lesson body found in the course's ``dist/.cache``."""


def check_request(request: ValidateRequest, cwd: Path) -> list[Report]:
    """One report per course root the request names (relative paths from ``cwd``).
    :class:`~lmspack.errors.UsageError` for a path that does not exist or lies outside
    the course named."""
    return [check(found, Settings(strict=request.strict, only=only, keep_course=False,
                                  formats=request.formats or None,
                                  cache=found / DIST_DIR / CACHE_DIR if request.cache else None))
            for found, only in group_by_root(request.paths, request.root, cwd).items()]
