"""The Alert Configurator's data format (the contract for its `widgets/*.json` files).

Strict pydantic models; the kind's ``widget.schema.json`` is generated from them. What a
schema cannot say (a rule's metric exists on the dashboard, suppressions name other rules)
is checked in :mod:`.checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from lmspack.kinds.model_monitoring_dashboard.model import Timestamp
from lmspack.model.lesson import LessonId, StrictModel, Text


class EscalationSpec(StrictModel):
    after_windows: Annotated[int, Field(ge=1)]
    """Escalate once the alert has fired for this many consecutive windows."""
    severity: Literal["info", "warning", "critical"]
    channel: Text


class AlertRuleSpec(StrictModel):
    """One alert rule over a dashboard series."""

    id: LessonId
    metric: Text
    """Series name, e.g. `accuracy` or `demographic_parity_difference:sex`."""
    comparison: Literal["<", "<=", ">", ">="]
    threshold: float
    for_windows: Annotated[int, Field(ge=1)] = 1
    """The condition must hold this many consecutive windows before the alert fires."""
    severity: Literal["info", "warning", "critical"] = "warning"
    channel: Text = "email"
    cooldown_windows: Annotated[int, Field(ge=0)] = 0
    """After firing, do not fire again for this many windows."""
    suppressed_by: list[LessonId] = []
    """Rule ids whose firing suppresses this rule."""
    escalation: EscalationSpec | None = None


class MaintenanceSpec(StrictModel):
    id: LessonId
    start: Timestamp
    end: Timestamp
    rules: list[LessonId] = []
    """Rules silenced during the window; empty means all."""


class AlertConfigurator(StrictModel):
    """Alert Configurator: rules evaluated over a dashboard's series."""

    type: Literal["alert_configurator"]
    title: Text
    description: Text | None = None
    dashboard: Text
    """Course-root path of the model_monitoring_dashboard widget file whose series it uses."""
    rules: Annotated[list[AlertRuleSpec], Field(min_length=1)]
    maintenance: list[MaintenanceSpec] = []
    sweep_points: Annotated[int, Field(ge=3, le=101)] = 11
    """Thresholds tried per rule in the precomputed trade-off sweep."""
