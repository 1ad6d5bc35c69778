"""Widget fallbacks rendered from result documents the real engines make on small data."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pytest

from lmspack.errors import ComputeError
from lmspack.kinds.model_monitoring_dashboard.fallback import threshold_line
from lmspack.kinds.model_monitoring_dashboard.result import MetricInfo
from lmspack.render.fallback import WidgetContext, render_fallback
from lmspack.stats.alerts.engine import evaluate_alerts
from lmspack.stats.alerts.rules import AlertRule, Incident
from lmspack.stats.alerts.series import MetricSeries
from lmspack.stats.alerts.sweep import sweep_thresholds
from lmspack.stats.drift import column_drift, dataset_drift
from lmspack.stats.monitoring.dashboard import compute_dashboard
from lmspack.stats.monitoring.log import PredictionLog
from lmspack.stats.monitoring.timeparse import parse_timestamp
from lmspack.stats.monitoring.windows import BaselineSpec, WindowSpec
from lmspack.widgets.registry import builtin_kinds, require_kind

CTX = WidgetContext("widget-1")


def _roundtrip(document: dict[str, Any]) -> dict[str, Any]:
    """What the renderer gets in a build: strict JSON read back."""
    return json.loads(json.dumps(document, allow_nan=False))  # type: ignore[no-any-return]


def _result(**fields: Any) -> dict[str, Any]:
    """A result document as precompute writes it: the envelope around the kind's fields."""
    return _roundtrip({"format": 1, "source": "widgets/w.json", "inputs": {"sha256": "0" * 64},
                       **fields})


def _scenario(sid: str, title: str, shift: float) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    age_ref, age_cur = rng.normal(30, 8, 300), rng.normal(30 + shift, 8, 200)
    cls_ref = rng.choice(["1", "2", "3"], 300, p=[0.3, 0.2, 0.5])
    cls_cur = rng.choice(["1", "2", "3", "4"], 200, p=[0.1, 0.2, 0.6, 0.1])
    records = [*column_drift("age", age_ref, age_cur, "numerical"),
               *column_drift("pclass", cls_ref, cls_cur, "categorical")]
    return {"id": sid, "title": title, "description": f"Age shifted by {shift}.", "rows": 200,
            "dataset": dataset_drift(records), "records": [r.to_dict() for r in records]}


@pytest.fixture(scope="module")
def drift_result() -> dict[str, Any]:
    return _result(
        type="drift_detection_lab", title="Drift <Lab>", methods={},
        reference={"label": "Reference", "rows": 300}, current={"label": None, "rows": 200},
        features= [{"column": "age", "label": "Age (years)", "kind": "numerical"},
                     {"column": "pclass", "label": "Ticket class", "kind": "categorical"}],
        scenarios=[_scenario("none", "No drift", 0.0), _scenario("older", "Older", 8.0)])


def _dashboard() -> Any:
    t0 = parse_timestamp("2024-03-01T00:00:00Z")
    rng = np.random.default_rng(3)
    rows = []
    for i in range(240):  # ten days, one row an hour; days 7-9 get worse
        day = i // 24
        label = int(rng.random() < 0.5)
        noise = 0.45 if day >= 7 else 0.15
        score = float(np.clip(label + rng.normal(0, noise) * (1 if label == 0 else -1), 0, 1))
        rows.append({"timestamp": t0 + i * 3600, "prediction": int(score >= 0.5),
                     "score": score, "label": label, "latency_ms": 50 + 40 * (day >= 8),
                     "sex": "f" if i % 3 else "m"})
    log, problems = PredictionLog.from_records(rows, ["sex"])
    assert problems == []
    return compute_dashboard(log, WindowSpec.fixed("1D"), BaselineSpec.windows(3))


@pytest.fixture(scope="module")
def dashboard_result() -> dict[str, Any]:
    return _result(type="model_monitoring_dashboard", title="Dashboard", simulated=True,
                   incidents=[], dashboard=_dashboard().to_dict())


