"""The one number reader (lmspack.source.numbers) and the readers that must agree with it."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from lmspack.source.numbers import NUMBER_LIMIT, number_problem, read_number, usable_number
from lmspack.stats.drift.numeric import clean_numeric
from lmspack.stats.table import read_csv

NUMBERS = {"1": 1.0, "-1.5e3": -1500.0, " 2\t": 2.0, ".5": 0.5, "5.": 5.0, "+.5E-3": 0.0005,
           "1e50": 1e50, "inf": math.inf, "-Infinity": -math.inf}
NOT_NUMBERS = ["1_0", "0x10", "1e", ".", "+", "", " ", "1,5", "1 2", "e5", "nan1", "\u00b2"]
OTHER_DIGITS = sorted({chr(c) for c in range(0x110000)
                       if unicodedata.category(chr(c)) == "Nd" and not chr(c).isascii()})


@pytest.mark.parametrize("text", list(NUMBERS))
def test_numbers_are_read(text: str) -> None:
    assert read_number(text) == NUMBERS[text]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_non_numbers_are_not(text: str) -> None:
    assert read_number(text) is None and number_problem(text) is not None


def test_no_digit_of_another_script_is_a_number() -> None:
    """float() reads every one of these (float("\u0661\u0662") == 12.0); lmspack reads
    none, in validate or compute, so a column of them is text for both."""
    assert len(OTHER_DIGITS) > 600
    for digit in OTHER_DIGITS:
        assert float(digit) == unicodedata.digit(digit)
        assert read_number(digit) is None and read_number("1" + digit) is None


def test_usable_numbers_are_finite_and_within_the_limit() -> None:
    assert usable_number("1e50") == 1e50 and usable_number("-1e50") == -1e50
    for text, problem in (("1e51", "too large"), ("-1e308", "too large"),
                          ("1E+999", "not a finite"), ("nan", "not a finite")):
        assert usable_number(text) is None
        assert problem in (number_problem(text) or "")


def test_the_table_readers_agree_with_the_reader(tmp_path: Path) -> None:
    """polars (a plain file), the positional reader (a quoted field) and numpy's byte
    parser all read the same column as text when one cell is not a number by the reader."""
    for bad in ("\u0661\u0662", "1_0"):
        for quote in ("", '"'):
            path = tmp_path / "t.csv"
            path.write_text(f"x\n1\n{quote}{bad}{quote}\n3\n", encoding="utf-8")
            table = read_csv(path)
            assert not table.is_numeric("x"), (bad, quote)
            assert any(repr(bad) in p.message for p in table.problems)


def test_the_drift_engine_drops_values_beyond_the_limit_as_it_drops_infinities() -> None:
    values, missing, non_numeric = clean_numeric(
        np.array([1.0, -1e308, 2.0, np.inf, 1e50, NUMBER_LIMIT * 10]))
    assert values.tolist() == [1.0, 2.0, 1e50] and (missing, non_numeric) == (3, 0)
    values, missing, non_numeric = clean_numeric(np.array(["1", "\u0661", None, "2"],
                                                          dtype=object))
    assert values.tolist() == [1.0, 2.0] and (missing, non_numeric) == (2, 1)
