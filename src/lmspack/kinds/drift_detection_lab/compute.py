"""The Drift Detection Lab's results: each scenario's current sample (the lab's seeded
transformations applied) against the reference sample, with the drift engine of
:mod:`lmspack.stats.drift`. ``result.schema.json`` in this folder describes the document.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from lmspack.kinds.drift_detection_lab.model import DriftLab, Resample, Scenario, Transform
from lmspack.stats.drift import METHODS, category_label, dataset_drift, infer_kind, panel_methods
from lmspack.stats.drift.column import column_drift_with_default
from lmspack.stats.table import Table, read_csv
from lmspack.widgets import ComputeError, DataFiles, ResultDoc

_STRAY_TEXT = re.compile(r"is not a number \(|more values are not numbers")


def drift_lab(lab: DriftLab, files: DataFiles) -> ResultDoc:
    columns = [f.column for f in lab.features]
    numerical = {f.column for f in lab.features if f.kind == "numerical"}
    reference = _table(files.path(lab.reference.csv), columns, numerical)
    current = _table(files.path(lab.current.csv), columns, numerical)
    kinds = {f.column: f.kind or _infer(reference, f.column, f"/features/{number}")
             for number, f in enumerate(lab.features)}
    scenarios = []
    for scenario in lab.scenarios:
        base = _table(files.path(scenario.current.csv), columns, numerical) \
            if scenario.current else current
        seed = lab.seed if scenario.seed is None else scenario.seed
        sample = apply_transforms(base, reference, scenario.transforms, seed)
        scenarios.append(_scenario_result(lab, scenario, reference, sample, kinds))
    used = sorted({r["method"] for s in scenarios for r in s["records"]})
    return {
        "type": "drift_detection_lab", "title": lab.title, "description": lab.description,
        "attribution": lab.attribution,
        "reference": {"label": lab.reference.label, "rows": reference.n_rows},
        "current": {"label": lab.current.label, "rows": current.n_rows},
        "features": [{"column": f.column, "label": f.label or f.column, "kind": kinds[f.column]}
                     for f in lab.features],
        "methods": {name: _method_info(name) for name in used},
        "scenarios": scenarios,
    }


def _method_info(name: str) -> dict[str, Any]:
    spec = METHODS[name]
    return {key: value for key, value in dataclasses.asdict(spec).items()
            if isinstance(value, (str, int, float, bool, type(None), list, tuple))}


def _table(path: Path, columns: list[str], numerical: set[str]) -> Table:
    table = read_csv(path, columns)
    missing = [c for c in columns if c not in table]
    # A stray word in a mostly numeric column makes it text: harmless for a categorical
    # feature (validate accepts any value there), fatal for a numerical one (D004). A
    # column no feature reads may be anything, even a repeated name.
    fatal = [p for p in table.problems if p.column is None or p.column in numerical
             or (p.column in columns and not _STRAY_TEXT.search(p.message))]
    if missing or fatal:
        problem = f"missing columns {missing}" if missing else fatal[0].message
        raise ComputeError(f"{path.name}: {problem} (run lmspack validate)")
    return table


def _infer(table: Table, column: str, pointer: str) -> str:
    kind = infer_kind(table[column])
    if kind == "text":
        raise ComputeError(f"column '{column}' looks like free text; declare its kind "
                           "(numerical or categorical)", pointer=pointer)
    return str(kind)


def _scenario_result(lab: DriftLab, scenario: Scenario, reference: Table, sample: Table,
                     kinds: Mapping[str, str]) -> ResultDoc:
    records: list[Any] = []
    deciding: dict[str, str] = {}
    for feature in lab.features:
        name, kind = feature.column, kinds[feature.column]
        methods: list[str] = list(lab.methods) if lab.methods else \
            _panel(kind, reference[name], sample[name])
        if lab.psi_deciles and kind == "numerical" and "psi_deciles" not in methods:
            methods.append("psi_deciles")
        feature_records, auto = column_drift_with_default(
            name, reference[name], sample[name], kind,  # type: ignore[arg-type]
            methods, {str(k): v for k, v in lab.thresholds.items()}, include_auto=True)
        if auto is not None:  # None: no verdict possible (e.g. an empty sample)
            deciding[name] = auto
        records += feature_records
    return {"id": scenario.id, "title": scenario.title, "description": scenario.description,
            "rows": sample.n_rows,
            "dataset": dataset_drift(records, lab.drift_share, deciding),
            "records": [r.to_document() for r in records]}


def _panel(kind: str, reference: np.ndarray, current: np.ndarray) -> list[str]:
    categories = {str(v) for v in [*reference.tolist(), *current.tolist()] if v is not None}
    return list(panel_methods(kind, len(categories)))  # type: ignore[arg-type]


def apply_transforms(base: Table, reference: Table, transforms: list[Transform],
                     seed: int) -> Table:
    """The scenario's current sample: ``transforms`` applied in order, deterministically."""
    rng = np.random.default_rng(seed)
    columns = {name: values.copy() for name, values in base.columns.items()}
    for transform in transforms:
        if isinstance(transform, Resample):
            columns = _resample(columns, reference, transform, rng)
            continue
        values = columns[transform.column]
        chosen = rng.random(values.shape[0]) < getattr(transform, "fraction", 1.0)
        if transform.op == "shift":
            values[chosen] = values[chosen] + transform.by
        elif transform.op == "scale":
            values[chosen] = values[chosen] * transform.factor
        else:  # set_missing
            values[chosen] = np.nan if values.dtype == np.float64 else None
    n = len(next(iter(columns.values())))
    return Table(base.path, base.header, columns, np.arange(2, n + 2), ())


def _resample(columns: dict[str, np.ndarray], reference: Table, transform: Resample,
              rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Redraw whole rows (keeping each row's other values) so ``column`` has the target
    shares; a category the sample lacks is drawn from the reference sample's rows."""
    n = len(columns[transform.column])
    if n == 0:  # nothing to redraw (lmspack validate refuses a sample without rows: D011)
        return columns
    counts = _apportion(transform.shares, n)
    parts: dict[str, list[np.ndarray]] = {name: [] for name in columns}
    for category, count in counts.items():
        if count == 0:
            continue
        source = columns if _has(columns[transform.column], category) else reference.columns
        rows = np.flatnonzero(_matches(source[transform.column], category))
        if rows.size == 0:
            raise ComputeError(f"no row has {transform.column} = {category!r}")
        picked = rng.choice(rows, size=count, replace=True)
        for name in columns:
            parts[name].append(source[name][picked])
    return {name: np.concatenate(chunks) for name, chunks in parts.items()}


def _matches(values: np.ndarray, category: str) -> np.ndarray:
    return np.array([v is not None and category_label(v) == category for v in values.tolist()],
                    dtype=bool)


def _has(values: np.ndarray, category: str) -> bool:
    return bool(_matches(values, category).any())


def _apportion(shares: Mapping[str, float], n: int) -> dict[str, int]:
    """Whole counts per category that add up to ``n`` (largest remainder, ties by name)."""
    exact = {k: v * n for k, v in shares.items()}
    counts = {k: int(np.floor(v)) for k, v in exact.items()}
    rest = n - sum(counts.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - counts[k]), k))[:rest]:
        counts[key] += 1
    return counts
