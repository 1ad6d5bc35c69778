"""The Model Monitoring Dashboard's data format (the contract for its `widgets/*.json` files).

Strict pydantic models; the kind's ``widget.schema.json`` is generated from them. What a
schema cannot say (the log's columns, metric names, periods in order) is checked in
:mod:`.checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from lmspack.model.lesson import LessonId, StrictModel, Text
from lmspack.source.numbers import FiniteFloat

Timestamp = Annotated[str, Field(min_length=1, description="ISO 8601 with a UTC offset, "
                                 "e.g. 2026-03-01T00:00:00Z")]


class PredictionLogSource(StrictModel):
    """A prediction log in CSV: one row per prediction the deployed model made."""

    csv: Text
    """Course-root path of the CSV file."""
    timestamp: Text = "timestamp"
    """Column with ISO 8601 timestamps (with offset) or epoch seconds."""
    prediction: Text = "prediction"
    """Column with the predicted class, 0 or 1."""
    score: Text = "score"
    """Column with the predicted probability of class 1."""
    label: Text = "label"
    """Column with the true class, 0 or 1; empty while unknown."""
    latency_ms: Text = "latency_ms"
    """Column with the response time in milliseconds."""
    groups: list[Text] = []
    """Columns with group attributes for the fairness metrics (e.g. sex, pclass)."""


class MetricThreshold(StrictModel):
    """When a window's value counts as a breach (see the metric registry)."""

    kind: Literal["absolute_change", "relative_change", "upper_bound", "lower_bound"]
    """`absolute_change`: moved the bad way from the baseline by more than `value`;
    `relative_change`: by more than `value` times the baseline (0.5 = 50 %); `upper_bound`
    / `lower_bound`: above / below `value`, whatever the baseline."""
    value: FiniteFloat
    """The limit, in the metric's unit (a share of the baseline for `relative_change`)."""


class BaselineWindows(StrictModel):
    """The baseline as the log's first windows."""

    windows: Annotated[int, Field(ge=1)]
    """The first N windows form the baseline."""


class BaselinePeriod(StrictModel):
    """The baseline as a time range, from `start` (included) to `end` (excluded)."""

    start: Timestamp
    end: Timestamp


class IncidentSpec(StrictModel):
    """A known incident in the log, for measuring how fast alerts detect it."""

    id: LessonId
    """Incident id (lower-case words joined by `-`)."""
    title: Text
    """What happened, as the page names it."""
    start: Timestamp
    end: Timestamp
    covers: list[Text] = []
    """Metrics, metric families (performance, latency, throughput, fairness) or series
    that should detect it; empty means any alert."""


class Dashboard(StrictModel):
    """Model Monitoring Dashboard: metrics per time window, against a baseline period."""

    type: Literal["model_monitoring_dashboard"]
    title: Text
    description: Text | None = None
    log: PredictionLogSource
    """The prediction log the metrics are computed from."""
    window: Text = "1D"
    """Window width: a number with unit s, min, h, D or W (e.g. `6h`, `1D`)."""
    baseline: BaselineWindows | BaselinePeriod
    """What every window is compared with: the first windows or a time range."""
    thresholds: dict[Text, MetricThreshold] = {}
    """Per-series threshold overrides, e.g. `{"latency_p95_ms": {"kind": "upper_bound",
    "value": 250}}`."""
    incidents: list[IncidentSpec] = []
    """Known incidents in the log, to measure how fast alert rules detect them."""
    simulated: bool = False
    """True when the log is simulated (the page says so)."""
    attribution: Text | None = None
    """Where the data comes from (shown under the widget)."""
