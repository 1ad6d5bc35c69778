"""Alert rules, maintenance periods and incidents: the Alert Configurator's inputs."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from lmspack.stats.monitoring.registry import METRICS, split_metric_name

Comparison = Literal["<", "<=", ">", ">="]
Severity = Literal["info", "warning", "critical"]

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
"""Comparison symbol -> test of ``value <op> threshold``."""

SEVERITIES: tuple[Severity, ...] = ("info", "warning", "critical")
"""Severities, least to most severe; an escalation must move right."""

CHANNELS: frozenset[str] = frozenset({"email", "slack", "pagerduty"})
"""Where an alert can be sent."""


def _span_overlaps(start: float, end: float, other_start: float, other_end: float) -> bool:
    """Whether ``[start, end)`` and ``[other_start, other_end)`` share any time."""
    return start < other_end and other_start < end


@dataclass(frozen=True)
class Escalation:
    """Raise an alert that is still firing ``after_windows`` windows after the one it
    fired in (fired at window 3, ``after_windows=2``: escalated at window 5). docs/alerts.md
    states every rule of the evaluation."""

    after_windows: int
    severity: Severity
    channel: str

    def to_dict(self) -> dict[str, object]:
        return {"after_windows": self.after_windows, "severity": self.severity,
                "channel": self.channel}


@dataclass(frozen=True)
class AlertRule:
    """Fire when ``metric <comparison> threshold`` holds for ``for_windows`` windows in a row.

    A window whose value is undefined (``None``) never satisfies the condition, so it
    breaks a streak and resolves a firing alert: missing data is shown as ``no_data``,
    not as health or as trouble. ``cooldown_windows``: a new firing within that many
    windows after the rule last fired is held back (suppressed). ``suppressed_by``:
    rule ids that, while firing, hold this rule's new firings back.
    """

    id: str
    metric: str
    comparison: Comparison
    threshold: float
    for_windows: int = 1
    severity: Severity = "warning"
    channel: str = "email"
    cooldown_windows: int = 0
    suppressed_by: tuple[str, ...] = ()
    escalation: Escalation | None = None

    def holds(self, value: float | None) -> bool:
        """Whether ``value`` meets the alert condition."""
        return value is not None and COMPARISONS[self.comparison](value, self.threshold)

    def with_threshold(self, threshold: float) -> AlertRule:
        """A copy of this rule with another threshold (for the sweep)."""
        return dataclasses.replace(self, threshold=threshold)

    @property
    def more_permissive(self) -> Literal["higher", "lower"]:
        """Which way the threshold moves to let more windows meet the condition."""
        return "higher" if self.comparison in ("<", "<=") else "lower"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "metric": self.metric, "comparison": self.comparison,
            "threshold": self.threshold, "for_windows": self.for_windows,
            "severity": self.severity, "channel": self.channel,
            "cooldown_windows": self.cooldown_windows,
            "suppressed_by": list(self.suppressed_by),
            "escalation": self.escalation.to_dict() if self.escalation else None,
        }


@dataclass(frozen=True)
class MaintenanceWindow:
    """Declared maintenance ``[start, end)`` (epoch seconds) during which new firings of
    ``rules`` (all rules if empty) are suppressed. A dashboard window is affected when
    its span overlaps the maintenance span at all."""

    id: str
    start: float
    end: float
    rules: tuple[str, ...] = ()

    def applies(self, rule_id: str, start: float, end: float) -> bool:
        """Whether this maintenance mutes ``rule_id`` in the window ``[start, end)``."""
        in_scope = not self.rules or rule_id in self.rules
        return in_scope and _span_overlaps(start, end, self.start, self.end)

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "start": self.start, "end": self.end, "rules": list(self.rules)}


@dataclass(frozen=True)
class Incident:
    """A known problem in the data, ``[start, end)``, for scoring the rules.

    ``covers`` says which rules can detect it: each entry is a series name
    (``"demographic_parity_difference:sex"``), a base metric (``"accuracy"``) or a
    metric family (``"latency"``, ``"performance"``, ``"throughput"``, ``"fairness"``);
    empty means every rule.
    """

    id: str
    start: float
    end: float
    covers: tuple[str, ...] = ()

    def covered_by(self, rule: AlertRule) -> bool:
        """Whether ``rule`` watches a metric this incident shows up in."""
        if not self.covers:
            return True
        base = split_metric_name(rule.metric)[0]
        family = METRICS[base].family if base in METRICS else None
        return any(entry in (rule.metric, base, family) for entry in self.covers)

    def overlaps(self, start: float, end: float) -> bool:
        """Whether the window ``[start, end)`` shares time with the incident."""
        return _span_overlaps(start, end, self.start, self.end)

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "start": self.start, "end": self.end, "covers": list(self.covers)}

