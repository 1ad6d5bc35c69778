"""Regenerate the scikit-learn / Fairlearn oracle for the Model Monitoring Dashboard
(tests/fixtures/monitoring/), as scripts/drift_oracle.py does for Evidently.

Two steps, both deterministic:

1. ``inputs`` (stdlib only) writes ``edge_log.csv``: a small seeded prediction log whose
   6-hour windows hold what the example course's log rarely does (a window with one group,
   a group without actual positives or negatives, a window without labels, an empty
   window, tied scores, one class only)::

       python3 scripts/dashboard_oracle.py inputs

2. ``oracle`` recomputes every value of the dashboard, per window and for the baseline,
   with pandas, scikit-learn 1.9.1 and Fairlearn 0.15.0 on the example course's log
   (``widgets/model_monitoring.titanic.json``) and on ``edge_log.csv``, and writes
   ``dashboard_oracle.json``. The windows are cut here from the documented rule (UTC
   multiples of the width, empty windows included), not with lmspack's code. It needs
   its own environment outside the repository (scikit-learn and Fairlearn are no
   dependency of lmspack)::

       python3 -m venv /tmp/dashboard-oracle-venv
       /tmp/dashboard-oracle-venv/bin/pip install scikit-learn==1.9.1 fairlearn==0.15.0 pandas
       /tmp/dashboard-oracle-venv/bin/python scripts/dashboard_oracle.py oracle

Where lmspack departs from Fairlearn on purpose (README, "Fairness: where lmspack departs
from Fairlearn": a rate with an empty denominator is undefined, not 0; a gap needs two
groups with the rate defined), the file holds both: ``expected`` (Fairlearn's per-group
rates with the undefined ones left out, which must equal Fairlearn's own difference
whenever no group is left out; the script checks that) and ``fairlearn`` (Fairlearn's
difference as it returns it). Undefined values are ``null``. Never edit the file by hand.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import platform
import random
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "monitoring"
EDGE_LOG = FIXTURES / "edge_log.csv"
ORACLE = FIXTURES / "dashboard_oracle.json"
EXAMPLE_WIDGET = REPO / "widgets" / "model_monitoring.titanic.json"
COLUMNS = ("timestamp", "prediction", "score", "label", "latency_ms")
MISSING = {"", "NA", "nan", "NaN", "null", "None", "N/A", "n/a"}
UNIT_SECONDS = {"s": 1, "min": 60, "h": 3600, "d": 86400, "D": 86400, "W": 604800}


# --- step 1: the edge-case log ----------------------------------------------------------


def make_edge_log() -> None:
    """Eight 6-hour windows (48 h from 2025-01-01T00:00Z), one shape per window."""
    rng = random.Random(20261206)
    start = 1735689600  # 2025-01-01T00:00:00Z
    rows: list[tuple[int, int, float, str, float, str, str]] = []

    def add(window: int, n: int, *, labels: str = "mixed", groups: tuple[str, ...] = ("a", "b"),
            region: str = "n", tie: bool = False) -> None:
        for k in range(n):
            t = start + window * 21600 + rng.randrange(21600)
            group = groups[k % len(groups)]
            score = 0.5 if tie else round(rng.random(), 3)
            prediction = int(score >= 0.5)
            if labels == "none":
                label = ""
            elif labels == "positive":
                label = "1"
            elif labels == "mixed":
                label = str(int(rng.random() < score)) if rng.random() < 0.85 else ""
            else:  # "a-negative": group a has no actual positives
                label = "0" if group == "a" else str(k % 2)
            rows.append((t, prediction, score, label, round(10 + 90 * rng.random(), 1),
                         group, region))

    add(0, 30)                                   # the usual: two groups, some unlabelled
    add(1, 25, groups=("a",))                    # one group only: no gap to measure
    add(2, 20, labels="a-negative")              # a group without actual positives
    add(3, 18, labels="none")                    # nothing labelled yet
    # window 4: no request at all (an outage)
    add(5, 16, tie=True, groups=("a", "b", "c"))  # every score tied, three groups
    add(6, 12, labels="positive")                # one class only: no ROC AUC
    add(7, 40, groups=("a", "b", "c"), region="s")
    rows.sort()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with EDGE_LOG.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*COLUMNS, "group", "region"])
        for t, prediction, score, label, latency, group, region in rows:
            stamp = datetime.fromtimestamp(t, tz=UTC)
            writer.writerow([stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), prediction, score, label,
                             latency, group, region])
    print(f"wrote {EDGE_LOG.relative_to(REPO)} ({len(rows)} rows)")


# --- step 2: the oracle ---------------------------------------------------------------------


def read_log(path: Path, groups: list[str]) -> Any:
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.columns = [c.strip() for c in frame.columns]
    out = pd.DataFrame({
        "t": [datetime.fromisoformat(v.strip().replace("Z", "+00:00")).timestamp()
              for v in frame["timestamp"]],
        "prediction": frame["prediction"].astype(float).astype(int),
        "score": frame["score"].astype(float),
        "label": [None if v.strip() in MISSING else int(float(v)) for v in frame["label"]],
        "latency_ms": frame["latency_ms"].astype(float),
    })
    for group in groups:
        out[group] = frame[group].astype(str)
    return out.sort_values("t", kind="stable").reset_index(drop=True)


def width_seconds(text: str) -> float:
    number = "".join(c for c in text if c.isdigit() or c == ".")
    unit = text[len(number):].strip()
    return float(number or 1) * UNIT_SECONDS[unit]


def windows(frame: Any, width: float) -> list[tuple[int, float, float, Any]]:
    """(index, start, end, rows) of the UTC multiples of ``width`` from the first row's
    window to the last row's, empty ones included."""
    slots = [math.floor(t / width) for t in frame["t"]]
    first, last = slots[0], slots[-1]
    out = []
    for index, slot in enumerate(range(first, last + 1)):
        rows = frame[[s == slot for s in slots]]
        out.append((index, slot * width, (slot + 1) * width, rows))
    return out


