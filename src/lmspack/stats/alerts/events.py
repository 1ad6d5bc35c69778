"""What happens to a rule in each window: its state, and the events on the timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from lmspack.stats.alerts.rules import AlertRule, Severity
from lmspack.stats.alerts.series import MetricSeries

EventKind = Literal["fired", "suppressed", "escalated", "resolved"]
RuleState = Literal["ok", "no_data", "pending", "firing", "suppressed"]
"""A rule's state in one window: condition false (``ok``) or undefined (``no_data``);
condition true but not yet for ``for_windows`` windows (``pending``); alert raised
(``firing``); or it would be raised but is held back (``suppressed``)."""


@dataclass(frozen=True)
class AlertEvent:
    """One entry of the timeline.

    - ``fired``: the alert is raised (``incidents`` it detects; ``false_positive`` if none);
    - ``suppressed``: it would have fired; ``reasons`` are ``"cooldown"``,
      ``"suppressed_by:<rule>"`` and ``"maintenance:<id>"``. Emitted once per stretch,
      again only if the reasons change; it fires later if the condition outlasts them;
    - ``escalated``: still firing after ``escalation.after_windows``; new severity/channel;
    - ``resolved``: the condition stopped holding; ``firing_windows`` windows after firing.

    ``severity`` and ``channel`` are the alert's at that moment (escalated or not).
    """

    kind: EventKind
    rule: str
    window: int
    start: float
    end: float
    value: float | None
    severity: Severity
    channel: str
    reasons: tuple[str, ...] = ()
    firing_windows: int | None = None
    incidents: tuple[str, ...] = ()
    false_positive: bool | None = None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind, "rule": self.rule, "window": self.window,
            "start": self.start, "end": self.end, "value": self.value,
            "severity": self.severity, "channel": self.channel,
        }
        if self.kind == "suppressed":
            data["reasons"] = list(self.reasons)
        if self.kind == "resolved":
            data["firing_windows"] = self.firing_windows
        if self.kind == "fired":
            data["incidents"] = list(self.incidents)
            data["false_positive"] = self.false_positive
        return data


class RuleRun:
    """Steps one rule through the windows, one ``step`` per window, in order."""

    def __init__(self, rule: AlertRule, series: MetricSeries) -> None:
        self.rule = rule
        self.series = series
        self.streak = 0
        self.fired_at: int | None = None
        self.last_fired: int | None = None
        self.held_back: tuple[str, ...] = ()
        self.severity: Severity = rule.severity
        self.channel = rule.channel

    def step(
        self, i: int, value: float | None, hold_reasons: Callable[[], tuple[str, ...]]
    ) -> tuple[RuleState, AlertEvent | None]:
        """Advance to window ``i``. ``hold_reasons`` lists what would hold a new firing
        back now; it is only asked when the rule is about to fire."""
        holds = self.rule.holds(value)
        self.streak = self.streak + 1 if holds else 0
        active = self.streak >= self.rule.for_windows
        if self.fired_at is not None:
            return self._while_firing(i, value, active, self.fired_at)
        if not active:
            self.held_back = ()
            return ("pending" if holds else "no_data" if value is None else "ok"), None
        reasons = hold_reasons()
        if reasons:
            changed = reasons != self.held_back
            self.held_back = reasons
            return "suppressed", (self._event("suppressed", i, value, reasons) if changed else None)
        self.held_back = ()
        self.fired_at = self.last_fired = i
        return "firing", self._event("fired", i, value)

    def in_cooldown(self, i: int) -> bool:
        """Whether window ``i`` is within ``cooldown_windows`` after the last firing."""
        return self.last_fired is not None and i - self.last_fired <= self.rule.cooldown_windows

    def _while_firing(
        self, i: int, value: float | None, active: bool, fired_at: int
    ) -> tuple[RuleState, AlertEvent | None]:
        if not active:
            event = self._event("resolved", i, value, firing_windows=i - fired_at)
            self.fired_at = None
            self.severity, self.channel = self.rule.severity, self.rule.channel
            return ("no_data" if value is None else "ok"), event
        escalation = self.rule.escalation
        if escalation is not None and i - fired_at == escalation.after_windows:
            self.severity, self.channel = escalation.severity, escalation.channel
            return "firing", self._event("escalated", i, value)
        return "firing", None

    def _event(
        self, kind: EventKind, i: int, value: float | None, reasons: tuple[str, ...] = (),
        firing_windows: int | None = None,
    ) -> AlertEvent:
        return AlertEvent(kind, self.rule.id, i, self.series.starts[i], self.series.ends[i],
                          value, self.severity, self.channel, reasons, firing_windows)
