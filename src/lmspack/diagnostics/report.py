"""What a checking run found: its diagnostics, and whether they fail the run.

Reporters (:mod:`.reporters`) format any :class:`Report`; ``lmspack validate``'s own report
(:class:`lmspack.validate.Report`) adds the checked course to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lmspack.diagnostics import Diagnostic, Severity


@dataclass
class Report:
    """Diagnostics of one course, sorted by file and position."""

    root: Path
    diagnostics: list[Diagnostic]
    files_checked: int
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    @property
    def failed(self) -> bool:
        """True when the run should exit 1: errors, or warnings under ``--strict``."""
        return self.errors > 0 or (self.strict and self.warnings > 0)
