"""The Alert Configurator's result document (what precompute writes for a configurator):
the alert timeline over the dashboard's windows, and a threshold sweep per rule. The kind's
``result.schema.json`` is generated from :class:`AlertsResult`, and the fallback reads it.
Times are epoch seconds (UTC), delays seconds."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from lmspack.kinds.model_monitoring_dashboard.result import IncidentNote
from lmspack.stats.alerts import sweep_point
from lmspack.widgets import ResultModel, ResultPart

State = Literal["ok", "no_data", "pending", "firing", "suppressed"]


class Open(ResultPart):
    """A part whose keys beyond the named ones are kept (the engine may add detail)."""

    model_config = ConfigDict(extra="allow")


class TimelineWindow(Open):
    index: int
    start: float
    end: float


class AlertRule(Open):
    id: str
    metric: str
    comparison: str
    threshold: float
    for_windows: int
    severity: str
    channel: str
    cooldown_windows: int
    suppressed_by: list[str]
    escalation: dict[str, Any] | None


class AlertEvent(Open):
    """A change of a rule's state; the detail keys depend on ``kind``."""

    kind: Literal["fired", "suppressed", "escalated", "resolved"]
    rule: str
    window: int
    start: float
    end: float
    value: float | None = None
    severity: str | None = None
    channel: str | None = None
    incidents: list[str] = []
    """``fired``: the incidents the alert detects (none: a false positive)."""
    reasons: list[str] = []
    """``suppressed``: why (``suppressed_by:<rule>``, ``maintenance:<id>``)."""
    firing_windows: int | None = None
    """``resolved``: how long the rule fired."""


class FirstAlert(Open):
    rule: str


class IncidentOutcome(Open):
    id: str
    start: float
    end: float
    covers: list[str]
    detected: bool
    first_alert: FirstAlert | None
    detection_delay_s: float | None


class Timeline(Open):
    schema_: Literal["lmspack.alert_timeline/1"] = Field(alias="schema")
    windows: list[TimelineWindow]
    rules: list[AlertRule]
    maintenance: list[dict[str, Any]]
    events: list[AlertEvent]
    states: dict[str, list[State]]
    incidents: list[IncidentOutcome]
    summary: dict[str, Any]


class SweepPoint(Open, sweep_point.SweepPoint):
    # The fields are the engine's (no docstring here: it would become the schema's
    # description, and the published schema describes none of the parts).
    pass


class RuleSweep(Open):
    rule: str
    metric: str
    comparison: str
    configured: float
    more_permissive: str | None
    points: list[SweepPoint]


class Sweep(Open):
    schema_: Literal["lmspack.alert_sweep/1"] = Field(alias="schema")
    grid_size: int
    rules: list[RuleSweep]


class AlertsResult(ResultModel):
    type: Literal["alert_configurator"]
    title: str
    description: str | None = None
    dashboard: str
    incidents: list[IncidentNote]
    timeline: Timeline
    sweep: Sweep
