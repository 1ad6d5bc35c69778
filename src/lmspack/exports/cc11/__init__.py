"""IMS Common Cartridge 1.1 (``--cc``): the course as native content for Moodle's restore,
Canvas's course import and Open edX's cc2olx (docs/common-cartridge.md). With
``--target canvas`` the cartridge also carries Canvas's own parts (module prerequisites and
requirements, wiki pages): ``<course>-<version>-canvas.imscc``.

The work is in :mod:`lmspack.packaging.cc` (plan, QTI, manifest, the Canvas parts); this
folder registers it and says what a cartridge alters in a lesson's quiz (:mod:`.limits`,
rules ``K101``-``K104``).
"""

from __future__ import annotations

from typing import Any

from lmspack.diagnostics import Diagnostic
from lmspack.exports.cc11.limits import check_cartridge_fidelity
from lmspack.formats import FormatJob, Output, PackageFormat
from lmspack.source.yamlpos import YamlDocument


class CommonCartridge(PackageFormat):
    name = "cc11"
    label = "Common Cartridge 1.1"
    summary = ("an IMS Common Cartridge 1.1 (.imscc) for Moodle's, Canvas's and Open edX's "
               "course import")
    option = "cc"
    order = 40
    # Cartridge-only advice: a SCORM-only course should not hear about it on every commit.
    checked_by_default = False
    limits = ("K101-K104 (warnings, with `lmspack validate --cc`): quiz content a cartridge "
              "alters (two options that are not True/False, `%XX`, markup in quiz texts, "
              "`<>&` in options)")

    def check_lesson(self, path: str, data: dict[str, Any],
                     doc: YamlDocument) -> list[Diagnostic]:
        return check_cartridge_fidelity(path, data, doc)

    def build(self, job: FormatJob) -> Output:
        from lmspack.formats.format import file_safe
        from lmspack.packaging.cc import CARTRIDGE_RENDER_OPTIONS, cartridge_entries
        from lmspack.render import render_pages

        rendered = render_pages(job.course, job.results, CARTRIDGE_RENDER_OPTIONS,
                                cache=job.cache)
        canvas = job.target == "canvas"
        entries = cartridge_entries(rendered, canvas=canvas)
        name = self.file_name(job.course.id, file_safe(job.course.version),
                              "-canvas" if canvas else "")
        return Output(name, entries, len(rendered.lesson_pages()), rendered.missing_results)

    def file_name(self, course_id: str, version: str, suffix: str = "") -> str:
        # Only Canvas gets a cartridge of its own: for any other preset it is the same file.
        return f"{course_id}-{version}{'-canvas' if suffix == '-canvas' else ''}.imscc"
