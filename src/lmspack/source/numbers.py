"""The one number reader: which texts are numbers, for the validator and every computation.

Python's ``float()`` reads far more than a CSV number: digits of every script
(``float("١٢") == 12.0``), underscores (``1_0``), ``infinity``. polars and numpy read
other sets. When validate and compute read the same cell differently, validate passes and
the build dies (a column of Arabic-Indic digits became text in the drift transforms). So a
number is what :data:`NUMBER_PATTERN` says, ASCII only, and every reader asks this module:
``lmspack.source.csvfile`` (validate), ``lmspack.stats.csvscan`` and ``lmspack.stats.table``
(compute; the polars reader applies the same pattern, as a Rust regex, to each distinct text).

A number must also be *usable*: finite, and no larger in magnitude than
:data:`NUMBER_LIMIT`, so that the squares, sums and products the statistics form stay
finite (``-1e308`` passed validate, then numpy's variance overflowed and printed a
``RuntimeWarning``). ``inf``, ``-inf`` and ``nan`` are numbers to the reader (a numeric
column may hold them; the drift engine drops them as Evidently does) but never a usable
value where one is meant: a CSV cell the validator checks, or a widget setting.
"""

from __future__ import annotations

import math
import re
from typing import Annotated

from pydantic import Field

NUMBER_LIMIT = 1e50
"""Largest magnitude of a number in course data (CSV cells, widget settings). Squared,
1e100; summed over a billion rows, 1e109: far from float64's 1.8e308."""

FINITE_PATTERN = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
NON_FINITE_PATTERN = r"[+-]?(?:[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])"
NUMBER_PATTERN = f"^(?:{FINITE_PATTERN}|{NON_FINITE_PATTERN})$"
"""A number as written in a CSV cell (after the spaces and tabs around it are stripped):
ASCII digits with an optional sign, point and exponent, or ``inf``/``infinity``/``nan``
in any case. The same text in Python's ``re`` and polars' (Rust) regex engine."""

SPACES = " \t"
"""The one set of characters stripped from a CSV cell before it is read, by the validator
and every reader alike (a tab-only cell is empty): spaces and tabs, nothing else. A
no-break space or a control character is part of the cell (Python's ``str.strip()`` and
polars' ``strip_chars()`` disagree on which characters are white space)."""

_NUMBER = re.compile(NUMBER_PATTERN)

FiniteFloat = Annotated[float, Field(allow_inf_nan=False, ge=-NUMBER_LIMIT, le=NUMBER_LIMIT)]
"""A widget setting that is a number: finite and within :data:`NUMBER_LIMIT`."""


def read_number(text: str | bytes) -> float | None:
    """The number ``text`` spells (``inf`` and ``nan`` included), or None if it is none."""
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            return None
    text = text.strip(SPACES)
    return float(text) if _NUMBER.match(text) else None


def number_problem(text: str) -> str | None:
    """Why ``text`` is not a usable number (None when it is one), worded for a diagnostic."""
    number = read_number(text)
    if number is None:
        return "is not a number (digits 0-9, with an optional sign, point and exponent)"
    if not math.isfinite(number):
        return "is not a finite number"
    if abs(number) > NUMBER_LIMIT:
        return f"is too large: numbers in course data lie within \u00b1{NUMBER_LIMIT:g}"
    return None


def usable_number(text: str) -> float | None:
    """The number ``text`` spells if it is usable (finite, within the limit), else None."""
    return float(text.strip(SPACES)) if number_problem(text) is None else None


def number_label(number: float) -> str:
    """A number as a category: integral without a decimal point (``3.0`` is ``"3"``), other
    finite numbers as their shortest round-trip ``repr``."""
    if math.isfinite(number) and number == math.trunc(number):
        return str(int(number))
    return repr(number)


def category_of_text(text: str) -> str:
    """The category a cell's text stands for, as the drift engine compares categories: a
    finite number by its :func:`number_label` (``" 1"``, ``"1.0"`` and ``"1"`` are one
    category), any other text exactly as written."""
    number = read_number(text)
    return text if number is None or not math.isfinite(number) else number_label(number)
