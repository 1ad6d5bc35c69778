"""The one interface a package format implements, and what the build hands it.

A package format (SCORM 1.2, SCORM 2004, xAPI/TinCan, cmi5, the static site, a third
party's) is a folder (a Python package) holding one subclass of :class:`PackageFormat`,
registered under the entry-point group ``lmspack.formats``
(:mod:`lmspack.formats.registry`); lmspack's own formats (:mod:`lmspack.exports`) are
registered the same way. ``docs/package-formats.md`` is generated from the registry.

Each stage asks the format one thing:

- ``lmspack validate``: :meth:`PackageFormat.check_lesson`, the data-model limits a lesson
  must fit to be shipped in this format (with positions). Keep the format's ``__init__``
  and checks light (no lxml, no templates): validate runs in pre-commit.
- ``build()`` before anything is computed: :meth:`PackageFormat.preflight`, the checks
  that need the whole course (raise a :class:`~lmspack.errors.ContentError`).
- ``build()``: :meth:`PackageFormat.build`, the files of the package (zip entries, or a
  folder's files) for one :class:`FormatJob`; the build writes them, atomically, and
  :meth:`PackageFormat.diagnostics` adds warnings about the result. The rendered pages
  come as a :class:`~lmspack.source.filestore.FileSet` (``render_pages(...).files``) that
  keeps them on disk until the writer reads them one at a time: return it in the
  :class:`Output`, combined with the format's own files by
  :func:`~lmspack.source.filestore.merge_files`, so the build's memory does not grow with
  the course.
- The command line and the docs: :attr:`~PackageFormat.option` and
  :attr:`~PackageFormat.choice` (``--xapi``; ``--scorm 2004``), :attr:`~PackageFormat.label`,
  :attr:`~PackageFormat.summary` and :meth:`PackageFormat.file_name`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from lmspack.diagnostics import Diagnostic
from lmspack.model.course import Course
from lmspack.source.buildcache import BuildCache
from lmspack.source.filestore import frozen_files
from lmspack.source.yamlpos import YamlDocument

OutputKind = Literal["zip", "folder", "file"]


@dataclass(frozen=True)
class FormatOptions:
    """Options of a build that some formats use: ``xsd_dir`` ships the XSD control files
    from that folder in the SCORM packages."""

    xsd_dir: Path | None = None


@dataclass(frozen=True)
class FormatJob:
    """What :meth:`PackageFormat.build` gets: the checked course, each widget's result
    document (by widget file), the LMS preset's name (:mod:`lmspack.packaging.targets`),
    the build's options and its cache (pages and deflated entries; None: no cache)."""

    course: Course
    results: Mapping[str, Mapping[str, Any]]
    target: str
    options: FormatOptions = FormatOptions()
    cache: BuildCache | None = None


@dataclass(frozen=True)
class Measure:
    """One limit a format checked before building, and how close a lesson came to it
    (e.g. the worst-case resume state against ``cmi.suspend_data``)."""

    lesson_id: str
    what: str
    used: int
    limit: int

    @property
    def fits(self) -> bool:
        return self.used <= self.limit


@dataclass(frozen=True)
class Output:
    """A built package: its file (or folder) name in the output folder, every file in it
    (zip entry names or folder paths, forward slashes), the number of lessons it holds,
    and the widget files that had no result document (their pages show a notice).

    ``files`` is kept as it is when it is a :class:`~lmspack.source.filestore.FileSet`
    (read-only already; its pages are read only when written), copied otherwise."""

    name: str
    files: Mapping[str, bytes] = field(hash=False)
    lessons: int
    missing_results: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", frozen_files(self.files))


class PackageFormat(ABC):
    """One package format. Subclass it in the format's package ``__init__`` and register
    the class under the entry-point group ``lmspack.formats`` with the format's ``name``."""

    name: ClassVar[str]
    """The entry point's name: what ``build()`` requests ask for (``scorm12``)."""
    label: ClassVar[str]
    """What people call it (``SCORM 1.2``)."""
    summary: ClassVar[str]
    """One line for ``--help`` and the docs: what it is for."""
    option: ClassVar[str]
    """The command-line option that asks for it, without dashes (``xapi``). Formats that
    share an option (``scorm``) tell themselves apart by :attr:`choice`."""
    choice: ClassVar[str | None] = None
    """This format's value of a shared option (``--scorm 1.2``); None: the option is a flag."""
    output: ClassVar[OutputKind] = "zip"
    """``zip``: one reproducible zip file; ``folder``: a folder of files; ``file``: one
    plain file (:attr:`Output.files` holds exactly one entry, its content)."""
    order: ClassVar[int] = 100
    """Where it comes in lists, help and builds (lmspack's own: 10-90)."""
    checked_by_default: ClassVar[bool] = True
    """Whether a plain ``lmspack validate`` runs :meth:`check_lesson`. False for checks
    that only matter to whoever ships the format (the cartridge's K rules): they run when
    the format's option is given (``lmspack validate --cc``) and when it is exported."""
    limits: ClassVar[str] = ""
    """What :meth:`check_lesson` and :meth:`preflight` check, for the docs (Markdown)."""

    def check_lesson(self, path: str, data: dict[str, Any],
                     doc: YamlDocument) -> list[Diagnostic]:
        """Diagnostics for a lesson's front-matter (``data``, positions in ``doc``) that
        this format cannot carry. Runs on every ``lmspack validate``: stay light."""
        del path, data, doc  # a format without data-model limits checks nothing
        return []

    def preflight(self, course: Course, target: str) -> tuple[Measure, ...]:
        """Whole-course checks before anything is computed or written: raise a
        :class:`~lmspack.errors.ContentError` naming every problem; return what was
        measured (shown by the build result)."""
        del course, target
        return ()

    @abstractmethod
    def build(self, job: FormatJob) -> Output:
        """The package's files, checked (a :class:`~lmspack.errors.ContentError` for what
        cannot be shipped). Import heavy modules (lxml, the renderer) inside."""

    @abstractmethod
    def file_name(self, course_id: str, version: str, suffix: str = "") -> str:
        """The package's name in the output folder, from the course id and version (made
        safe for a file name) and the LMS preset's file suffix."""

    def diagnostics(self, course: Course) -> list[Diagnostic]:
        """Warnings about a package built from ``course`` (e.g. ``C101``)."""
        del course
        return []

    def flag(self) -> str:
        """How the command line asks for it: ``--xapi``, ``--scorm 2004``."""
        return f"--{self.option}" + (f" {self.choice}" if self.choice else "")


_FILE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


def file_safe(text: str) -> str:
    """``text`` (a course version) as part of a file name: unsafe characters become ``_``."""
    return _FILE_NAME_UNSAFE.sub("_", text) or "_"
