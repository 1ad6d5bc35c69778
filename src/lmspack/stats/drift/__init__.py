"""Drift statistics for the Drift Detection Lab (Evidently 0.7.23 semantics).

Typical use::

    from lmspack.stats.table import read_csv
    from lmspack.stats.drift import drift_table

    result = drift_table(read_csv("reference.csv"), read_csv("current.csv"))
    json.dumps(result.to_dict(), allow_nan=False)

or, for one feature, ``column_drift("age", ref_values, cur_values, "numerical")``.

Modules, in the order the data flows: ``kinds`` (type inference, category labels),
``methods`` (the ``METHODS`` registry, ``PANEL``, Evidently's ``default_method``),
``numeric`` and ``categorical`` (one pass per sample, then every statistic),
``binned`` (PSI, KL, Jensen-Shannon from bin counts), ``outcomes`` (what each method
computes for a prepared feature), ``column`` (records for one feature), ``dataset``
(tables and the dataset verdict), ``record`` (the output shape and its strict-JSON
form).
"""

from __future__ import annotations

from lmspack.stats.drift.column import column_drift
from lmspack.stats.drift.dataset import (
    DEFAULT_DRIFT_SHARE,
    DriftResult,
    SkippedColumn,
    dataset_drift,
    drift_table,
)
from lmspack.stats.drift.kinds import FeatureKind, InferredKind, category_label, infer_kind
from lmspack.stats.drift.methods import (
    AUTO,
    EXTRAS,
    METHODS,
    PANEL,
    Comparison,
    MethodSpec,
    Severity,
    default_method,
    panel_methods,
    psi_severity,
)
from lmspack.stats.drift.record import BinShare, DriftRecord, Status, json_float

__all__ = [
    "AUTO",
    "DEFAULT_DRIFT_SHARE",
    "EXTRAS",
    "METHODS",
    "PANEL",
    "BinShare",
    "Comparison",
    "DriftRecord",
    "DriftResult",
    "FeatureKind",
    "InferredKind",
    "MethodSpec",
    "Severity",
    "SkippedColumn",
    "Status",
    "category_label",
    "column_drift",
    "dataset_drift",
    "default_method",
    "drift_table",
    "infer_kind",
    "json_float",
    "panel_methods",
    "psi_severity",
]
