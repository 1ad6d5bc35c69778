"""``build(source, request)``: a course out as packages in ``dist/``, in any formats.

The library's entry point (``lmspack.build``). Four stages, in the order the data flows,
each handing a typed result to the next and never reaching back:

1. validate: :func:`lmspack.validate.check` -> the checked ``Course`` (a course with
   errors is refused: :class:`~lmspack.errors.CourseHasErrors`; the data-model
   limits checked are those of the formats being built); then each format's
   :meth:`~lmspack.formats.PackageFormat.preflight` checks the whole course before
   anything is computed or written;
2. precompute: :func:`lmspack.precompute.precompute` -> ``Precomputed`` (each widget's
   result document, reused when its inputs did not change);
3. render and 4. package: each format's :meth:`~lmspack.formats.PackageFormat.build`
   renders the pages it needs (:func:`lmspack.render.render_pages`) and returns its
   checked files. The formats come from one registry (:mod:`lmspack.formats.registry`,
   the entry-point group ``lmspack.formats``): this module knows none of them by name.

Pages meet the package page by page: the render pool works a bounded window ahead, each
page goes to an anonymous spill file as it arrives, and the writers read the pages back
one at a time (:mod:`lmspack.source.filestore`), so memory is bounded by the worker pools,
not by the course. Every zip is streamed to a temporary file in the output folder, one
package at a time (a few entries in memory, not all); only when every zip is complete and
every folder built do the zips move into place, together, and the folders after them: a failure
anywhere before leaves every earlier package as it was.

Pages and deflated zip entries come from the build cache in ``dist/.cache``
(:mod:`lmspack.source.buildcache`) when their inputs did not change; the output is the same
bytes either way.

Reproducible: the same input gives byte-identical zips. Their timestamp is the request's
``epoch`` if given, else ``$SOURCE_DATE_EPOCH``, else the time of the last commit when the
course root is in a git checkout (``git log -1 --format=%ct``), else 1980-01-01 00:00 UTC,
the earliest a zip can store (:func:`source_epoch`).

Errors (:mod:`lmspack.errors`): content problems raise a ``ContentError`` (exit 1) that
names the file; an unknown format or target, or a bad ``SOURCE_DATE_EPOCH``, a
``ConfigError`` (exit 2); a request for nothing a ``UsageError`` (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lmspack.commandline import OUT, ROOT, Command, Option, Said, Terminal, counted, shown
from lmspack.diagnostics import Diagnostic
from lmspack.diagnostics.report import Report
from lmspack.errors import CourseHasErrors, UsageError
from lmspack.formats import FormatJob, FormatOptions, Measure, Output, PackageFormat
from lmspack.formats.registry import require_format
from lmspack.model.course import Course
from lmspack.validate import Settings, check

if TYPE_CHECKING:
    from lmspack.precompute import Precomputed
    from lmspack.source.atomic import StagedFiles

# ``lmspack`` re-exports build(): what this module imports at its top is imported by every
# ``import lmspack`` (``lmspack validate`` included), so the stages are imported in build().

__all__ = ["BuildRequest", "BuildResult", "ExportedPackage", "build", "source_epoch"]


@dataclass(frozen=True)
class BuildRequest:
    """What to build: ``formats`` (names in :mod:`lmspack.formats.registry`, e.g.
    ``("scorm12", "site")``), for the LMS preset ``target``
    (:data:`lmspack.packaging.targets.TARGETS`), into ``out_dir`` (default: ``dist/`` in
    the course root), with zip timestamps from ``epoch`` (default: :func:`source_epoch`)
    and the formats' ``options``."""

    formats: tuple[str, ...]
    target: str = "generic"
    out_dir: Path | None = None
    epoch: int | None = None
    options: FormatOptions = field(default_factory=FormatOptions)
    cache: bool = True
    """Reuse and keep rendered pages and body readings in ``OUT/.cache``; False (``export
    --no-cache``, or ``LMSPACK_NO_CACHE=1``): render and read everything again and neither
    read nor write the cache. The widgets' results are reused either way (``precompute
    --force`` computes them again)."""


def _target_names() -> list[str]:
    from lmspack.packaging.targets import TARGETS

    return list(TARGETS)


EXPORT_OPTIONS = (
    Option(("--all",), "everything", "Every format in one run (a shared option's choice: the "
           "target's).", flag=True),
    Option(("--target",), help="LMS preset (see docs/lms-upload.md).", choices=_target_names,
           default="generic", show_default=True),
    OUT,
    Option(("--xsd-dir",), path="folder", exists=True,
           help="Ship the SCORM XSD control files from this folder."),
    Option(("--no-cache",), help="Render every page and read every lesson body again; "
           "neither read nor write OUT/.cache (also: LMSPACK_NO_CACHE=1).", flag=True),
)
"""``lmspack export``'s options beside the format options (:func:`request_from_options`
and :class:`~lmspack.formats.FormatOptions` take them)."""


