"""Categorical columns: one counting pass per sample, then every test from the counts.

Counting goes through ``np.unique`` for numeric arrays and a ``Counter`` (hashing,
no sorting) for string/object arrays; only the distinct values are then turned into
canonical labels, so a million rows cost one pass, not a million label conversions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from lmspack.stats.drift.binned import Binning, IntArray
from lmspack.stats.drift.kinds import category_label, label_sort_key
from lmspack.stats.tablebase import Coded


@dataclass(frozen=True)
class CategoryCounts:
    """Counts of both samples over the union of their categories, in display order."""

    labels: tuple[str, ...]
    ref_counts: IntArray
    cur_counts: IntArray

    @property
    def n_reference(self) -> int:
        return int(self.ref_counts.sum())

    @property
    def n_current(self) -> int:
        return int(self.cur_counts.sum())

    def binning(self) -> Binning:
        """One bin per category (Evidently's binning for categorical columns)."""
        none = tuple(None for _ in self.labels)
        return Binning(self.labels, none, none, self.ref_counts, self.cur_counts)

    def only_in_current(self) -> list[str]:
        return [lab for lab, n in zip(self.labels, self.ref_counts, strict=True) if n == 0]

    def only_in_reference(self) -> list[str]:
        return [lab for lab, n in zip(self.labels, self.cur_counts, strict=True) if n == 0]


def count_categories(
    reference: npt.ArrayLike | Coded, current: npt.ArrayLike | Coded
) -> tuple[CategoryCounts, int, int]:
    """Category counts of both samples plus the number of missing values in each.

    A :class:`~lmspack.stats.tablebase.Coded` sample (a text column as the table reader
    encoded it) is counted with one ``bincount``.
    """
    ref, ref_missing = _label_counts(reference)
    cur, cur_missing = _label_counts(current)
    labels = tuple(sorted(set(ref) | set(cur), key=label_sort_key))
    counts = CategoryCounts(
        labels,
        np.array([ref.get(lab, 0) for lab in labels], dtype=np.int64),
        np.array([cur.get(lab, 0) for lab in labels], dtype=np.int64),
    )
    return counts, ref_missing, cur_missing


def _label_counts(values: npt.ArrayLike | Coded) -> tuple[dict[str, int], int]:
    if isinstance(values, Coded):
        present, missing = values.counts()
        return _labelled(present, missing)
    array = np.asarray(values).ravel()
    raw: dict[object, int]
    if array.dtype.kind in "biufSU":
        if array.dtype.kind == "f":
            array = array[~np.isnan(array)]
        uniques, counts = np.unique(array, return_counts=True)
        raw = dict(zip(uniques.tolist(), counts.tolist(), strict=True))
    else:
        raw = dict(Counter(array.tolist()))
    return _labelled(raw, int(array.size) - sum(raw.values()))


def _labelled(raw: Mapping[Any, int], missing: int) -> tuple[dict[str, int], int]:
    """Merge distinct raw values into canonical labels; ``None``/NaN add to ``missing``."""
    labelled: dict[str, int] = {}
    for value, count in raw.items():
        label = category_label(value)
        if label is None:
            missing += count
        else:
            labelled[label] = labelled.get(label, 0) + count
    return labelled, missing


def chisquare_gof(counts: CategoryCounts) -> tuple[float, float]:
    """Evidently's chi-square: current counts against reference shares scaled to n_C.

    A category seen only in current has expected count 0: X² is +inf and p is 0,
    decided here rather than through scipy's divide-by-zero warning. With a single
    category there are no degrees of freedom and p is NaN (never drift).
    """
    f_exp = counts.ref_counts * (counts.n_current / counts.n_reference)
    f_obs = counts.cur_counts.astype(np.float64)
    if np.any((f_exp == 0) & (f_obs > 0)):
        return math.inf, 0.0
    statistic = float(np.sum((f_obs - f_exp) ** 2 / f_exp))
    if len(counts.labels) < 2:
        return statistic, math.nan
    return statistic, float(special.chdtrc(len(counts.labels) - 1, statistic))


def z_test(counts: CategoryCounts) -> tuple[float | None, float]:
    """Evidently's two-proportion z-test: the first category against all the others.

    Both samples holding the same single value give p = 1 and no z (0/0).
    """
    if len(counts.labels) == 1:
        return None, 1.0
    n1, n2 = counts.n_reference, counts.n_current
    # Share of "not the first category", with Evidently's exact float expressions.
    p1 = float(n1 - int(counts.ref_counts[0])) / n1
    p2 = float(n2 - int(counts.cur_counts[0])) / n2
    pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    return z, float(2 * (1 - special.ndtr(abs(z))))


def chi2_homogeneity(counts: CategoryCounts) -> tuple[float, float]:
    """``scipy.stats.chi2_contingency`` on the 2 x k table (defaults, so Yates for k = 2)."""
    if len(counts.labels) < 2:
        return 0.0, 1.0  # no degrees of freedom: scipy's own answer, without the call
    from scipy import stats  # only for this optional method: its import costs 0.6 s

    table = np.vstack((counts.ref_counts, counts.cur_counts))
    result = stats.chi2_contingency(table)
    return float(result.statistic), float(result.pvalue)
