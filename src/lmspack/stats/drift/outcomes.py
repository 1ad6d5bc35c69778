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
from lmspack.stats.drift.notes import NotePart, note, plural_note
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
    notes: list[NotePart] = field(default_factory=list)

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
    notes: tuple[NotePart, ...] = ()


def _psi(column: PreparedColumn) -> Outcome:
    binning = column.binning()
    value, r, c, terms = binned.psi(binning)
    bins = binned.bin_shares(binning, (r, c), terms)
    return Outcome(value, bins=bins, notes=_binning_note(column, smoothed=True))


def _psi_deciles(column: PreparedColumn) -> Outcome:
    assert column.numeric is not None
    binning = column.numeric.decile_binning()
    value, r, c, terms = binned.psi(binning)
    return Outcome(value, bins=binned.bin_shares(binning, (r, c), terms))


def _kl_div(column: PreparedColumn) -> Outcome:
    binning = column.binning()
    value, r, c = binned.kl_divergence(binning)
    bins = binned.bin_shares(binning, (r, c))
    return Outcome(value, bins=bins, notes=_binning_note(column, smoothed=True))


def _jensenshannon(column: PreparedColumn) -> Outcome:
    binning = column.binning()
    value = binned.jensenshannon(binning)
    return Outcome(value, bins=binned.bin_shares(binning), notes=_binning_note(column))


def _wasserstein(column: PreparedColumn) -> Outcome:
    assert column.numeric is not None
    std = column.numeric.reference_std()
    value = column.numeric.wasserstein() / max(std, WASSERSTEIN_MIN_STD)
    notes: tuple[NotePart, ...] = ()
    if std == 0:
        notes = (note("reference has zero variance: the distance is divided by 0.001"),)
    elif std < WASSERSTEIN_MIN_STD:
        notes = (note("reference std is below 0.001: the distance is divided by 0.001"),)
    return Outcome(value, notes=notes)


def _ks(column: PreparedColumn) -> Outcome:
    assert column.numeric is not None
    d, p = column.numeric.ks()
    exact = max(column.n_reference, column.n_current) <= KS_EXACT_MAX_N
    return Outcome(d, p, notes=(note("exact p-value") if exact else note("asymptotic p-value"),))


def _chisquare(column: PreparedColumn) -> Outcome:
    assert column.categories is not None
    statistic, p = chisquare_gof(column.categories)
    notes = _category_note(column)
    if len(column.categories.labels) == 1:
        notes = (note("n/a (single category): chi-square has no degrees of freedom"),)
    elif p == 0.0 and statistic == float("inf"):
        new = tuple(column.categories.only_in_current()[:_MAX_NAMED])
        notes = (note("category %(categories)s only in current: expected count 0, so "
                      "X² = ∞ and p = 0", categories=new),)
    return Outcome(statistic, p, binned.bin_shares(column.categories.binning()), notes)


def _z(column: PreparedColumn) -> Outcome:
    counts = column.categories
    assert counts is not None
    z, p = z_test(counts)
    notes = _category_note(column)
    if z is None:
        notes = (note("both samples hold the single value %(label)r: p = 1",
                      label=counts.labels[0]),)
    elif len(counts.labels) > 2:
        notes = (note("z-test compares %(label)r against all other categories together",
                      label=counts.labels[0]),)
    return Outcome(z, p, binned.bin_shares(counts.binning()), notes)


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


def _binning_note(column: PreparedColumn, smoothed: bool = False) -> tuple[NotePart, ...]:
    """Say how a numeric column was binned; name categories seen in one sample only."""
    if column.numeric is not None:
        if column.numeric.n_distinct_reference > PER_VALUE_MAX_DISTINCT:
            return ()
        return (note("one bin per value (at most %(num)s distinct reference values)",
                     num=PER_VALUE_MAX_DISTINCT),)
    return _category_note(column, smoothed)


def _category_note(column: PreparedColumn, smoothed: bool = False) -> tuple[NotePart, ...]:
    """Name categories seen in only one sample (the widget's teaching point)."""
    counts = column.categories
    if counts is None:
        return ()
    parts = []
    n_cur = counts.n_current
    new = counts.only_in_current()
    if new:
        shares = dict(zip(counts.labels, counts.cur_counts.tolist(), strict=True))
        named = tuple(note("%(label)r (%(share)s%% of current)", label=lab,
                           share=100 * shares[lab] / n_cur) for lab in new[:_MAX_NAMED])
        parts.append(note("new category %(categories)s", categories=named)
                     if len(new) <= _MAX_NAMED else
                     plural_note("new category %(categories)s and %(num)s more",
                                 "new category %(categories)s and %(num)s more", "num",
                                 categories=named, num=len(new) - _MAX_NAMED))
    gone = counts.only_in_reference()
    if gone:
        labels = tuple(gone[:_MAX_NAMED])
        parts.append(note("category %(categories)s absent from current", categories=labels)
                     if len(gone) <= _MAX_NAMED else
                     plural_note("category %(categories)s and %(num)s more absent from current",
                                 "category %(categories)s and %(num)s more absent from current",
                                 "num", categories=labels, num=len(gone) - _MAX_NAMED))
    if parts and smoothed:
        parts.append(note(
            "zero shares are smoothed to a small epsilon, which sets the size of the value"
        ))
    return tuple(parts)
