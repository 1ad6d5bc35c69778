"""Feature kinds: Evidently's type inference and the category labels lmspack compares.

Categories are compared as canonical strings so that the same value spelled three ways
(``1``, ``1.0``, ``"1"``) is one category, whichever reader produced it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable
from typing import Literal

import numpy as np
import numpy.typing as npt

from lmspack.source.numbers import category_of_text, number_label, read_number
from lmspack.stats.tablebase import Coded

FeatureKind = Literal["numerical", "categorical"]
InferredKind = Literal["numerical", "categorical", "text"]

INTEGER_CARDINALITY_LIMIT = 10
"""Integer columns with at most this many distinct values are categorical (Evidently)."""

TEXT_DISTINCT_SHARE = 0.5
"""String columns whose distinct count exceeds this share of non-missing values are text."""

_SAMPLE = 10_000  # values looked at before paying for a full distinct count


def infer_kind(values: npt.ArrayLike | Coded) -> InferredKind:
    """Evidently's column type inference (``infer_column_type``) for one column.

    Numbers whose non-missing values are all integers with at most 10 distinct values
    are categorical; other numbers are numerical. Strings are text when more than half
    of the non-missing values are distinct, otherwise categorical. Booleans are
    categorical. Unlike pandas, a gap in an integer column does not turn it into
    floats: integrality is judged on the non-missing values only. A column with no
    values at all is numerical if it is a float array, else categorical, so that it
    still produces ``insufficient_data`` rows instead of disappearing.
    """
    if isinstance(values, Coded):  # text as the table reader encoded it
        present, _ = values.counts()
        return _string_kind(len(present), sum(present.values()))
    array = np.asarray(values)
    if array.dtype.kind == "b":
        return "categorical"
    if array.dtype.kind in "iuf":
        return _numeric_kind(array.astype(np.float64, copy=False))
    return _object_kind(array.ravel().tolist())


def _numeric_kind(x: npt.NDArray[np.float64]) -> InferredKind:
    present = x[~np.isnan(x)]
    if present.size == 0 or not _all_integers(present):
        return "numerical"
    if np.unique(present[:_SAMPLE]).size > INTEGER_CARDINALITY_LIMIT:
        return "numerical"
    few = np.unique(present).size <= INTEGER_CARDINALITY_LIMIT
    return "categorical" if few else "numerical"


def _all_integers(x: npt.NDArray[np.float64]) -> bool:
    return bool(np.all(np.isfinite(x)) and np.array_equal(x, np.trunc(x)))


def _object_kind(items: list[object]) -> InferredKind:
    counts = Counter(items)  # hashing in C; missing values are removed per distinct key
    for key in [k for k in counts if _is_missing(k)]:
        del counts[key]
    if not counts:
        return "categorical"
    keys = list(counts)
    if all(_is_plain_number(k) for k in keys):
        return _numeric_kind(np.array(keys, dtype=np.float64))
    if all(isinstance(k, (bool, np.bool_)) for k in keys):
        return "categorical"
    return _string_kind(len(keys), sum(counts.values()))


def _string_kind(n_distinct: int, n_present: int) -> InferredKind:
    if n_present == 0:
        return "categorical"
    return "text" if n_distinct > n_present * TEXT_DISTINCT_SHARE else "categorical"


def _is_plain_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def category_label(value: Hashable) -> str | None:
    """The canonical category of ``value``; ``None`` means missing.

    Integral numbers print without a decimal point and other finite numbers as their
    shortest round-trip ``repr``, whether they arrive as numbers or as numeric
    strings; ``"nan"``-like strings stay literal text. Other strings are kept
    exactly (no stripping or case folding).
    """
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else _number_label(float(value))
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        return category_of_text(value)
    return str(value)


def _number_label(x: float) -> str:
    return number_label(x)


def label_sort_key(label: str) -> tuple[int, float, str]:
    """Numbers first, in numeric order, then other labels in code-point order.

    This is also the order Evidently's z-test sorts values in (numbers or strings,
    never both in one column), so the first label is its reference category.
    """
    number = read_number(label)
    if number is not None and not math.isnan(number):
        return (0, number, label)
    return (1, 0.0, label)
