"""What the two SCORM formats share: one SCO per lesson, pages rendered in package mode
with the tracking runtime, an ``imsmanifest.xml`` checked with ``check_package``, and the
resume state that must fit the version's ``cmi.suspend_data``. Each version's folder
(:mod:`lmspack.exports.scorm12`, :mod:`lmspack.exports.scorm2004`) says the rest."""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from lmspack.formats import FormatJob, Measure, Output, PackageFormat
from lmspack.formats.format import file_safe
from lmspack.model.course import Course

if TYPE_CHECKING:
    from lmspack.packaging.plan import PackagePlan
    from lmspack.packaging.targets import Target

STATE = "cmi.suspend_data"


class ScormFormat(PackageFormat):
    """A SCORM version: ``--scorm VERSION``."""

    option = "scorm"
    version: ClassVar[str]
    """``1.2`` or ``2004``: the value of ``--scorm`` and of the presets' ``scorm_version``."""
    transport: ClassVar[str]
    """The runtime script's transport for this version (its ``TRANSPORTS`` table)."""
    suspend_data_limit: ClassVar[int]
    """Characters of ``cmi.suspend_data`` an LMS must keep: the resume state's budget."""
    state_hint: ClassVar[str] = ""
    """Added to the message when a lesson's resume state does not fit."""

    @property
    def tag(self) -> str:
        """``scorm12``: the package file's tag."""
        return "scorm" + self.version.replace(".", "")

    @abstractmethod
    def manifest(self, plan: PackagePlan, preset: Target) -> bytes:
        """The ``imsmanifest.xml`` of ``plan`` for the LMS ``preset``."""

    @abstractmethod
    def control_files(self, xsd_dir: Path) -> dict[str, bytes]:
        """The version's XSD control files, read from a folder the user names."""

    def preflight(self, course: Course, target: str) -> tuple[Measure, ...]:
        """Every quiz lesson's worst-case resume state must fit ``cmi.suspend_data``."""
        from lmspack.errors import PackagingError
        from lmspack.packaging.tracking import state_sizes

        sizes = state_sizes(course, self.suspend_data_limit)
        problems = [size.problem(self.label, self.state_hint) for size in sizes
                    if not size.fits]
        if problems:
            raise PackagingError(problems)
        return tuple(Measure(size.lesson_id, STATE, size.worst_case, size.limit)
                     for size in sizes)

    def build(self, job: FormatJob) -> Output:
        from lmspack.packaging import checked_entries
        from lmspack.packaging.scorm import scorm_plan
        from lmspack.packaging.targets import get_target
        from lmspack.packaging.tracking import RUNTIME_PATH, runtime_script
        from lmspack.render import RenderOptions, render_pages

        preset = get_target(job.target)
        rendered = render_pages(job.course, job.results, RenderOptions(
            mode="package", runtime_script=RUNTIME_PATH), cache=job.cache)
        plan = scorm_plan(rendered, runtime_script(preset.runtime_settings(self.transport)))
        xsd_dir = job.options.xsd_dir
        entries = checked_entries(plan, {"imsmanifest.xml": self.manifest(plan, preset),
                                         **(self.control_files(xsd_dir) if xsd_dir else {})})
        name = self.file_name(job.course.id, file_safe(job.course.version), preset.file_suffix)
        return Output(name, entries, len(plan.scos), rendered.missing_results)

    def file_name(self, course_id: str, version: str, suffix: str = "") -> str:
        return f"{course_id}-{version}-{self.tag}{suffix}.zip"
