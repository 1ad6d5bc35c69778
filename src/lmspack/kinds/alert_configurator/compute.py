"""The Alert Configurator's results: every rule evaluated window by window over its
dashboard's series (:mod:`lmspack.stats.alerts`), and the threshold sweep.
``result.schema.json`` in this folder describes the document.
"""

from __future__ import annotations

from lmspack.kinds.alert_configurator.checks import alert_rules
from lmspack.kinds.alert_configurator.model import AlertConfigurator
from lmspack.kinds.model_monitoring_dashboard.compute import dashboard_model
from lmspack.kinds.model_monitoring_dashboard.model import Dashboard
from lmspack.stats.alerts.engine import evaluate_alerts
from lmspack.stats.alerts.rules import Incident, MaintenanceWindow
from lmspack.stats.alerts.series import MetricSeries
from lmspack.stats.alerts.sweep import sweep_thresholds
from lmspack.stats.monitoring.timeparse import parse_timestamp
from lmspack.widgets import DataFiles, ResultDoc


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