@pytest.fixture(scope="module")
def alerts_result() -> dict[str, Any]:
    series = MetricSeries.from_dashboard(_dashboard())
    t0 = parse_timestamp("2024-03-08T00:00:00Z")
    rules = [AlertRule("acc", "accuracy", "<", 0.85, for_windows=1),
             AlertRule("slow", "latency_p95_ms", ">", 80.0, severity="critical",
                       channel="pagerduty")]
    incidents = [Incident("degraded", t0, t0 + 3 * 86400)]
    return _result(
        type="alert_configurator", title="Alerts", dashboard="widgets/board.json", incidents=[],
        timeline=evaluate_alerts(series, rules, (), incidents).to_dict(),
        sweep=sweep_thresholds(series, rules, (), incidents, grid_size=5).to_dict())


def _charts(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, re.S)


def _assert_accessible_charts(html: str) -> None:
    charts = _charts(html)
    assert charts
    for svg in charts:
        chart_id = re.search(r'id="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
        assert 'role="img"' in svg
        assert f'aria-labelledby="{chart_id}-t {chart_id}-d"' in svg
        assert re.search(rf'<title id="{chart_id}-t">[^<]+</title>', svg)
        assert re.search(rf'<desc id="{chart_id}-d">[^<]+</desc>', svg)
        assert "<script" not in svg and "href" not in svg.replace("url(#", "")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids must be unique on the page"


class _Fallbacks:
    """Kind name -> its fallback renderer, through the registry as the render stage does."""

    def __getitem__(self, name: str) -> Any:
        return require_kind(name).fallback


FALLBACKS = _Fallbacks()


def test_every_builtin_kind_renders_from_a_template_in_its_folder() -> None:
    kinds = builtin_kinds()
    assert {k.name for k in kinds} == {"drift_detection_lab", "model_monitoring_dashboard",
                                       "alert_configurator"}
    for kind in kinds:
        assert kind.folder().joinpath("fallback.html.j2").is_file()


def test_drift_lab_fallback(drift_result: dict[str, Any]) -> None:
    html = FALLBACKS["drift_detection_lab"](drift_result, CTX)
    assert '<h2 id="widget-1-title">Drift &lt;Lab&gt;</h2>' in html
    # One <details> per scenario, the first open; an index of anchor links to them.
    assert html.count('<details class="scenario"') == 2
    assert '<details class="scenario" id="widget-1-none" open>' in html
    assert '<a href="#widget-1-older">Older</a>' in html
    # Per feature: a histogram chart with its data table, and the statistics table.
    assert len(_charts(html)) == 4
    assert html.count("Numbers behind the chart") == 4
    assert "<th scope=\"row\">PSI" in html and "Kolmogorov-Smirnov" in html
    assert "drift detected" in html and "no drift detected" in html
    assert "score ≥ 0.1" in html and "p ≤ 0.05" in html
    _assert_accessible_charts(html)


def test_drift_numbers_follow_the_display_rules(drift_result: dict[str, Any]) -> None:
    html = FALLBACKS["drift_detection_lab"](drift_result, CTX)
    # The new category "4" only in current: chi-square is infinite with p = 0.
    assert "∞" in html and "&lt;0.001" in html
    assert re.search(r"<td class=\"num\">\d\.\d\d %</td>|<td class=\"num\">\d+\.\d %</td>",
                     html)


def _tiny_drift(dataset: dict[str, Any], statistic: object = "inf") -> dict[str, Any]:
    record = {"feature": "x", "kind": "numerical", "method": "psi", "statistic": statistic,
              "p_value": None, "score": None, "threshold": 0.1, "comparison": ">=",
              "drift_detected": True, "severity": "major", "bins": None, "status": "ok",
              "note": None, "n_reference": 3, "n_current": 3, "n_missing_reference": 0,
              "n_missing_current": 0}
    return _result(type="drift_detection_lab", title="T", methods={},
                   reference={"label": None, "rows": 3}, current={"label": None, "rows": 3},
                   features=[{"column": "x", "label": "X", "kind": "numerical"}],
                   scenarios=[{"id": "s", "title": "S", "description": None, "rows": 3,
                               "records": [record], "dataset": dataset}])


def test_drift_reads_the_typed_result_infinity_as_a_string() -> None:
    dataset = {"drift_share": 0.5, "n_features": 1, "n_drifted": 1, "share_drifted": 1.0,
               "dataset_drift": True, "deciding_method": {"x": "psi"},
               "drifted_features": ["x"], "undecided_features": []}
    html = FALLBACKS["drift_detection_lab"](_tiny_drift(dataset), CTX)
    assert "1 of 1 feature drifted (100 %)" in html and "<strong>dataset drift</strong>" in html
    assert "<td class=\"num\">∞</td>" in html


@pytest.mark.parametrize(("dataset", "statistic", "where"), [
    # the shape the engine never writes (the fallback used to hedge between both)
    ({"drifted_features": 1, "n_features": 1, "share": 1.0, "drift_share": 0.5,
      "dataset_drift": True}, "inf", "/scenarios/0/dataset/"),
    # a statistic as a string other than inf/-inf
    ({"drift_share": 0.5, "n_features": 1, "n_drifted": 1, "share_drifted": 1.0,
      "dataset_drift": True, "deciding_method": {}, "drifted_features": ["x"],
      "undecided_features": []}, "nan", "/scenarios/0/records/0/statistic"),
])
def test_a_result_off_the_model_is_an_error_naming_where(
        dataset: dict[str, Any], statistic: object, where: str) -> None:
    with pytest.raises(ComputeError, match="drift_detection_lab result does not match") as exc:
        FALLBACKS["drift_detection_lab"](_tiny_drift(dataset, statistic), CTX)
    assert where in exc.value.message


def test_dashboard_fallback(dashboard_result: dict[str, Any]) -> None:
    html = FALLBACKS["model_monitoring_dashboard"](dashboard_result, CTX)
    assert "on simulated prediction logs" in html
    assert "10 windows from 2024-03-01 to 2024-03-11" in html
    board = dashboard_result["dashboard"]
    assert html.count('<details class="metric"') == len(board["metrics"])
    assert len(_charts(html)) == len(board["metrics"])
    assert "Prediction quality" in html and "Fairness" in html
    assert "breach" in html and "more than 0.05 below the baseline" in html
    assert "above 300 ms" in html
    _assert_accessible_charts(html)


def _metric(direction: str, kind: str, value: float) -> MetricInfo:
    return MetricInfo.model_validate({
        "base": "m", "attribute": None, "label": "M", "unit": "ratio", "direction": direction,
        "range": [0.0, 1.0], "family": "performance",
        "threshold": {"kind": kind, "value": value}})


def test_threshold_lines() -> None:
    higher = _metric("higher_is_better", "absolute_change", 0.05)
    lower = _metric("lower_is_better", "relative_change", 0.5)
    bound = _metric("lower_is_better", "upper_bound", 300)
    assert threshold_line(higher, 0.9) == pytest.approx(0.85)
    assert threshold_line(lower, 100.0) == pytest.approx(150.0)
    assert threshold_line(bound, None) == 300
    assert threshold_line(higher, None) is None


def test_alert_configurator_fallback(alerts_result: dict[str, Any]) -> None:
    html = FALLBACKS["alert_configurator"](alerts_result, CTX)
    assert "accuracy &lt; 0.85" in html and "critical, pagerduty" in html
    assert 'class="state-firing"' in html and 'class="incident"' in html
    assert "alert fired" in html and "detects degraded" in html
    # The sweep: one open-able section per rule, one row per threshold tried.
    sweeps = alerts_result["sweep"]["rules"]
    assert html.count('<details class="sweep"') == len(sweeps) == 2
    rows = sum(len(s["points"]) for s in sweeps)
    assert len(re.findall(r'<tr id="widget-1-sweep-', html)) == rows
    assert html.count("(configured)") == 2
    _assert_accessible_charts(html)


def test_missing_result_shows_a_notice() -> None:
    html = render_fallback("drift_detection_lab", None, WidgetContext("widget-2", title="Lab"))
    assert "were not precomputed" in html and '<h2 id="widget-2-title">Lab</h2>' in html


def test_fallbacks_are_deterministic(drift_result: dict[str, Any],
                                     alerts_result: dict[str, Any]) -> None:
    for kind, result in (("drift_detection_lab", drift_result),
                         ("alert_configurator", alerts_result)):
        assert FALLBACKS[kind](result, CTX) == FALLBACKS[kind](_roundtrip(result), CTX)


# Issue 19: the slips on the example pages, each shown failing on the old behaviour first.

def test_the_breach_marker_has_its_own_legend_entry() -> None:
    from lmspack.render.svg import Line, Series, line_chart

    svg = str(line_chart("c", "t", "d", ["a", "b"], Series("Accuracy", [0.9, 0.7], "line-metric"),
                         [Line("Threshold", [0.8, 0.8])], [False, True]))
    legend = re.findall(r'<(rect|polyline) class="([^"]+)"[^>]*/><text class="legend"[^>]*>'
                        r"([^<]+)</text>", svg)
    assert [(shape, text) for shape, _, text in legend] == [
        ("polyline", "Accuracy"), ("polyline", "Threshold"), ("rect", "Breach")]
    assert ("rect", "point flagged", "Breach") in legend  # drawn like the squares on the line


def test_tick_labels_are_whole_and_inside_the_chart() -> None:
    from lmspack.render.svg import CHAR_WIDTH, WIDTH, Lane, Series, bar_chart, timeline

    labels = [f"2024-03-0{d} 06:00 UTC" for d in range(1, 8)]
    svg = str(timeline("t", "t", "d", labels, [Lane("acc", ["ok"] * 7)]))
    ticks = re.findall(r'<text class="tick" x="([0-9.]+)"[^>]*text-anchor="middle">([^<]+)<', svg)
    assert len(ticks) >= 2
    assert all(float(x) + len(text) * CHAR_WIDTH / 2 <= WIDTH and
               float(x) - len(text) * CHAR_WIDTH / 2 >= 0 for x, text in ticks)
    assert all(text in labels for _, text in ticks)  # never cut short
    bars = str(bar_chart("h", "t", "d", ["[0.1667, 6.819)", "[6.819, 13.47]"],
                         [Series("share", [0.4, 0.6], "bar-ref")]))
    assert ">[0.1667, 6.819)</text>" in bars


def test_false_positives_and_alerts_are_counted_in_the_right_number(
        alerts_result: dict[str, Any]) -> None:
    import copy

    one = copy.deepcopy(alerts_result)
    summary = one["timeline"]["summary"]
    summary.update(fired=1, false_positives=1)
    html = str(FALLBACKS["alert_configurator"](one, CTX))
    assert "1 alert fired (1 false positive)" in html
    summary.update(fired=2, false_positives=0)
    assert "2 alerts fired (0 false positives)" in str(FALLBACKS["alert_configurator"](one, CTX))


def test_latest_value_is_the_latest_window_with_data() -> None:
    from lmspack.kinds.model_monitoring_dashboard.fallback import _latest

    assert _latest(CTX, [0.9, 0.8, None], ["ok", "breach", "no_data"], ["d1", "d2", "d3"]) == {
        "last": "0.800", "last_status": "breach", "last_window": "d2"}
    assert _latest(CTX, [0.9, 0.7], ["ok", "ok"], ["d1", "d2"])["last_window"] == ""
    german = WidgetContext("w", language="de")
    assert _latest(german, [0.9, 0.8, None], ["ok", "breach", "no_data"], ["d1", "d2", "d3"]) == {
        "last": "0,800", "last_status": "Verletzung", "last_window": "d2"}
    assert _latest(CTX, [None], ["no_data"], ["d1"]) == {"last": "", "last_status": "no data",
                                                    "last_window": ""}
