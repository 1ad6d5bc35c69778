"""Consistency checks of an alert configuration, reported as problems, never raised.

The validator turns each ``RuleProblem`` into a positioned diagnostic; the engine refuses
(``ValueError``) a configuration that still has problems when the build reaches it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lmspack.errors import SuppressionCycleError
from lmspack.stats.alerts.rules import (
    CHANNELS,
    COMPARISONS,
    SEVERITIES,
    AlertRule,
    Escalation,
    Incident,
    MaintenanceWindow,
)
from lmspack.stats.monitoring.registry import METRICS, check_metric_name, metric_info

FAMILIES = frozenset(info.family for info in METRICS.values())
"""Metric families an incident's ``covers`` may name."""


@dataclass(frozen=True)
class RuleProblem:
    """One problem: the rule (or maintenance / incident) id, the field, what is wrong."""

    owner: str
    field: str
    message: str

    def to_dict(self) -> dict[str, object]:
        return {"owner": self.owner, "field": self.field, "message": self.message}


def check_rules(
    rules: Sequence[AlertRule],
    series: Sequence[str] | None = None,
    maintenance: Sequence[MaintenanceWindow] = (),
    incidents: Sequence[Incident] = (),
) -> list[RuleProblem]:
    """Every problem in the configuration. ``series``, when given, are the series the
    dashboard has (``Dashboard.metric_names``); each rule's metric must be one."""
    ids = [rule.id for rule in rules]
    problems = [RuleProblem(i, "id", f"rule id {i!r} is used more than once")
                for i in sorted({i for i in ids if ids.count(i) > 1})]
    for rule in rules:
        problems += [RuleProblem(rule.id, f, m) for f, m in _rule_messages(rule, ids, series)]
    problems += _cycle_problems(rules)
    for period in maintenance:
        problems += _span_problems(period.id, period.start, period.end)
        problems += [RuleProblem(period.id, "rules", f"unknown rule {r!r}")
                     for r in period.rules if r not in ids]
    for incident in incidents:
        problems += _span_problems(incident.id, incident.start, incident.end)
        problems += [RuleProblem(incident.id, "covers", f"{c!r} is no metric, series or family")
                     for c in incident.covers if not _coverable(c)]
    return problems


def _rule_messages(
    rule: AlertRule, ids: list[str], series: Sequence[str] | None
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    metric_message = check_metric_name(rule.metric)
    if metric_message:
        found.append(("metric", metric_message))
    elif series is not None and rule.metric not in series:
        found.append(("metric", f"the dashboard has no series {rule.metric!r}"))
    if rule.comparison not in COMPARISONS:
        found.append(("comparison", f"use one of {', '.join(COMPARISONS)}"))
    found += _threshold_messages(rule, metric_ok=not metric_message)
    if rule.for_windows < 1:
        found.append(("for_windows", "must be >= 1"))
    if rule.cooldown_windows < 0:
        found.append(("cooldown_windows", "must be >= 0"))
    found += _routing_messages("", rule.severity, rule.channel)
    found += [("suppressed_by", f"unknown rule {other!r}")
              for other in rule.suppressed_by if other not in ids]
    if rule.id in rule.suppressed_by:
        found.append(("suppressed_by", "a rule cannot suppress itself"))
    if rule.escalation is not None:
        found += _escalation_messages(rule, rule.escalation)
    return found


def _threshold_messages(rule: AlertRule, metric_ok: bool) -> list[tuple[str, str]]:
    if not math.isfinite(rule.threshold):
        return [("threshold", f"must be a finite number, got {rule.threshold!r}")]
    if not metric_ok:
        return []
    low, high = metric_info(rule.metric).range
    if rule.threshold < low or (high is not None and rule.threshold > high):
        top = "inf" if high is None else high
        message = f"{rule.threshold!r} is outside {rule.metric!r}'s range [{low}, {top}]"
        return [("threshold", message)]
    return []


def _routing_messages(prefix: str, severity: str, channel: str) -> list[tuple[str, str]]:
    found = []
    if severity not in SEVERITIES:
        found.append((f"{prefix}severity", f"use one of {', '.join(SEVERITIES)}"))
    if channel not in CHANNELS:
        found.append((f"{prefix}channel", f"use one of {', '.join(sorted(CHANNELS))}"))
    return found


def _escalation_messages(rule: AlertRule, escalation: Escalation) -> list[tuple[str, str]]:
    found = _routing_messages("escalation.", escalation.severity, escalation.channel)
    if escalation.after_windows < 1:
        found.append(("escalation.after_windows", "must be >= 1"))
    if not found and SEVERITIES.index(escalation.severity) < SEVERITIES.index(rule.severity):
        found.append(("escalation.severity", "an escalation cannot lower the severity"))
    elif not found and (escalation.severity, escalation.channel) == (rule.severity, rule.channel):
        found.append(("escalation", "escalating to the same severity and channel changes nothing"))
    return found


def _span_problems(owner: str, start: float, end: float) -> list[RuleProblem]:
    if math.isfinite(start) and math.isfinite(end) and start < end:
        return []
    return [RuleProblem(owner, "end", f"needs start < end, got {start!r} .. {end!r}")]


def _coverable(entry: str) -> bool:
    return entry in FAMILIES or entry in METRICS or check_metric_name(entry) is None


def _cycle_problems(rules: Sequence[AlertRule]) -> list[RuleProblem]:
    try:
        rule_order(rules)
    except SuppressionCycleError as error:
        return [RuleProblem(error.cycle[0], "suppressed_by", str(error))]
    return []


def rule_order(rules: Sequence[AlertRule]) -> list[AlertRule]:
    """``rules`` with every rule after the rules that suppress it (input order otherwise),
    so one pass knows whether a suppressor fires in the same window. Unknown ids in
    ``suppressed_by`` are ignored here. Raises ``SuppressionCycleError`` on a cycle."""
    by_id = {rule.id: rule for rule in rules}
    ordered: list[AlertRule] = []
    done: set[str] = set()
    visiting: list[str] = []

    def visit(rule: AlertRule) -> None:
        if rule.id in done:
            return
        if rule.id in visiting:
            raise SuppressionCycleError([*visiting[visiting.index(rule.id):], rule.id])
        visiting.append(rule.id)
        for other in rule.suppressed_by:
            if other in by_id and other != rule.id:
                visit(by_id[other])
        visiting.pop()
        done.add(rule.id)
        ordered.append(rule)

    for rule in rules:
        visit(rule)
    return ordered
