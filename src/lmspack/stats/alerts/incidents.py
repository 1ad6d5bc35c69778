"""Scoring alerts against known incidents: detections, delays, false positives.

An alert is known only once its window has closed, so a firing "happens" at its
window's **end**. A firing **detects** an incident when its rule covers the incident
(``Incident.covered_by``) and its window overlaps the incident's span; the detection
delay is ``window end - incident start`` (always > 0). A firing that detects no incident
is a **false positive**, including one that comes only after the incident is over.
Only ``fired`` events count: an alert already firing when an incident starts is not a
detection of it, and suppressed firings detect nothing (nobody was told).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from lmspack.stats.alerts.events import AlertEvent
from lmspack.stats.alerts.rules import AlertRule, Incident


@dataclass(frozen=True)
class IncidentResult:
    """How the rules did on one incident. ``delays`` has one entry per covering rule:
    the delay of its first detecting firing, or ``None`` if it never detected it."""

    incident: Incident
    first_alert: AlertEvent | None
    delays: dict[str, float | None]

    @property
    def detection_delay_s(self) -> float | None:
        """Seconds from the incident's start to the first detecting firing."""
        if self.first_alert is None:
            return None
        return self.first_alert.end - self.incident.start

    def to_dict(self) -> dict[str, object]:
        first = self.first_alert
        return {
            **self.incident.to_dict(),
            "detected": first is not None,
            "first_alert": None if first is None else
            {"rule": first.rule, "window": first.window, "at": first.end},
            "detection_delay_s": self.detection_delay_s,
            "delays_by_rule": dict(self.delays),
        }


def score_incidents(
    events: Sequence[AlertEvent], rules: Sequence[AlertRule], incidents: Sequence[Incident]
) -> tuple[list[AlertEvent], list[IncidentResult]]:
    """``events`` (in timeline order) with ``fired`` ones marked, and one result per
    incident, in the order given."""
    by_id = {rule.id: rule for rule in rules}
    marked = [_mark(event, by_id[event.rule], incidents) if event.kind == "fired" else event
              for event in events]
    return marked, [_result(incident, marked, rules) for incident in incidents]


def _mark(event: AlertEvent, rule: AlertRule, incidents: Sequence[Incident]) -> AlertEvent:
    detected = tuple(incident.id for incident in incidents
                     if incident.covered_by(rule) and incident.overlaps(event.start, event.end))
    return dataclasses.replace(event, incidents=detected, false_positive=not detected)


def _result(
    incident: Incident, events: Sequence[AlertEvent], rules: Sequence[AlertRule]
) -> IncidentResult:
    detections = [e for e in events if e.kind == "fired" and incident.id in e.incidents]
    # Ties on time go to the earlier event in timeline order (min keeps the first).
    first = min(detections, key=lambda e: e.end, default=None)
    delays: dict[str, float | None] = {}
    for rule in rules:
        if incident.covered_by(rule):
            own = [e for e in detections if e.rule == rule.id]
            delays[rule.id] = own[0].end - incident.start if own else None
    return IncidentResult(incident, first, delays)
