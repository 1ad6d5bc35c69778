"""The Drift Detection Lab's data format (the contract for its `widgets/*.json` files).

Like the lesson models, these are strict pydantic models; the kind's ``widget.schema.json``
is generated from them. What a schema cannot say (a column exists in a CSV file, a
transform names one of the lab's features) is checked in :mod:`.checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from lmspack.model.lesson import LessonId, StrictModel, Text
from lmspack.source.numbers import FiniteFloat

Fraction = Annotated[FiniteFloat, Field(gt=0, le=1)]
Seed = Annotated[int, Field(ge=0)]
"""A random seed: numpy's generators take non-negative integers."""
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
    """The transformation: always this value."""
    column: Text
    """Column it changes (one of the lab's features)."""
    by: FiniteFloat
    """Amount added to each changed value (negative to lower it)."""
    fraction: Fraction = 1.0
    """Share of rows changed (chosen at random with the scenario's seed)."""


class Scale(StrictModel):
    """Multiply a numerical column by `factor`, for a share of the rows."""

    op: Literal["scale"]
    """The transformation: always this value."""
    column: Text
    """Column it changes (one of the lab's features)."""
    factor: Annotated[FiniteFloat, Field(gt=0)]
    """Multiplier of each changed value."""
    fraction: Fraction = 1.0
    """Share of rows changed (chosen at random with the scenario's seed)."""


class Resample(StrictModel):
    """Redraw rows (with replacement) so a categorical column has the given shares."""

    op: Literal["resample"]
    """The transformation: always this value."""
    column: Text
    """Column it changes (one of the lab's features)."""
    shares: Annotated[dict[Text, Annotated[FiniteFloat, Field(ge=0)]], Field(min_length=1)]
    """Target share per category; must add up to 1."""


class SetMissing(StrictModel):
    """Blank out a share of a column's values (missing data is dropped by every method)."""

    op: Literal["set_missing"]
    """The transformation: always this value."""
    column: Text
    """Column it changes (one of the lab's features)."""
    fraction: Fraction
    """Share of rows whose value is blanked (chosen at random with the scenario's seed)."""


Transform = Annotated[Shift | Scale | Resample | SetMissing, Field(discriminator="op")]


class Scenario(StrictModel):
    """One state of the lab: the current sample after seeded transformations, or its own."""

    id: LessonId
    """Scenario id, used in page anchors."""
    title: Text
    """Heading of the scenario on the page."""
    description: Text | None = None
    """Text under the heading, saying what changed."""
    transforms: list[Transform] = []
    """Applied in order to the lab's current sample."""
    current: CsvSample | None = None
    """A sample of its own instead of the lab's current sample."""
    seed: Seed | None = None
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
    """The columns compared between the reference and the current sample."""
    methods: list[DriftMethod] | None = None
    """Methods to compute; omitted means the full panel for each feature's kind."""
    thresholds: dict[DriftMethod, Annotated[FiniteFloat, Field(gt=0)]] = {}
    """Override the Evidently default threshold of a method."""
    drift_share: Fraction = 0.5
    """Dataset drift when at least this share of features drift."""
    psi_deciles: bool = True
    """Also show PSI on reference-decile bins, as a teaching contrast."""
    scenarios: Annotated[list[Scenario], Field(min_length=1)]
    """The states of the lab, each compared with the reference sample."""
    seed: Seed = 0
    """Default random seed of the scenarios' transformations."""
    attribution: Text | None = None
    """Where the data comes from (shown under the widget)."""
