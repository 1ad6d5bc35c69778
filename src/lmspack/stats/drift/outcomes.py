"""What each method computes for one prepared feature, and the notes it adds.

``PreparedColumn`` is a feature after cleaning, holding the engine that serves all
its methods (one sort per numeric sample, one count per categorical sample);
``COMPUTE`` maps each method name to the function that produces its ``Outcome``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lmspack.stats.drift import binned
from lmspack.stats.drift.binned import Binning
from lmspack.stats.drift.categorical import (
    CategoryCounts,
    chi2_homogeneity,
    chisquare_gof,
    z_test,
)
from lmspack.stats.drift.kinds import FeatureKind
from lmspack.stats.drift.numeric import (
    KS_EXACT_MAX_N,
    PER_VALUE_MAX_DISTINCT,
    WASSERSTEIN_MIN_STD,
    NumericPair,
)
from lmspack.stats.drift.record import BinShare

_MAX_NAMED = 3  # categories named in a note before "and N more"


@dataclass
class PreparedColumn:
    """A feature after cleaning: sizes, notes, and the engine that serves its methods."""

    feature: str
    kind: FeatureKind
    n_reference: int
    n_current: int
    n_missing_reference: int
    n_missing_current: int
    numeric: NumericPair | None = None
    categories: CategoryCounts | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.n_reference == 0 or self.n_current == 0

    @property
    def n_unique(self) -> int:
        """Distinct values of R and C together (0 when a sample is empty)."""
        if self.numeric is not None:
            return int(self.numeric.distinct_pooled.size)
        return 0 if self.categories is None else len(self.categories.labels)

    def binning(self) -> Binning:
        if self.numeric is not None:
            return self.numeric.evidently_binning
        assert self.categories is not None
        return self.categories.binning()


@dataclass(frozen=True)
class Outcome:
    """What one method computed, before the drift rule is applied."""

    statistic: float | None
    p_value: float | None = None
    bins: tuple[BinShare, ...] | None = None
    note: str | None = None


def _psi(column: PreparedColumn) -> Outcome:
    binning = column.binning()
    value, r, c, terms = binned.psi(binning)
    bins = binned.bin_shares(binning, (r, c), terms)
    return Outcome(value, bins=bins, note=_binning_note(column, smoothed=True))


def _psi_deciles(column: PreparedColumn) -> Outcome:
    assert column.numeric is not None
    binning = column.numeric.decile_binning()
    value, r, c, terms = binned.psi(binning)
    return Outcome(value, bins=binned.bin_shares(binning, (r, c), terms))


def _kl_div(column: PreparedColumn) -> Outcome:
    binning = column.binning()
    value, r, c = binned.kl_divergence(binning)
    bins = binned.bin_shares(binning, (r, c))
    return Outcome(value, bins=bins, note=_binning_note(column, smoothed=True))


def _jensenshannon(column: PreparedColumn) -> Outcome:
    binning = column.binning()
    value = binned.jensenshannon(binning)
    return Outcome(value, bins=binned.bin_shares(binning), note=_binning_note(column))


def _wasserstein(column: PreparedColumn) -> Outcome:
    assert column.numeric is not None
    std = column.numeric.reference_std()
    value = column.numeric.wasserstein() / max(std, WASSERSTEIN_MIN_STD)
    note = None
    if std == 0:
        note = "reference has zero variance: the distance is divided by 0.001"
    elif std < WASSERSTEIN_MIN_STD:
        note = "reference std is below 0.001: the distance is divided by 0.001"
    return Outcome(value, note=note)


def _ks(column: PreparedColumn) -> Outcome:
    assert column.numeric is not None
    d, p = column.numeric.ks()
    exact = max(column.n_reference, column.n_current) <= KS_EXACT_MAX_N
    return Outcome(d, p, note="exact p-value" if exact else "asymptotic p-value")


def _chisquare(column: PreparedColumn) -> Outcome:
    assert column.categories is not None
    statistic, p = chisquare_gof(column.categories)
    note = _category_note(column)
    if len(column.categories.labels) == 1:
        note = "n/a (single category): chi-square has no degrees of freedom"
    elif p == 0.0 and statistic == float("inf"):
        new = ", ".join(repr(lab) for lab in column.categories.only_in_current()[:_MAX_NAMED])
        note = f"category {new} only in current: expected count 0, so X² = ∞ and p = 0"
    return Outcome(statistic, p, binned.bin_shares(column.categories.binning()), note)


def _z(column: PreparedColumn) -> Outcome:
    counts = column.categories
    assert counts is not None
    z, p = z_test(counts)
    note = _category_note(column)
    if z is None:
        note = f"both samples hold the single value {counts.labels[0]!r}: p = 1"
    elif len(counts.labels) > 2:
        note = f"z-test compares {counts.labels[0]!r} against all other categories together"
    return Outcome(z, p, binned.bin_shares(counts.binning()), note)


def _chi2_homogeneity(column: PreparedColumn) -> Outcome:
    assert column.categories is not None
    statistic, p = chi2_homogeneity(column.categories)
    return Outcome(statistic, p, binned.bin_shares(column.categories.binning()))


COMPUTE: dict[str, Callable[[PreparedColumn], Outcome]] = {
    "psi": _psi,
    "kl_div": _kl_div,
    "jensenshannon": _jensenshannon,
    "wasserstein": _wasserstein,
    "ks": _ks,
    "chisquare": _chisquare,
    "z": _z,
    "psi_deciles": _psi_deciles,
    "chi2_homogeneity": _chi2_homogeneity,
}


def _binning_note(column: PreparedColumn, smoothed: bool = False) -> str | None:
    """Say how a numeric column was binned; name categories seen in one sample only."""
    if column.numeric is not None:
        if column.numeric.n_distinct_reference > PER_VALUE_MAX_DISTINCT:
            return None
        return f"one bin per value (at most {PER_VALUE_MAX_DISTINCT} distinct reference values)"
    return _category_note(column, smoothed)


def _category_note(column: PreparedColumn, smoothed: bool = False) -> str | None:
    """Name categories seen in only one sample (the widget's teaching point)."""
    counts = column.categories
    if counts is None:
        return None
    parts = []
    n_cur = counts.n_current
    new = counts.only_in_current()
    if new:
        shares = dict(zip(counts.labels, counts.cur_counts.tolist(), strict=True))
        named = ", ".join(
            f"{lab!r} ({100 * shares[lab] / n_cur:.3g}% of current)" for lab in new[:_MAX_NAMED]
        )
        parts.append(f"new category {named}{_more(new)}")
    gone = counts.only_in_reference()
    if gone:
        named = ", ".join(repr(lab) for lab in gone[:_MAX_NAMED])
        parts.append(f"category {named}{_more(gone)} absent from current")
    if parts and smoothed:
        parts.append(
            "zero shares are smoothed to a small epsilon, which sets the size of the value"
        )
    return "; ".join(parts) or None


def _more(labels: list[str]) -> str:
    return f" and {len(labels) - _MAX_NAMED} more" if len(labels) > _MAX_NAMED else ""
