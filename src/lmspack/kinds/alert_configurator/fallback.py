"""Alert Configurator fallback: the rules, a timeline of every rule's state per window
(SVG lanes, incidents shaded) with the event list as its text alternative, the incidents,
and the threshold sweep: for each rule, one row per threshold the widget let a learner
try, with how many alerts it would have raised, how many were false, and how late.

Every word comes from the message catalog of the page's language, and numbers and dates
are written its way (:class:`WidgetContext`); rule, metric and incident names are the
author's and stay as written.
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
from lmspack.render.fallback import N_, WidgetContext, render_template
from lmspack.render.svg import Lane, Series, bar_chart, timeline
from lmspack.stats import numformat as fmt

STATES = (("state-ok", N_("ok")), ("state-pending", N_("pending")),
          ("state-firing", N_("firing")), ("state-suppressed", N_("suppressed")),
          ("state-no_data", N_("no data")), ("incident", N_("incident")))
KIND_TEXT = {"fired": N_("alert fired"), "resolved": N_("resolved"),
             "escalated": N_("escalated"), "suppressed": N_("held back")}
SEVERITY_TEXT = {"info": N_("info"), "warning": N_("warning"), "critical": N_("critical")}
_DIRECTIONS = (N_("higher"), N_("lower"))  # where a threshold gets more permissive
N_("Alert configurator")  # the title of a widget whose file and result have none


def rule_text(rule: AlertRule, ctx: WidgetContext | None = None) -> str:
    """A rule's condition in words ("accuracy < 0.75 for 2 windows in a row")."""
    ctx = ctx or WidgetContext("")
    windows = rule.for_windows or 1
    text = f"{rule.metric} {rule.comparison} {fmt.short(rule.threshold, locale=ctx.language)}"
    if windows == 1:
        return text
    return text + " " + ctx.ngettext("for %(num)s window in a row", "for %(num)s windows in a row",
                                     windows) % {"num": fmt.number(windows, ctx.language)}


def _event_detail(ctx: WidgetContext, event: AlertEvent) -> str:
    _ = ctx.gettext
    if event.kind == "fired":
        return _("detects %(incidents)s") % {"incidents": ", ".join(event.incidents)} \
            if event.incidents else _("false positive")
    if event.kind == "suppressed":
        return ", ".join(_("while %(rule)s") % {"rule": r.removeprefix("suppressed_by:")}
                         if r.startswith("suppressed_by:") else
                         _("maintenance %(window)s") % {"window": r.removeprefix("maintenance:")}
                         if r.startswith("maintenance:") else r for r in event.reasons)
    if event.kind == "resolved":
        return ctx.ngettext("after %(num)s window", "after %(num)s windows",
                            event.firing_windows or 0) % {
            "num": fmt.number(event.firing_windows, ctx.language)}
    return _("now %(severity)s via %(channel)s") % {
        "severity": _(SEVERITY_TEXT.get(str(event.severity), str(event.severity))),
        "channel": event.channel}


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
            out.append((first, last, incident.id))
    return out


