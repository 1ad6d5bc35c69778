"""What counts as a missing value in a CSV file: one list for the validator (which checks
the files without numpy) and the build (which reads them with polars or numpy), so both
agree.

The list is pandas' default ``na_values`` (``pandas._libs.parsers.STR_NA_VALUES``, the
same in pandas 1.x and 2.x): Evidently reads CSV through pandas, so a drift result equals
Evidently's on the same file only if the same cells are missing.
``tests/unit/test_missing_values.py`` checks this list against pandas itself.
"""

from __future__ import annotations

MISSING_VALUES: tuple[str, ...] = (
    "",
    "#N/A",
    "#N/A N/A",
    "#NA",
    "-1.#IND",
    "-1.#QNAN",
    "-NaN",
    "-nan",
    "1.#IND",
    "1.#QNAN",
    "<NA>",
    "N/A",
    "NA",
    "NULL",
    "NaN",
    "None",
    "n/a",
    "nan",
    "null",
)