def value(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def classification(rows: Any) -> dict[str, float | None]:
    from sklearn.metrics import (
        accuracy_score,
        f1_score,
        precision_score,
        recall_score,
        roc_auc_score,
    )

    labelled = rows[rows["label"].notna()]
    names = ("accuracy", "precision", "recall", "f1", "roc_auc")
    if len(labelled) == 0:
        return dict.fromkeys(names)
    y, p = labelled["label"].astype(int), labelled["prediction"]
    nan = float("nan")
    return {
        "accuracy": value(accuracy_score(y, p)),
        "precision": value(precision_score(y, p, zero_division=nan)),
        "recall": value(recall_score(y, p, zero_division=nan)),
        "f1": value(f1_score(y, p, zero_division=nan)),
        "roc_auc": value(roc_auc_score(y, labelled["score"])) if y.nunique() == 2 else None,
    }


def latency(rows: Any) -> dict[str, float | None]:
    names = {"latency_p50_ms": 0.50, "latency_p95_ms": 0.95, "latency_p99_ms": 0.99}
    if len(rows) == 0:
        return dict.fromkeys(names)
    return {name: value(rows["latency_ms"].quantile(q, interpolation="linear"))
            for name, q in names.items()}


def group_stats(rows: Any) -> dict[str, Any]:
    from fairlearn.metrics import false_positive_rate, selection_rate, true_positive_rate
    from sklearn.metrics import accuracy_score

    labelled = rows[rows["label"].notna()]
    stats: dict[str, Any] = {"n": len(rows), "n_labelled": len(labelled)}
    fields = ("selection_rate", "accuracy", "tpr", "fpr", "mean_score", "positive_rate",
              "calibration_gap")
    stats.update(dict.fromkeys(fields))
    if len(rows):
        stats["selection_rate"] = value(selection_rate(rows["prediction"], rows["prediction"]))
    if len(labelled):
        y, p = labelled["label"].astype(int), labelled["prediction"]
        mean_score, positive_rate = float(labelled["score"].mean()), float(y.mean())
        stats.update({
            "accuracy": value(accuracy_score(y, p)),
            # Fairlearn says 0 for 0/0; the rate is undefined then (README).
            "tpr": value(true_positive_rate(y, p)) if (y == 1).any() else None,
            "fpr": value(false_positive_rate(y, p)) if (y == 0).any() else None,
            "mean_score": mean_score, "positive_rate": positive_rate,
            "calibration_gap": mean_score - positive_rate,
        })
    return stats


def spread(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) - min(present) if len(present) >= 2 else None


def cross_group(rows: Any, attribute: str, stats: dict[str, dict[str, Any]]
                ) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """The three series of ``attribute``: lmspack's rule (``expected``) and Fairlearn's
    own differences (``fairlearn``)."""
    from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference

    labelled = rows[rows["label"].notna()]
    present = [s for s in stats.values() if s["n"]]
    parity = spread([s["selection_rate"] for s in present]) if len(rows) else None
    tpr = spread([s["tpr"] for s in present])
    fpr = spread([s["fpr"] for s in present])
    odds = max(tpr, fpr) if len(labelled) and tpr is not None and fpr is not None else None
    gaps = [abs(s["calibration_gap"]) for s in present if s["calibration_gap"] is not None]
    expected = {f"demographic_parity_difference:{attribute}": parity,
                f"equalized_odds_difference:{attribute}": odds,
                f"calibration_gap:{attribute}": max(gaps) if gaps else None}
    raw: dict[str, float | None] = dict.fromkeys(expected)
    if len(rows):
        raw[f"demographic_parity_difference:{attribute}"] = value(demographic_parity_difference(
            rows["prediction"], rows["prediction"], sensitive_features=rows[attribute]))
    if len(labelled):
        y = labelled["label"].astype(int)
        raw[f"equalized_odds_difference:{attribute}"] = value(equalized_odds_difference(
            y, labelled["prediction"], sensitive_features=labelled[attribute]))
        all_defined = all(s["tpr"] is not None and s["fpr"] is not None
                          for s in present if s["n_labelled"])
        if all_defined and odds is not None:  # no departure here: Fairlearn must agree
            difference = abs(odds - raw[f"equalized_odds_difference:{attribute}"])
            assert difference < 1e-12, (attribute, odds, raw)
    if parity is not None:
        assert abs(parity - raw[f"demographic_parity_difference:{attribute}"]) < 1e-12
    return expected, raw


def measure(rows: Any, start: float, end: float, groups: dict[str, list[str]]
            ) -> dict[str, Any]:
    metrics: dict[str, float | None] = {**classification(rows), **latency(rows)}
    metrics["throughput_per_hour"] = len(rows) * 3600.0 / (end - start) if end > start else None
    by_group: dict[str, dict[str, Any]] = {}
    fairlearn: dict[str, float | None] = {}
    for attribute, values in groups.items():
        by_group[attribute] = {g: group_stats(rows[rows[attribute] == g]) for g in values}
        expected, raw = cross_group(rows, attribute, by_group[attribute])
        metrics.update(expected)
        fairlearn.update(raw)
    return {"start": start, "end": end, "n": len(rows),
            "n_labelled": int(rows["label"].notna().sum()), "metrics": metrics,
            "groups": by_group, "fairlearn": fairlearn}


def dashboard(log: Path, groups: list[str], width: str, baseline_windows: int) -> dict[str, Any]:
    import pandas as pd

    frame = read_log(log, groups)
    values = {g: sorted(set(frame[g])) for g in groups}
    cut = windows(frame, width_seconds(width))
    chosen = cut[:baseline_windows]
    pooled = pd.concat([rows for *_, rows in chosen]) if chosen else frame.iloc[0:0]
    return {
        "log": log.relative_to(REPO).as_posix(), "window": width,
        "baseline_windows": baseline_windows, "attributes": values,
        "baseline": measure(pooled, chosen[0][1], chosen[-1][2], values),
        "windows": [{"index": i, **measure(rows, start, end, values)}
                    for i, start, end, rows in cut],
    }


def make_oracle() -> None:
    import fairlearn
    import pandas
    import sklearn

    widget = json.loads(EXAMPLE_WIDGET.read_text(encoding="utf-8"))
    example_log = REPO / widget["log"]["csv"].lstrip("/")
    document = {
        "generated_by": "scripts/dashboard_oracle.py oracle",
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                     "fairlearn": fairlearn.__version__, "pandas": pandas.__version__},
        "dashboards": {
            "example": dashboard(example_log, widget["log"]["groups"], widget["window"],
                                 widget["baseline"]["windows"]),
            "edge": dashboard(EDGE_LOG, ["group", "region"], "6h", 3),
        },
    }
    ORACLE.write_text(json.dumps(document, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {ORACLE.relative_to(REPO)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["inputs", "oracle"])
    args = parser.parse_args(argv)
    make_edge_log() if args.step == "inputs" else make_oracle()
    return 0


if __name__ == "__main__":
    sys.exit(main())
