"""``export_course``: a checked course out as LMS packages and/or a static site in ``dist/``.

The pipeline: validate (a course with errors is refused) -> precompute the widgets (reusing
results whose inputs did not change) -> render the pages in package mode with the tracking
runtime -> one :class:`~lmspack.packaging.PackagePlan` (one SCO per lesson in course order,
each with its page and the media it uses; the stylesheet and the runtime shared) -> the
SCORM zip. Everything a package holds is built and checked in memory before the zip is
written (atomically, by :func:`lmspack.packaging.write_zip`); the site is written by
:func:`lmspack.render.build_site`, atomically too.

Reproducible: the same input gives byte-identical zips. Their timestamp is ``epoch`` if
given, else ``$SOURCE_DATE_EPOCH``, else the time of the last commit when the course root
is in a git checkout (``git log -1 --format=%ct``), else 1980-01-01 00:00 UTC, the earliest
a zip can store (:func:`source_epoch`).
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlsplit

from lmspack.course import Course
from lmspack.diagnostics import Diagnostic
from lmspack.packaging import (
    SCORM_VERSIONS,
    PackagePlan,
    PackagingError,
    ScoPlan,
    ScormVersionKey,
)
from lmspack.packaging import package_entries as scorm_entries
from lmspack.packaging.runtime import (
    RUNTIME_PATH,
    RuntimeSettings,
    StateSize,
    lesson_quiz,
    runtime_script,
    state_sizes,
)
from lmspack.packaging.targets import DEFAULT_TARGET, Target, get_target
from lmspack.packaging.xapi import XAPI_KINDS, xapi_package_entries
from lmspack.packaging.zipwriter import ZIP_MIN_EPOCH, write_zip

if TYPE_CHECKING:
    from lmspack.render import SiteResult

__all__ = ["ExportError", "ExportResult", "ExportedPackage", "export_course", "source_epoch"]

SITE_DIR = "site"
_FILE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")
_URL_ATTRIBUTES = frozenset({"src", "href", "poster", "data"})


class ExportError(Exception):
    """The course cannot be exported; ``problems`` lists every reason at once."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class ExportedPackage:
    """One zip written by :func:`export_course`.

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
class ExportResult:
    """What :func:`export_course` wrote: packages (zip paths) and the site, if asked for,
    and the warnings of the build itself (``C101``: no base IRI for xAPI/cmi5 ids)."""

    course: Course
    out_dir: Path
    packages: tuple[ExportedPackage, ...]
    site: SiteResult | None
    diagnostics: tuple[Diagnostic, ...] = ()


def export_course(source: Path | str | Course, out_dir: Path | str | None = None, *,
                  scorm: str | bool | None = None, html: bool = False,
                  target: str = DEFAULT_TARGET, epoch: int | None = None,
                  xsd_dir: Path | None = None, xapi: bool = False,
                  cmi5: bool = False) -> ExportResult:
    """Export a course as a SCORM package (``scorm``), an xAPI/TinCan package (``xapi``), a
    cmi5 package (``cmi5``) and/or a static site (``html``), any combination in one run.

    ``source`` is a course root, validated here (a course with errors raises
    :class:`ExportError`), or a course already checked by :func:`lmspack.check`.
    ``out_dir`` defaults to ``dist/`` in the course root. ``scorm``: ``"1.2"``, ``"2004"``,
    ``True`` for the target's version, or ``None``/``False`` for no package. ``target``
    names a preset of :data:`lmspack.packaging.targets.TARGETS`. ``epoch`` fixes the zip
    timestamps (default: :func:`source_epoch`). ``xsd_dir`` ships the XSD control files
    from that folder at the package root. Raises :class:`ExportError` with every problem
    found (nothing is written then), ``ValueError`` for an unknown target or version or a
    malformed ``SOURCE_DATE_EPOCH``.
    """
    course = _checked(source)
    preset = get_target(target)
    version = _version(scorm, preset)
    kinds = [kind for kind, wanted in (("xapi", xapi), ("cmi5", cmi5)) if wanted]
    if version is None and not html and not kinds:
        raise ExportError(["nothing to export: ask for a SCORM, xAPI or cmi5 package, "
                           "a site, or several"])
    out = Path(out_dir) if out_dir is not None else course.root / "dist"
    stamp = source_epoch(course.root) if epoch is None else epoch
    if version is not None:
        sizes = state_sizes(course, version)
        problems = [size.problem(version) for size in sizes if not size.fits]
        if problems:
            raise ExportError(problems)
    out.mkdir(parents=True, exist_ok=True)
    results = _widget_results(course, out)
    # Every package is built and checked in memory first: one that fails leaves nothing
    # written, not the packages that happened to come before it.
    built: list[tuple[ExportedPackage, dict[str, bytes]]] = []
    if version is not None:
        try:
            plan = package_plan(course, results, preset.runtime_settings(version))
            entries = package_entries(plan, version, preset, xsd_dir)
        except PackagingError as exc:  # e.g. a course file that puts a lesson before its prereq
            raise ExportError(exc.problems) from None
        path = out / preset.package_name(course.id, _file_safe(course.version), version)
        built.append((ExportedPackage(path, version, preset.name, len(plan.scos),
                                      len(entries), tuple(sizes)), entries))
    built += [_xapi_package(course, results, kind, preset, out) for kind in kinds]
    for package, entries in built:
        write_zip(entries, package.path, epoch=stamp)
    site = _build_site(course, results, out / SITE_DIR) if html else None
    return ExportResult(course, out, tuple(package for package, _ in built), site,
                        tuple(base_iri_diagnostics(course)) if kinds else ())


def _xapi_package(course: Course, results: Mapping[str, Any], kind: str, preset: Target,
                  out: Path) -> tuple[ExportedPackage, dict[str, bytes]]:
    from lmspack.packaging.activities import base_iri, course_activities

    spec = XAPI_KINDS[kind]
    settings = RuntimeSettings(transports=(spec.transport,), commit=preset.commit,
                               no_quiz_status=preset.no_quiz_status, score=preset.score,
                               activity_base=base_iri(course))
    try:
        plan = package_plan(course, results, settings, site=spec.site, network=True)
        entries = xapi_package_entries(plan, course_activities(course, plan), kind)
    except PackagingError as exc:
        raise ExportError(exc.problems) from None
    path = out / f"{course.id}-{_file_safe(course.version)}-{spec.file_tag}.zip"
    return ExportedPackage(path, "", preset.name, len(plan.scos), len(entries), (), kind), \
        entries


def base_iri_diagnostics(course: Course) -> list[Diagnostic]:
    """``C101`` when the course file sets no ``base_iri``: the xAPI/cmi5 activity ids then
    start with lmspack's default, which nobody controls."""
    from lmspack.diagnostics import FILE_START
    from lmspack.loader import COURSE_FILE
    from lmspack.packaging.activities import default_base_iri
    from lmspack.rules import emit

    if course.base_iri is not None:
        return []
    return [emit("C101", COURSE_FILE, FILE_START,
                 f"no base_iri in the course file: xAPI/cmi5 activity ids start with the "
                 f"default {default_base_iri(course.id)!r}",
                 hint="add base_iri: https://<a site you control>/<course path> to "
                      f"{COURSE_FILE}; keep it once learners' statements exist",
                 pointer="/base_iri")]


