"""SCORM 2004 4th Edition (``--scorm 2004``; the ``canvas`` preset's default).

Facts: ``cmi.suspend_data`` holds 64,000 characters; the runtime's ``scorm2004`` transport;
the manifest of :mod:`lmspack.packaging.scorm2004`, with the preset's extra ``satisfied``
rule for Moodle; an interaction's description holds 250 characters (rule ``P101``,
:mod:`.limits`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmspack.diagnostics import Diagnostic
from lmspack.exports.scorm_family import ScormFormat
from lmspack.source.yamlpos import YamlDocument

if TYPE_CHECKING:
    from lmspack.packaging.plan import PackagePlan
    from lmspack.packaging.targets import Target


class Scorm2004(ScormFormat):
    name = "scorm2004"
    label = "SCORM 2004"
    summary = ("a SCORM 2004 4th Edition zip, one SCO per lesson: completion and success "
               "apart, a scaled score")
    choice = version = "2004"
    order = 11
    transport = "scorm2004"
    suspend_data_limit = 64000  # characterstring, SPM 64000
    limits = ("`P101` (warning): a question's text fits the 250 characters of "
              "`cmi.interactions.n.description`; each quiz lesson's resume state fits the "
              "64,000 characters of `cmi.suspend_data`.")

    def check_lesson(self, path: str, data: dict[str, Any],
                     doc: YamlDocument) -> list[Diagnostic]:
        from lmspack.exports.scorm2004.limits import check_descriptions

        return check_descriptions(path, data, doc)

    def manifest(self, plan: PackagePlan, preset: Target) -> bytes:
        from lmspack.packaging.scorm2004 import build_manifest_2004

        return build_manifest_2004(plan, moodle_satisfied_rule=preset.moodle_satisfied_rule)

    def control_files(self, xsd_dir: Path) -> dict[str, bytes]:
        from lmspack.packaging.scorm12 import control_files
        from lmspack.packaging.scorm2004 import SCORM2004

        return control_files(SCORM2004, xsd_dir)
