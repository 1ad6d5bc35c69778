"""Alert Configurator engine on small hand-built series (1-hour windows from t=0)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

import numpy as np
import pytest

from lmspack.kinds.alert_configurator import result as alerts_result
from lmspack.stats.alerts import sweep_point
from lmspack.stats.alerts.checks import check_rules
from lmspack.stats.alerts.engine import AlertReport, evaluate_alerts
from lmspack.stats.alerts.rules import AlertRule, Escalation, Incident, MaintenanceWindow
from lmspack.stats.alerts.series import MetricSeries
from lmspack.stats.alerts.sweep import sweep_thresholds, threshold_grid
from lmspack.stats.monitoring.dashboard import compute_dashboard
from lmspack.stats.monitoring.log import PredictionLog
from lmspack.stats.monitoring.windows import BaselineSpec, WindowSpec

H = 3600.0


def _series(**values: Sequence[float | None]) -> MetricSeries:
    return MetricSeries.regular(0.0, H, values)


def _acc_rule(**kw: object) -> AlertRule:
    return AlertRule(id=str(kw.pop("id", "acc")), metric="accuracy", comparison="<",
                     threshold=float(kw.pop("threshold", 0.8)), **kw)  # type: ignore[arg-type]


def _timeline(report: AlertReport) -> list[tuple[str, str, int]]:
    return [(e.kind, e.rule, e.window) for e in report.events]


def test_for_windows_and_resolution() -> None:
    acc = [0.9, 0.7, 0.7, 0.9, 0.7, 0.7, 0.7, 0.9]
    report = evaluate_alerts(_series(accuracy=acc), [_acc_rule(for_windows=2)])
    assert report.states["acc"] == ("ok", "pending", "firing", "ok", "pending", "firing",
                                    "firing", "ok")
    assert _timeline(report) == [("fired", "acc", 2), ("resolved", "acc", 3),
                                 ("fired", "acc", 5), ("resolved", "acc", 7)]
    assert [e.firing_windows for e in report.events if e.kind == "resolved"] == [1, 2]
    fired = report.events[0]
    assert (fired.start, fired.end, fired.value) == (2 * H, 3 * H, 0.7)


def test_missing_value_breaks_the_streak_and_resolves() -> None:
    report = evaluate_alerts(_series(accuracy=[0.7, None, 0.7, 0.7]),
                             [_acc_rule(for_windows=2)])
    assert report.states["acc"] == ("pending", "no_data", "pending", "firing")
    assert report.open_alerts() == ["acc"]
    report = evaluate_alerts(_series(accuracy=[0.7, None]), [_acc_rule()])
    assert _timeline(report) == [("fired", "acc", 0), ("resolved", "acc", 1)]


def test_cooldown_holds_back_a_quick_refire_then_lets_it_through() -> None:
    # Fired at 0, resolved at 1; window 2 is within 2 windows of the firing (held back),
    # the condition still holds at 3, past the cooldown: it fires then. Window 5 is again
    # within 2 windows of that firing.
    report = evaluate_alerts(_series(accuracy=[0.7, 0.9, 0.7, 0.7, 0.9, 0.7]),
                             [_acc_rule(cooldown_windows=2)])
    assert _timeline(report) == [("fired", "acc", 0), ("resolved", "acc", 1),
                                 ("suppressed", "acc", 2), ("fired", "acc", 3),
                                 ("resolved", "acc", 4), ("suppressed", "acc", 5)]
    assert report.events[2].reasons == ("cooldown",)
    assert report.states["acc"][2] == "suppressed"


def test_suppressed_while_another_rule_fires() -> None:
    latency = AlertRule("slow", "latency_p95_ms", ">", 300.0, severity="critical",
                        channel="pagerduty")
    # Listed first, yet evaluated after "slow", which it depends on.
    acc = _acc_rule(suppressed_by=("slow",))
    series = _series(accuracy=[0.9, 0.7, 0.7, 0.7, 0.9],
                     latency_p95_ms=[100.0, 400.0, 400.0, 100.0, 100.0])
    report = evaluate_alerts(series, [acc, latency])
    # Within a window: resolved, fired, escalated, suppressed (cause before effect).
    assert _timeline(report) == [("fired", "slow", 1), ("suppressed", "acc", 1),
                                 ("resolved", "slow", 3), ("fired", "acc", 3),
                                 ("resolved", "acc", 4)]
    assert report.events[1].reasons == ("suppressed_by:slow",)
    assert report.states["acc"] == ("ok", "suppressed", "suppressed", "firing", "ok")
    assert (report.events[0].severity, report.events[0].channel) == ("critical", "pagerduty")


def test_maintenance_window_suppresses_overlapping_windows_only() -> None:
    deploy = MaintenanceWindow("deploy", start=2.5 * H, end=3 * H)
    other = MaintenanceWindow("db", start=0.0, end=10 * H, rules=("someone_else",))
    series = _series(accuracy=[0.9, 0.9, 0.7, 0.7, 0.9])
    rules = [_acc_rule(), AlertRule("someone_else", "accuracy", "<", 0.0)]
    report = evaluate_alerts(series, rules, [deploy, other])
    assert _timeline(report) == [("suppressed", "acc", 2), ("fired", "acc", 3),
                                 ("resolved", "acc", 4)]
    assert report.events[0].reasons == ("maintenance:deploy",)


def test_escalation_after_m_firing_windows_and_reset_on_resolve() -> None:
    rule = _acc_rule(severity="warning", channel="slack",
                     escalation=Escalation(after_windows=2, severity="critical",
                                           channel="pagerduty"))
    report = evaluate_alerts(_series(accuracy=[0.7, 0.7, 0.7, 0.7, 0.9, 0.7, 0.7, 0.9]),
                             [rule])
    assert _timeline(report) == [("fired", "acc", 0), ("escalated", "acc", 2),
                                 ("resolved", "acc", 4), ("fired", "acc", 5),
                                 ("resolved", "acc", 7)]
    routing = [(e.severity, e.channel) for e in report.events]
    assert routing == [("warning", "slack"), ("critical", "pagerduty"),
                       ("critical", "pagerduty"), ("warning", "slack"), ("warning", "slack")]


def test_detection_delay_and_false_positives() -> None:
    # inc-1 starts half-way through window 2 and covers performance metrics; inc-2 covers
    # latency and nothing fires for it. Windows: acc fires at 2 (detects inc-1, known at
    # the window's end: delay 3h - 2.5h), fires again at 7 (false positive); "slow" fires at
    # 3 during inc-1 but does not cover it: a false positive too.
    series = _series(accuracy=[0.9, 0.9, 0.7, 0.7, 0.9, 0.9, 0.9, 0.6, 0.9],
                     latency_p95_ms=[100.0, 100.0, 100.0, 400.0, 100.0, 100.0, 100.0,
                                     100.0, 100.0])
    rules = [_acc_rule(), AlertRule("slow", "latency_p95_ms", ">", 300.0)]
    incidents = [Incident("inc-1", 2.5 * H, 5 * H, covers=("performance",)),
                 Incident("inc-2", 6 * H, 7 * H, covers=("latency_p95_ms",))]
    report = evaluate_alerts(series, rules, incidents=incidents)
    fired = {(e.rule, e.window): e for e in report.fired()}
    assert fired[("acc", 2)].incidents == ("inc-1",)
    assert fired[("acc", 2)].false_positive is False
    assert fired[("acc", 7)].false_positive is True
    assert fired[("slow", 3)].false_positive is True
    first, second = report.incidents
    assert first.detection_delay_s == 0.5 * H
    assert first.delays == {"acc": 0.5 * H}
    assert second.first_alert is None and second.detection_delay_s is None
    assert second.delays == {"slow": None}
    summary = report.summary()
    assert (summary["fired"], summary["false_positives"]) == (3, 2)
    assert (summary["incidents_detected"], summary["incidents_missed"]) == (1, 1)


def test_incident_with_empty_covers_counts_every_rule() -> None:
    report = evaluate_alerts(_series(accuracy=[0.7]), [_acc_rule()],
                             incidents=[Incident("any", 0.0, H)])
    assert report.incidents[0].delays == {"acc": H}


# --- sweep ------------------------------------------------------------------------------

SWEEP_ACC = [0.9, 0.7, 0.85, 0.6, 0.95]


def test_sweep_exact_counts() -> None:
    # Grid: linspace(0.6, 0.95, 3) = 0.6, 0.775, 0.95 plus the configured 0.8.
    #   t=0.6   no value < 0.6                          fired 0, firing windows 0
    #   t=0.775 windows 1 and 3, each its own alert     fired 2, firing windows 2
    #   t=0.8   the same                                fired 2, firing windows 2
    #   t=0.95  windows 0-3 are one long alert          fired 1, firing windows 4
    # inc covers window 3: detected at t=0.775 and 0.8 (delay 1h from its start at 3h to
    # the end of window 3), missed at t=0.95 (that alert fired at 0: a false positive).
    incident = Incident("inc", 3 * H, 4 * H, covers=("accuracy",))
    sweep = sweep_thresholds(_series(accuracy=SWEEP_ACC), [_acc_rule()],
                             incidents=[incident], grid_size=3)
    points = sweep["acc"].points
    assert [p.threshold for p in points] == [0.6, float(np.linspace(0.6, 0.95, 3)[1]), 0.8,
                                             0.95]
    assert [p.configured for p in points] == [False, False, True, False]
    assert [p.fired for p in points] == [0, 2, 2, 1]
    assert [p.firing_windows for p in points] == [0, 2, 2, 4]
    assert [p.false_positives for p in points] == [0, 1, 1, 1]
    assert [p.incidents_detected for p in points] == [0, 1, 1, 0]
    assert [p.mean_delay_s for p in points] == [None, H, H, None]
    assert [p.max_delay_s for p in points] == [None, H, H, None]
    assert sweep["acc"].to_dict()["more_permissive"] == "higher"


@pytest.mark.parametrize("comparison", ["<", "<=", ">", ">="])
@pytest.mark.parametrize("for_windows", [1, 3])
def test_more_permissive_threshold_never_fires_in_fewer_windows(
    comparison: str, for_windows: int
) -> None:
    rng = np.random.default_rng(11)
    values = [float(v) for v in np.round(rng.uniform(0.5, 1.0, size=60), 2)]
    rule = AlertRule("r", "accuracy", comparison, 0.75, for_windows=for_windows)  # type: ignore[arg-type]
    points = sweep_thresholds(_series(accuracy=values), [rule], grid_size=25)["r"].points
    order = points if rule.more_permissive == "higher" else tuple(reversed(points))
    windows = [p.firing_windows for p in order]
    assert windows == sorted(windows)
    assert windows[0] < windows[-1]


def test_threshold_grid() -> None:
    assert threshold_grid([None, 0.2, 0.4], 0.5, size=3) == [0.2, pytest.approx(0.3), 0.4, 0.5]
    assert threshold_grid([None, None], 0.5) == [0.5]
    assert threshold_grid([0.3, 0.3], 0.3, size=5) == [0.3]


# --- configuration checks, JSON, dashboard end to end -------------------------------------


def test_check_rules_reports_every_problem() -> None:
    rules = [
        AlertRule("a", "acuracy", "<", 0.8),
        AlertRule("a", "accuracy", "<", 1.5, for_windows=0, channel="sms"),
        AlertRule("b", "accuracy", "<", 0.8, suppressed_by=("c", "ghost"),
                  escalation=Escalation(1, "info", "email")),
        AlertRule("c", "accuracy", "<", 0.8, suppressed_by=("b",)),
    ]
    problems = {(p.owner, p.field) for p in check_rules(
        rules, incidents=[Incident("i", 5.0, 1.0, covers=("latncy",))])}
    assert problems == {
        ("a", "id"), ("a", "metric"), ("a", "threshold"), ("a", "for_windows"),
        ("a", "channel"), ("b", "suppressed_by"), ("b", "escalation.severity"),
        ("i", "end"), ("i", "covers"),
    }
    messages = [p.message for p in check_rules(rules)]
    assert any("did you mean 'accuracy'" in m for m in messages)
    assert any("suppression cycle: b -> c -> b" in m for m in messages)
    with pytest.raises(ValueError, match="dashboard has no series"):
        evaluate_alerts(_series(accuracy=[0.5]), [AlertRule("x", "recall", "<", 0.5)])


def test_outputs_are_strict_deterministic_json() -> None:
    series = _series(accuracy=SWEEP_ACC)
    rules = [_acc_rule(cooldown_windows=1,
                       escalation=Escalation(1, "critical", "pagerduty"))]
    incidents = [Incident("inc", 3 * H, 4 * H)]
    texts = [json.dumps([evaluate_alerts(series, rules, incidents=incidents).to_dict(),
                         sweep_thresholds(series, rules, incidents=incidents).to_dict()],
                        allow_nan=False) for _ in range(2)]
    assert texts[0] == texts[1]
    timeline, sweep = json.loads(texts[0])
    assert timeline["schema"] == "lmspack.alert_timeline/1"
    assert sweep["schema"] == "lmspack.alert_sweep/1"
    assert timeline["events"][0] == {
        "kind": "fired", "rule": "acc", "window": 1, "start": H, "end": 2 * H, "value": 0.7,
        "severity": "warning", "channel": "email", "incidents": [], "false_positive": True}


def test_rules_over_a_computed_dashboard() -> None:
    # Six hourly windows; from hour 3 on the model predicts 1 for every "f" row only.
    rows = []
    for i in range(120):
        sex = "f" if i % 2 else "m"
        late = i >= 60
        rows.append({"timestamp": i * 180.0, "prediction": int(late and sex == "f"),
                     "score": 0.5, "label": i % 3 % 2, "latency_ms": 20.0, "sex": sex})
    log, problems = PredictionLog.from_records(rows, ["sex"])
    assert problems == []
    dashboard = compute_dashboard(log, WindowSpec.fixed("1h"), BaselineSpec.windows(1))
    series = MetricSeries.from_dashboard(dashboard)
    rule = AlertRule("parity", "demographic_parity_difference:sex", ">", 0.5, for_windows=2)
    report = evaluate_alerts(series, [rule])
    assert series.values["demographic_parity_difference:sex"] == (0, 0, 0, 1, 1, 1)
    assert _timeline(report) == [("fired", "parity", 4)]
    assert report.fired()[0].start == 4 * H


def test_the_result_model_s_sweep_point_is_the_engine_s() -> None:
    """One definition: the result document's model derives its fields from the engine's
    dataclass, so a field added there appears in the generated result schema."""
    model = alerts_result.SweepPoint
    assert issubclass(model, sweep_point.SweepPoint)
    engine_fields = [f.name for f in dataclasses.fields(sweep_point.SweepPoint)]
    assert list(model.model_fields) == engine_fields
    point = sweep_point.SweepPoint(0.5, True, 2, 3, 1, 2, 1, 60.0, None)
    assert model.model_validate(point.to_dict()).to_dict() == point.to_dict()
