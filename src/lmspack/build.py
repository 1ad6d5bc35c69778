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
4. package: :func:`lmspack.packaging.scorm.scorm_plan` + ``scorm_entries`` for SCORM, the
   same plan + :func:`lmspack.packaging.xapi.xapi_package_entries` for xAPI (TinCan) and
   cmi5, each zip streamed out by :func:`lmspack.packaging.zipwriter.stage_zip`;
   :func:`lmspack.packaging.site.write_site` for the site, all atomic. Every package is
   built and checked, and its zip written to a temporary file in the output folder, one
   package at a time (one package's entries in memory, not all); only when every zip is
   complete, and the site is rendered, do the zips move into place, together: a failure
   anywhere before leaves every earlier package as it was.

Pages and deflated zip entries come from the build cache in ``dist/.cache``
(:mod:`lmspack.source.buildcache`) when their inputs did not change; the output is the same
bytes either way.

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

from lmspack.diagnostics import Diagnostic
from lmspack.errors import ContentError, UsageError
from lmspack.model.course import Course
from lmspack.packaging.scorm import checked_state_sizes, scorm_entries, scorm_plan, scorm_version
from lmspack.packaging.site import write_site
from lmspack.packaging.targets import DEFAULT_TARGET, Target, get_target
from lmspack.packaging.tracking import RUNTIME_PATH, RuntimeSettings, StateSize, runtime_script
from lmspack.packaging.xapi import XAPI_KINDS, xapi_package_entries
from lmspack.packaging.zipwriter import ZIP_MIN_EPOCH, source_date_epoch, stage_zip
from lmspack.precompute import Precomputed, precompute
from lmspack.render import RenderOptions, render_pages
from lmspack.render.site import SiteResult
from lmspack.source.atomic import StagedFiles, remove_stale_temporaries
from lmspack.source.buildcache import CACHE_DIR, STALE_AFTER, BuildCache
from lmspack.validate import checked_course

__all__ = ["BuildResult", "ExportError", "ExportResult", "ExportedPackage", "build",
           "export_course", "source_epoch"]

SITE_DIR = "site"
_FILE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


ExportError = ContentError
"""What :func:`build` raises for problems in the course (``problems`` lists every one)."""


@dataclass(frozen=True)
class ExportedPackage:
    """One zip written by :func:`build`.

    ``kind``: ``"scorm"``, ``"xapi"`` or ``"cmi5"``; ``version``: the SCORM version, empty
    for the other kinds. ``state_sizes``: each quiz lesson's worst-case
    ``cmi.suspend_data`` length and the version's limit, as checked before anything was
    written (SCORM only: xAPI keeps the answers in the State API, which has no such limit).
    """

    path: Path
    version: str
    target: str
    lessons: int
    files: int
    state_sizes: tuple[StateSize, ...]
    kind: str = "scorm"

    @property
    def label(self) -> str:
        """``SCORM 1.2``, ``xAPI (TinCan)``, ``cmi5``."""
        return f"SCORM {self.version}" if self.kind == "scorm" else XAPI_KINDS[self.kind].label


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` wrote: packages (zip paths) and the site, if asked for, with the
    precompute stage's results they were made from, and the warnings of the build itself
    (``C101``: no base IRI for xAPI/cmi5 activity ids)."""

    course: Course
    out_dir: Path
    packages: tuple[ExportedPackage, ...]
    site: SiteResult | None
    precomputed: Precomputed | None = None
    diagnostics: tuple[Diagnostic, ...] = ()


ExportResult = BuildResult


def build(source: Path | str | Course, out_dir: Path | str | None = None, *,
          scorm: str | bool | None = None, html: bool = False, target: str = DEFAULT_TARGET,
          epoch: int | None = None, xsd_dir: Path | None = None, xapi: bool = False,
          cmi5: bool = False, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build a SCORM package (``scorm``), an xAPI/TinCan package (``xapi``), a cmi5 package
    (``cmi5``) and/or a static site (``html``) from a course, any combination in one run.

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
    # The SCORM data-model limits of the version being built (none for xAPI, cmi5 or a site).
    course = source if isinstance(source, Course) else checked_course(
        Path(source), scorm_versions=(version,) if version else ())
    kinds = [kind for kind, wanted in (("xapi", xapi), ("cmi5", cmi5)) if wanted]
    if version is None and not html and not kinds:
        raise UsageError("nothing to export: ask for a SCORM, xAPI or cmi5 package, a site, "
                         "or several")
    out = Path(out_dir) if out_dir is not None else course.root / "dist"
    zips = version is not None or bool(kinds)
    stamp = (source_epoch(course.root) if epoch is None else epoch) if zips else 0
    sizes = checked_state_sizes(course, version) if version else ()
    remove_stale_temporaries(out)  # what a killed run left (a run going on now holds its own)
    precomputed = precompute(course, out, progress=progress)
    results = precomputed.documents()
    cache = BuildCache(out / CACHE_DIR)
    packages: list[ExportedPackage] = []
    with StagedFiles() as staged:
        # Each zip is built and checked, then streamed to a temporary file in ``out`` (its
        # entries freed before the next is built); all move into place together below.
        if version is not None:
            if progress:
                progress(f"packaging SCORM {version}")
            packages.append(_stage(staged, _scorm_package(
                course, results, version, preset, out, sizes, xsd_dir, cache), stamp, cache))
        for kind in kinds:
            if progress:
                progress(f"packaging {XAPI_KINDS[kind].label}")
            packages.append(_stage(staged, _xapi_package(course, results, kind, preset, out,
                                                         cache), stamp, cache))
        if html and progress:
            progress("writing the site")
        site_pages = render_pages(course, results, cache=cache) if html else None
        staged.commit()
    site = write_site(site_pages, out / SITE_DIR) if site_pages is not None else None
    cache.prune(older_than=STALE_AFTER)
    return BuildResult(course, out, tuple(packages), site, precomputed,
                       tuple(base_iri_diagnostics(course)) if kinds else ())


export_course = build
"""The name :func:`build` had before the stages were split (kept for callers)."""


Built = tuple[ExportedPackage, dict[str, bytes]]


def _stage(staged: StagedFiles, built: Built, stamp: int,
           cache: BuildCache | None) -> ExportedPackage:
    """Stream a built and checked package's zip to its temporary file (see
    :func:`~lmspack.packaging.zipwriter.stage_zip`); its entries are let go on return."""
    package, entries = built
    stage_zip(staged, entries, package.path, epoch=stamp, cache=cache)
    return package


def _scorm_package(course: Course, results: Mapping[str, Mapping[str, object]], version: str,
                   preset: Target, out: Path, sizes: tuple[StateSize, ...],
                   xsd_dir: Path | None, cache: BuildCache | None = None) -> Built:
    """Render in package mode, plan and check one SCORM zip (written by the caller)."""
    rendered = render_pages(course, results, RenderOptions(mode="package",
                                                           runtime_script=RUNTIME_PATH),
                            cache=cache)
    plan = scorm_plan(rendered, runtime_script(preset.runtime_settings(version)))
    entries = scorm_entries(plan, version, preset, xsd_dir)
    path = out / preset.package_name(course.id, _file_safe(course.version), version)
    return ExportedPackage(path, version, preset.name, len(plan.scos), len(entries),
                           sizes), entries


def _xapi_package(course: Course, results: Mapping[str, Mapping[str, object]], kind: str,
                  preset: Target, out: Path, cache: BuildCache | None = None) -> Built:
    """Render (site mode for TinCan, package mode for cmi5, pages that may reach an LRS),
    plan and check one xAPI zip (written by the caller)."""
    from lmspack.packaging.activities import base_iri, course_activities

    spec = XAPI_KINDS[kind]
    settings = RuntimeSettings(transports=(spec.transport,), commit=preset.commit,
                               no_quiz_status=preset.no_quiz_status, score=preset.score,
                               activity_base=base_iri(course))
    rendered = render_pages(course, results, RenderOptions(
        mode="site" if spec.site else "package", runtime_script=RUNTIME_PATH, network=True),
        cache=cache)
    plan = scorm_plan(rendered, runtime_script(settings))
    entries = xapi_package_entries(plan, course_activities(course, plan), kind)
    path = out / f"{course.id}-{_file_safe(course.version)}-{spec.file_tag}.zip"
    return ExportedPackage(path, "", preset.name, len(plan.scos), len(entries), (),
                           kind), entries


def base_iri_diagnostics(course: Course) -> list[Diagnostic]:
    """``C101`` when the course file sets no ``base_iri``: the xAPI/cmi5 activity ids then
    start with lmspack's default, which nobody controls."""
    from lmspack.diagnostics import FILE_START
    from lmspack.diagnostics.rules import emit
    from lmspack.packaging.activities import default_base_iri
    from lmspack.source.files import COURSE_FILE

    if course.base_iri is not None:
        return []
    return [emit("C101", COURSE_FILE, FILE_START,
                 f"no base_iri in the course file: xAPI/cmi5 activity ids start with the "
                 f"default {default_base_iri(course.id)!r}",
                 hint="add base_iri: https://<a site you control>/<course path> to "
                      f"{COURSE_FILE}; keep it once learners' statements exist",
                 pointer="/base_iri")]


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
