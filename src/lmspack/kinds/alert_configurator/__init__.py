"""Alert Configurator: alert rules evaluated over a monitoring dashboard's series, window by
window, with a threshold sweep per rule (``model.py``, ``checks.py``, ``compute.py``,
``fallback.py`` + ``fallback.html.j2``, ``result.py`` the result document, and the published
schemas). It reads the dashboard widget file it names, so it depends on that kind."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lmspack.kinds import NumericKind, ResultModelIn
from lmspack.kinds.alert_configurator.checks import check_alerts
from lmspack.kinds.alert_configurator.model import AlertConfigurator
from lmspack.kinds.model_monitoring_dashboard.model import Dashboard
from lmspack.widgets import (
    CheckContext,
    ComputeError,
    DataFiles,
    ResultDoc,
    WidgetContext,
)

if TYPE_CHECKING:
    from lmspack.kinds.alert_configurator.result import AlertsResult


class AlertConfiguratorKind(NumericKind[AlertConfigurator]):
    name = "alert_configurator"
    model = AlertConfigurator
    result_model = ResultModelIn("lmspack.kinds.alert_configurator.result", "AlertsResult")

    def check(self, widget: AlertConfigurator, context: CheckContext) -> None:
        check_alerts(widget, context)

    def inputs(self, widget: AlertConfigurator, files: DataFiles) -> list[Path]:
        board = _dashboard(widget, files)
        return [files.path(widget.dashboard), files.path(board.log.csv)]

    def compute(self, widget: AlertConfigurator, files: DataFiles) -> ResultDoc:
        from lmspack.kinds.alert_configurator.compute import alerts

        return alerts(widget, _dashboard(widget, files), files)

    def fallback(self, result: Mapping[str, Any], context: WidgetContext) -> str:
        from lmspack.kinds.alert_configurator.fallback import render_alert_configurator

        return render_alert_configurator(cast("AlertsResult", self.read_result(result)), context)


def _dashboard(widget: AlertConfigurator, files: DataFiles) -> Dashboard:
    board = files.widget(widget.dashboard)
    if not isinstance(board, Dashboard):
        raise ComputeError(f"{widget.dashboard} is not a model_monitoring_dashboard file",
                           pointer="/dashboard")
    return board
