"""Packaging machinery every package format uses: plan in, checked zip entries out.

The formats themselves (SCORM 1.2 and 2004, xAPI, cmi5, the site, a third party's) are
plug-ins (:mod:`lmspack.formats`); this package holds what they share: the plan of a
package (:mod:`.plan`), the SCORM manifests (:mod:`.scorm12`, :mod:`.scorm2004`) and their
check (:mod:`.check`), the xAPI manifests (:mod:`.tincan`, :mod:`.cmi5`), the tracking
runtime (:mod:`.tracking`), the LMS presets (:mod:`.targets`) and reproducible zips
(:mod:`.zipwriter`). Importing it does not import lxml, nor the package check and the zip
writer's worker pool: those load on first use, so that ``lmspack validate``, which reads the
LMS presets' names (:mod:`.targets`) for its command line, does not pay for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from lmspack.errors import PackagingError

if TYPE_CHECKING:
    from lmspack.packaging.check import check_package
    from lmspack.packaging.plan import PackagePlan, ScoPlan, plan_problems, xml_id

__all__ = [
    "PackagePlan",
    "PackagingError",
    "ScoPlan",
    "check_package",
    "checked_entries",
    "plan_problems",
    "xml_id",
]


_LAZY = {"check_package": "check", "PackagePlan": "plan", "ScoPlan": "plan",
         "plan_problems": "plan", "xml_id": "plan"}


def __getattr__(name: str) -> Any:
    """The names this package re-exports from :mod:`.check` and :mod:`.plan`, imported when
    first asked for."""
    if name in _LAZY:
        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def checked_entries(plan: PackagePlan, extra: Mapping[str, bytes]) -> Mapping[str, bytes]:
    """Every zip entry of a SCORM package: the plan's files plus ``extra`` (the manifest,
    optional XSD control files), checked with :func:`check_package`.

    Raises :class:`PackagingError` when the result fails the check (which would be a
    packager bug, caught before writing anything) or has no ``imsmanifest.xml``. The
    pages are not read: the check needs the manifest and the entries' names.
    """
    from lmspack.packaging.check import check_package
    from lmspack.packaging.plan import MANIFEST_NAME
    from lmspack.source.filestore import merge_files

    entries = merge_files(plan.files, extra)
    if MANIFEST_NAME not in entries:
        raise PackagingError([f"the package has no {MANIFEST_NAME}"])
    problems = check_package(entries)
    if problems:
        raise PackagingError(problems)
    return entries