def precompute_only(term: Terminal, root: Path | None, out: Path | None, force: bool) -> None:
    """Compute every widget's results into OUT/precompute/*.json."""
    from lmspack.precompute import precompute, widget_sources
    from lmspack.source.files import course_root
    from lmspack.validate import checked_course

    course = checked_course(course_root(root, term.cwd))
    target = out or course.root / "dist"
    with term.progress("computing", len(widget_sources(course))) as step:
        results = precompute(course, target, reuse=not force, progress=step)
    for result in results.values():
        verb = "reused  " if result.reused else "computed"
        term.say(Said(f"{verb} {result.source} -> {shown(result.output, term.cwd)}"))
    term.say(Said(f"{counted(len(results), 'widget result')} in "
                  f"{shown(target / 'precompute', term.cwd)}"))


PRECOMPUTE = Command(("precompute",), precompute_only, (ROOT, OUT, Option(
    ("--force",), help="Recompute even when the inputs did not change.", flag=True)))
"""``lmspack precompute``: the precompute stage alone, on the checked course (declared
here, not in :mod:`lmspack.precompute`, which ``lmspack validate`` never loads)."""


@dataclass(frozen=True)
class ExportedPackage:
    """One package written by :func:`build`: a zip, or a folder (``folder``: the site).

    ``measures``: the limits the format checked before anything was written, and how
    close each lesson came (SCORM: each quiz lesson's worst-case ``cmi.suspend_data``).
    ``missing_results``: widget files without a result document (their pages say so).
    """

    path: Path
    format: str
    label: str
    target: str
    lessons: int
    files: int
    measures: tuple[Measure, ...] = ()
    folder: bool = False
    missing_results: tuple[str, ...] = ()

    def describe(self, shown: str) -> str:
        """What the command line prints for it (``shown``: its path as shown)."""
        if self.folder:
            return f"wrote {shown}/ ({counted(self.files, 'file')})"
        return (f"wrote {shown} ({self.label}, target {self.target}, "
                f"{counted(self.lessons, 'lesson')}, {counted(self.files, 'file')})")


