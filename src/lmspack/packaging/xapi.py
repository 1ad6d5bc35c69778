"""Packaging back end of ``lmspack export --xapi`` and ``--cmi5``: plan in, checked zip out.

:data:`XAPI_KINDS` is the registry the CLI takes these options from, as
:data:`lmspack.packaging.SCORM_VERSIONS` is for SCORM. Both kinds ship the same rendered
pages and the same runtime script as a SCORM package (with the ``tincan`` or ``cmi5``
transport); what differs is the manifest at the zip root and how pages are launched:

* ``xapi`` (TinCan): the course activity launches the course index, and every lesson
  activity its own page. Pages link to each other (the runtime carries the launch across
  pages of one browser tab), since an LMS such as Moodle's mod_tincanlaunch launches only
  the first activity.
* ``cmi5``: every lesson is an AU the LMS launches on its own; pages do not link to each
  other, as in a SCORM package (a link would leave the AU's session behind).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from lmspack.packaging.activities import CourseActivities, activity_problems
from lmspack.packaging.plan import PackagePlan, PackagingError

if TYPE_CHECKING:
    from lxml import etree


@dataclass(frozen=True)
class XapiKind:
    """One xAPI package kind: its manifest, the runtime transport and the page layout."""

    name: str
    label: str
    manifest: str
    transport: str
    site: bool
    module: str
    file_tag: str

    def build_manifest(self, activities: CourseActivities) -> bytes:
        """Run this kind's manifest builder (lxml is imported on first use)."""
        short = "tincan" if self.name == "xapi" else "cmi5"
        builder = getattr(importlib.import_module(self.module), f"build_{short}")
        return cast(Callable[[CourseActivities], bytes], builder)(activities)

    def problems(self, entries: Mapping[str, bytes]) -> list[str]:
        """This kind's structural check of a whole package."""
        short = "tincan" if self.name == "xapi" else "cmi5"
        check = getattr(importlib.import_module(self.module), f"{short}_problems")
        return cast(Callable[[Mapping[str, bytes]], list[str]], check)(entries)


XAPI_KINDS: dict[str, XapiKind] = {
    "xapi": XapiKind("xapi", "xAPI (TinCan)", "tincan.xml", "tincan", True,
                     "lmspack.packaging.tincan", "xapi"),
    "cmi5": XapiKind("cmi5", "cmi5", "cmi5.xml", "cmi5", False,
                     "lmspack.packaging.cmi5", "cmi5"),
}


def xapi_package_entries(plan: PackagePlan, activities: CourseActivities,
                         kind: str) -> dict[str, bytes]:
    """Every zip entry of the ``kind`` package: the pages of ``plan`` and the manifest.

    Raises :class:`PackagingError` listing every problem: an activity id that is not a valid
    IRI or is used twice, a launch file missing from the package, a manifest that fails
    the kind's structural check.
    """
    spec = XAPI_KINDS.get(kind)
    if spec is None:
        raise PackagingError([f"unknown package kind {kind!r}; choose from "
                              f"{', '.join(XAPI_KINDS)}"])
    problems = activity_problems(activities)
    if problems:
        raise PackagingError(problems)
    entries = dict(plan.files)
    entries[spec.manifest] = spec.build_manifest(activities)
    problems = spec.problems(entries)
    if problems:
        raise PackagingError(problems)
    return entries


def manifest_root(entries: Mapping[str, bytes], name: str, tag: str
                  ) -> tuple[etree._Element | None, list[str]]:
    """The root element of the manifest ``name`` at the zip root, or ``None`` and why not
    (missing, only in a subfolder, not well-formed, another root element than ``tag``)."""
    from lxml import etree

    if name not in entries:
        nested = sorted(entry for entry in entries if entry.endswith("/" + name))
        where = f", found {nested[0]!r}" if nested else ""
        return None, [f"{name} must be at the zip root{where}"]
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(entries[name], parser)
    except etree.XMLSyntaxError as error:
        return None, [f"{name} is not well-formed XML: {error}"]
    if root.tag != tag:
        return None, [f"{name} root is {root.tag!r}, expected {tag!r}"]
    return root, []
