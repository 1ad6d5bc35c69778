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

from typing import TYPE_CHECKING

from lmspack._lazy import lazy_getattr

if TYPE_CHECKING:  # real imports for type checkers; at run time names load on first use
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
    from lmspack.stats.monitoring.timeparse import MAX_WINDOWS, parse_duration, parse_timestamp
    from lmspack.stats.monitoring.windows import BaselineSpec, Window, WindowSpec

# numpy-free pieces (the metric registry) stay importable without numpy.
_EXPORTS = {
    "SCHEMA": "dashboard",
    "Dashboard": "dashboard",
    "Status": "dashboard",
    "WindowResult": "dashboard",
    "compute_dashboard": "dashboard",
    "threshold_status": "dashboard",
    "GROUP_FIELDS": "fairness",
    "GroupStats": "fairness",
    "CORE_COLUMNS": "log",
    "UNLABELLED": "log",
    "LogProblem": "log",
    "PredictionLog": "log",
    "LATENCY_QUANTILES": "metrics",
    "MetricValue": "metrics",
    "midranks": "metrics",
    "roc_auc": "metrics",
    "METRICS": "registry",
    "REASONS": "registry",
    "THRESHOLD_KINDS": "registry",
    "MetricInfo": "registry",
    "Threshold": "registry",
    "check_metric_name": "registry",
    "check_threshold": "registry",
    "metric_info": "registry",
    "series_names": "registry",
    "split_metric_name": "registry",
    "parse_duration": "timeparse",
    "parse_timestamp": "timeparse",
    "MAX_WINDOWS": "timeparse",
    "BaselineSpec": "windows",
    "Window": "windows",
    "WindowSpec": "windows",
}
__getattr__ = lazy_getattr(__name__, _EXPORTS)

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