def request_from_options(values: Mapping[str, object], target: str, out_dir: Path | None,
                         options: FormatOptions, everything: bool = False,
                         cache: bool = True) -> BuildRequest:
    """The request the command line's format options ask for (``values``: each option of
    :func:`lmspack.formats.registry.options` -> what was given; ``everything``: ``--all``;
    ``cache``: not ``--no-cache``).
    :class:`~lmspack.errors.UsageError` when they ask for nothing."""
    from lmspack.formats.registry import formats_asked, synopsis
    from lmspack.formats.registry import options as format_options
    from lmspack.packaging.targets import get_target

    if everything:
        values = dict.fromkeys(format_options(), "")
    names = formats_asked(values, get_target(target).default_choices())
    if not names:
        raise UsageError(f"nothing to export: give {synopsis()} (several at once if you "
                         "like), or --all")
    return BuildRequest(names, target, out_dir, options=options, cache=cache)


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` wrote (``packages``, in the request's order), with the
    precompute stage's results they were made from, the formats' warnings about them
    (``diagnostics``; ``C101``: no base IRI for xAPI/cmi5 activity ids), and ``report``:
    those and the validation's warnings (when :func:`build` validated), for a reporter."""

    course: Course
    out_dir: Path
    packages: tuple[ExportedPackage, ...]
    precomputed: Precomputed | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    report: Report | None = None

    def package(self, name: str) -> ExportedPackage | None:
        """The package of the format ``name``, if it was built."""
        return next((p for p in self.packages if p.format == name), None)


def build(source: Path | str | Course, request: BuildRequest, *,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build the packages of ``request.formats`` from a course, in one run.

    ``source`` is a course root, validated here (with the data-model limits of those
    formats), or a course already checked (``lmspack.check(root).course``). ``progress``
    is called before each step (each widget computed, each package) with what it does.

    Raises a :class:`~lmspack.errors.ContentError` for problems in the course (every one
    found; nothing is written when validation or a format's checks fail), and a
    :class:`~lmspack.errors.UsageError` or :class:`~lmspack.errors.ConfigError` for a
    request that cannot be honoured (no formats, an unknown format or target, a
    malformed ``SOURCE_DATE_EPOCH``).
    """
    from lmspack.packaging.accessibility import write_report as write_accessibility_report
    from lmspack.packaging.targets import get_target
    from lmspack.packaging.zipwriter import stage_zip
    from lmspack.precompute import precompute
    from lmspack.source.atomic import StagedFiles, remove_stale_temporaries, write_tree
    from lmspack.source.buildcache import CACHE_DIR, STALE_AFTER, BuildCache
    from lmspack.validate.bodycache import cache_disabled

    get_target(request.target)  # an unknown preset is refused before any work
    formats = [require_format(name) for name in dict.fromkeys(request.formats)]
    if not formats:
        raise UsageError("nothing to export: ask for at least one package format")
    readings: BuildCache | None = None
    caching = request.cache and not cache_disabled()
    if isinstance(source, Course):
        course, checked = source, Report(source.root, [], 0)
    else:
        root = Path(source).resolve()
        # Validation's entries go to the build cache once the course is accepted: a
        # refused export writes nothing.
        readings = BuildCache((request.out_dir if request.out_dir is not None
                               else root / "dist") / CACHE_DIR, hold=True) if caching else None
        checked = check(root, Settings(formats=tuple(fmt.name for fmt in formats),
                                       cache=readings))
        if checked.errors or checked.course is None:
            raise CourseHasErrors(checked)
        course = checked.course
    out = request.out_dir if request.out_dir is not None else course.root / "dist"
    measures = {fmt.name: fmt.preflight(course, request.target) for fmt in formats}
    zips = any(fmt.output == "zip" for fmt in formats)
    stamp = (source_epoch(course.root) if request.epoch is None else request.epoch) \
        if zips else 0
    remove_stale_temporaries(out)  # what a killed run left (a run going on now holds its own)
    if readings is not None:
        readings.flush()
    precomputed = precompute(course, out, progress=progress)
    cache = BuildCache(out / CACHE_DIR, enabled=caching)
    job = FormatJob(course, precomputed.documents(), request.target, request.options, cache)
    packages: list[ExportedPackage] = []
    folders: list[tuple[Path, Output]] = []
    with StagedFiles() as staged:
        # Each zip is built and checked, then streamed to a temporary file in ``out`` (its
        # entries freed before the next is built); all move into place together below.
        for fmt in formats:
            if progress:
                progress(f"writing the {fmt.label}" if fmt.output == "folder"
                         else f"packaging {fmt.label}")
            output = fmt.build(job)
            path = out / output.name
            if fmt.output == "zip":
                stage_zip(staged, output.files, path, epoch=stamp, cache=cache)
            elif fmt.output == "file":
                _stage_file(staged, path, output)
            else:
                folders.append((path, output))
            packages.append(_exported(fmt, request.target, path, output, measures[fmt.name]))
        staged.commit()
    for path, output in folders:
        write_tree(output.files, path)
    # Issue 18: the WCAG 2.1 AA report beside every export (dist/accessibility.json, .md).
    write_accessibility_report(course, out)
    cache.prune(older_than=STALE_AFTER)
    warnings = tuple(dict.fromkeys(d for fmt in formats for d in fmt.diagnostics(course)))
    report = Report(course.root, sorted({*checked.diagnostics, *warnings}),
                    checked.files_checked)
    return BuildResult(course, out, tuple(packages), precomputed, warnings, report)


def _stage_file(staged: StagedFiles, path: Path, output: Output) -> None:
    """A ``file`` format's one file, moved into place with the zips."""
    if len(output.files) != 1:
        raise UsageError(f"{output.name}: a file format returns exactly one file, not "
                         f"{len(output.files)}")
    content = next(iter(output.files.values()))

    def write(handle: IO[bytes]) -> None:
        handle.write(content)

    staged.add(path, write, sync=True)


def _exported(fmt: PackageFormat, target: str, path: Path, output: Output,
              measures: tuple[Measure, ...]) -> ExportedPackage:
    return ExportedPackage(path, fmt.name, fmt.label, target, output.lessons,
                           len(output.files), measures, fmt.output == "folder",
                           output.missing_results)


# --- timestamps --------------------------------------------------------------------------


def source_epoch(root: Path, environ: Mapping[str, str] | None = None) -> int:
    """The zip timestamp for a course: ``$SOURCE_DATE_EPOCH``, else the last commit's time
    when ``root`` is in a git checkout, else 1980-01-01 (the earliest a zip can hold).

    Raises :class:`~lmspack.errors.ConfigError` when ``SOURCE_DATE_EPOCH`` is set but not
    an integer.
    """
    from lmspack.packaging.zipwriter import ZIP_MIN_EPOCH, source_date_epoch

    configured = source_date_epoch(environ)
    if configured is not None:
        return configured
    committed = _last_commit_time(root)
    return committed if committed is not None else ZIP_MIN_EPOCH


def _last_commit_time(root: Path) -> int | None:
    import subprocess  # here: only a build without SOURCE_DATE_EPOCH asks git

    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None  # no git, or it hung: fall back to the fixed date
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None
