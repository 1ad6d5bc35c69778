"""Packaging back end of ``lmspack export --scorm``: plan in, checked SCORM zip out.

``SCORM_VERSIONS`` is the registry the CLI takes its ``--scorm`` choices from. Importing this
package does not import lxml (the registry resolves manifest builders on first use), so the
CLI can list the choices without paying for the XML stack at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from lmspack.packaging.check import check_package
from lmspack.packaging.plan import (
    MANIFEST_NAME,
    PackagePlan,
    PackagingError,
    ScoPlan,
    plan_problems,
    xml_id,
)
from lmspack.packaging.zipwriter import write_zip

__all__ = [
    "DEFAULT_SCORM_VERSION",
    "SCORM_VERSIONS",
    "PackagePlan",
    "PackagingError",
    "ScoPlan",
    "ScormVersion",
    "ScormVersionKey",
    "build_scorm_package",
    "check_package",
    "package_entries",
    "plan_problems",
    "xml_id",
]

ScormVersionKey = Literal["1.2", "2004"]


@dataclass(frozen=True)
class ScormVersion:
    """One ``--scorm`` choice: where its manifest builder lives and what it is called."""

    key: str
    label: str
    module: str
    builder: str
    dialect: str

    def build_manifest(self, plan: PackagePlan, **options: Any) -> bytes:
        """Run this version's manifest builder (imported on first use) with its keyword
        ``options`` (e.g. ``moodle_satisfied_rule`` for 2004)."""
        function = getattr(importlib.import_module(self.module), self.builder)
        return cast(Callable[..., bytes], function)(plan, **options)

    def control_files(self, xsd_dir: Path) -> dict[str, bytes]:
        """The XSD control files for this version, read from a user-supplied folder."""
        from lmspack.packaging.scorm12 import control_files

        dialect = getattr(importlib.import_module(self.module), self.dialect)
        return control_files(dialect, xsd_dir)


SCORM_VERSIONS: dict[str, ScormVersion] = {
    "1.2": ScormVersion(
        "1.2", "SCORM 1.2", "lmspack.packaging.scorm12", "build_manifest_12", "SCORM12"
    ),
    "2004": ScormVersion(
        "2004",
        "SCORM 2004 4th Edition",
        "lmspack.packaging.scorm2004",
        "build_manifest_2004",
        "SCORM2004",
    ),
}
# Moodle plays 1.2 fully but 2004 sequencing only in part: 1.2 is the safe default.
DEFAULT_SCORM_VERSION: ScormVersionKey = "1.2"


def package_entries(
    plan: PackagePlan, version: ScormVersionKey = DEFAULT_SCORM_VERSION,
    xsd_dir: Path | None = None, manifest_options: Mapping[str, Any] | None = None,
) -> dict[str, bytes]:
    """Every zip entry of the package: manifest, content files, optional XSD control files.
    ``manifest_options`` go to the version's manifest builder.

    Raises :class:`PackagingError` when the plan is inconsistent or the result fails
    :func:`check_package` (which would be a packager bug, caught before writing anything).
    """
    spec = SCORM_VERSIONS.get(version)
    if spec is None:
        raise PackagingError(
            [f"unknown SCORM version {version!r}; choose from {sorted(SCORM_VERSIONS)}"]
        )
    entries = dict(plan.files)
    entries[MANIFEST_NAME] = spec.build_manifest(plan, **(manifest_options or {}))
    if xsd_dir is not None:
        entries.update(spec.control_files(xsd_dir))
    problems = check_package(entries)
    if problems:
        raise PackagingError(problems)
    return entries


def build_scorm_package(
    plan: PackagePlan,
    version: ScormVersionKey,
    out_path: Path | str,
    *,
    xsd_dir: Path | None = None,
    epoch: int | None = None,
) -> Path:
    """Build and check the SCORM ``version`` package for ``plan`` and write it to ``out_path``.

    The zip is reproducible (timestamp from ``epoch``, else ``SOURCE_DATE_EPOCH``) and
    replaces ``out_path`` atomically. XSD control files are shipped only when ``xsd_dir``
    names a folder holding them: see :mod:`lmspack.packaging.scorm12` for why that is opt-in.
    """
    return write_zip(package_entries(plan, version, xsd_dir), out_path, epoch=epoch)
