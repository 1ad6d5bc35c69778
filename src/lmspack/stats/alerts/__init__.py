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

from typing import TYPE_CHECKING

from lmspack._lazy import lazy_getattr

if TYPE_CHECKING:  # real imports for type checkers; at run time names load on first use
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

# numpy-free pieces (the metric registry) stay importable without numpy.
_EXPORTS = {
    "FAMILIES": "checks",
    "RuleProblem": "checks",
    "SuppressionCycleError": "checks",
    "check_rules": "checks",
    "rule_order": "checks",
    "SCHEMA": "engine",
    "AlertReport": "engine",
    "evaluate_alerts": "engine",
    "AlertEvent": "events",
    "EventKind": "events",
    "RuleRun": "events",
    "RuleState": "events",
    "IncidentResult": "incidents",
    "score_incidents": "incidents",
    "CHANNELS": "rules",
    "COMPARISONS": "rules",
    "SEVERITIES": "rules",
    "AlertRule": "rules",
    "Comparison": "rules",
    "Escalation": "rules",
    "Incident": "rules",
    "MaintenanceWindow": "rules",
    "Severity": "rules",
    "MetricSeries": "series",
    "DEFAULT_GRID_SIZE": "sweep",
    "RuleSweep": "sweep",
    "SweepPoint": "sweep",
    "ThresholdSweep": "sweep",
    "sweep_thresholds": "sweep",
    "threshold_grid": "sweep",
}
__getattr__ = lazy_getattr(__name__, _EXPORTS)

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
