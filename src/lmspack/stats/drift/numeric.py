"""Numerical columns: every statistic from one sort per sample.

Each sample is sorted once. The pooled sorted sample (a linear merge of the two sorted
runs) and the two empirical CDFs evaluated on it serve K-S and Wasserstein; the
Sturges, per-value and decile bin counts are binary searches into the sorted samples.
The arithmetic is the one scipy and numpy use, in the same order, so K-S D and the
Wasserstein distance are bit-identical to ``ks_2samp`` and ``wasserstein_distance``
and the bin counts to ``np.histogram``.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import numpy.typing as npt
from scipy import stats

from lmspack.stats.drift.binned import Binning, FloatArray, IntArray
from lmspack.stats.drift.kinds import category_label

KS_EXACT_MAX_N = 10_000
"""``ks_2samp(method="auto")`` is exact when both samples have at most this many values."""

PER_VALUE_MAX_DISTINCT = 20
"""Reference columns with at most this many distinct values get one bin per value."""

WASSERSTEIN_MIN_STD = 0.001
"""The normalising std is clamped to at least this (Evidently)."""


def clean_numeric(values: npt.ArrayLike) -> tuple[FloatArray, int, int]:
    """Finite float64 values, the number dropped as missing, and how many were non-numbers.

    NaN, None, +inf and -inf are missing (Evidently turns infinities into NaN before
    dropping NaN). Values that do not convert to a number are missing too, and counted
    separately so the record can say so.
    """
    array = np.asarray(values)
    non_numeric = 0
    if array.dtype.kind in "biuf":
        x = array.astype(np.float64, copy=False).ravel()
    else:
        x, non_numeric = _floats_from_objects(array.ravel().tolist())
    finite = x[np.isfinite(x)]
    return finite, int(x.size - finite.size), non_numeric


def _floats_from_objects(items: list[object]) -> tuple[FloatArray, int]:
    try:  # numbers, numeric strings and None (-> NaN) convert in one C loop
        return np.array(items, dtype=np.float64), 0
    except (TypeError, ValueError):
        pass
    out = np.empty(len(items), dtype=np.float64)
    bad = 0
    for i, item in enumerate(items):
        try:
            out[i] = np.nan if item is None else float(item)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            out[i] = np.nan
            bad += 1
    return out, bad


class NumericPair:
    """The cleaned reference and current samples of one column, sorted once."""

    def __init__(self, reference: FloatArray, current: FloatArray) -> None:
        self.reference = reference
        self.current = current
        self.ref_sorted = np.sort(reference)
        self.cur_sorted = np.sort(current)

    @cached_property
    def pooled(self) -> FloatArray:
        """R and C together, sorted."""
        # Timsort finds the two sorted runs, so this is a linear merge, not a sort.
        both = np.concatenate((self.ref_sorted, self.cur_sorted))
        both.sort(kind="stable")
        return both

    @cached_property
    def cdf_gap(self) -> FloatArray:
        """F_R(x) - F_C(x) at every pooled value x, rounded exactly as scipy rounds it."""
        gap = np.searchsorted(self.ref_sorted, self.pooled, side="right") / self.ref_sorted.size
        gap -= np.searchsorted(self.cur_sorted, self.pooled, side="right") / self.cur_sorted.size
        return gap

    @cached_property
    def n_distinct_reference(self) -> int:
        return 1 + int(np.count_nonzero(self.ref_sorted[1:] != self.ref_sorted[:-1]))

    @cached_property
    def distinct_pooled(self) -> FloatArray:
        pooled = self.pooled
        return pooled[np.concatenate(([True], pooled[1:] != pooled[:-1]))]

    def ks(self) -> tuple[float, float]:
        """K-S statistic D and p-value, as ``ks_2samp(R, C)`` (two-sided, method auto).

        For small samples scipy's exact path (lattice-path counting, with D rounded to
        the lattice) is scipy's own code, so it is called on the sorted samples, which
        costs little at that size. Above ``KS_EXACT_MAX_N`` the asymptotic p-value
        needs only D, which comes from the shared CDF gap.
        """
        n1, n2 = self.ref_sorted.size, self.cur_sorted.size
        if max(n1, n2) <= KS_EXACT_MAX_N:
            result = stats.ks_2samp(self.ref_sorted, self.cur_sorted)
            return float(result.statistic), float(result.pvalue)
        gap = self.cdf_gap
        d = max(float(gap.max()), float(np.clip(-gap.min(), 0, 1)))
        m, n = sorted((float(n1), float(n2)), reverse=True)
        en = m * n / (m + n)
        return d, float(np.clip(stats.kstwo.sf(d, np.round(en)), 0, 1))

    def wasserstein(self) -> float:
        """W1: the area between the two empirical CDFs (``wasserstein_distance``)."""
        deltas = np.diff(self.pooled)
        return float(np.vecdot(np.abs(self.cdf_gap[:-1]), deltas))

    def reference_std(self) -> float:
        """Population std (ddof 0) of the reference, in its original order."""
        return float(np.std(self.reference))

    @cached_property
    def evidently_binning(self) -> Binning:
        """Sturges bins of the pooled sample, or one bin per value (<= 20 distinct in R)."""
        if self.n_distinct_reference > PER_VALUE_MAX_DISTINCT:
            edges = np.histogram_bin_edges(self.pooled, bins="sturges")
            return self._interval_binning(edges)
        return self.per_value_binning()

    def per_value_binning(self) -> Binning:
        values = self.distinct_pooled
        floats = tuple(float(v) for v in values)
        return Binning(
            labels=tuple(str(category_label(v)) for v in floats),
            edges_lo=floats,
            edges_hi=floats,
            ref_counts=_value_counts(self.ref_sorted, values),
            cur_counts=_value_counts(self.cur_sorted, values),
        )

    def decile_binning(self) -> Binning:
        """Bins at the reference deciles with open outer edges (spec §2.4).

        Heavy ties can collapse the deciles; with fewer than two bins left, every value
        gets its own bin instead (a single bin would make PSI 0 whatever the data).
        """
        edges = np.unique(np.quantile(self.ref_sorted, np.linspace(0.0, 1.0, 11)))
        if edges.size < 3:
            return self.per_value_binning()
        edges[0], edges[-1] = -np.inf, np.inf
        return self._interval_binning(edges)

    def _interval_binning(self, edges: FloatArray) -> Binning:
        lo = tuple(float(e) for e in edges[:-1])
        hi = tuple(float(e) for e in edges[1:])
        last = len(lo) - 1
        labels = tuple(
            f"[{a:.4g}, {b:.4g}{']' if i == last else ')'}"
            for i, (a, b) in enumerate(zip(lo, hi, strict=True))
        )
        return Binning(
            labels=labels,
            edges_lo=lo,
            edges_hi=hi,
            ref_counts=_histogram_counts(self.ref_sorted, edges),
            cur_counts=_histogram_counts(self.cur_sorted, edges),
        )


def _histogram_counts(sorted_values: FloatArray, edges: FloatArray) -> IntArray:
    """``np.histogram(values, edges)[0]`` for sorted values: [e_j, e_j+1), last closed."""
    cumulative = np.concatenate(
        (
            np.searchsorted(sorted_values, edges[:-1], side="left"),
            np.searchsorted(sorted_values, edges[-1:], side="right"),
        )
    )
    return np.diff(cumulative).astype(np.int64)


def _value_counts(sorted_values: FloatArray, values: FloatArray) -> IntArray:
    right = np.searchsorted(sorted_values, values, side="right")
    left = np.searchsorted(sorted_values, values, side="left")
    return (right - left).astype(np.int64)
