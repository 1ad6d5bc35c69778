"""Data formats of the three widget types (the contract for `widgets/*.json`).

Like the lesson models, these are strict pydantic models; `schemas/widget-*.schema.json` are
generated from them. What a schema cannot say (a column exists in a CSV file, an alert rule
names a metric the dashboard computes) is checked in :mod:`lmspack.widgets.checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from lmspack.model.lesson import LessonId, StrictModel, Text

Fraction = Annotated[float, Field(gt=0, le=1)]
Timestamp = Annotated[str, Field(min_length=1, description="ISO 8601 with a UTC offset, "
                                 "e.g. 2026-03-01T00:00:00Z")]
DRIFT_METHODS = ("psi", "kl_div", "jensenshannon", "wasserstein", "ks", "chisquare", "z")
DriftMethod = Literal["psi", "kl_div", "jensenshannon", "wasserstein", "ks", "chisquare", "z"]


class CsvSample(StrictModel):
    """A sample of rows from a CSV file inside the course's `widgets/` folder."""

    csv: Text
    """Course-root path of the CSV file (e.g. `/widgets/data/titanic_reference.csv`)."""
    label: Text | None = None
    """How the page names this sample."""


class DriftFeature(StrictModel):
    """A column compared between the reference and the current sample."""

    column: Text
    """Column name in the CSV files."""
    kind: Literal["numerical", "categorical"] | None = None
    """Numerical or categorical; omitted means inferred from the data as Evidently does."""
    label: Text | None = None
    """Display name."""


class Shift(StrictModel):
    """Add `by` to a numerical column, for a share of the rows."""

    op: Literal["shift"]
    column: Text
    by: float
    fraction: Fraction = 1.0
    """Share of rows changed (chosen at random with the scenario's seed)."""


class Scale(StrictModel):
    """Multiply a numerical column by `factor`, for a share of the rows."""

    op: Literal["scale"]
    column: Text
    factor: Annotated[float, Field(gt=0)]
    fraction: Fraction = 1.0
    """Share of rows changed (chosen at random with the scenario's seed)."""


class Resample(StrictModel):
    """Redraw rows (with replacement) so a categorical column has the given shares."""

    op: Literal["resample"]
    column: Text
    shares: Annotated[dict[Text, Annotated[float, Field(ge=0)]], Field(min_length=1)]
    """Target share per category; must add up to 1."""


class SetMissing(StrictModel):
    """Blank out a share of a column's values (missing data is dropped by every method)."""

    op: Literal["set_missing"]
    column: Text
    fraction: Fraction


Transform = Annotated[Shift | Scale | Resample | SetMissing, Field(discriminator="op")]


class Scenario(StrictModel):
    """One state of the lab: the current sample after seeded transformations, or its own."""

    id: LessonId
    """Scenario id, used in page anchors."""
    title: Text
    description: Text | None = None
    transforms: list[Transform] = []
    """Applied in order to the lab's current sample."""
    current: CsvSample | None = None
    """A sample of its own instead of the lab's current sample."""
    seed: int | None = None
    """Random seed of the transformations; defaults to the lab's seed."""


class DriftLab(StrictModel):
    """Drift Detection Lab: compare a reference sample with current samples."""

    type: Literal["drift_detection_lab"]
    title: Text
    description: Text | None = None
    reference: CsvSample
    """The data the model was trained on."""
    current: CsvSample
    """The data the model sees now; scenarios transform it."""
    features: Annotated[list[DriftFeature], Field(min_length=1)]
    methods: list[DriftMethod] | None = None
    """Methods to compute; omitted means the full panel for each feature's kind."""
    thresholds: dict[DriftMethod, Annotated[float, Field(gt=0)]] = {}
    """Override the Evidently default threshold of a method."""
    drift_share: Fraction = 0.5
    """Dataset drift when at least this share of features drift."""
    psi_deciles: bool = True
    """Also show PSI on reference-decile bins, as a teaching contrast."""
    scenarios: Annotated[list[Scenario], Field(min_length=1)]
    seed: int = 0
    """Default random seed of the scenarios' transformations."""
    attribution: Text | None = None
    """Where the data comes from (shown under the widget)."""


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
    value: float


class BaselineWindows(StrictModel):
    windows: Annotated[int, Field(ge=1)]
    """The first N windows form the baseline."""


class BaselinePeriod(StrictModel):
    start: Timestamp
    end: Timestamp


class IncidentSpec(StrictModel):
    """A known incident in the log, for measuring how fast alerts detect it."""

    id: LessonId
    title: Text
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
    window: Text = "1D"
    """Window width: a number with unit s, min, h, D or W (e.g. `6h`, `1D`)."""
    baseline: BaselineWindows | BaselinePeriod
    thresholds: dict[Text, MetricThreshold] = {}
    """Per-series threshold overrides, e.g. `{"latency_p95_ms": {"kind": "upper_bound",
    "value": 250}}`."""
    incidents: list[IncidentSpec] = []
    simulated: bool = False
    """True when the log is simulated (the page says so)."""
    attribution: Text | None = None


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


WIDGET_MODELS: dict[str, type[StrictModel]] = {
    "drift_detection_lab": DriftLab,
    "model_monitoring_dashboard": Dashboard,
    "alert_configurator": AlertConfigurator,
}
