"""SCORM 1.2: the version every SCORM LMS plays (``--scorm 1.2``; the presets' default).

Facts: ``cmi.suspend_data`` is a CMIString4096; the runtime's ``scorm12`` transport; the
manifest of :mod:`lmspack.packaging.scorm12`; a choice interaction reports single
characters, so a question has at most 36 options (rule ``P001``, :mod:`.limits`).
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


class Scorm12(ScormFormat):
    name = "scorm12"
    label = "SCORM 1.2"
    summary = "a SCORM 1.2 zip, one SCO per lesson: the version every SCORM LMS plays"
    choice = version = "1.2"
    order = 10
    transport = "scorm12"
    suspend_data_limit = 4096  # CMIString4096
    state_hint = " or export with --scorm 2004"
    limits = ("`P001`: a question has at most 36 options (a 1.2 choice response is one "
              "character); each quiz lesson's resume state fits the 4,096 characters of "
              "`cmi.suspend_data`.")

    def check_lesson(self, path: str, data: dict[str, Any],
                     doc: YamlDocument) -> list[Diagnostic]:
        from lmspack.exports.scorm12.limits import check_options

        return check_options(path, data, doc)

    def manifest(self, plan: PackagePlan, preset: Target) -> bytes:
        from lmspack.packaging.scorm12 import build_manifest_12

        return build_manifest_12(plan)

    def control_files(self, xsd_dir: Path) -> dict[str, bytes]:
        from lmspack.packaging.scorm12 import SCORM12, control_files

        return control_files(SCORM12, xsd_dir)
