"""Alert Configurator engine: rules over the dashboard's series, timeline, sweep.

Typical use::

    series = MetricSeries.from_dashboard(dashboard)
    report = evaluate_alerts(series, rules, maintenance, incidents)
    sweep = sweep_thresholds(series, rules, maintenance, incidents)
    json.dumps({"timeline": report.to_dict(), "sweep": sweep.to_dict()}, allow_nan=False)

Modules: ``rules`` (the configuration types), ``checks`` (problems in a configuration),
``series`` (the input), ``events`` (one rule's state machine), ``engine`` (all rules,
the timeline), ``incidents`` (detections, delays, false positives) and ``sweep``.
"""

from __future__ import annotations

from lmspack.stats.alerts.checks import (
    FAMILIES,
    RuleProblem,
    SuppressionCycleError,
    check_rules,
    rule_order,
)
from lmspack.stats.alerts.engine import SCHEMA, AlertReport, evaluate_alerts
from lmspack.stats.alerts.events import AlertEvent, EventKind, RuleRun, RuleState
from lmspack.stats.alerts.incidents import IncidentResult, score_incidents
from lmspack.stats.alerts.rules import (
    CHANNELS,
    COMPARISONS,
    SEVERITIES,
    AlertRule,
    Comparison,
    Escalation,
    Incident,
    MaintenanceWindow,
    Severity,
)
from lmspack.stats.alerts.series import MetricSeries
from lmspack.stats.alerts.sweep import (
    DEFAULT_GRID_SIZE,
    RuleSweep,
    SweepPoint,
    ThresholdSweep,
    sweep_thresholds,
    threshold_grid,
)

__all__ = [
    "CHANNELS",
    "COMPARISONS",
    "DEFAULT_GRID_SIZE",
    "FAMILIES",
    "SCHEMA",
    "SEVERITIES",
    "AlertEvent",
    "AlertReport",
    "AlertRule",
    "Comparison",
    "Escalation",
    "EventKind",
    "Incident",
    "IncidentResult",
    "MaintenanceWindow",
    "MetricSeries",
    "RuleProblem",
    "RuleRun",
    "RuleState",
    "RuleSweep",
    "Severity",
    "SuppressionCycleError",
    "SweepPoint",
    "ThresholdSweep",
    "check_rules",
    "evaluate_alerts",
    "rule_order",
    "score_incidents",
    "sweep_thresholds",
    "threshold_grid",
]
