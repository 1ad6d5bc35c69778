"""Whole tables: which columns to compare, the per-column records, the dataset verdict.

The dataset verdict follows Evidently's ``get_dataset_drift``: the dataset drifts when
the share of drifted features is at least ``drift_share`` (0.5). Each feature gets one
deciding method, by default Evidently's automatic choice for that feature
(:func:`~lmspack.stats.drift.methods.default_method`), whatever else the panel shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lmspack.stats.drift.column import column_drift_with_default
from lmspack.stats.drift.kinds import FeatureKind, infer_kind
from lmspack.stats.drift.methods import AUTO, default_method
from lmspack.stats.drift.numeric import PER_VALUE_MAX_DISTINCT
from lmspack.stats.drift.record import DriftRecord
from lmspack.stats.tablebase import Coded, Table

DEFAULT_DRIFT_SHARE = 0.5

_MAX_WORKERS = 4  # columns in flight, at most one per CPU: sorts release the GIL
_PARALLEL_MIN_ROWS = 200_000


@dataclass(frozen=True)
class SkippedColumn:
    """A column left out of the comparison, and why (text, missing from one file)."""

    name: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "reason": self.reason}


@dataclass(frozen=True)
class DriftResult:
    """Everything ``lmspack drift`` reports for two tables."""

    records: tuple[DriftRecord, ...]
    dataset: dict[str, object]
    skipped: tuple[SkippedColumn, ...]
    kinds: dict[str, FeatureKind]

    def to_dict(self) -> dict[str, object]:
        """Strict-JSON-ready form (``json.dumps(..., allow_nan=False)`` works)."""
        return {
            "records": [record.to_dict() for record in self.records],
            "dataset": self.dataset,
            "skipped": [column.to_dict() for column in self.skipped],
            "kinds": dict(self.kinds),
        }


def dataset_drift(
    records: Iterable[DriftRecord],
    drift_share: float = DEFAULT_DRIFT_SHARE,
    method_per_feature: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """Dataset-level summary: drifted if (drifted features / decided features) >= share.

    ``method_per_feature`` names the deciding method of each feature. Without it, a
    feature is decided by Evidently's automatic method, chosen from the records'
    sizes and bins (the exact choice needs the distinct count of R and C together,
    which the binned records carry). A feature whose deciding record is missing or
    has no verdict (``insufficient_data``, ``not_applicable``) is *undecided*: it is
    listed, and left out of both the count and the share, where Evidently would
    have raised an error.
    """
    by_feature: dict[str, dict[str, DriftRecord]] = {}
    for record in records:
        by_feature.setdefault(record.feature, {})[record.method] = record
    deciding: dict[str, str] = {}
    drifted: list[str] = []
    undecided: list[str] = []
    for feature, methods in by_feature.items():
        method = (method_per_feature or {}).get(feature) or _auto_method(methods)
        deciding[feature] = method
        verdict = methods[method].drift_detected if method in methods else None
        if verdict is None:
            undecided.append(feature)
        elif verdict:
            drifted.append(feature)
    n_decided = len(deciding) - len(undecided)
    share = len(drifted) / n_decided if n_decided else 0.0
    return {
        "drift_share": drift_share,
        "n_features": n_decided,
        "n_drifted": len(drifted),
        "share_drifted": share,
        "dataset_drift": bool(n_decided and share >= drift_share),
        "deciding_method": deciding,
        "drifted_features": drifted,
        "undecided_features": undecided,
    }


def _auto_method(records: Mapping[str, DriftRecord]) -> str:
    """Evidently's default method for a feature, recovered from its records."""
    any_record = next(iter(records.values()))
    return default_method(any_record.kind, any_record.n_reference, _n_unique(records))


def _n_unique(records: Mapping[str, DriftRecord]) -> int:
    # Categories and per-value bins are exactly the distinct values of R and C; Sturges
    # bins mean more than 20 distinct reference values, and only "> 5" matters then.
    for record in records.values():
        if record.bins is None or record.method in ("psi_deciles",):
            continue
        if record.kind == "categorical" or all(b.edge_lo == b.edge_hi for b in record.bins):
            return len(record.bins)
        return PER_VALUE_MAX_DISTINCT + 1
    return PER_VALUE_MAX_DISTINCT + 1


