"""Alert Configurator fallback: the rules, a timeline of every rule's state per window
(SVG lanes, incidents shaded) with the event list as its text alternative, the incidents,
and the threshold sweep: for each rule, one row per threshold the widget let a learner
try, with how many alerts it would have raised, how many were false, and how late.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from lmspack.render.fallback import WidgetContext, items, mapping, render_template
from lmspack.render.svg import Lane, Series, bar_chart, timeline
from lmspack.stats import numformat as fmt

STATES = (("state-ok", "ok"), ("state-pending", "pending"), ("state-firing", "firing"),
          ("state-suppressed", "suppressed"), ("state-no_data", "no data"),
          ("incident", "incident"))
KIND_TEXT = {"fired": "alert fired", "resolved": "resolved", "escalated": "escalated",
             "suppressed": "held back"}


def rule_text(rule: Mapping[str, Any]) -> str:
    """A rule's condition in words ("accuracy < 0.75 for 2 windows")."""
    windows = rule.get("for_windows") or 1
    text = f"{rule.get('metric')} {rule.get('comparison')} {fmt.short(rule.get('threshold'))}"
    return text + (f" for {windows} windows in a row" if windows != 1 else "")


def _event_detail(event: Mapping[str, Any]) -> str:
    kind = event.get("kind")
    if kind == "fired":
        found = [str(i) for i in items(event.get("incidents"))]
        return f"detects {', '.join(found)}" if found else "false positive"
    if kind == "suppressed":
        reasons = [str(r).replace("suppressed_by:", "while ").replace("maintenance:",
                                                                      "maintenance ")
                   for r in items(event.get("reasons"))]
        return ", ".join(reasons)
    if kind == "resolved":
        return f"after {event.get('firing_windows')} windows"
    return f"now {event.get('severity')} via {event.get('channel')}"


def _window_index(windows: list[Mapping[str, Any]], at: object) -> int | None:
    moment = fmt.as_float(at)
    if moment is None:
        return None
    for k, window in enumerate(windows):
        end = fmt.as_float(window.get("end"))
        if end is not None and moment < end:
            return k
    return len(windows) - 1 if windows else None


def _spans(windows: list[Mapping[str, Any]],
           incidents: list[Mapping[str, Any]]) -> list[tuple[int, int, str]]:
    out = []
    for incident in incidents:
        first = _window_index(windows, incident.get("start"))
        end = fmt.as_float(incident.get("end"))
        last = _window_index(windows, end - 1e-9 if end is not None else None)
        if first is not None and last is not None and last >= first:
            out.append((first, last, f"Incident {incident.get('id')}"))
    return out


def _sweep(ctx: WidgetContext, sweep: Mapping[str, Any]) -> dict[str, Any]:
    rule_id = str(sweep.get("rule"))
    points = [mapping(p) for p in items(sweep.get("points"))]
    labels = [fmt.sig3(p.get("threshold")) for p in points]
    chart = bar_chart(
        ctx.id("sweep", rule_id, "chart"), f"Alerts raised by {rule_id} at each threshold",
        f"{len(points)} thresholds; the table below lists every value.", labels,
        [Series("Alerts fired", [fmt.as_float(p.get("fired")) for p in points], "bar-ref"),
         Series("False positives", [fmt.as_float(p.get("false_positives")) for p in points],
                "bar-cur", hatched=True)], value_format=".0f")
    return {
        "id": ctx.id("sweep", rule_id), "rule": rule_id,
        "condition": f"{sweep.get('metric')} {sweep.get('comparison')} threshold",
        "configured": fmt.short(sweep.get("configured")),
        "permissive": sweep.get("more_permissive") or "",
        "chart": chart,
        "rows": [{"id": ctx.id("sweep", rule_id, k), "threshold": label,
                  "configured": p.get("configured") is True, "fired": p.get("fired"),
                  "firing_windows": p.get("firing_windows"),
                  "false_positives": p.get("false_positives"),
                  "detected": f"{p.get('incidents_detected')} of {p.get('incidents_covered')}",
                  "mean_delay": fmt.span(p.get("mean_delay_s")),
                  "max_delay": fmt.span(p.get("max_delay_s"))}
                 for k, (label, p) in enumerate(zip(labels, points, strict=True))],
    }


def alerts_view(result: Mapping[str, Any], ctx: WidgetContext) -> dict[str, Any]:
    """Plain data for the template (exposed for tests)."""
    report = mapping(result.get("timeline"))
    windows = [mapping(w) for w in items(report.get("windows"))]
    rules = [mapping(r) for r in items(report.get("rules"))]
    states = mapping(report.get("states"))
    incidents = [mapping(i) for i in items(report.get("incidents"))]
    labels = [fmt.utc(w.get("start")) for w in windows]
    lanes = [Lane(str(r.get("id")), [str(s) for s in items(states.get(str(r.get("id"))))])
             for r in rules]
    chart = timeline(ctx.id("timeline", "chart"), "Alert states per rule and window",
                     f"{len(rules)} rules over {len(windows)} windows; incidents shaded. "
                     "The event table lists every change.", labels, lanes,
                     _spans(windows, incidents), STATES)
    summary = mapping(report.get("summary"))
    return {
        "ctx": ctx, "title": result.get("title") or ctx.title or "Alert Configurator",
        "description": result.get("description") or "",
        "rules": [{"id": r.get("id"), "condition": rule_text(r), "severity": r.get("severity"),
                   "channel": r.get("channel"), "cooldown": r.get("cooldown_windows") or 0,
                   "suppressed_by": ", ".join(str(x) for x in items(r.get("suppressed_by"))),
                   "escalation": mapping(r.get("escalation"))} for r in rules],
        "summary": summary,
        "chart": chart,
        "events": [{"window": fmt.utc(e.get("start")), "rule": e.get("rule"),
                    "kind": KIND_TEXT.get(str(e.get("kind")), e.get("kind")),
                    "value": fmt.sig3(e.get("value")),
                    "alarm": e.get("kind") == "fired",
                    "severity": f"{e.get('severity')}, {e.get('channel')}",
                    "detail": _event_detail(e)}
                   for e in (mapping(x) for x in items(report.get("events")))],
        "incidents": [{"id": i.get("id"), "start": fmt.utc(i.get("start")),
                       "end": fmt.utc(i.get("end")),
                       "covers": ", ".join(str(c) for c in items(i.get("covers"))) or "all rules",
                       "detected": i.get("detected") is True,
                       "by": mapping(i.get("first_alert")).get("rule"),
                       "delay": fmt.span(i.get("detection_delay_s"))} for i in incidents],
        "sweeps": [_sweep(ctx, mapping(s)) for s in items(mapping(result.get("sweep"))
                                                          .get("rules"))],
    }


def render_alert_configurator(result: Mapping[str, Any], context: WidgetContext) -> Markup:
    """The Alert Configurator's static fallback."""
    return render_template(__name__, "fallback.html.j2", **alerts_view(result, context))
