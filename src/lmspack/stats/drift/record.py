"""The output records of the drift engine and their strict-JSON form.

JSON has no NaN or infinity, and the payload must pass ``json.dumps(...,
allow_nan=False)``. The convention, used for every float field:

* finite floats are JSON numbers at full ``repr`` precision;
* NaN is ``null`` (the ``status`` and ``note`` fields say why a value is missing or
  undefined, e.g. a chi-square p-value with a single category);
* +infinity and -infinity are the strings ``"inf"`` and ``"-inf"`` (a chi-square
  statistic for a category seen only in current, the open outer edges of decile bins).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from lmspack.stats.drift.kinds import FeatureKind
from lmspack.stats.drift.methods import Comparison, Severity
from lmspack.stats.drift.notes import NotePart

Status = Literal["ok", "insufficient_data", "not_applicable"]
JSONFloat = float | str | None


def json_float(value: float | None) -> JSONFloat:
    """A float in the payload convention: number, ``null`` for NaN, ``"inf"``/``"-inf"``."""
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return float(value)


@dataclass(frozen=True)
class BinShare:
    """One bar of the widget: a bin or category with its shares in both samples.

    ``edge_lo``/``edge_hi`` are the numeric bin edges (equal for one-value bins, ``None``
    for categories). Smoothed shares and ``psi_term`` are only set for the methods that
    use them (PSI, KL).
    """

    label: str
    edge_lo: float | None
    edge_hi: float | None
    ref_share: float
    cur_share: float
    ref_share_smoothed: float | None
    cur_share_smoothed: float | None
    psi_term: float | None

    def to_dict(self) -> dict[str, object]:
        return {
            "label": self.label,
            "edge_lo": json_float(self.edge_lo),
            "edge_hi": json_float(self.edge_hi),
            "ref_share": json_float(self.ref_share),
            "cur_share": json_float(self.cur_share),
            "ref_share_smoothed": json_float(self.ref_share_smoothed),
            "cur_share_smoothed": json_float(self.cur_share_smoothed),
            "psi_term": json_float(self.psi_term),
        }


@dataclass(frozen=True)
class DriftRecord:
    """One feature x method result (spec §2.5).

    ``score`` is what the threshold is compared with (Evidently's ``drift_score``): the
    statistic for distances, the p-value for tests. ``statistic`` for tests is the
    test statistic (K-S D, chi-square X², z). ``drift_detected`` is ``None`` when
    nothing was computed (``insufficient_data``, ``not_applicable``).
    """

    feature: str
    kind: FeatureKind
    method: str
    statistic: float | None
    p_value: float | None
    score: float | None
    threshold: float
    comparison: Comparison
    drift_detected: bool | None
    severity: Severity | None
    n_reference: int
    n_current: int
    n_missing_reference: int
    n_missing_current: int
    bins: tuple[BinShare, ...] | None
    status: Status
    note: str | None
    note_parts: tuple[NotePart, ...] = ()
    """``note`` as structured parts (translatable); not in :meth:`to_dict`, which is the
    engine's JSON output, but in the widget's result document."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready values; see the module docstring for NaN and infinity."""
        return {
            "feature": self.feature,
            "kind": self.kind,
            "method": self.method,
            "statistic": json_float(self.statistic),
            "p_value": json_float(self.p_value),
            "score": json_float(self.score),
            "threshold": json_float(self.threshold),
            "comparison": self.comparison,
            "drift_detected": self.drift_detected,
            "severity": self.severity,
            "n_reference": self.n_reference,
            "n_current": self.n_current,
            "n_missing_reference": self.n_missing_reference,
            "n_missing_current": self.n_missing_current,
            "bins": None if self.bins is None else [b.to_dict() for b in self.bins],
            "status": self.status,
            "note": self.note,
        }

    def to_document(self) -> dict[str, object]:
        """:meth:`to_dict` plus ``note_parts``: the record as a widget's result holds it."""
        return {**self.to_dict(), "note_parts": [part.to_dict() for part in self.note_parts]}
