"""The Model Monitoring Dashboard: every metric per window, judged against a baseline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from lmspack.stats.monitoring.fairness import GroupStats, attribute_metrics
from lmspack.stats.monitoring.log import PredictionLog
from lmspack.stats.monitoring.metrics import (
    MetricValue,
    classification_metrics,
    latency_metrics,
    throughput,
)
from lmspack.stats.monitoring.registry import (
    METRICS,
    REASONS,
    MetricInfo,
    Threshold,
    check_metric_name,
    check_threshold,
    metric_info,
    series_names,
    split_metric_name,
)
from lmspack.stats.monitoring.windows import (
    BaselineSpec,
    Window,
    WindowSpec,
    baseline_window,
    split_windows,
)

SCHEMA = "lmspack.monitoring_dashboard/1"
"""Version tag of ``Dashboard.to_dict()``'s shape."""

Status = Literal["ok", "breach", "no_data"]

# Changes this close to the allowance are rounding noise: 0.80 -> 0.75 with an allowed
# drop of 0.05 must read "ok", though 0.80 - 0.75 is 0.05000000000000004 in floats.
_RELATIVE_TOLERANCE = 1e-12


def threshold_status(
    info: MetricInfo, threshold: Threshold, current: MetricValue, baseline: MetricValue
) -> Status:
    """``ok``/``breach`` per ``Threshold``'s rules; ``no_data`` if the value (or, for a
    change threshold, the baseline) is undefined."""
    value = current.value
    if value is None:
        return "no_data"
    if threshold.kind == "upper_bound":
        return "breach" if value > threshold.value else "ok"
    if threshold.kind == "lower_bound":
        return "breach" if value < threshold.value else "ok"
    base = baseline.value
    if base is None:
        return "no_data"
    worse_by = base - value if info.direction == "higher_is_better" else value - base
    allowed = threshold.value * (1.0 if threshold.kind == "absolute_change" else abs(base))
    tolerance = _RELATIVE_TOLERANCE * max(1.0, abs(base), abs(value))
    return "breach" if worse_by > allowed + tolerance else "ok"


@dataclass(frozen=True)
class WindowResult:
    """Everything measured in one window (``index == -1`` for the pooled baseline)."""

    index: int
    start: float
    end: float
    n: int
    n_labelled: int
    metrics: dict[str, MetricValue]
    groups: dict[str, dict[str, GroupStats]]
    status: dict[str, Status]

    def to_dict(self) -> dict[str, object]:
        metrics = {name: {**value.to_dict(), **({"status": self.status[name]}
                                                 if name in self.status else {})}
                   for name, value in self.metrics.items()}
        return {
            "index": self.index, "start": self.start, "end": self.end,
            "n": self.n, "n_labelled": self.n_labelled, "metrics": metrics,
            "groups": {attribute: {g: s.to_dict() for g, s in stats.items()}
                       for attribute, stats in self.groups.items()},
        }


@dataclass(frozen=True)
class Dashboard:
    """The dashboard's data; ``to_dict()`` is the widget's JSON (strict, deterministic)."""

    windowing: WindowSpec
    baseline_spec: BaselineSpec
    attributes: dict[str, list[str]]
    thresholds: dict[str, Threshold]
    baseline: WindowResult
    windows: tuple[WindowResult, ...]

    @property
    def metric_names(self) -> list[str]:
        """Every series name, in output order."""
        return list(self.thresholds)

    def series(self, name: str) -> list[float | None]:
        """The values of series ``name`` across the windows."""
        return [w.metrics[name].value for w in self.windows]

    def to_dict(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "windowing": self.windowing.to_dict(),
            "attributes": self.attributes,
            "metrics": {name: _metric_header(name, t) for name, t in self.thresholds.items()},
            "baseline": {**self.baseline_spec.to_dict(),
                         **{k: v for k, v in self.baseline.to_dict().items() if k != "index"}},
            "windows": [w.to_dict() for w in self.windows],
            "reasons": dict(REASONS),
        }


def _metric_header(name: str, threshold: Threshold) -> dict[str, object]:
    info = metric_info(name)
    attribute = split_metric_name(name)[1]
    return {
        "base": info.name, "attribute": attribute,
        "label": f"{info.label} ({attribute})" if attribute else info.label,
        "unit": info.unit, "direction": info.direction, "range": list(info.range),
        "family": info.family, "threshold": threshold.to_dict(),
    }


def compute_dashboard(
    log: PredictionLog,
    windows: WindowSpec,
    baseline: BaselineSpec,
    thresholds: Mapping[str, Threshold] | None = None,
) -> Dashboard:
    """Measure every window of ``log`` and compare each metric with the baseline.

    ``thresholds`` overrides ``METRICS``' defaults per series name. A name that is not a
    series of this log, or a threshold out of range, raises ``ValueError``: the validator
    reports those with positions before the build gets here.
    """
    resolved = _resolve_thresholds(log.attributes, thresholds or {})
    group_values = {a: sorted(set(log.groups[a].tolist())) for a in log.attributes}
    cut = split_windows(log, windows)
    base = _measure(log, baseline_window(log, cut, baseline), group_values, {}, None)
    results = tuple(_measure(log, w, group_values, resolved, base) for w in cut)
    return Dashboard(windows, baseline, group_values, resolved, base, results)


def _resolve_thresholds(
    attributes: tuple[str, ...], overrides: Mapping[str, Threshold]
) -> dict[str, Threshold]:
    names = series_names(attributes)
    problems = [m for name in overrides if (m := check_metric_name(name, attributes))]
    problems += [m for name, t in overrides.items() if name in names
                 and (m := check_threshold(name, t))]
    if problems:
        raise ValueError("; ".join(problems))
    return {name: overrides.get(name, METRICS[split_metric_name(name)[0]].default_threshold)
            for name in names}


def _measure(
    log: PredictionLog, window: Window, group_values: dict[str, list[str]],
    thresholds: dict[str, Threshold], baseline: WindowResult | None,
) -> WindowResult:
    part = log.take(window.rows)
    metrics = {**classification_metrics(part), **latency_metrics(part.latency_ms),
               "throughput_per_hour": throughput(len(part), window.duration_s)}
    groups: dict[str, dict[str, GroupStats]] = {}
    for attribute, values in group_values.items():
        groups[attribute], cross_group = attribute_metrics(part, attribute, values)
        metrics.update(cross_group)
    ordered = {name: metrics[name] for name in series_names(log.attributes)}
    status: dict[str, Status] = {}
    if baseline is not None:
        status = {name: threshold_status(metric_info(name), t, ordered[name],
                                         baseline.metrics[name])
                  for name, t in thresholds.items()}
    return WindowResult(window.index, window.start, window.end, len(part),
                        int(np.sum(part.labelled)), ordered, groups, status)
