"""Fairness across the groups of one attribute (Fairlearn's definitions, our code).

Per group ``g`` of attribute ``A`` in a window:

- ``selection_rate``: share of **all** rows of ``g`` predicted 1. Labels are not needed,
  so demographic parity is available before ground truth arrives.
- ``accuracy``, ``tpr`` = TP/(TP+FN), ``fpr`` = FP/(FP+TN): over the **labelled** rows of ``g``.
- calibration-in-the-large over the labelled rows of ``g``: ``mean_score`` (mean predicted
  probability), ``positive_rate`` (observed share of label 1) and
  ``calibration_gap = mean_score - positive_rate`` (signed: > 0 means over-confident).

Across groups:

- ``demographic_parity_difference:A`` = max - min of the selection rates;
- ``equalized_odds_difference:A`` = max(TPR max - min, FPR max - min), Fairlearn's
  ``between_groups`` / ``worst_case``;
- ``calibration_gap:A`` = max over groups of ``|calibration_gap|``.

Only groups present in the window with the rate defined take part, one rate at a time: a
group with no actual positives (TPR 0/0) is left out of the TPR gap but still counts in the
FPR gap. A difference needs two such groups and is otherwise ``None``
(``fewer_than_two_groups``); equalized odds needs both differences defined. Fairlearn 0.15
differs: its rates come from scikit-learn's normalised confusion matrix, which turns 0/0
into 0, so an undefined group rate counts as 0 (a large gap with two groups, a different
number with three or more), and a single group gives 0. "No gap" and "nothing to compare"
are different things on a dashboard (the README's fairness section has an example).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lmspack.stats.monitoring.log import PredictionLog
from lmspack.stats.monitoring.metrics import Confusion, MetricValue, defined, ratio, undefined

GROUP_FIELDS = ("selection_rate", "accuracy", "tpr", "fpr", "mean_score", "positive_rate",
                "calibration_gap")
"""The per-group metrics, in output order."""


@dataclass(frozen=True)
class GroupStats:
    """Row counts and ``GROUP_FIELDS`` metrics of one group in one window."""

    n: int
    n_labelled: int
    metrics: dict[str, MetricValue]

    def to_dict(self) -> dict[str, object]:
        return {"n": self.n, "n_labelled": self.n_labelled,
                **{name: value.to_dict() for name, value in self.metrics.items()}}


def group_stats(log: PredictionLog) -> GroupStats:
    """``GroupStats`` of a log already restricted to one group."""
    labelled = log.labelled
    n_labelled = int(np.sum(labelled))
    if len(log) == 0:
        return GroupStats(0, 0, {name: undefined("empty_window") for name in GROUP_FIELDS})
    metrics = {"selection_rate": defined(float(np.mean(log.prediction)))}
    if n_labelled == 0:
        metrics.update({name: undefined("no_labels") for name in GROUP_FIELDS[1:]})
        return GroupStats(len(log), 0, metrics)
    label = log.label[labelled]
    c = Confusion.of(label, log.prediction[labelled])
    mean_score = float(np.mean(log.score[labelled]))
    positive_rate = float(np.mean(label))
    metrics.update({
        "accuracy": defined((c.tp + c.tn) / c.n),
        "tpr": ratio(c.tp, c.tp + c.fn, "no_actual_positives"),
        "fpr": ratio(c.fp, c.fp + c.tn, "no_actual_negatives"),
        "mean_score": defined(mean_score),
        "positive_rate": defined(positive_rate),
        "calibration_gap": defined(mean_score - positive_rate),
    })
    return GroupStats(len(log), n_labelled, metrics)


def spread(values: Sequence[MetricValue]) -> MetricValue:
    """max - min of the defined values; needs at least two."""
    present = [v.value for v in values if v.value is not None]
    if len(present) < 2:
        return undefined("fewer_than_two_groups")
    return defined(max(present) - min(present))


def attribute_metrics(
    log: PredictionLog, attribute: str, group_values: Sequence[str]
) -> tuple[dict[str, GroupStats], dict[str, MetricValue]]:
    """Per-group stats (for every value in ``group_values``, absent ones included) and
    the three cross-group series of ``attribute``, keyed by full series name."""
    column = log.groups[attribute]
    stats = {g: group_stats(log.take(np.flatnonzero(column == g))) for g in group_values}
    return stats, {
        f"demographic_parity_difference:{attribute}": _parity(log, stats),
        f"equalized_odds_difference:{attribute}": _equalized_odds(log, stats),
        f"calibration_gap:{attribute}": _worst_calibration(log, stats),
    }


def _window_reason(log: PredictionLog, needs_labels: bool) -> str | None:
    if len(log) == 0:
        return "empty_window"
    if needs_labels and not bool(np.any(log.labelled)):
        return "no_labels"
    return None


def _parity(log: PredictionLog, stats: dict[str, GroupStats]) -> MetricValue:
    reason = _window_reason(log, needs_labels=False)
    if reason:
        return undefined(reason)
    return spread([s.metrics["selection_rate"] for s in stats.values()])


def _equalized_odds(log: PredictionLog, stats: dict[str, GroupStats]) -> MetricValue:
    reason = _window_reason(log, needs_labels=True)
    if reason:
        return undefined(reason)
    tpr_gap = spread([s.metrics["tpr"] for s in stats.values()])
    fpr_gap = spread([s.metrics["fpr"] for s in stats.values()])
    if tpr_gap.value is None or fpr_gap.value is None:
        return undefined("fewer_than_two_groups")
    return defined(max(tpr_gap.value, fpr_gap.value))


def _worst_calibration(log: PredictionLog, stats: dict[str, GroupStats]) -> MetricValue:
    reason = _window_reason(log, needs_labels=True)
    if reason:
        return undefined(reason)
    gaps = [abs(gap) for s in stats.values()
            if (gap := s.metrics["calibration_gap"].value) is not None]
    return defined(max(gaps)) if gaps else undefined("no_labels")
