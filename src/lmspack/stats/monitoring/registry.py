"""What the dashboard can measure: the ``METRICS`` and ``REASONS`` registries.

The validator checks widget configuration against these (a threshold inside the metric's
range, an alert rule naming a metric that exists), the dashboard iterates them, and the
docs table can be generated from them, so there is no second list to keep in step.

Metric names: a plain name (``"accuracy"``) for whole-window metrics; per-attribute
fairness metrics are ``"<metric>:<attribute>"``, e.g. ``"demographic_parity_difference:sex"``.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Literal

Direction = Literal["higher_is_better", "lower_is_better"]
ThresholdKind = Literal["absolute_change", "relative_change", "upper_bound", "lower_bound"]
THRESHOLD_KINDS: tuple[ThresholdKind, ...] = (
    "absolute_change", "relative_change", "upper_bound", "lower_bound",
)


@dataclass(frozen=True)
class Threshold:
    """When a window's value is a breach.

    - ``absolute_change``: it moved the bad way by more than ``value`` from the baseline
      (``baseline - current > value`` when higher is better, ``current - baseline > value``
      when lower is better).
    - ``relative_change``: same, by more than ``value * abs(baseline)`` (0.5 = 50 %);
      from a baseline of exactly 0, any worsening is a breach.
    - ``upper_bound``: ``current > value``; ``lower_bound``: ``current < value``. Bounds
      ignore the baseline (an SLA such as "p95 latency <= 300 ms").

    Equality is never a breach.
    """

    kind: ThresholdKind
    value: float

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "value": self.value}


@dataclass(frozen=True)
class MetricInfo:
    """One row of ``METRICS``. ``range`` is ``(low, high)``, ``high=None`` for unbounded."""

    name: str
    label: str
    direction: Direction
    range: tuple[float, float | None]
    unit: str
    family: str
    per_attribute: bool
    requires_labels: bool
    default_threshold: Threshold
    description: str

    def to_dict(self) -> dict[str, object]:
        return {
            "label": self.label, "direction": self.direction, "range": list(self.range),
            "unit": self.unit, "family": self.family, "per_attribute": self.per_attribute,
            "requires_labels": self.requires_labels,
            "default_threshold": self.default_threshold.to_dict(),
            "description": self.description,
        }


def _metric(name: str, label: str, direction: Direction, family: str, threshold: Threshold,
            description: str, *, unit: str = "ratio", high: float | None = 1.0,
            per_attribute: bool = False, requires_labels: bool = True) -> MetricInfo:
    return MetricInfo(name, label, direction, (0.0, high), unit, family, per_attribute,
                      requires_labels, threshold, description)


_HIGHER: Direction = "higher_is_better"
_LOWER: Direction = "lower_is_better"
_DROP_5 = Threshold("absolute_change", 0.05)

METRICS: dict[str, MetricInfo] = {m.name: m for m in (
    _metric("accuracy", "Accuracy", _HIGHER, "performance", _DROP_5,
            "Share of labelled rows predicted correctly."),
    _metric("precision", "Precision", _HIGHER, "performance", _DROP_5,
            "TP / (TP + FP) over labelled rows."),
    _metric("recall", "Recall", _HIGHER, "performance", _DROP_5,
            "TP / (TP + FN) over labelled rows (true positive rate)."),
    _metric("f1", "F1 score", _HIGHER, "performance", _DROP_5,
            "2TP / (2TP + FP + FN) over labelled rows."),
    _metric("roc_auc", "ROC AUC", _HIGHER, "performance", _DROP_5,
            "Probability that a random positive scores above a random negative, ties "
            "counting one half (rank-based, as scikit-learn's roc_auc_score)."),
    _metric("latency_p50_ms", "Latency p50", _LOWER, "latency",
            Threshold("upper_bound", 100.0), "Median latency, numpy linear interpolation.",
            unit="ms", high=None, requires_labels=False),
    _metric("latency_p95_ms", "Latency p95", _LOWER, "latency",
            Threshold("upper_bound", 300.0), "95th percentile latency.",
            unit="ms", high=None, requires_labels=False),
    _metric("latency_p99_ms", "Latency p99", _LOWER, "latency",
            Threshold("upper_bound", 500.0), "99th percentile latency.",
            unit="ms", high=None, requires_labels=False),
    # Higher is "better" for throughput because the failure worth an alert is traffic
    # vanishing (an upstream outage); overload shows up first in latency.
    _metric("throughput_per_hour", "Throughput", _HIGHER, "throughput",
            Threshold("relative_change", 0.5), "Requests per hour over the window's width.",
            unit="requests/hour", high=None, requires_labels=False),
    # Fairness defaults compare with the audited baseline rather than a fixed bound: a
    # model already known to differ by group should alert when the gap grows, not forever.
    _metric("demographic_parity_difference", "Demographic parity difference", _LOWER,
            "fairness", Threshold("absolute_change", 0.1),
            "Max minus min selection rate across groups (all rows, labels not needed).",
            per_attribute=True, requires_labels=False),
    _metric("equalized_odds_difference", "Equalized odds difference", _LOWER, "fairness",
            Threshold("absolute_change", 0.1),
            "Max of the between-group TPR difference and FPR difference.",
            per_attribute=True),
    _metric("calibration_gap", "Worst-group calibration gap", _LOWER, "fairness",
            _DROP_5, "Max over groups of |mean score - observed positive rate|.",
            per_attribute=True),
)}
"""Every metric the dashboard computes, in display order."""

REASONS: dict[str, str] = {
    "empty_window": "No rows fall in this window.",
    "no_labels": "No row in this window has a ground-truth label yet.",
    "no_predicted_positives": "The model predicted no positives, so precision is 0/0.",
    "no_actual_positives": "No labelled positives, so recall / TPR is 0/0.",
    "no_actual_negatives": "No labelled negatives, so the false positive rate is 0/0.",
    "no_positives": "No predicted and no actual positives, so F1 is 0/0.",
    "single_class": "All labels are one class, so ROC AUC is undefined.",
    "zero_duration": "The window has zero duration, so throughput is undefined.",
    "fewer_than_two_groups": "Fewer than two groups have this rate defined in the window.",
}
"""Why a metric value is ``None``: reason code -> explanation (shown as a tooltip)."""


def split_metric_name(name: str) -> tuple[str, str | None]:
    """``"demographic_parity_difference:sex"`` -> ``("demographic_parity_difference", "sex")``."""
    base, sep, attribute = name.partition(":")
    return base, (attribute if sep else None)


def metric_info(name: str) -> MetricInfo:
    """The registry entry of a full metric name; raises ``KeyError`` if it names none."""
    message = check_metric_name(name)
    if message:
        raise KeyError(message)
    return METRICS[split_metric_name(name)[0]]


def check_metric_name(name: str, attributes: tuple[str, ...] | None = None) -> str | None:
    """``None`` if ``name`` is a valid series name, else a message (with a suggestion).

    ``attributes``, when given, are the group attributes of the log; a fairness metric
    must then name one of them.
    """
    base, attribute = split_metric_name(name)
    if base not in METRICS:
        close = difflib.get_close_matches(base, list(METRICS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown metric {base!r}{hint}"
    info = METRICS[base]
    if info.per_attribute and not attribute:
        return f"{base!r} is per group attribute: write '{base}:<attribute>', e.g. '{base}:sex'"
    if not info.per_attribute and attribute is not None:
        return f"{base!r} is not a per-attribute metric; drop ':{attribute}'"
    if attribute is not None and attributes is not None and attribute not in attributes:
        known = ", ".join(repr(a) for a in attributes) or "none"
        return f"unknown group attribute {attribute!r} (the log has: {known})"
    return None


def check_threshold(name: str, threshold: Threshold) -> str | None:
    """``None`` if ``threshold`` makes sense for metric ``name``, else a message."""
    unknown = check_metric_name(name)
    if unknown:
        return unknown
    if threshold.kind not in THRESHOLD_KINDS:
        return f"unknown threshold kind {threshold.kind!r}; use one of {', '.join(THRESHOLD_KINDS)}"
    low, high = metric_info(name).range
    value = threshold.value
    if not math.isfinite(value):
        return f"threshold for {name!r} must be finite, got {value!r}"
    if threshold.kind in ("upper_bound", "lower_bound"):
        if value < low or (high is not None and value > high):
            top = "inf" if high is None else high
            return f"bound {value!r} for {name!r} is outside its range [{low}, {top}]"
    elif value < 0:
        return f"{threshold.kind} for {name!r} must be >= 0, got {value!r}"
    elif threshold.kind == "absolute_change" and high is not None and value > high - low:
        return f"absolute change {value!r} exceeds the width of {name!r}'s range"
    return None


def series_names(attributes: tuple[str, ...]) -> list[str]:
    """Every series the dashboard outputs for a log with these group attributes."""
    names: list[str] = []
    for info in METRICS.values():
        if info.per_attribute:
            names.extend(f"{info.name}:{attribute}" for attribute in attributes)
        else:
            names.append(info.name)
    return names
