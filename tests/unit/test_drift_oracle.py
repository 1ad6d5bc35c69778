"""lmspack's drift engine against Evidently 0.7.23 (values in evidently_oracle.json).

The oracle file is written by ``scripts/drift_oracle.py oracle`` from Evidently's own
stattest functions on the committed inputs; these tests only read it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest

from lmspack.stats.drift import (
    METHODS,
    DriftRecord,
    column_drift,
    dataset_drift,
    default_method,
    infer_kind,
)
from lmspack.stats.table import Table, read_csv

DRIFT = Path(__file__).resolve().parent.parent / "fixtures" / "drift"
ORACLE = json.loads((DRIFT / "evidently_oracle.json").read_text(encoding="utf-8"))
PAIRS = {
    "titanic": ("titanic_reference.csv", "titanic_current.csv"),
    "titanic_drifted": ("titanic_reference.csv", "titanic_current_drifted.csv"),
    "large": ("large_reference.csv", "large_current.csv"),
}
SYNTHETIC = {c["name"]: c for c in json.loads((DRIFT / "synthetic_cases.json").read_text())}
EVIDENTLY = [name for name, spec in METHODS.items() if spec.evidently]
_TABLES: dict[str, Table] = {}


def _table(name: str) -> Table:
    if name not in _TABLES:
        _TABLES[name] = read_csv(DRIFT / name)
    return _TABLES[name]


def _decode(value: Any) -> Any:
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(value, value)


def _samples(case: dict[str, Any]) -> tuple[Any, Any]:
    if case["dataset"] == "synthetic":
        spec = SYNTHETIC[case["feature"]]
        ref = [_decode(v) if isinstance(v, str) else v for v in spec["reference"]]
        cur = [_decode(v) if isinstance(v, str) else v for v in spec["current"]]
        if case["kind"] == "numerical":
            return np.array(ref, dtype=np.float64), np.array(cur, dtype=np.float64)
        return np.array(ref, dtype=object), np.array(cur, dtype=object)
    ref_file, cur_file = PAIRS[case["dataset"]]
    return _table(ref_file)[case["feature"]], _table(cur_file)[case["feature"]]


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['dataset']}-{case['feature']}-{case['kind']}"


def _records(case: dict[str, Any]) -> dict[str, DriftRecord]:
    ref, cur = _samples(case)
    records = column_drift(case["feature"], ref, cur, case["kind"], methods=EVIDENTLY)
    return {record.method: record for record in records}


def test_oracle_was_made_with_the_pinned_versions() -> None:
    assert ORACLE["versions"]["evidently"] == "0.7.23"
    assert len(ORACLE["cases"]) >= 30


@pytest.mark.parametrize("case", ORACLE["cases"], ids=_case_id)
def test_scores_and_verdicts_match_evidently(case: dict[str, Any]) -> None:
    records = _records(case)
    for method, expected in case["results"].items():
        record = records[method]
        if "error" in expected:
            # Evidently raises StatTestInvalidFeatureTypeError; lmspack reports a row.
            assert record.status == "not_applicable" and record.score is None
            continue
        assert record.status == "ok"
        want = _decode(expected["drift_score"])
        got = record.score
        assert got is not None
        if math.isnan(want):
            assert math.isnan(got), method
        else:
            assert abs(got - want) <= 1e-9 * max(1.0, abs(want)), (method, got, want)
        assert record.drift_detected == expected["drifted"], method
        assert record.threshold == expected["threshold"]


@pytest.mark.parametrize("case", ORACLE["cases"], ids=_case_id)
def test_sizes_and_default_method_match_evidently(case: dict[str, Any]) -> None:
    records = _records(case)
    first = next(iter(records.values()))
    assert (first.n_reference, first.n_current) == (case["n_reference"], case["n_current"])
    expected = case["default_method"]
    assert default_method(case["kind"], case["n_reference"], case["n_unique"]) == expected
    ref, cur = _samples(case)
    (auto,) = column_drift(case["feature"], ref, cur, case["kind"], methods=["auto"])
    assert auto.method == expected


@pytest.mark.parametrize(
    "case", [c for c in ORACLE["cases"] if c["evidently_inferred_kind"]], ids=_case_id
)
def test_inferred_kind_matches_evidently(case: dict[str, Any]) -> None:
    ref, _ = _samples(case)
    assert infer_kind(ref) == case["evidently_inferred_kind"]


@pytest.mark.parametrize("dataset", ["titanic", "titanic_drifted", "large"])
def test_dataset_verdict_matches_evidently_defaults(dataset: str) -> None:
    cases = [
        c
        for c in ORACLE["cases"]
        if c["dataset"] == dataset and c["kind"] == c["evidently_inferred_kind"]
    ]
    expected_drifted = sorted(
        c["feature"] for c in cases if c["results"][c["default_method"]]["drifted"]
    )
    records = [record for case in cases for record in _records(case).values()]
    summary = dataset_drift(records)
    assert sorted(cast(list[str], summary["drifted_features"])) == expected_drifted
    assert summary["n_features"] == len(cases)
    share = len(expected_drifted) / len(cases)
    assert summary["share_drifted"] == share
    assert summary["dataset_drift"] is (share >= 0.5)
