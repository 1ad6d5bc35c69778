"""xAPI (TinCan): ``tincan.xml`` at the zip root, as Moodle's xAPI Launch Link and other
TinCan players import it (``--xapi``).

The course activity launches the course index, and every lesson activity its own page.
Pages link to each other (the runtime carries the launch across pages of one browser
tab), since an LMS such as Moodle's mod_tincanlaunch launches only the first activity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from lmspack.exports.xapi_family import XapiFormat

if TYPE_CHECKING:
    from lmspack.packaging.activities import CourseActivities


class TinCan(XapiFormat):
    name = "xapi"
    label = "xAPI (TinCan)"
    summary = "an xAPI zip with tincan.xml: the pages report statements to an LRS"
    option = "xapi"
    order = 20
    manifest_name = "tincan.xml"
    transport = "tincan"
    linked_pages = True
    tag = "xapi"

    def manifest(self, activities: CourseActivities) -> bytes:
        from lmspack.packaging.tincan import build_tincan

        return build_tincan(activities)

    def problems(self, entries: Mapping[str, bytes]) -> list[str]:
        from lmspack.packaging.tincan import tincan_problems

        return tincan_problems(entries)
