"""The alert-fatigue trade-off: what each rule would have done at other thresholds.

Grid, per rule: ``grid_size`` evenly spaced values from the smallest to the largest
defined value of the rule's metric (``numpy.linspace``, both ends included), plus the
configured threshold; sorted ascending, exact duplicates removed. With no defined value
the grid is the configured threshold alone.

At each grid value the **whole** configuration is re-evaluated with only that rule's
threshold changed, so cooldown, suppression and maintenance act as they would for real.

Two counts on purpose: ``fired`` (alerts raised, what people are paged with) and
``firing_windows`` (windows spent firing). For a rule with no cooldown, suppression or
maintenance, a more permissive threshold never lowers ``firing_windows``, but it can
lower ``fired``: two short breaches merge into one longer alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lmspack.stats.alerts.engine import AlertReport, evaluate_alerts
from lmspack.stats.alerts.rules import AlertRule, Incident, MaintenanceWindow
from lmspack.stats.alerts.series import MetricSeries
from lmspack.stats.alerts.sweep_point import SweepPoint

DEFAULT_GRID_SIZE = 11
"""Evenly spaced grid points per rule (the configured threshold comes on top)."""

SCHEMA = "lmspack.alert_sweep/1"
"""Version tag of ``ThresholdSweep.to_dict()``'s shape."""


@dataclass(frozen=True)
class RuleSweep:
    """The sweep of one rule, points in ascending threshold order."""

    rule: AlertRule
    points: tuple[SweepPoint, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule.id, "metric": self.rule.metric,
            "comparison": self.rule.comparison, "configured": self.rule.threshold,
            "more_permissive": self.rule.more_permissive,
            "points": [p.to_dict() for p in self.points],
        }


@dataclass(frozen=True)
class ThresholdSweep:
    """Every rule's sweep, in the order the rules were given."""

    grid_size: int
    rules: tuple[RuleSweep, ...]

    def __getitem__(self, rule_id: str) -> RuleSweep:
        return next(s for s in self.rules if s.rule.id == rule_id)

    def to_dict(self) -> dict[str, object]:
        return {"schema": SCHEMA, "grid_size": self.grid_size,
                "rules": [s.to_dict() for s in self.rules]}


def threshold_grid(
    values: Sequence[float | None], configured: float, size: int = DEFAULT_GRID_SIZE
) -> list[float]:
    """The documented grid: ``size`` points across the observed range, plus ``configured``."""
    observed = [v for v in values if v is not None]
    grid = {float(configured)}
    if observed and size > 0:
        grid.update(float(t) for t in np.linspace(min(observed), max(observed), size))
    return sorted(grid)


def sweep_thresholds(
    series: MetricSeries,
    rules: Sequence[AlertRule],
    maintenance: Sequence[MaintenanceWindow] = (),
    incidents: Sequence[Incident] = (),
    grid_size: int = DEFAULT_GRID_SIZE,
) -> ThresholdSweep:
    """One ``RuleSweep`` per rule, in the order of ``rules``; raises ``ValueError`` like
    ``evaluate_alerts`` for a configuration with problems."""
    sweeps = []
    for k, rule in enumerate(rules):
        points = []
        for threshold in threshold_grid(series.values[rule.metric], rule.threshold, grid_size):
            trial = [*rules[:k], rule.with_threshold(threshold), *rules[k + 1:]]
            report = evaluate_alerts(series, trial, maintenance, incidents)
            points.append(_point(report, rule, threshold))
        sweeps.append(RuleSweep(rule, tuple(points)))
    return ThresholdSweep(grid_size, tuple(sweeps))


def _point(report: AlertReport, rule: AlertRule, threshold: float) -> SweepPoint:
    fired = report.fired(rule.id)
    covered = [r for r in report.incidents if rule.id in r.delays]
    delays = [d for r in covered if (d := r.delays[rule.id]) is not None]
    return SweepPoint(
        threshold=threshold,
        configured=threshold == rule.threshold,
        fired=len(fired),
        firing_windows=report.states[rule.id].count("firing"),
        false_positives=sum(1 for e in fired if e.false_positive),
        incidents_covered=len(covered),
        incidents_detected=len(delays),
        mean_delay_s=sum(delays) / len(delays) if delays else None,
        max_delay_s=max(delays) if delays else None,
    )
