"""One feature, many methods: cleaning, method resolution and the records.

``column_drift`` never raises for content problems: an empty sample gives
``insufficient_data`` rows (Evidently raises ``ValueError`` there), a method that does
not apply to the kind gives ``not_applicable`` rows (Evidently raises
``StatTestInvalidFeatureTypeError``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from lmspack.stats.drift.categorical import count_categories
from lmspack.stats.drift.kinds import FeatureKind
from lmspack.stats.drift.methods import (
    AUTO,
    METHODS,
    MethodSpec,
    default_method,
    panel_methods,
    psi_severity,
    resolve_thresholds,
)
from lmspack.stats.drift.notes import NotePart, english, note
from lmspack.stats.drift.numeric import NumericPair, clean_numeric
from lmspack.stats.drift.outcomes import COMPUTE, PreparedColumn
from lmspack.stats.drift.record import DriftRecord, Status
from lmspack.stats.tablebase import Coded


def column_drift(
    feature: str,
    reference: npt.ArrayLike,
    current: npt.ArrayLike,
    kind: FeatureKind,
    methods: Sequence[str] | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> list[DriftRecord]:
    """Drift records for one feature, one per method (``None``: the Drift Lab panel).

    ``methods`` may contain ``"auto"`` (Evidently's choice for this column) and the
    names in :data:`METHODS`. Unknown method names or kinds are usage errors
    (``ValueError``); problems with the data never raise.
    """
    records, _ = column_drift_with_default(feature, reference, current, kind, methods, thresholds)
    return records


def column_drift_with_default(
    feature: str,
    reference: npt.ArrayLike | Coded,
    current: npt.ArrayLike | Coded,
    kind: FeatureKind,
    methods: Sequence[str] | None = None,
    thresholds: Mapping[str, float] | None = None,
    include_auto: bool = False,
    own: bool = False,
) -> tuple[list[DriftRecord], str | None]:
    """``column_drift`` plus the name of Evidently's automatic method for this column.

    With ``include_auto`` the automatic method's record is appended when ``methods``
    does not already produce it (the dataset verdict needs it). The automatic method
    is only worked out when asked for (``include_auto`` or ``"auto"`` in ``methods``),
    because it needs the distinct count of both samples; otherwise ``None``.
    With ``own`` the caller gives the two arrays up: they may be sorted in place.
    """
    if kind not in ("numerical", "categorical"):
        raise ValueError(f"unknown feature kind {kind!r}")
    limits = resolve_thresholds(dict(thresholds or {}))
    column = _prepare(feature, reference, current, kind, own)
    wanted = include_auto or (methods is not None and AUTO in methods)
    auto = default_method(kind, column.n_reference, column.n_unique) if wanted else None
    names = _resolve_methods(methods, column, auto)
    if auto is not None and include_auto and auto not in names:
        names.append(auto)
    return [_record(column, METHODS[name], limits[name]) for name in names], auto


def _prepare(
    feature: str,
    reference: npt.ArrayLike | Coded,
    current: npt.ArrayLike | Coded,
    kind: FeatureKind,
    own: bool = False,
) -> PreparedColumn:
    if kind == "numerical":
        ref, ref_missing, ref_bad = clean_numeric(_plain(reference), own)
        cur, cur_missing, cur_bad = clean_numeric(_plain(current), own)
        column = PreparedColumn(feature, kind, ref.size, cur.size, ref_missing, cur_missing)
        if ref_bad or cur_bad:
            column.notes.append(note(
                "non-numeric values treated as missing: %(reference)s in reference, "
                "%(current)s in current", reference=int(ref_bad), current=int(cur_bad)
            ))
        if ref.size and cur.size:
            column.numeric = NumericPair(ref, cur)
        return column
    counts, ref_missing, cur_missing = count_categories(reference, current)
    column = PreparedColumn(
        feature, kind, counts.n_reference, counts.n_current, ref_missing, cur_missing
    )
    if not column.empty:
        column.categories = counts
    return column


def _plain(values: npt.ArrayLike | Coded) -> npt.ArrayLike:
    if isinstance(values, Coded):
        return np.array([*values.values, None], dtype=object)[values.codes]
    return values


def _resolve_methods(
    methods: Sequence[str] | None, column: PreparedColumn, auto: str | None
) -> list[str]:
    if methods is None:
        n_categories = column.n_unique if column.kind == "categorical" else 0
        return list(panel_methods(column.kind, n_categories))
    names = [auto if name == AUTO and auto else name for name in methods]
    unknown = sorted(set(names) - set(METHODS))
    if unknown:
        raise ValueError(f"unknown drift method(s): {', '.join(unknown)}")
    return list(dict.fromkeys(names))


def _record(column: PreparedColumn, spec: MethodSpec, threshold: float) -> DriftRecord:
    if spec.kinds.isdisjoint({column.kind}):
        return _empty_record(
            column, spec, threshold, "not_applicable", _not_applicable(column, spec)
        )
    if column.empty:
        return _empty_record(column, spec, threshold, "insufficient_data", _why_empty(column))
    outcome = COMPUTE[spec.name](column)
    score = outcome.statistic if spec.score == "statistic" else outcome.p_value
    assert score is not None
    is_psi = spec.name in ("psi", "psi_deciles")
    notes = (*column.notes, *outcome.notes)
    return DriftRecord(
        feature=column.feature,
        kind=column.kind,
        method=spec.name,
        statistic=outcome.statistic,
        p_value=outcome.p_value,
        score=score,
        threshold=threshold,
        comparison=spec.comparison,
        drift_detected=spec.detects(score, threshold),
        severity=psi_severity(score) if is_psi else None,
        n_reference=column.n_reference,
        n_current=column.n_current,
        n_missing_reference=column.n_missing_reference,
        n_missing_current=column.n_missing_current,
        bins=outcome.bins,
        status="ok",
        note=english(notes),
        note_parts=notes,
    )


def _empty_record(
    column: PreparedColumn, spec: MethodSpec, threshold: float, status: Status,
    why: NotePart,
) -> DriftRecord:
    notes = (*column.notes, why)
    return DriftRecord(
        feature=column.feature,
        kind=column.kind,
        method=spec.name,
        statistic=None,
        p_value=None,
        score=None,
        threshold=threshold,
        comparison=spec.comparison,
        drift_detected=None,
        severity=None,
        n_reference=column.n_reference,
        n_current=column.n_current,
        n_missing_reference=column.n_missing_reference,
        n_missing_current=column.n_missing_current,
        bins=None,
        status=status,
        note=english(notes),
        note_parts=notes,
    )


_EMPTY = {
    ("reference",): note("no non-missing values in reference: nothing to compare"),
    ("current",): note("no non-missing values in current: nothing to compare"),
    ("reference", "current"): note(
        "no non-missing values in reference and current: nothing to compare"),
}


def _why_empty(column: PreparedColumn) -> NotePart:
    empty = tuple(
        name
        for name, n in (("reference", column.n_reference), ("current", column.n_current))
        if n == 0
    )
    return _EMPTY[empty]


def _not_applicable(column: PreparedColumn, spec: MethodSpec) -> NotePart:
    kinds: str | tuple[NotePart, ...] = (
        (note(next(iter(spec.kinds))),) if len(spec.kinds) == 1
        else " or ".join(sorted(spec.kinds)))
    this = (note(column.kind),)
    if column.kind == "numerical" and spec.name in ("chisquare", "z"):
        # Evidently's automatic choice for small numerical columns with <= 5 values.
        return note("%(method)s applies to %(kinds)s features only; this feature is "
                    "%(kind)s (declare a column with so few values categorical)",
                    method=spec.label, kinds=kinds, kind=this)
    return note("%(method)s applies to %(kinds)s features only; this feature is %(kind)s",
                method=spec.label, kinds=kinds, kind=this)
