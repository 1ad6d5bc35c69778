"""What counts as a missing value in a CSV file: one list for the validator (which checks
the files without numpy) and the build (which reads them with numpy), so both agree."""

from __future__ import annotations

MISSING_VALUES: tuple[str, ...] = ("", "?", "NA", "N/A", "NaN", "nan", "null")
