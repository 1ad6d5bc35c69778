"""The example course's drift widget, end to end, against Evidently 0.7.23.

lmspack computes the widget from its JSON file (``widgets/drift_detection.titanic.json``:
the CSV files, the declared kinds, the seeded scenario transforms, the method panel and
the dataset verdict), exactly as ``lmspack precompute`` does. ``evidently_widget_oracle.json``
holds what Evidently returned on the same reference sample and each scenario's sample
(``tests/fixtures/drift/widget_scenarios/``, written by ``scripts/drift_oracle.py
scenarios``): its stattests for every method, and its data drift report (default method per
column, dataset drift). Values are compared, not only the direction of the verdicts.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from lmspack.source.paths import resolve_data_path
from lmspack.stats.drift import METHODS
from lmspack.widgets import DataFiles
from lmspack.widgets.registry import get_kind

REPO = Path(__file__).resolve().parents[2]
WIDGET = REPO / "widgets" / "drift_detection.titanic.json"
ORACLE = json.loads((REPO / "tests" / "fixtures" / "drift" / "evidently_widget_oracle.json")
                    .read_text(encoding="utf-8"))
SCENARIOS = {s["id"]: s for s in ORACLE["scenarios"]}
EVIDENTLY = {name for name, spec in METHODS.items() if spec.evidently}


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    kind = get_kind("drift_detection_lab")
    assert kind is not None
    lab = kind.model.model_validate(json.loads(WIDGET.read_text(encoding="utf-8")))

    def no_other_widget(path: str) -> Any:
        raise AssertionError(f"the drift lab reads no other widget file ({path})")

    files = DataFiles(REPO, lambda path: resolve_data_path(REPO, path), no_other_widget)
    return kind.compute(lab, files)


def _close(got: float | None, encoded: float | str) -> bool:
    """Equal within 1e-9 (relative); the oracle writes non-finite values as strings."""
    want = float(encoded)  # float("nan"), float("inf") and float("-inf") read those back
    assert got is not None
    if math.isnan(want):
        return math.isnan(got)
    return abs(got - want) <= 1e-9 * max(1.0, abs(want))


def test_the_oracle_covers_every_scenario_of_the_widget(result: dict[str, Any]) -> None:
    assert ORACLE["versions"]["evidently"] == "0.7.23"
    assert ORACLE["widget"] == "widgets/drift_detection.titanic.json"
    assert [s["id"] for s in result["scenarios"]] == list(SCENARIOS)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_statistic_of_the_scenario_matches_evidently(result: dict[str, Any],
                                                           scenario: str) -> None:
    ours = next(s for s in result["scenarios"] if s["id"] == scenario)
    oracle = SCENARIOS[scenario]
    assert ours["rows"] == oracle["rows"]
    compared = 0
    for case in oracle["features"]:
        records = {r["method"]: r for r in ours["records"] if r["feature"] == case["feature"]}
        assert records, case["feature"]
        for method, record in records.items():
            if method not in EVIDENTLY:
                continue  # lmspack's own teaching extras (psi on decile bins)
            expected = case["results"][method]
            if "error" in expected:  # Evidently refuses the method for this kind
                assert record["status"] == "not_applicable", (case["feature"], method)
                continue
            where = (scenario, case["feature"], method, record["score"], expected)
            assert record["status"] == "ok", where
            assert _close(record["score"], expected["drift_score"]), where
            assert record["drift_detected"] == expected["drifted"], where
            assert record["threshold"] == expected["threshold"], where
            assert (record["n_reference"], record["n_current"]) == \
                (case["n_reference"], case["n_current"]), where
            compared += 1
    assert compared >= 20  # the whole panel, not a sample of it


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_dataset_verdict_matches_evidentlys_drift_report(result: dict[str, Any],
                                                             scenario: str) -> None:
    ours = next(s for s in result["scenarios"] if s["id"] == scenario)
    report = SCENARIOS[scenario]["report"]
    defaults = {c["feature"]: c["default_method"] for c in SCENARIOS[scenario]["features"]}
    dataset = ours["dataset"]
    assert dataset["deciding_method"] == defaults
    for feature, column in report["columns"].items():
        method = dataset["deciding_method"][feature]
        record = next(r for r in ours["records"]
                      if r["feature"] == feature and r["method"] == method)
        assert _close(record["score"], column["drift_score"]), (feature, record, column)
        assert record["drift_detected"] == column["drifted"], feature
        assert record["threshold"] == column["threshold"], feature
    assert sorted(dataset["drifted_features"]) == sorted(
        f for f, c in report["columns"].items() if c["drifted"])
    assert dataset["n_features"] == report["number_of_columns"]
    assert dataset["n_drifted"] == report["number_of_drifted_columns"]
    assert _close(dataset["share_drifted"], report["share_of_drifted_columns"])
    assert dataset["dataset_drift"] is report["dataset_drift"]
