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
from lmspack.source.numbers import FiniteFloat


class EscalationSpec(StrictModel):
    after_windows: Annotated[int, Field(ge=1)]
    """Escalate if the alert is still firing this many windows after the window it fired in
    (fired in window 3 with 2: escalated in window 5)."""
    severity: Literal["info", "warning", "critical"]
    """Severity from then on: more severe than the rule's own."""
    channel: Text
    """Where the escalated alert goes: `email`, `slack` or `pagerduty`."""


class AlertRuleSpec(StrictModel):
    """One alert rule over a dashboard series."""

    id: LessonId
    """Rule id (lower-case words joined by `-`), used by `suppressed_by` and maintenance."""
    metric: Text
    """Series name, e.g. `accuracy` or `demographic_parity_difference:sex`."""
    comparison: Literal["<", "<=", ">", ">="]
    """The condition is `value <comparison> threshold`, e.g. `<` for a metric that drops."""
    threshold: FiniteFloat
    """The value the series is compared with, in the metric's unit."""
    for_windows: Annotated[int, Field(ge=1)] = 1
    """The condition must hold this many consecutive windows before the alert fires; a
    window without data breaks the run (and resolves a firing alert)."""
    severity: Literal["info", "warning", "critical"] = "warning"
    """How serious a firing is."""
    channel: Text = "email"
    """Where the alert goes: `email`, `slack` or `pagerduty`."""
    cooldown_windows: Annotated[int, Field(ge=0)] = 0
    """Hold a new firing back for this many windows after the window the rule last fired in
    (fired in window 3 with 2: windows 4 and 5)."""
    suppressed_by: list[LessonId] = []
    """Rule ids that, while firing, hold this rule's new firings back (an alert already
    firing goes on)."""
    escalation: EscalationSpec | None = None
    """Raise severity and change channel when the alert keeps firing."""


class MaintenanceSpec(StrictModel):
    """Planned maintenance, from `start` (included) to `end` (excluded), that mutes new
    firings in every dashboard window it overlaps (alerts already firing go on)."""

    id: LessonId
    """Maintenance id (lower-case words joined by `-`)."""
    start: Timestamp
    end: Timestamp
    rules: list[LessonId] = []
    """Rules silenced during the window; empty means all."""


class AlertConfigurator(StrictModel):
    """Alert Configurator: rules evaluated over a dashboard's series (how: docs/alerts.md)."""

    type: Literal["alert_configurator"]
    title: Text
    description: Text | None = None
    dashboard: Text
    """Course-root path of the model_monitoring_dashboard widget file whose series it uses."""
    rules: Annotated[list[AlertRuleSpec], Field(min_length=1)]
    """The alert rules, each over one of the dashboard's series."""
    maintenance: list[MaintenanceSpec] = []
    """Planned maintenance during which rules do not fire."""
    sweep_points: Annotated[int, Field(ge=3, le=101)] = 11
    """Evenly spaced thresholds tried per rule in the precomputed trade-off sweep, plus the
    configured one (one point more when it is not among them)."""
