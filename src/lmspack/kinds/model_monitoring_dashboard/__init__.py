"""Model Monitoring Dashboard: a prediction log's metrics per time window against a
baseline, with breaches, incidents and fairness by group (``model.py``, ``checks.py``,
``compute.py``, ``fallback.py`` + ``fallback.html.j2``, ``result.py`` the result document,
and the published schemas)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lmspack.kinds import NumericKind, ResultModelIn
from lmspack.kinds.model_monitoring_dashboard.checks import check_dashboard
from lmspack.kinds.model_monitoring_dashboard.model import Dashboard
from lmspack.widgets import CheckContext, DataFiles, ResultDoc, WidgetContext

if TYPE_CHECKING:
    from lmspack.kinds.model_monitoring_dashboard.result import DashboardResult


class ModelMonitoringDashboard(NumericKind[Dashboard]):
    name = "model_monitoring_dashboard"
    model = Dashboard
    result_model = ResultModelIn("lmspack.kinds.model_monitoring_dashboard.result",
                                 "DashboardResult")

    def check(self, widget: Dashboard, context: CheckContext) -> None:
        check_dashboard(widget, context)

    def inputs(self, widget: Dashboard, files: DataFiles) -> list[Path]:
        return [files.path(widget.log.csv)]

    def compute(self, widget: Dashboard, files: DataFiles) -> ResultDoc:
        from lmspack.kinds.model_monitoring_dashboard.compute import dashboard

        return dashboard(widget, files)

    def fallback(self, result: Mapping[str, Any], context: WidgetContext) -> str:
        from lmspack.kinds.model_monitoring_dashboard.fallback import render_dashboard

        return render_dashboard(cast("DashboardResult", self.read_result(result)), context)
