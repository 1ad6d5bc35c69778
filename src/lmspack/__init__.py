"""lmspack: a headless LMS content compiler and validator.

Library first: ``check(root) -> Report`` validates a course; ``build(root, request)``
(:func:`lmspack.build.build`, a :class:`~lmspack.build.BuildRequest` naming the formats)
runs validate -> precompute -> render -> package and writes the packages;
``lmspack.precompute.precompute(course, out)`` computes widget results. Errors raised on
purpose are :mod:`lmspack.errors`; widget kinds (:mod:`lmspack.widgets`) and package
formats (:mod:`lmspack.formats`) are plug-ins. The
CLI only calls these and renders the result. The build stages (statistics, rendering,
packaging) are imported when :func:`build` runs, so that ``lmspack validate`` starts fast.

``lmspack.build`` is the function: ``from lmspack.build import BuildRequest`` still reads
the module of the same name.
"""

from __future__ import annotations

from lmspack._version import __version__
from lmspack.build import BuildRequest, BuildResult, build
from lmspack.diagnostics import Diagnostic, Severity
from lmspack.diagnostics.rules import RULES, Rule
from lmspack.validate import Report, Settings, check

__all__ = ["RULES", "BuildRequest", "BuildResult", "Diagnostic", "Report", "Rule", "Settings",
           "Severity", "__version__", "build", "check"]
