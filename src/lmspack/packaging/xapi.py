"""What the xAPI package formats (TinCan, cmi5) share: activities and a manifest in,
checked zip entries out (:func:`xapi_entries`), and the manifest parse both checks use.

Both ship the same rendered pages and the same runtime script as a SCORM package (with
their own transport); what differs, the manifest at the zip root and how pages are
launched, is each format's (:mod:`lmspack.exports.xapi`, :mod:`lmspack.exports.cmi5`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from lmspack.errors import PackagingError
from lmspack.packaging.activities import CourseActivities, activity_problems
from lmspack.packaging.plan import PackagePlan
from lmspack.source.filestore import merge_files

if TYPE_CHECKING:
    from lxml import etree


def xapi_entries(plan: PackagePlan, activities: CourseActivities, manifest_name: str,
                 manifest: Callable[[CourseActivities], bytes],
                 problems: Callable[[Mapping[str, bytes]], list[str]]) -> Mapping[str, bytes]:
    """Every zip entry of an xAPI package: the pages of ``plan`` and the manifest
    ``manifest_name`` that ``manifest`` builds from ``activities``.

    Raises :class:`PackagingError` listing every problem: an activity id that is not a valid
    IRI or is used twice, a launch file missing from the package, a manifest that fails
    the format's structural check (``problems``).
    """
    found = activity_problems(activities)
    if found:
        raise PackagingError(found)
    entries = merge_files(plan.files, {manifest_name: manifest(activities)})
    found = problems(entries)
    if found:
        raise PackagingError(found)
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
