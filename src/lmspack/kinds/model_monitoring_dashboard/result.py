"""The Model Monitoring Dashboard's result document (what precompute writes for a
dashboard): the kind's ``result.schema.json`` is generated from
:class:`DashboardResult`, and the fallback (and the Alert Configurator's) reads it.

Times inside ``dashboard`` are epoch seconds (UTC). A metric value is null with a reason
code (see ``reasons``) when it is undefined in a window.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from lmspack.widgets import ResultModel, ResultPart


class IncidentNote(ResultPart):
    """An incident as the widget file declares it (ISO 8601 times)."""

    id: str
    title: str
    start: str
    end: str
    covers: list[str]


class Threshold(ResultPart):
    model_config = ConfigDict(extra="allow")

    kind: str
    value: float | None


class MetricInfo(ResultPart):
    """What a series measures, and when a window breaches."""

    model_config = ConfigDict(extra="allow")

    base: str
    attribute: str | None
    label: str
    unit: str | None
    direction: str
    range: list[float | None]
    family: str
    threshold: Threshold


class Cell(ResultPart):
    """A metric's value in a window (or the baseline)."""

    value: float | None
    reason: str | None
    status: Literal["ok", "breach", "no_data"] | SkipJsonSchema[None] = None
    """Absent in the baseline."""


class Baseline(ResultPart):
    model_config = ConfigDict(extra="allow")

    kind: str
    start: float | None
    end: float | None
    n: int
    n_labelled: int
    metrics: dict[str, Cell]


class Window(ResultPart):
    index: int
    start: float
    end: float
    n: int
    n_labelled: int
    metrics: dict[str, Cell]
    groups: dict[str, dict[str, dict[str, Any]]]


class Dashboard(ResultPart):
    schema_: Literal["lmspack.monitoring_dashboard/1"] = Field(alias="schema")
    windowing: dict[str, Any]
    attributes: dict[str, list[str]]
    metrics: dict[str, MetricInfo]
    baseline: Baseline
    windows: list[Window]
    reasons: dict[str, str]


class DashboardResult(ResultModel):
    type: Literal["model_monitoring_dashboard"]
    title: str
    description: str | None = None
    simulated: bool
    attribution: str | None = None
    incidents: list[IncidentNote]
    dashboard: Dashboard
