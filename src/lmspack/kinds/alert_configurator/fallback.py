"""Alert Configurator fallback: the rules, a timeline of every rule's state per window
(SVG lanes, incidents shaded) with the event list as its text alternative, the incidents,
and the threshold sweep: for each rule, one row per threshold the widget let a learner
try, with how many alerts it would have raised, how many were false, and how late.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from lmspack.kinds.alert_configurator.result import (
    AlertEvent,
    AlertRule,
    AlertsResult,
    IncidentOutcome,
    RuleSweep,
    TimelineWindow,
)
from lmspack.render.fallback import WidgetContext, render_template
from lmspack.render.svg import Lane, Series, bar_chart, timeline
from lmspack.stats import numformat as fmt

STATES = (("state-ok", "ok"), ("state-pending", "pending"), ("state-firing", "firing"),
          ("state-suppressed", "suppressed"), ("state-no_data", "no data"),
          ("incident", "incident"))
KIND_TEXT = {"fired": "alert fired", "resolved": "resolved", "escalated": "escalated",
             "suppressed": "held back"}


def rule_text(rule: AlertRule) -> str:
    """A rule's condition in words ("accuracy < 0.75 for 2 windows")."""
    windows = rule.for_windows or 1
    text = f"{rule.metric} {rule.comparison} {fmt.short(rule.threshold)}"
    return text + (f" for {windows} windows in a row" if windows != 1 else "")


def _event_detail(event: AlertEvent) -> str:
    if event.kind == "fired":
        return f"detects {', '.join(event.incidents)}" if event.incidents else "false positive"
    if event.kind == "suppressed":
        return ", ".join(r.replace("suppressed_by:", "while ").replace("maintenance:",
                                                                       "maintenance ")
                         for r in event.reasons)
    if event.kind == "resolved":
        return f"after {event.firing_windows} windows"
    return f"now {event.severity} via {event.channel}"


def _window_index(windows: list[TimelineWindow], at: float) -> int | None:
    for k, window in enumerate(windows):
        if at < window.end:
            return k
    return len(windows) - 1 if windows else None


def _spans(windows: list[TimelineWindow],
           incidents: list[IncidentOutcome]) -> list[tuple[int, int, str]]:
    out = []
    for incident in incidents:
        first = _window_index(windows, incident.start)
        last = _window_index(windows, incident.end - 1e-9)
        if first is not None and last is not None and last >= first:
            out.append((first, last, f"Incident {incident.id}"))
    return out


def _sweep(ctx: WidgetContext, sweep: RuleSweep) -> dict[str, Any]:
    rule_id, points = sweep.rule, sweep.points
    labels = [fmt.sig3(p.threshold) for p in points]
    chart = bar_chart(
        ctx.id("sweep", rule_id, "chart"), f"Alerts raised by {rule_id} at each threshold",
        f"{len(points)} thresholds; the table below lists every value.", labels,
        [Series("Alerts fired", [float(p.fired) for p in points], "bar-ref"),
         Series("False positives", [float(p.false_positives) for p in points],
                "bar-cur", hatched=True)], value_format=".0f")
    return {
        "id": ctx.id("sweep", rule_id), "rule": rule_id,
        "condition": f"{sweep.metric} {sweep.comparison} threshold",
        "configured": fmt.short(sweep.configured),
        "permissive": sweep.more_permissive or "",
        "chart": chart,
        "rows": [{"id": ctx.id("sweep", rule_id, k), "threshold": label,
                  "configured": p.configured, "fired": p.fired,
                  "firing_windows": p.firing_windows,
                  "false_positives": p.false_positives,
                  "detected": f"{p.incidents_detected} of {p.incidents_covered}",
                  "mean_delay": fmt.span(p.mean_delay_s),
                  "max_delay": fmt.span(p.max_delay_s)}
                 for k, (label, p) in enumerate(zip(labels, points, strict=True))],
    }


def alerts_view(result: AlertsResult, ctx: WidgetContext) -> dict[str, Any]:
    """Plain data for the template (exposed for tests)."""
    report = result.timeline
    windows, rules, incidents = report.windows, report.rules, report.incidents
    labels = [fmt.utc(w.start) for w in windows]
    lanes = [Lane(r.id, list(report.states.get(r.id, []))) for r in rules]
    chart = timeline(ctx.id("timeline", "chart"), "Alert states per rule and window",
                     f"{len(rules)} rules over {len(windows)} windows; incidents shaded. "
                     "The event table lists every change.", labels, lanes,
                     _spans(windows, incidents), STATES)
    return {
        "ctx": ctx, "title": result.title or ctx.title or "Alert Configurator",
        "description": result.description or "",
        "rules": [{"id": r.id, "condition": rule_text(r), "severity": r.severity,
                   "channel": r.channel, "cooldown": r.cooldown_windows or 0,
                   "suppressed_by": ", ".join(r.suppressed_by),
                   "escalation": r.escalation or {}} for r in rules],
        "summary": report.summary,
        "chart": chart,
        "events": [{"window": fmt.utc(e.start), "rule": e.rule,
                    "kind": KIND_TEXT[e.kind], "value": fmt.sig3(e.value),
                    "alarm": e.kind == "fired",
                    "severity": f"{e.severity}, {e.channel}",
                    "detail": _event_detail(e)} for e in report.events],
        "incidents": [{"id": i.id, "start": fmt.utc(i.start), "end": fmt.utc(i.end),
                       "covers": ", ".join(i.covers) or "all rules",
                       "detected": i.detected,
                       "by": i.first_alert.rule if i.first_alert else None,
                       "delay": fmt.span(i.detection_delay_s)} for i in incidents],
        "sweeps": [_sweep(ctx, s) for s in result.sweep.rules],
    }


def render_alert_configurator(result: AlertsResult, context: WidgetContext) -> Markup:
    """The Alert Configurator's static fallback."""
    return render_template(__name__, "fallback.html.j2", **alerts_view(result, context))