def drift_table(
    reference: Table,
    current: Table,
    columns: Sequence[str] | None = None,
    methods: Sequence[str] | None = None,
    kinds: Mapping[str, FeatureKind] | None = None,
    thresholds: Mapping[str, float] | None = None,
    *,
    drift_share: float = DEFAULT_DRIFT_SHARE,
    workers: int | None = None,
    consume: bool = False,
) -> DriftResult:
    """Compare the shared columns of two tables (``lmspack drift REF.csv CUR.csv``).

    ``columns`` defaults to every column of the reference that the current table also
    has. Kinds come from ``kinds`` or are inferred from the reference column; text
    columns are skipped with the reason. ``methods`` defaults to the panel. The
    deciding method of a feature is the single requested method when exactly one is
    named, else Evidently's automatic choice, which is computed (and listed) even
    when it is not in ``methods``. ``workers`` > 1 runs columns in threads (default:
    one per CPU, up to 4, for tables with at least 200,000 rows in all); results do
    not depend on it.

    ``consume`` gives the tables to the engine (``lmspack drift`` does, the widgets do
    not): a compared column's arrays are sorted in place, not copied, and leave both
    tables once its records are made, and the columns are compared one at a time (each
    column's two samples sort in two threads). Memory then holds the tables plus one
    column's work, not a copy of every column in flight.
    """
    chosen, skipped = _choose_columns(reference, current, columns, kinds or {})
    jobs = [(name, kind) for name, kind in chosen.items()]

    def run(job: tuple[str, FeatureKind]) -> tuple[list[DriftRecord], str]:
        name, kind = job
        ref, cur = _values(reference, name, kind), _values(current, name, kind)
        if consume:
            reference.release(name)
            current.release(name)
        return _feature_records(name, ref, cur, kind, methods, thresholds, consume)

    n_workers = 1 if consume else min(workers or _default_workers(reference, current),
                                      max(len(jobs), 1))
    if n_workers > 1:
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            results = list(pool.map(run, jobs))
    else:
        results = [run(job) for job in jobs]
    records = tuple(record for feature_records, _ in results for record in feature_records)
    deciding = {name: method for (name, _), (_, method) in zip(jobs, results, strict=True)}
    summary = dataset_drift(records, drift_share, deciding)
    return DriftResult(records, summary, tuple(skipped), chosen)


def _values(table: Table, name: str, kind: FeatureKind) -> npt.ArrayLike | Coded:
    """The encoded form of a text column where the reader kept one (counting is faster)."""
    if kind == "categorical" and name in table.coded:
        return table.coded[name]
    return table[name]


def _default_workers(reference: Table, current: Table) -> int:
    # Threads only pay off once sorting dominates; on small tables they only add overhead.
    if reference.n_rows + current.n_rows < _PARALLEL_MIN_ROWS:
        return 1
    return min(os.cpu_count() or 1, _MAX_WORKERS)


def _feature_records(
    name: str,
    reference: npt.ArrayLike | Coded,
    current: npt.ArrayLike | Coded,
    kind: FeatureKind,
    methods: Sequence[str] | None,
    thresholds: Mapping[str, float] | None,
    own: bool = False,
) -> tuple[list[DriftRecord], str]:
    if methods is not None and len(set(methods)) == 1 and AUTO not in methods:
        records, _ = column_drift_with_default(name, reference, current, kind, methods,
                                               thresholds, own=own)
        return records, records[0].method
    records, auto = column_drift_with_default(
        name, reference, current, kind, methods, thresholds, include_auto=True, own=own
    )
    assert auto is not None  # include_auto always works it out
    return records, auto


def _choose_columns(
    reference: Table,
    current: Table,
    columns: Sequence[str] | None,
    kinds: Mapping[str, FeatureKind],
) -> tuple[dict[str, FeatureKind], list[SkippedColumn]]:
    names = list(columns) if columns is not None else list(reference.columns)
    if columns is None:
        names += [name for name in current.columns if name not in reference.columns]
    chosen: dict[str, FeatureKind] = {}
    skipped: list[SkippedColumn] = []
    for name in dict.fromkeys(names):
        missing = [
            label for label, t in (("reference", reference), ("current", current)) if name not in t
        ]
        if missing:
            skipped.append(SkippedColumn(name, f"not in the {' or '.join(missing)} table"))
            continue
        sample = reference.coded[name] if name in reference.coded else reference[name]
        kind = kinds.get(name) or infer_kind(sample)
        if kind == "text":
            skipped.append(SkippedColumn(name, _text_reason(reference[name])))
            continue
        chosen[name] = kind
    return chosen, skipped


def _text_reason(values: np.ndarray) -> str:
    present = [v for v in values.tolist() if v is not None]
    distinct = len(set(present))
    return (
        f"inferred as text: {distinct} distinct values among {len(present)} non-missing "
        "(more than 50%); declare its kind to compare it"
    )
