"""Numerical columns: every statistic from one sort per sample.

Each sample is sorted once. The pooled sorted sample (a linear merge of the two sorted
runs) and the two empirical CDFs evaluated on it serve K-S and Wasserstein; the
Sturges, per-value and decile bin counts are binary searches into the sorted samples.
The arithmetic is the one scipy and numpy use, in the same order, so K-S D and the
Wasserstein distance are bit-identical to ``ks_2samp`` and ``wasserstein_distance``
and the bin counts to ``np.histogram``.
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from lmspack.source.numbers import NUMBER_LIMIT, read_number
from lmspack.stats.drift.binned import Binning, FloatArray, IntArray
from lmspack.stats.drift.kinds import category_label
from lmspack.stats.drift.kstail import kstwo_sf

KS_EXACT_MAX_N = 10_000
"""``ks_2samp(method="auto")`` is exact when both samples have at most this many values."""

PER_VALUE_MAX_DISTINCT = 20
"""Reference columns with at most this many distinct values get one bin per value."""

WASSERSTEIN_MIN_STD = 0.001
"""The normalising std is clamped to at least this (Evidently)."""

_STEP_SLICE = 1 << 16  # distinct values per slice when computing the CDF gaps
_PARALLEL_SORT_MIN = 200_000  # values in both samples from which they sort in two threads


def clean_numeric(values: npt.ArrayLike, own: bool = False) -> tuple[FloatArray, int, int]:
    """Finite float64 values, the number dropped as missing, and how many were non-numbers.

    NaN, None, +inf and -inf are missing (Evidently turns infinities into NaN before
    dropping NaN), and so are values beyond lmspack's documented ±1e50
    (:data:`lmspack.source.numbers.NUMBER_LIMIT`; ``lmspack validate`` refuses them in a
    course): their squares and spreads overflow float64. Values that do not convert to a
    number (:func:`lmspack.source.numbers.read_number`) are missing too, and counted
    separately so the record can say so.

    The result is always an array the caller may change (sort in place): a copy, or,
    with ``own`` (the caller owns ``values`` and gives it up), ``values`` itself when
    nothing is dropped from a float64 array.
    """
    array = np.asarray(values)
    non_numeric = 0
    if array.dtype.kind in "biuf":
        x = array.astype(np.float64, copy=False).ravel()
    else:
        x, non_numeric = _floats_from_objects(array.ravel().tolist())
    # NaN compares false and the infinities lie beyond the limit: this is
    # isfinite(x) & (abs(x) <= NUMBER_LIMIT), without a float temporary
    kept = (x >= -NUMBER_LIMIT) & (x <= NUMBER_LIMIT)
    n_kept = int(np.count_nonzero(kept))
    if n_kept == x.size and (own or not np.may_share_memory(x, array)):
        return x, 0, non_numeric
    finite = x[kept]
    return finite, int(x.size - finite.size), non_numeric


def _floats_from_objects(items: list[object]) -> tuple[FloatArray, int]:
    if not any(isinstance(item, (str, bytes)) for item in items):
        try:  # numbers and None (-> NaN) convert in one C loop
            return np.array(items, dtype=np.float64), 0
        except (TypeError, ValueError):
            pass  # texts are read by the one number reader, below
    out = np.empty(len(items), dtype=np.float64)
    bad = 0
    for i, item in enumerate(items):
        number = read_number(item) if isinstance(item, (str, bytes)) else \
            _real(item)
        out[i] = np.nan if number is None else number
        bad += item is not None and number is None
    return out, bad


def _real(item: object) -> float | None:
    if item is None:
        return None
    try:
        return float(item)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class NumericPair:
    """The cleaned reference and current samples of one column, sorted once.

    The samples are sorted in place: they must be the engine's own copies (as
    :func:`clean_numeric` returns). The reference's std is taken first, in its original order,
    which is the order numpy sums it in for ``np.std``.
    """

    def __init__(self, reference: FloatArray, current: FloatArray) -> None:
        self._reference_std = float(np.std(reference))
        if current is reference:
            current = current.copy()
        if reference.size + current.size >= _PARALLEL_SORT_MIN:
            # numpy's sort releases the GIL: the two samples sort on two cores
            other = threading.Thread(target=current.sort)
            other.start()
            reference.sort()
            other.join()
        else:
            reference.sort()
            current.sort()
        self.ref_sorted = reference
        self.cur_sorted = current

    @cached_property
    def _steps(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The distinct pooled values, F_R - F_C at each of them, and the Sturges edges.

        Both empirical CDFs only change at distinct values, so K-S and Wasserstein need
        them there alone. The counts are those ``searchsorted(..., side="right")`` gives
        scipy, divided the same way, so the gaps are bit for bit scipy's. The pooled
        sample (R and C together, sorted: the stable sort merges the two sorted runs) lives
        only here; the gaps are computed a slice at a time.
        """
        ref, cur = self.ref_sorted, self.cur_sorted
        pooled = np.concatenate((ref, cur))
        pooled.sort(kind="stable")
        edges = np.histogram_bin_edges(pooled, bins="sturges")
        # Where each reference value lands in the merge (its rank in R plus the current
        # values below it): a running count of those places is #R <= x along the pool.
        places = np.searchsorted(cur, ref, side="left")
        places += np.arange(ref.size)
        is_ref = np.zeros(pooled.size, dtype=bool)
        is_ref[places] = True
        del places
        ref_before: npt.NDArray[np.signedinteger[Any]] = np.cumsum(
            is_ref, dtype=np.int32 if pooled.size < 2**31 else np.int64)
        del is_ref
        is_last = np.empty(pooled.size, dtype=bool)
        np.not_equal(pooled[1:], pooled[:-1], out=is_last[:-1])
        is_last[-1] = True
        last = np.flatnonzero(is_last)
        del is_last
        values = pooled[last]
        del pooled
        gap = np.empty(values.size)
        for lo in range(0, values.size, _STEP_SLICE):
            at = last[lo : lo + _STEP_SLICE]
            ref_count = ref_before[at]
            cur_count = at + 1 - ref_count
            np.subtract(ref_count / ref.size, cur_count / cur.size, out=gap[lo : lo + at.size])
        return values, gap, edges

    @cached_property
    def n_distinct_reference(self) -> int:
        return 1 + int(np.count_nonzero(self.ref_sorted[1:] != self.ref_sorted[:-1]))

    @property
    def distinct_pooled(self) -> FloatArray:
        return self._steps[0]

    def ks(self) -> tuple[float, float]:
        """K-S statistic D and p-value, as ``ks_2samp(R, C)`` (two-sided, method auto).

        For small samples scipy's exact path (lattice-path counting, with D rounded to
        the lattice) is scipy's own code, so it is called on the sorted samples, which
        costs little at that size. Above ``KS_EXACT_MAX_N`` the asymptotic p-value
        needs only D, which comes from the CDF gaps (:func:`kstwo_sf`).
        """
        n1, n2 = self.ref_sorted.size, self.cur_sorted.size
        if max(n1, n2) <= KS_EXACT_MAX_N:
            from scipy import stats  # small samples only: its import costs 0.6 s

            result = stats.ks_2samp(self.ref_sorted, self.cur_sorted)
            return float(result.statistic), float(result.pvalue)
        gap = self._steps[1]
        d = max(float(gap.max()), float(np.clip(-gap.min(), 0, 1)))
        m, n = sorted((float(n1), float(n2)), reverse=True)
        en = m * n / (m + n)
        return d, float(np.clip(kstwo_sf(d, int(np.round(en))), 0, 1))

    def wasserstein(self) -> float:
        """W1: the area between the two empirical CDFs (``wasserstein_distance``)."""
        values, gap, _ = self._steps
        deltas = np.diff(values)
        return float(np.vecdot(np.abs(gap[:-1]), deltas))

    def reference_std(self) -> float:
        """Population std (ddof 0) of the reference, in its original order."""
        return self._reference_std

    @cached_property
    def evidently_binning(self) -> Binning:
        """Sturges bins of the pooled sample, or one bin per value (<= 20 distinct in R)."""
        if self.n_distinct_reference > PER_VALUE_MAX_DISTINCT:
            return self._interval_binning(self._steps[2])
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
