"""The Model Monitoring Dashboard against scikit-learn 1.9.1 and Fairlearn 0.15.0: every
value of every window and of the baseline (classification metrics, latency quantiles,
throughput, every group's stats, the fairness gaps), on the example course's log and on a
log of edge cases (tests/fixtures/monitoring/). The oracle file is written by
``scripts/dashboard_oracle.py oracle`` in its own environment; these tests only read it."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest

from lmspack.stats.monitoring.dashboard import compute_dashboard
from lmspack.stats.monitoring.log import PredictionLog
from lmspack.stats.monitoring.windows import BaselineSpec, WindowSpec

REPO = Path(__file__).resolve().parents[2]
ORACLE = json.loads((REPO / "tests" / "fixtures" / "monitoring" / "dashboard_oracle.json")
                    .read_text(encoding="utf-8"))
MISSING = {"", "NA", "nan", "NaN", "null", "None", "N/A", "n/a"}


def lmspack_dashboard(name: str) -> dict[str, Any]:
    spec = ORACLE["dashboards"][name]
    with (REPO / spec["log"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups = list(spec["attributes"])
    columns: dict[str, list[object]] = {
        "timestamp": [r["timestamp"] for r in rows],
        "prediction": [int(float(r["prediction"])) for r in rows],
        "score": [float(r["score"]) for r in rows],
        "label": [None if r["label"].strip() in MISSING else int(float(r["label"]))
                  for r in rows],
        "latency_ms": [float(r["latency_ms"]) for r in rows],
        **{g: [r[g] for r in rows] for g in groups},
    }
    log, problems = PredictionLog.from_columns(columns, groups)
    assert problems == []
    board = compute_dashboard(log, WindowSpec.fixed(spec["window"]),
                              BaselineSpec.windows(spec["baseline_windows"]))
    return board.to_dict()


def close(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-12)


def differences(ours: dict[str, Any], theirs: dict[str, Any], where: str) -> list[str]:
    """Every value of one window (or the baseline) that differs from the oracle's."""
    out = [f"{where} {key}: {ours[key]} != {theirs[key]}" for key in ("start", "end", "n",
                                                                     "n_labelled")
           if not close(ours[key], theirs[key])]
    assert set(ours["metrics"]) == set(theirs["metrics"]), where
    out += [f"{where} {name}: {ours['metrics'][name]['value']} != {expected}"
            for name, expected in theirs["metrics"].items()
            if not close(ours["metrics"][name]["value"], expected)]
    for attribute, groups in theirs["groups"].items():
        assert set(ours["groups"][attribute]) == set(groups), where
        for group, stats in groups.items():
            mine = ours["groups"][attribute][group]
            for field, expected in stats.items():
                got = mine[field] if field in ("n", "n_labelled") else mine[field]["value"]
                if not close(got, expected):
                    out.append(f"{where} {attribute}={group} {field}: {got} != {expected}")
    return out


@pytest.mark.parametrize("name", ["example", "edge"])
def test_every_dashboard_value_agrees_with_scikit_learn_and_fairlearn(name: str) -> None:
    ours, theirs = lmspack_dashboard(name), ORACLE["dashboards"][name]
    assert len(ours["windows"]) == len(theirs["windows"])
    problems = differences(ours["baseline"], theirs["baseline"], "baseline")
    for mine, expected in zip(ours["windows"], theirs["windows"], strict=True):
        problems += differences(mine, expected, f"window {expected['index']}")
    assert problems == []


def test_the_oracle_covers_the_edge_cases_it_was_made_for() -> None:
    """The edge log really has a window with one group, a group without positives, no
    labels, an empty window, one class, and departures from Fairlearn's 0-for-0/0."""
    windows = ORACLE["dashboards"]["edge"]["windows"]
    metrics = [w["metrics"] for w in windows]
    assert any(w["n"] == 0 for w in windows)
    assert any(w["n"] and w["n_labelled"] == 0 for w in windows)
    assert any(m["roc_auc"] is None and m["accuracy"] is not None for m in metrics)
    assert any(m["demographic_parity_difference:group"] is None
               and w["fairlearn"]["demographic_parity_difference:group"] == 0
               for m, w in zip(metrics, windows, strict=True) if w["n"])
    departures = [w for w in windows if w["n_labelled"] and
                  w["metrics"]["equalized_odds_difference:group"] !=
                  w["fairlearn"]["equalized_odds_difference:group"]]
    assert departures  # where Fairlearn counts an undefined rate as 0
    assert ORACLE["versions"]["scikit-learn"] == "1.9.1"
    assert ORACLE["versions"]["fairlearn"] == "0.15.0"


def test_a_wrong_value_is_caught() -> None:
    """The comparison can fail: one group rate off by 1e-9 is reported."""
    ours = lmspack_dashboard("edge")
    theirs = json.loads(json.dumps(ORACLE["dashboards"]["edge"]["windows"][0]))
    theirs["groups"]["group"]["a"]["tpr"] += 1e-9
    assert differences(ours["windows"][0], theirs, "window 0") == [
        f"window 0 group=a tpr: {ours['windows'][0]['groups']['group']['a']['tpr']['value']} "
        f"!= {theirs['groups']['group']['a']['tpr']}"]
