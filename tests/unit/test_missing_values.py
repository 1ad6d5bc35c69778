"""Missing-value tokens are pandas' defaults, checked against pandas itself.

Evidently reads CSV through ``pandas.read_csv``; a drift result equals Evidently's only
if the same cells are missing. pandas is a test dependency (``pip install -e .[test]``),
pinned below 3 as Evidently 0.7.23 needs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas._libs.parsers import STR_NA_VALUES

from lmspack.source.csvfile import MISSING, MISSING_VALUES
from lmspack.stats.csvscan import read_csv_positional
from lmspack.stats.table import DEFAULT_NA_VALUES, read_csv

# Texts that look missing to a person but are values to pandas (case, spaces, others).
NEAR_MISSES = ("na", "Na", "NONE", "none", "Null", "NAN", "?", "-", "n.a.",
               "#n/a", "<na>", "nil", "missing", "N / A", "nan.")


def test_the_list_is_pandas_default_na_values() -> None:
    assert set(MISSING_VALUES) == set(STR_NA_VALUES)
    assert len(MISSING_VALUES) == len(STR_NA_VALUES)  # no duplicates
    assert DEFAULT_NA_VALUES == MISSING_VALUES and frozenset(MISSING_VALUES) == MISSING


@pytest.mark.parametrize("reader", ["polars", "positional"])
def test_same_missing_cells_as_pandas_read_csv(tmp_path: Path, reader: str) -> None:
    tokens = sorted(STR_NA_VALUES) + list(NEAR_MISSES)
    # A text column (every token, each beside a label) and a number column whose cells
    # are numbers except for the true markers: pandas keeps it numeric, so must we.
    lines = ["label,token,number"]
    for i, token in enumerate(tokens):
        number = token if token in STR_NA_VALUES else str(i)
        lines.append(f"row{i},{token},{number}")
    path = tmp_path / "tokens.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = pd.read_csv(path)
    if reader == "polars":
        table = read_csv(path)
        assert table.coded, "the plain file should have gone through polars"
    else:
        table = read_csv_positional(path, None, DEFAULT_NA_VALUES)
    ours_missing = [v is None for v in table["token"].tolist()]
    assert ours_missing == expected["token"].isna().tolist()
    assert table.is_numeric("number") and expected["number"].dtype.kind == "f"
    np.testing.assert_array_equal(np.isnan(table["number"]), expected["number"].isna())
    np.testing.assert_array_equal(table["number"], expected["number"].to_numpy())


@pytest.mark.parametrize("reader", ["polars", "positional"])
def test_a_marker_with_spaces_around_it_is_missing_as_for_the_validator(
        tmp_path: Path, reader: str) -> None:
    # pandas compares markers exactly; the validator strips cells first, and what validate
    # accepts compute must read the same way: " NA", "NA " and a tab-only cell are missing.
    path = tmp_path / "spaced.csv"
    path.write_text("label,token,number\na, NA,1\nb,NA ,\t\nc,x,3\n", encoding="utf-8")
    table = (read_csv(path) if reader == "polars"
             else read_csv_positional(path, None, DEFAULT_NA_VALUES))
    assert table["token"].tolist() == [None, None, "x"]
    assert table.is_numeric("number")
    np.testing.assert_array_equal(np.isnan(table["number"]), [False, True, False])
