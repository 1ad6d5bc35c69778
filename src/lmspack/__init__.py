"""lmspack: a headless LMS content compiler and validator.

Library first: ``check(root) -> Report`` validates a course; ``export_course(root, ...)``
(:func:`lmspack.build.build`) runs validate -> precompute -> render -> package and writes
SCORM packages and the static site; ``build_site(course, results, out)`` renders pages;
``lmspack.precompute.precompute(course, out)`` computes widget results. Errors raised on
purpose are :mod:`lmspack.errors`; widget kinds are plug-ins (:mod:`lmspack.widgets`). The
CLI only calls these and renders the result. The build stages (statistics, rendering,
packaging) are imported on first use so that ``lmspack validate`` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lmspack._lazy import lazy_getattr
from lmspack._version import __version__
from lmspack.diagnostics import Diagnostic, Severity
from lmspack.diagnostics.rules import RULES, Rule
from lmspack.validate import Report, Settings, check

if TYPE_CHECKING:
    from lmspack.build import BuildResult, ExportResult, export_course
    from lmspack.render import RenderOptions, build_site

__getattr__ = lazy_getattr(__name__, {"BuildResult": "build",
                                      "export_course": "build", "ExportResult": "build",
                                      "build_site": "render", "RenderOptions": "render"})

__all__ = ["RULES", "BuildResult", "Diagnostic", "ExportResult", "RenderOptions", "Report",
           "Rule", "Settings", "Severity", "__version__", "build_site", "check", "export_course"]
