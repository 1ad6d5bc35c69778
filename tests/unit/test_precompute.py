"""Widget results: computed from the example course, schema-valid, deterministic, reused."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from lmspack import check
from lmspack.errors import PrecomputeError
from lmspack.kinds.drift_detection_lab.compute import _apportion, apply_transforms
from lmspack.kinds.drift_detection_lab.model import Resample, Scale, SetMissing, Shift
from lmspack.precompute import precompute
from lmspack.stats.table import read_csv
from lmspack.widgets.registry import require_kind

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("course")
    for name in ("lessons", "widgets"):
        shutil.copytree(REPO / name, root / name)
    return root


def _course(root: Path):  # type: ignore[no-untyped-def]
    report = check(root)
    assert report.errors == 0 and report.course is not None
    return report.course


def test_every_used_widget_gets_a_schema_valid_result(course: Path, tmp_path: Path) -> None:
    results = precompute(_course(course), tmp_path)
    assert sorted(results) == ["widgets/alert_config.titanic.json",
                               "widgets/drift_detection.titanic.json",
                               "widgets/model_monitoring.titanic.json"]
    for result in results.values():
        document = json.loads(result.output.read_text(encoding="utf-8"))
        kind = require_kind(document["type"])
        assert kind.result_schema_file is not None
        schema = json.loads(kind.folder().joinpath(kind.result_schema_file)
                            .read_text(encoding="utf-8"))
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []
    assert sorted(p.name for p in (tmp_path / "precompute").iterdir()) == [
        "alert_config.titanic.json", "drift_detection.titanic.json",
        "model_monitoring.titanic.json"]  # no temporary files left behind


def test_results_are_byte_identical_and_reused(course: Path, tmp_path: Path) -> None:
    first = {k: r.output.read_bytes() for k, r in precompute(_course(course), tmp_path).items()}
    again = precompute(_course(course), tmp_path / "other", reuse=False)
    assert {k: r.output.read_bytes() for k, r in again.items()} == first
    reused = precompute(_course(course), tmp_path)
    assert all(r.reused for r in reused.values())


def test_precompute_takes_the_widget_files_from_the_checked_course(
        course: Path, tmp_path: Path) -> None:
    """The checked course carries each widget file's parsed model and text: with every
    widget file spoilt on disk after validation, precompute gives the same results, inputs
    digest included (it never parses a widget file again)."""
    root = tmp_path / "copy"
    shutil.copytree(course, root)
    checked = _course(root)
    assert sorted(checked.widgets) == ["widgets/alert_config.titanic.json",
                                       "widgets/drift_detection.titanic.json",
                                       "widgets/model_monitoring.titanic.json"]
    expected = {k: r.document for k, r in precompute(checked, tmp_path / "a").items()}
    for widget in (root / "widgets").glob("*.json"):
        widget.write_text("{not JSON", encoding="utf-8")
    again = precompute(checked, tmp_path / "b")
    assert {k: r.document for k, r in again.items()} == expected
    unchecked = dataclasses.replace(checked, widgets={})
    with pytest.raises(PrecomputeError, match="not a checked widget file"):
        precompute(unchecked, tmp_path / "c")


def test_changed_input_is_recomputed_and_only_its_dependants(course: Path,
                                                             tmp_path: Path) -> None:
    precompute(_course(course), tmp_path)
    log = course / "widgets" / "data" / "titanic_prediction_log.csv"
    original = log.read_bytes()
    try:
        log.write_bytes(original.replace(b",85.", b",86.", 1) if b",85." in original
                        else original + b"\n")
        results = precompute(_course(course), tmp_path)
    finally:
        log.write_bytes(original)
    assert {k: r.reused for k, r in results.items()} == {
        "widgets/model_monitoring.titanic.json": False,
        "widgets/alert_config.titanic.json": False,  # reads the dashboard's log
        "widgets/drift_detection.titanic.json": True}


def test_example_results_tell_the_lessons_story(course: Path, tmp_path: Path) -> None:
    results = precompute(_course(course), tmp_path)
    lab = results["widgets/drift_detection.titanic.json"].document
    by_id = {s["id"]: s for s in lab["scenarios"]}
    def drifted(scenario: str, feature: str, method: str) -> bool:
        return next(r["drift_detected"] for r in by_id[scenario]["records"]
                    if r["feature"] == feature and r["method"] == method)
    assert drifted("older-passengers", "age", "ks") and not drifted("no-drift", "age", "ks")
    assert drifted("more-third-class", "pclass", "chisquare")
    assert by_id["more-third-class"]["dataset"]["dataset_drift"] is True
    assert drifted("fares-inflated", "fare", "psi_deciles")
    alerts = results["widgets/alert_config.titanic.json"].document["timeline"]
    detected = {i["id"]: i["detected"] for i in alerts["incidents"]}
    assert detected == {"class-mix-drift": True, "latency-incident": True,
                        "concept-change": True}


def _table(tmp_path: Path) -> object:
    path = tmp_path / "t.csv"
    path.write_text("x,c\n" + "".join(f"{i},{'ab'[i % 2]}\n" for i in range(10)),
                    encoding="utf-8")
    return read_csv(path)


def test_transforms_are_seeded_and_do_what_they_say(tmp_path: Path) -> None:
    table = _table(tmp_path)
    shifted = apply_transforms(table, table, [Shift(op="shift", column="x", by=5)], 1)
    assert shifted["x"].tolist() == [i + 5.0 for i in range(10)]
    half = [Scale(op="scale", column="x", factor=2, fraction=0.5)]
    once, twice = (apply_transforms(table, table, half, 7)["x"] for _ in range(2))
    assert np.array_equal(once, twice) and 0 < int((once != table["x"]).sum()) < 9
    gone = apply_transforms(table, table, [SetMissing(op="set_missing", column="c",
                                                      fraction=1.0)], 3)
    assert gone["c"].tolist() == [None] * 10
    assert table["x"].tolist() == [float(i) for i in range(10)]  # input untouched


def test_resample_hits_the_target_shares_exactly_and_keeps_rows_whole(tmp_path: Path) -> None:
    table = _table(tmp_path)
    out = apply_transforms(table, table, [Resample(op="resample", column="c",
                                                   shares={"a": 0.8, "b": 0.2})], 5)
    assert sorted(out["c"].tolist()).count("a") == 8
    for x, c in zip(out["x"].tolist(), out["c"].tolist(), strict=True):
        assert c == "ab"[int(x) % 2]  # each drawn row keeps its own values


def test_apportion_adds_up() -> None:
    assert _apportion({"1": 0.1, "2": 0.15, "3": 0.75}, 418) == {"1": 42, "2": 63, "3": 313}
    assert sum(_apportion({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}, 10).values()) == 10
