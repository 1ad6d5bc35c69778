"""The Alert Configurator's results: every rule evaluated window by window over its
dashboard's series (:mod:`lmspack.stats.alerts`), and the threshold sweep.
``result.schema.json`` in this folder describes the document.
"""

from __future__ import annotations

from lmspack.kinds.alert_configurator.model import AlertConfigurator
from lmspack.kinds.model_monitoring_dashboard.compute import dashboard_model
from lmspack.kinds.model_monitoring_dashboard.model import Dashboard
from lmspack.stats.alerts import (
    AlertRule,
    Escalation,
    Incident,
    MaintenanceWindow,
    MetricSeries,
    evaluate_alerts,
    sweep_thresholds,
)
from lmspack.stats.monitoring import parse_timestamp
from lmspack.widgets import DataFiles, ResultDoc


def alert_rules(config: AlertConfigurator) -> list[AlertRule]:
    return [AlertRule(r.id, r.metric, r.comparison, r.threshold, r.for_windows, r.severity,
                      r.channel, r.cooldown_windows, tuple(r.suppressed_by),
                      Escalation(r.escalation.after_windows, r.escalation.severity,
                                 r.escalation.channel) if r.escalation else None)
            for r in config.rules]


def alerts(config: AlertConfigurator, board: Dashboard, files: DataFiles) -> ResultDoc:
    series = MetricSeries.from_dashboard(dashboard_model(board, files))
    rules = alert_rules(config)
    maintenance = [MaintenanceWindow(m.id, parse_timestamp(m.start), parse_timestamp(m.end),
                                     tuple(m.rules)) for m in config.maintenance]
    incidents = [Incident(i.id, parse_timestamp(i.start), parse_timestamp(i.end),
                          tuple(i.covers)) for i in board.incidents]
    return {
        "type": "alert_configurator", "title": config.title,
        "description": config.description, "dashboard": config.dashboard,
        "incidents": [incident.model_dump() for incident in board.incidents],
        "timeline": evaluate_alerts(series, rules, maintenance, incidents).to_dict(),
        "sweep": sweep_thresholds(series, rules, maintenance, incidents,
                                  config.sweep_points).to_dict(),
    }