def _checked(source: Path | str | Course) -> Course:
    if isinstance(source, Course):
        return source
    from lmspack.validate import Settings, check

    report = check(Path(source).resolve(), Settings())
    if report.errors or report.course is None:
        raise ExportError([f"the course has {report.errors} error(s): run lmspack validate "
                           "and fix them first"])
    return report.course


def _version(scorm: str | bool | None, preset: Target) -> str | None:
    if scorm is None or scorm is False:
        return None
    version = preset.scorm_version if scorm is True else str(scorm)
    if version not in SCORM_VERSIONS:
        raise ValueError(f"unknown SCORM version {version!r}; choose from "
                         f"{', '.join(SCORM_VERSIONS)}")
    return version


def _file_safe(text: str) -> str:
    return _FILE_NAME_UNSAFE.sub("_", text) or "_"


def _widget_results(course: Course, out: Path) -> dict[str, Any]:
    from lmspack.precompute import precompute

    return {source: result.document for source, result in precompute(course, out).items()}


def _build_site(course: Course, results: Mapping[str, Any], out: Path) -> SiteResult:
    from lmspack.render import build_site

    return build_site(course, results, out)


# --- the package plan --------------------------------------------------------------------


def package_plan(course: Course, results: Mapping[str, Any], settings: RuntimeSettings, *,
                 site: bool = False, network: bool = False) -> PackagePlan:
    """The :class:`PackagePlan` of ``course``: pages rendered in package mode, each loading
    the runtime script (written with ``settings``); raises :class:`ExportError` when a page
    refers to a file the package would not hold. ``site``: render as the static site
    (course index, links between lessons; the index is a shared file). ``network``: the
    pages may connect to an LRS (xAPI, cmi5)."""
    from lmspack.render import RenderOptions, lesson_page, render_site
    from lmspack.render.options import INDEX, STYLESHEET

    options = RenderOptions(mode="site" if site else "package", runtime_script=RUNTIME_PATH,
                            network=network)
    files = render_site(course, results, options)
    files[RUNTIME_PATH] = runtime_script(settings)
    shared: tuple[str, ...] = (STYLESHEET, RUNTIME_PATH, *((INDEX,) if site else ()))
    pages = {lesson_page(entry.id) for entry in course.lessons}
    scos, problems = [], []
    for entry in course.lessons:
        page = lesson_page(entry.id)
        used, missing = page_files(page, files[page], files)
        problems += [f"lesson {entry.id!r}: its page refers to {ref}" for ref in missing]
        own = sorted(used - set(shared) - pages)
        pass_mark = entry.lesson.pass_mark
        scos.append(ScoPlan(
            lesson_id=entry.id, title=entry.lesson.title, href=page, files=(page, *own),
            prerequisites=tuple(entry.lesson.prereqs),
            mastery_score=float(pass_mark) if pass_mark is not None else None,
            has_quiz=bool(lesson_quiz(course, entry)),
        ))
    if problems:
        raise ExportError(problems)
    return PackagePlan(course_id=course.id, title=course.title, version=course.version,
                       language=course.language, mastery_score=float(course.pass_mark),
                       scos=tuple(scos), shared_files=shared, files=files)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in _URL_ATTRIBUTES and value]


