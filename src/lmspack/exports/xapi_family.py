"""What the xAPI formats (TinCan and cmi5) share: the pages and runtime of a SCORM package
with an xAPI transport, activity ids from the course's base IRI, and a manifest at the zip
root that the format builds and checks (:mod:`lmspack.exports.xapi`,
:mod:`lmspack.exports.cmi5`)."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from lmspack.diagnostics import Diagnostic
from lmspack.formats import FormatJob, Output, PackageFormat
from lmspack.formats.format import file_safe
from lmspack.model.course import Course

if TYPE_CHECKING:
    from lmspack.packaging.activities import CourseActivities


class XapiFormat(PackageFormat):
    """An xAPI package: pages that report statements to an LRS."""

    manifest_name: ClassVar[str]
    """The manifest at the zip root (``tincan.xml``)."""
    transport: ClassVar[str]
    """The runtime script's transport (its ``TRANSPORTS`` table)."""
    linked_pages: ClassVar[bool]
    """Pages rendered as a site (linked to each other, with the course index) or one
    launchable unit each, as in a SCORM package."""
    tag: ClassVar[str]
    """The package file's tag."""

    @abstractmethod
    def manifest(self, activities: CourseActivities) -> bytes:
        """The manifest of the course's activities."""

    @abstractmethod
    def problems(self, entries: Mapping[str, bytes]) -> list[str]:
        """The format's structural check of a whole package."""

    def build(self, job: FormatJob) -> Output:
        from lmspack.packaging.activities import base_iri, course_activities
        from lmspack.packaging.scorm import scorm_plan
        from lmspack.packaging.targets import get_target
        from lmspack.packaging.tracking import RUNTIME_PATH, RuntimeSettings, runtime_script
        from lmspack.packaging.xapi import xapi_entries
        from lmspack.render import RenderOptions, render_pages

        course, preset = job.course, get_target(job.target)
        settings = RuntimeSettings(transports=(self.transport,), commit=preset.commit,
                                   no_quiz_status=preset.no_quiz_status, score=preset.score,
                                   activity_base=base_iri(course))
        rendered = render_pages(course, job.results, RenderOptions(
            mode="site" if self.linked_pages else "package", runtime_script=RUNTIME_PATH,
            network=True), cache=job.cache)
        plan = scorm_plan(rendered, runtime_script(settings))
        activities = course_activities(course, plan)
        entries = xapi_entries(plan, activities, self.manifest_name, self.manifest,
                               self.problems)
        name = self.file_name(course.id, file_safe(course.version))
        return Output(name, entries, len(plan.scos), rendered.missing_results)

    def file_name(self, course_id: str, version: str, suffix: str = "") -> str:
        del suffix  # one xAPI package serves every LMS
        return f"{course_id}-{version}-{self.tag}.zip"

    def diagnostics(self, course: Course) -> list[Diagnostic]:
        """``C101`` when the course file sets no ``base_iri``."""
        from lmspack.packaging.activities import base_iri_diagnostics

        return base_iri_diagnostics(course)
