"""Package formats as plug-ins: the :class:`PackageFormat` interface and its registry.

A format is one folder with a :class:`PackageFormat` subclass, registered under the
entry-point group ``lmspack.formats``. lmspack's own formats live in :mod:`lmspack.exports`
and are registered in its ``pyproject.toml`` exactly like a third party's
(``docs/package-formats.md``). Stages ask :mod:`lmspack.formats.registry` for a format by
name; nothing below the formats imports them.
"""

from __future__ import annotations

from lmspack.formats.format import (
    FormatJob,
    FormatOptions,
    Measure,
    Output,
    OutputKind,
    PackageFormat,
)
from lmspack.source.filestore import FileSet, merge_files

__all__ = ["FileSet", "FormatJob", "FormatOptions", "Measure", "Output", "OutputKind",
           "PackageFormat", "merge_files"]
