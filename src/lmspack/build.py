"""``build()``: a course out as LMS packages and/or a static site in ``dist/``.

Four stages, in the order the data flows, each handing a typed result to the next and
never reaching back:

1. validate: :func:`lmspack.validate.checked_course` -> the checked ``Course`` (a course
   with errors is refused: :class:`~lmspack.validate.CourseHasErrors`; the SCORM
   data-model limits checked are those of the version being built, rules ``P001``/``P101``);
   the packaging limits of the versions asked for are checked against it before anything
   is written;
2. precompute: :func:`lmspack.precompute.precompute` -> ``Precomputed`` (each widget's
   result document, reused when its inputs did not change);
3. render: :func:`lmspack.render.render_pages` -> ``Rendered`` per output (pages in
   package mode with the tracking runtime for SCORM, site mode for ``--html``), each page
   carrying the files it refers to;
4. package: :func:`lmspack.packaging.scorm.scorm_plan` + ``write_zip`` for SCORM,
   :func:`lmspack.packaging.site.write_site` for the site, both atomic.

Reproducible: the same input gives byte-identical zips. Their timestamp is ``epoch`` if
given, else ``$SOURCE_DATE_EPOCH``, else the time of the last commit when the course root
is in a git checkout (``git log -1 --format=%ct``), else 1980-01-01 00:00 UTC, the earliest
a zip can store (:func:`source_epoch`).

Errors (:mod:`lmspack.errors`): content problems raise a ``ContentError`` (exit 1) that
names the file; a bad target, version or ``SOURCE_DATE_EPOCH`` a ``ConfigError`` (exit 2).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lmspack.errors import ContentError, UsageError
from lmspack.model.course import Course
from lmspack.packaging.scorm import checked_state_sizes, scorm_entries, scorm_plan, scorm_version
from lmspack.packaging.site import write_site
from lmspack.packaging.targets import DEFAULT_TARGET, Target, get_target
from lmspack.packaging.tracking import RUNTIME_PATH, StateSize, runtime_script
from lmspack.packaging.zipwriter import ZIP_MIN_EPOCH, source_date_epoch, write_zip
from lmspack.precompute import Precomputed, precompute
from lmspack.render import RenderOptions, render_pages
from lmspack.render.site import SiteResult
from lmspack.validate import checked_course

__all__ = ["BuildResult", "ExportError", "ExportResult", "ExportedPackage", "build",
           "export_course", "source_epoch"]

SITE_DIR = "site"
_FILE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


ExportError = ContentError
"""What :func:`build` raises for problems in the course (``problems`` lists every one)."""


@dataclass(frozen=True)
class ExportedPackage:
    """One SCORM zip written by :func:`build`.

    ``state_sizes``: each quiz lesson's worst-case ``cmi.suspend_data`` length and the
    version's limit, as checked before anything was written.
    """

    path: Path
    version: str
    target: str
    lessons: int
    files: int
    state_sizes: tuple[StateSize, ...]


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` wrote: packages (zip paths) and the site, if asked for, with the
    precompute stage's results they were made from."""

    course: Course
    out_dir: Path
    packages: tuple[ExportedPackage, ...]
    site: SiteResult | None
    precomputed: Precomputed | None = None


ExportResult = BuildResult


def build(source: Path | str | Course, out_dir: Path | str | None = None, *,
          scorm: str | bool | None = None, html: bool = False, target: str = DEFAULT_TARGET,
          epoch: int | None = None, xsd_dir: Path | None = None,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build a SCORM package (``scorm``) and/or a static site (``html``) from a course.

    ``source`` is a course root, validated here, or a course already checked by
    :func:`lmspack.check`. ``out_dir`` defaults to ``dist/`` in the course root. ``scorm``:
    ``"1.2"``, ``"2004"``, ``True`` for the target's version, or ``None``/``False`` for no
    package. ``target`` names a preset of :data:`lmspack.packaging.targets.TARGETS`.
    ``epoch`` fixes the zip timestamps (default: :func:`source_epoch`). ``xsd_dir`` ships
    the XSD control files from that folder at the package root. ``progress`` is called
    before each step (each widget computed, each package, the site) with what it does.

    Raises a :class:`~lmspack.errors.ContentError` for problems in the course (every one
    found; nothing is written when validation or the packaging limits fail), and a
    :class:`~lmspack.errors.UsageError` or :class:`~lmspack.errors.ConfigError` for a
    request that cannot be honoured (nothing to build, an unknown target or version, a
    malformed ``SOURCE_DATE_EPOCH``).
    """
    preset = get_target(target)
    version = scorm_version(scorm, preset)
    # The SCORM data-model limits of the version being built (none for a site alone).
    course = source if isinstance(source, Course) else checked_course(
        Path(source), scorm_versions=(version,) if version else ())
    if version is None and not html:
        raise UsageError("nothing to export: ask for a SCORM package, a site or both")
    out = Path(out_dir) if out_dir is not None else course.root / "dist"
    stamp = (source_epoch(course.root) if epoch is None else epoch) if version else 0
    sizes = checked_state_sizes(course, version) if version else ()
    precomputed = precompute(course, out, progress=progress)
    results = precomputed.documents()
    packages = []
    if version is not None:
        if progress:
            progress(f"packaging SCORM {version}")
        packages.append(_scorm_package(course, results, version, preset, out, stamp, sizes,
                                       xsd_dir))
    if html and progress:
        progress("writing the site")
    site = write_site(render_pages(course, results), out / SITE_DIR) if html else None
    return BuildResult(course, out, tuple(packages), site, precomputed)


export_course = build
"""The name :func:`build` had before the stages were split (kept for callers)."""


def _scorm_package(course: Course, results: Mapping[str, Mapping[str, object]], version: str,
                   preset: Target, out: Path, stamp: int, sizes: tuple[StateSize, ...],
                   xsd_dir: Path | None) -> ExportedPackage:
    """Render in package mode, plan, check and write one SCORM zip."""
    rendered = render_pages(course, results, RenderOptions(mode="package",
                                                           runtime_script=RUNTIME_PATH))
    plan = scorm_plan(rendered, runtime_script(preset.runtime_settings(version)))
    entries = scorm_entries(plan, version, preset, xsd_dir)
    path = out / preset.package_name(course.id, _file_safe(course.version), version)
    write_zip(entries, path, epoch=stamp)
    return ExportedPackage(path, version, preset.name, len(plan.scos), len(entries), sizes)


def _file_safe(text: str) -> str:
    return _FILE_NAME_UNSAFE.sub("_", text) or "_"


# --- timestamps --------------------------------------------------------------------------


def source_epoch(root: Path, environ: Mapping[str, str] | None = None) -> int:
    """The zip timestamp for a course: ``$SOURCE_DATE_EPOCH``, else the last commit's time
    when ``root`` is in a git checkout, else 1980-01-01 (the earliest a zip can hold).

    Raises :class:`~lmspack.errors.ConfigError` when ``SOURCE_DATE_EPOCH`` is set but not
    an integer.
    """
    configured = source_date_epoch(environ)
    if configured is not None:
        return configured
    committed = _last_commit_time(root)
    return committed if committed is not None else ZIP_MIN_EPOCH


def _last_commit_time(root: Path) -> int | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None  # no git, or it hung: fall back to the fixed date
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None
