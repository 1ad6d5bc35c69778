"""The Drift Detection Lab's result document (what precompute writes for a lab): the
kind's ``result.schema.json`` is generated from :class:`DriftLabResult`, and the fallback
reads it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from lmspack.widgets import ResultModel, ResultPart

Number = Literal["inf", "-inf"] | float | None
"""A statistic: a number, the strings inf/-inf for infinities, null when undefined."""
Edge = Annotated[Number, Field(description="Bin edge; the strings inf/-inf for the open "
                                           "ends of decile bins, null for categories.")]
Count = Annotated[int, Field(ge=0)]
FeatureKind = Literal["numerical", "categorical"]


class Sample(ResultPart):
    label: str | None
    rows: int


class Feature(ResultPart):
    column: str
    label: str
    kind: FeatureKind


class Bin(ResultPart):
    label: str
    edge_lo: Edge
    edge_hi: Edge
    ref_share: float
    cur_share: float
    ref_share_smoothed: float | None
    cur_share_smoothed: float | None
    psi_term: float | None


class NotePart(ResultPart):
    """One part of a record's note: an English message template with named placeholders
    (``%(name)s``, ``%(name)r`` for a quoted label) and its parameters: labels as strings,
    numbers as numbers, lists of labels, or lists of sub-parts. With ``plural`` the form
    is chosen by the integer parameter named ``count``."""

    message: str
    params: dict[str, NoteParam]
    plural: str | None
    count: str | None


NoteParam = str | int | float | list[str] | list[NotePart]


class DriftRecord(ResultPart):
    """One feature x method record (drift spec section 2.5)."""

    model_config = ConfigDict(extra="allow")

    feature: str
    kind: FeatureKind
    method: str
    statistic: Number
    p_value: Number
    score: Number
    threshold: float
    comparison: Literal[">=", "<=", "<"]
    drift_detected: bool | None
    severity: Literal["stable", "moderate", "major"] | None
    n_reference: Count
    n_current: Count
    n_missing_reference: Count
    n_missing_current: Count
    bins: list[Bin] | None
    status: Literal["ok", "insufficient_data", "not_applicable"]
    note: str | None
    note_parts: list[NotePart] | None = Field(default=None, description=(
        "The note as structured parts, for translation; absent in results written before "
        "notes had parts."))


class DatasetDrift(ResultPart):
    drift_share: float
    n_features: int
    n_drifted: int
    share_drifted: float
    dataset_drift: bool
    deciding_method: dict[str, str]
    drifted_features: list[str]
    undecided_features: list[str]


class Scenario(ResultPart):
    id: str
    title: str
    description: str | None
    rows: int
    dataset: DatasetDrift
    records: list[DriftRecord]


class DriftLabResult(ResultModel):
    type: Literal["drift_detection_lab"]
    title: str
    description: str | None = None
    attribution: str | None = None
    reference: Sample
    current: Sample
    features: list[Feature]
    methods: dict[str, dict[str, Any]] = Field(
        description="The methods used, with their label, comparison and default threshold.")
    scenarios: Annotated[list[Scenario], Field(min_length=1)]


NotePart.model_rebuild()
