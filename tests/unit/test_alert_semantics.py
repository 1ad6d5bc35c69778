"""The Alert Configurator's semantics as docs/alerts.md states them, one test per statement
(issue 22: the escalation window, the sweep's size, the second ``suppressed`` event, and
what the docs left open). Series of 1-hour windows from t=0; window numbers from 0."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lmspack.stats.alerts.engine import evaluate_alerts
from lmspack.stats.alerts.rules import AlertRule, Escalation, Incident, MaintenanceWindow
from lmspack.stats.alerts.series import MetricSeries
from lmspack.stats.alerts.sweep import sweep_thresholds

H = 3600.0
DOC = (Path(__file__).resolve().parents[2] / "docs" / "alerts.md").read_text(encoding="utf-8")
LOW, OK = 0.7, 0.9  # accuracy values that meet / do not meet "accuracy < 0.8"


def series(acc: Sequence[float | None], **other: Sequence[float | None]) -> MetricSeries:
    return MetricSeries.regular(0.0, H, {"accuracy": acc, **other})


def rule(**kw: object) -> AlertRule:
    return AlertRule(id=str(kw.pop("id", "acc")), metric="accuracy", comparison="<",
                     threshold=0.8, **kw)  # type: ignore[arg-type]


def events(acc: Sequence[float | None], *rules: AlertRule,
           **kw: object) -> list[tuple[str, str, int]]:
    report = evaluate_alerts(series(acc), list(rules or [rule()]), **kw)  # type: ignore[arg-type]
    return [(e.kind, e.rule, e.window) for e in report.events]


def test_escalation_comes_after_windows_after_the_firing_window() -> None:
    """Fired in window 3 with after_windows 2: escalated in window 5 (the docs once said 4);
    with 1, in window 4; never when the alert resolves first."""
    assert "fired in\nwindow 3 with `after_windows: 2`, escalated in window 5" in DOC
    for after, escalated in ((2, 5), (1, 4), (3, 6)):
        up = rule(escalation=Escalation(after, "critical", "pagerduty"))
        timeline = events([OK, OK, OK, LOW, LOW, LOW, LOW, OK], up)
        assert ("fired", "acc", 3) in timeline
        assert [w for kind, _, w in timeline if kind == "escalated"] == [escalated]
    short = rule(escalation=Escalation(2, "critical", "pagerduty"))
    assert events([LOW, LOW, OK], short) == [("fired", "acc", 0), ("resolved", "acc", 2)]


def test_a_window_without_data_breaks_a_streak_and_resolves_an_alert() -> None:
    report = evaluate_alerts(series([LOW, None, LOW, LOW, None]), [rule(for_windows=2)])
    assert report.states["acc"] == ("pending", "no_data", "pending", "firing", "no_data")
    assert [(e.kind, e.window) for e in report.events] == [("fired", 3), ("resolved", 4)]


def test_cooldown_counts_from_the_firing_window_not_the_resolution() -> None:
    """Fired in 3, cooldown 2: a firing due in 4 or 5 is held back, one in 6 goes through."""
    cooled = rule(cooldown_windows=2)
    assert events([OK, OK, OK, LOW, OK, LOW, LOW, OK], cooled) == [
        ("fired", "acc", 3), ("resolved", "acc", 4), ("suppressed", "acc", 5),
        ("fired", "acc", 6), ("resolved", "acc", 7)]
    assert events([OK, OK, OK, LOW, OK, OK, LOW], cooled)[-1] == ("fired", "acc", 6)


def test_suppressed_by_holds_only_new_firings() -> None:
    """An alert already firing goes on when its suppressor starts to fire."""
    slow = AlertRule("slow", "latency_p95_ms", ">", 300.0)
    held = rule(suppressed_by=("slow",))
    report = evaluate_alerts(series([LOW, LOW, LOW, OK, LOW],
                                    latency_p95_ms=[100, 400, 400, 400, 400]), [held, slow])
    assert report.states["acc"] == ("firing", "firing", "firing", "ok", "suppressed")
    assert [(e.kind, e.rule, e.window) for e in report.events if e.rule == "acc"] == [
        ("fired", "acc", 0), ("resolved", "acc", 3), ("suppressed", "acc", 4)]


def test_maintenance_mutes_any_window_it_overlaps_and_only_new_firings() -> None:
    one_second = MaintenanceWindow("blip", start=3 * H - 1, end=3 * H)  # end of window 2
    assert events([OK, OK, LOW, LOW], maintenance=[one_second]) == [
        ("suppressed", "acc", 2), ("fired", "acc", 3)]
    during = MaintenanceWindow("deploy", start=1 * H, end=4 * H)
    assert events([LOW, LOW, LOW, LOW, OK], maintenance=[during]) == [
        ("fired", "acc", 0), ("resolved", "acc", 4)]  # already firing: it goes on
    other = MaintenanceWindow("db", start=0.0, end=9 * H, rules=("someone-else",))
    assert events([LOW], rule(), AlertRule("someone-else", "accuracy", "<", 0.0),
                  maintenance=[other]) == [("fired", "acc", 0)]


def test_a_second_suppressed_event_when_the_reasons_change_and_only_then() -> None:
    """Fired in 0 with cooldown 2: cooldown and maintenance hold window 2 back, maintenance
    alone window 3 (a second event: the reasons changed), and window 4 for the same reason
    (no event); it fires in 5."""
    upkeep = MaintenanceWindow("upkeep", start=2 * H, end=5 * H)
    report = evaluate_alerts(series([LOW, OK, LOW, LOW, LOW, LOW]),
                             [rule(cooldown_windows=2)], [upkeep])
    suppressed = [(e.window, e.reasons) for e in report.events if e.kind == "suppressed"]
    assert suppressed == [(2, ("cooldown", "maintenance:upkeep")),
                          (3, ("maintenance:upkeep",))]
    assert report.states["acc"] == ("firing", "ok", "suppressed", "suppressed", "suppressed",
                                    "firing")


def test_when_an_incident_counts_as_detected() -> None:
    """Only a fired event of a covering rule in a window overlapping the incident detects
    it; the delay runs to the window's end. An alert already firing when the incident
    starts, a suppressed firing and an escalation detect nothing."""
    incident = Incident("inc", 2.5 * H, 6 * H, covers=("performance",))
    fresh = evaluate_alerts(series([OK, OK, LOW, LOW]), [rule()], incidents=[incident])
    assert fresh.incidents[0].detection_delay_s == 0.5 * H  # window 2 ends at 3h
    early = evaluate_alerts(series([LOW, LOW, LOW, LOW, LOW],),
                            [rule(escalation=Escalation(3, "critical", "pagerduty"))],
                            incidents=[incident])
    assert early.incidents[0].first_alert is None  # fired at 0, before the incident
    assert early.fired()[0].false_positive is True
    muted = evaluate_alerts(series([OK, OK, LOW, OK]), [rule()],
                            [MaintenanceWindow("m", 2 * H, 3 * H)], [incident])
    assert muted.incidents[0].first_alert is None
    latency = Incident("slow", 2.5 * H, 6 * H, covers=("latency",))
    other = evaluate_alerts(series([OK, OK, LOW]), [rule()], incidents=[latency])
    assert other.incidents[0].first_alert is None and other.fired()[0].false_positive


def test_the_sweep_has_sweep_points_or_one_more_for_a_configured_threshold_off_the_grid(
        ) -> None:
    acc = series([0.6, 0.7, 0.8, 0.9, 1.0])
    for configured, points in ((0.75, 6), (0.8, 5)):  # grid: 0.6, 0.7, 0.8, 0.9, 1.0
        sweep = sweep_thresholds(acc, [AlertRule("acc", "accuracy", "<", configured)],
                                 grid_size=5)["acc"]
        assert len(sweep.points) == points
        assert [p.threshold for p in sweep.points if p.configured] == [configured]
    assert "`sweep_points + 1`\nwhen it falls between them" in DOC
