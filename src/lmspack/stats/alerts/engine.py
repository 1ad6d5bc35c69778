"""Evaluating alert rules over the dashboard's series into a timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lmspack.stats.alerts.checks import check_rules, rule_order
from lmspack.stats.alerts.events import AlertEvent, RuleRun, RuleState
from lmspack.stats.alerts.incidents import IncidentResult, score_incidents
from lmspack.stats.alerts.rules import AlertRule, Incident, MaintenanceWindow
from lmspack.stats.alerts.series import MetricSeries

SCHEMA = "lmspack.alert_timeline/1"
"""Version tag of ``AlertReport.to_dict()``'s shape."""

# Within one window the timeline reads in causal order: an alert that resolves can let a
# suppressed one fire, and a firing one can hold another back.
_KIND_ORDER = {"resolved": 0, "fired": 1, "escalated": 2, "suppressed": 3}


@dataclass(frozen=True)
class AlertReport:
    """The timeline of every rule, and how it scored on the incidents."""

    series: MetricSeries
    rules: tuple[AlertRule, ...]
    maintenance: tuple[MaintenanceWindow, ...]
    events: tuple[AlertEvent, ...]
    states: dict[str, tuple[RuleState, ...]]
    incidents: tuple[IncidentResult, ...]

    def fired(self, rule_id: str | None = None) -> list[AlertEvent]:
        """``fired`` events, of one rule or of all."""
        return [e for e in self.events
                if e.kind == "fired" and (rule_id is None or e.rule == rule_id)]

    def open_alerts(self) -> list[str]:
        """Rules still firing in the last window (never resolved)."""
        return [rule.id for rule in self.rules if self.states[rule.id][-1:] == ("firing",)]

    def summary(self) -> dict[str, object]:
        """Counts for the page's header and for the sweep."""
        def count(kind: str, rule_id: str | None = None) -> int:
            return sum(1 for e in self.events
                       if e.kind == kind and (rule_id is None or e.rule == rule_id))

        return {
            **{kind: count(kind) for kind in ("fired", "suppressed", "escalated", "resolved")},
            "false_positives": sum(1 for e in self.fired() if e.false_positive),
            "incidents_detected": sum(1 for r in self.incidents if r.first_alert is not None),
            "incidents_missed": sum(1 for r in self.incidents if r.first_alert is None),
            "open": self.open_alerts(),
            "per_rule": {rule.id: {
                "fired": count("fired", rule.id),
                "false_positives": sum(1 for e in self.fired(rule.id) if e.false_positive),
                "firing_windows": self.states[rule.id].count("firing"),
            } for rule in self.rules},
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "windows": self.series.windows_to_dict(),
            "rules": [rule.to_dict() for rule in self.rules],
            "maintenance": [m.to_dict() for m in self.maintenance],
            "events": [e.to_dict() for e in self.events],
            "states": {rule_id: list(states) for rule_id, states in self.states.items()},
            "incidents": [r.to_dict() for r in self.incidents],
            "summary": self.summary(),
        }


def evaluate_alerts(
    series: MetricSeries,
    rules: Sequence[AlertRule],
    maintenance: Sequence[MaintenanceWindow] = (),
    incidents: Sequence[Incident] = (),
) -> AlertReport:
    """Run every rule over ``series`` and score the firings against ``incidents``.

    Rules run after the rules that suppress them, so "suppressed while X is firing"
    looks at X's state in the same window. Events are ordered by window, then
    resolved / fired / escalated / suppressed, then by the order of ``rules``. A
    configuration with problems (see ``check_rules``) raises ``ValueError``; the
    validator reports those before the build gets here.
    """
    problems = check_rules(rules, list(series.values), maintenance, incidents)
    if problems:
        raise ValueError("; ".join(f"{p.owner}: {p.field}: {p.message}" for p in problems))
    firing: dict[str, list[bool]] = {}
    states: dict[str, tuple[RuleState, ...]] = {}
    events: list[AlertEvent] = []
    for rule in rule_order(rules):
        rule_states, rule_events = _run(rule, series, firing, maintenance)
        firing[rule.id] = [state == "firing" for state in rule_states]
        states[rule.id] = tuple(rule_states)
        events += rule_events
    position = {rule.id: k for k, rule in enumerate(rules)}
    events.sort(key=lambda e: (e.window, _KIND_ORDER[e.kind], position[e.rule]))
    marked, results = score_incidents(events, rules, incidents)
    return AlertReport(series, tuple(rules), tuple(maintenance), tuple(marked),
                       {rule.id: states[rule.id] for rule in rules}, tuple(results))


def _run(
    rule: AlertRule, series: MetricSeries, firing: dict[str, list[bool]],
    maintenance: Sequence[MaintenanceWindow],
) -> tuple[list[RuleState], list[AlertEvent]]:
    run = RuleRun(rule, series)
    states: list[RuleState] = []
    events: list[AlertEvent] = []
    for i, value in enumerate(series.values[rule.metric]):
        def hold_reasons(i: int = i) -> tuple[str, ...]:
            start, end = series.starts[i], series.ends[i]
            return (
                *(("cooldown",) if run.in_cooldown(i) else ()),
                *(f"suppressed_by:{other}" for other in rule.suppressed_by if firing[other][i]),
                *(f"maintenance:{m.id}" for m in maintenance if m.applies(rule.id, start, end)),
            )

        state, event = run.step(i, value, hold_reasons)
        states.append(state)
        if event is not None:
            events.append(event)
    return states, events