def _sweep(ctx: WidgetContext, sweep: RuleSweep) -> dict[str, Any]:
    _, locale = ctx.gettext, ctx.language
    rule_id, points = sweep.rule, sweep.points
    labels = [fmt.sig3(p.threshold, locale=locale) for p in points]
    chart = bar_chart(
        ctx.id("sweep", rule_id, "chart"),
        _("Alerts raised by %(rule)s at each threshold") % {"rule": rule_id},
        ctx.ngettext("%(num)s threshold; the table below lists every value.",
                     "%(num)s thresholds; the table below lists every value.",
                     len(points)) % {"num": fmt.number(len(points), locale)}, labels,
        [Series(_("Alerts fired"), [float(p.fired) for p in points], "bar-ref"),
         Series(_("False positives"), [float(p.false_positives) for p in points],
                "bar-cur", hatched=True)], value_format=".0f", locale=locale)
    return {
        "id": ctx.id("sweep", rule_id), "rule": rule_id,
        "condition": _("%(metric)s %(comparison)s threshold") % {
            "metric": sweep.metric, "comparison": sweep.comparison},
        "configured": fmt.short(sweep.configured, locale=locale),
        "permissive": _(sweep.more_permissive) if sweep.more_permissive else "",
        "chart": chart,
        "rows": [{"id": ctx.id("sweep", rule_id, k), "threshold": label,
                  "configured": p.configured, "fired": p.fired,
                  "firing_windows": p.firing_windows,
                  "false_positives": p.false_positives,
                  "detected": _("%(count)s of %(total)s") % {
                      "count": fmt.number(p.incidents_detected, locale),
                      "total": fmt.number(p.incidents_covered, locale)},
                  "mean_delay": fmt.span(p.mean_delay_s, locale),
                  "max_delay": fmt.span(p.max_delay_s, locale)}
                 for k, (label, p) in enumerate(zip(labels, points, strict=True))],
    }


def alerts_view(result: AlertsResult, ctx: WidgetContext) -> dict[str, Any]:
    """Plain data for the template (exposed for tests)."""
    _, locale = ctx.gettext, ctx.language
    report = result.timeline
    windows, rules, incidents = report.windows, report.rules, report.incidents
    labels = [fmt.utc(w.start, locale=locale) for w in windows]
    lanes = [Lane(r.id, list(report.states.get(r.id, []))) for r in rules]
    chart = timeline(ctx.id("timeline", "chart"), _("Alert states per rule and window"),
                     ctx.ngettext("%(num)s rule", "%(num)s rules", len(rules)) % {
                         "num": fmt.number(len(rules), locale)} + " " +
                     ctx.ngettext("over %(num)s window; incidents shaded.",
                                  "over %(num)s windows; incidents shaded.",
                                  len(windows)) % {"num": fmt.number(len(windows), locale)} +
                     " " + _("The event table lists every change."), labels, lanes,
                     [(first, last, _("Incident %(id)s") % {"id": name})
                      for first, last, name in _spans(windows, incidents)],
                     tuple((css, _(text)) for css, text in STATES))
    return {
        "ctx": ctx, "title": result.title or ctx.title or _("Alert Configurator"),
        "description": result.description or "",
        "rules": [{"id": r.id, "condition": rule_text(r, ctx),
                   "severity": _(SEVERITY_TEXT.get(r.severity, r.severity)),
                   "channel": r.channel, "cooldown": r.cooldown_windows or 0,
                   "suppressed_by": ", ".join(r.suppressed_by),
                   "escalation": r.escalation or {},
                   "escalation_severity": _(SEVERITY_TEXT.get(
                       str((r.escalation or {}).get("severity")),
                       str((r.escalation or {}).get("severity"))))} for r in rules],
        "summary": report.summary,
        "chart": chart,
        "events": [{"window": fmt.utc(e.start, locale=locale), "rule": e.rule,
                    "kind": _(KIND_TEXT[e.kind]), "value": fmt.sig3(e.value, locale=locale),
                    "alarm": e.kind == "fired",
                    "severity": f"{_(SEVERITY_TEXT.get(str(e.severity), str(e.severity)))}, "
                                f"{e.channel}",
                    "detail": _event_detail(ctx, e)} for e in report.events],
        "incidents": [{"id": i.id, "start": fmt.utc(i.start, locale=locale),
                       "end": fmt.utc(i.end, locale=locale),
                       "covers": ", ".join(i.covers) or _("all rules"),
                       "detected": i.detected,
                       "by": i.first_alert.rule if i.first_alert else None,
                       "delay": fmt.span(i.detection_delay_s, locale)} for i in incidents],
        "sweeps": [_sweep(ctx, s) for s in result.sweep.rules],
    }


def render_alert_configurator(result: AlertsResult, context: WidgetContext) -> Markup:
    """The Alert Configurator's static fallback."""
    return render_template(__name__, "fallback.html.j2", **alerts_view(result, context))
