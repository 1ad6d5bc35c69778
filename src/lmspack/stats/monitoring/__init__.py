"""Model Monitoring Dashboard engine: per-window quality, latency, throughput, fairness.

Pure functions over numpy arrays, run at build time. Typical use::

    log, problems = PredictionLog.from_records(rows, group_columns=["sex", "pclass"])
    dashboard = compute_dashboard(log, WindowSpec.fixed("1D"), BaselineSpec.windows(7))
    json.dumps(dashboard.to_dict(), allow_nan=False)

Modules, in the order the data flows: ``timeparse`` (canonical times), ``log`` (validated
columns), ``windows`` (windows and baseline rows), ``metrics`` and ``fairness`` (the
numbers), ``registry`` (``METRICS``, ``REASONS``, thresholds) and ``dashboard`` (judging
each window against the baseline).
"""

from __future__ import annotations

from lmspack.stats.monitoring.dashboard import (
    SCHEMA,
    Dashboard,
    Status,
    WindowResult,
    compute_dashboard,
    threshold_status,
)
from lmspack.stats.monitoring.fairness import GROUP_FIELDS, GroupStats
from lmspack.stats.monitoring.log import CORE_COLUMNS, UNLABELLED, LogProblem, PredictionLog
from lmspack.stats.monitoring.metrics import LATENCY_QUANTILES, MetricValue, midranks, roc_auc
from lmspack.stats.monitoring.registry import (
    METRICS,
    REASONS,
    THRESHOLD_KINDS,
    MetricInfo,
    Threshold,
    check_metric_name,
    check_threshold,
    metric_info,
    series_names,
    split_metric_name,
)
from lmspack.stats.monitoring.timeparse import parse_duration, parse_timestamp
from lmspack.stats.monitoring.windows import MAX_WINDOWS, BaselineSpec, Window, WindowSpec

__all__ = [
    "CORE_COLUMNS",
    "GROUP_FIELDS",
    "LATENCY_QUANTILES",
    "MAX_WINDOWS",
    "METRICS",
    "REASONS",
    "SCHEMA",
    "THRESHOLD_KINDS",
    "UNLABELLED",
    "BaselineSpec",
    "Dashboard",
    "GroupStats",
    "LogProblem",
    "MetricInfo",
    "MetricValue",
    "PredictionLog",
    "Status",
    "Threshold",
    "Window",
    "WindowResult",
    "WindowSpec",
    "check_metric_name",
    "check_threshold",
    "compute_dashboard",
    "metric_info",
    "midranks",
    "parse_duration",
    "parse_timestamp",
    "roc_auc",
    "series_names",
    "split_metric_name",
    "threshold_status",
]
