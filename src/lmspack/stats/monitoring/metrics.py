"""Whole-window metrics: classification quality, latency quantiles, throughput.

Every function returns ``MetricValue``s: a float, or ``None`` with a reason code from
``REASONS``. Zero denominators are tested before dividing, so no NaN is ever produced
and numpy never warns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lmspack.stats.monitoring.log import PredictionLog

LATENCY_QUANTILES: dict[str, float] = {
    "latency_p50_ms": 50.0,
    "latency_p95_ms": 95.0,
    "latency_p99_ms": 99.0,
}
"""Latency series name -> percentile. Method: numpy's default ``"linear"`` (Hyndman and
Fan type 7, also pandas' default), so a reader can reproduce any number with
``numpy.percentile``; with a few hundred requests per window it differs from other
methods by less than the spread between neighbouring latencies."""


@dataclass(frozen=True)
class MetricValue:
    """A metric's value, or ``None`` and the ``REASONS`` code saying why it is undefined."""

    value: float | None
    reason: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "reason": self.reason}


def defined(value: float) -> MetricValue:
    """A defined value, as a plain Python float (numpy scalars do not survive json)."""
    return MetricValue(float(value))


def undefined(reason: str) -> MetricValue:
    """An undefined value with its reason code."""
    return MetricValue(None, reason)


def ratio(numerator: float, denominator: float, reason: str) -> MetricValue:
    """``numerator / denominator``, or undefined with ``reason`` when the denominator is 0."""
    return undefined(reason) if denominator == 0 else defined(numerator / denominator)


@dataclass(frozen=True)
class Confusion:
    """Confusion-matrix counts of labelled rows."""

    tp: int
    fp: int
    tn: int
    fn: int

    @classmethod
    def of(cls, label: NDArray[np.int8], prediction: NDArray[np.int8]) -> Confusion:
        """Counts for 0/1 ``label`` and ``prediction`` arrays of equal length."""
        positive, predicted = label == 1, prediction == 1
        return cls(
            tp=int(np.sum(positive & predicted)), fp=int(np.sum(~positive & predicted)),
            tn=int(np.sum(~positive & ~predicted)), fn=int(np.sum(positive & ~predicted)),
        )

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.tn + self.fn


def midranks(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """1-based ranks of ``values``; tied values share the mean of the ranks they span."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    first_rank = np.cumsum(counts) - counts + 1
    mean_rank = first_rank + (counts - 1) / 2.0
    return np.asarray(mean_rank[inverse], dtype=np.float64)


def roc_auc(label: NDArray[np.int8], score: NDArray[np.float64]) -> MetricValue:
    """ROC AUC as the Mann-Whitney statistic with midranks.

    Equals the area under the ROC curve drawn with linear segments through tied scores,
    which is scikit-learn's ``roc_auc_score``: a tied positive/negative pair counts 1/2.
    """
    n_pos = int(np.sum(label == 1))
    n_neg = len(label) - n_pos
    if n_pos == 0 or n_neg == 0:
        return undefined("single_class" if len(label) else "no_labels")
    rank_sum = float(np.sum(midranks(score)[label == 1]))
    return defined((rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def classification_metrics(log: PredictionLog) -> dict[str, MetricValue]:
    """Accuracy, precision, recall, F1 and ROC AUC over the labelled rows of ``log``."""
    names = ("accuracy", "precision", "recall", "f1", "roc_auc")
    if len(log) == 0:
        return {name: undefined("empty_window") for name in names}
    labelled = log.labelled
    if not bool(np.any(labelled)):
        return {name: undefined("no_labels") for name in names}
    label, prediction = log.label[labelled], log.prediction[labelled]
    c = Confusion.of(label, prediction)
    return {
        "accuracy": ratio(c.tp + c.tn, c.n, "no_labels"),
        "precision": ratio(c.tp, c.tp + c.fp, "no_predicted_positives"),
        "recall": ratio(c.tp, c.tp + c.fn, "no_actual_positives"),
        # The direct form stays defined (0) when precision is 0/0 but positives were
        # missed, as scikit-learn >= 1.3 does; it is 0/0 only with no positives at all.
        "f1": ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn, "no_positives"),
        "roc_auc": roc_auc(label, log.score[labelled]),
    }


def latency_metrics(latency_ms: NDArray[np.float64]) -> dict[str, MetricValue]:
    """The ``LATENCY_QUANTILES`` of a window's latencies (all rows, labelled or not)."""
    if len(latency_ms) == 0:
        return {name: undefined("empty_window") for name in LATENCY_QUANTILES}
    values = np.percentile(latency_ms, list(LATENCY_QUANTILES.values()), method="linear")
    return {name: defined(v) for name, v in zip(LATENCY_QUANTILES, values, strict=True)}


def throughput(n: int, duration_s: float) -> MetricValue:
    """Requests per hour: ``n`` rows over ``duration_s`` seconds. 0 rows is 0, not None."""
    return ratio(n * 3600.0, duration_s, "zero_duration")
