"""lmspack: a headless LMS content compiler and validator.

Library first: ``check(root) -> Report`` validates a course; the CLI only calls it and renders
the result. Heavy stages (statistics, rendering, packaging) are imported lazily so that
``lmspack validate`` starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

from lmspack.diagnostics import Diagnostic, Severity
from lmspack.rules import RULES, Rule
from lmspack.validate import Report, Settings, check

__all__ = ["RULES", "Diagnostic", "Report", "Rule", "Settings", "Severity", "__version__",
           "check"]