def page_files(page: str, html: bytes, files: Mapping[str, bytes]) -> tuple[set[str], list[str]]:
    """Package files ``page`` refers to (``src``/``href``), and descriptions of local
    references that match no file. Paths are compared exactly: LMS servers are
    case-sensitive, so a reference that differs only in case is reported, with the hint."""
    parser = _References()
    parser.feed(html.decode("utf-8"))
    used: set[str] = set()
    missing: list[str] = []
    folded = {name.casefold(): name for name in files}
    for url in parser.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, or a fragment of this page
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if path in files:
            used.add(path)
        elif path.casefold() in folded:
            missing.append(f"{url!r}, but the file is {folded[path.casefold()]!r} "
                           "(letter case differs; LMS servers are case-sensitive)")
        else:
            missing.append(f"{url!r}, which is not in the package")
    return used, missing


def package_entries(plan: PackagePlan, version: str, preset: Target,
                    xsd_dir: Path | None = None) -> dict[str, bytes]:
    """Every zip entry: the manifest (with the preset's 2004 options), the content, and the
    XSD control files when ``xsd_dir`` is given; checked with :func:`check_package`."""
    options = {"moodle_satisfied_rule": preset.moodle_satisfied_rule} if version == "2004" \
        else {}
    try:
        return scorm_entries(plan, cast(ScormVersionKey, version), xsd_dir, options)
    except PackagingError as exc:
        raise ExportError(exc.problems) from None


# --- timestamps --------------------------------------------------------------------------


def source_epoch(root: Path, environ: Mapping[str, str] | None = None) -> int:
    """The zip timestamp for a course: ``$SOURCE_DATE_EPOCH``, else the last commit's time
    when ``root`` is in a git checkout, else 1980-01-01 (the earliest a zip can hold).

    Raises ``ValueError`` when ``SOURCE_DATE_EPOCH`` is set but not an integer.
    """
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH={raw!r} is not an integer") from None
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
