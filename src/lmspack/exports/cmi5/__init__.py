"""cmi5: ``cmi5.xml`` at the zip root, one AU per lesson (``--cmi5``).

Every lesson is an AU the LMS launches on its own; pages do not link to each other, as
in a SCORM package (a link would leave the AU's session behind).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from lmspack.exports.xapi_family import XapiFormat

if TYPE_CHECKING:
    from lmspack.packaging.activities import CourseActivities


class Cmi5(XapiFormat):
    name = "cmi5"
    label = "cmi5"
    summary = "a cmi5 zip with cmi5.xml, one AU per lesson"
    option = "cmi5"
    order = 30
    manifest_name = "cmi5.xml"
    transport = "cmi5"
    linked_pages = False
    tag = "cmi5"

    def manifest(self, activities: CourseActivities) -> bytes:
        from lmspack.packaging.cmi5 import build_cmi5

        return build_cmi5(activities)

    def problems(self, entries: Mapping[str, bytes]) -> list[str]:
        from lmspack.packaging.cmi5 import cmi5_problems

        return cmi5_problems(entries)
