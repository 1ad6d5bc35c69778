"""One rule's outcome at one threshold of the sweep (:mod:`lmspack.stats.alerts.sweep`).

A module of its own that imports nothing heavy: the Alert Configurator's result document
(``lmspack.kinds.alert_configurator.result``, loaded by ``lmspack validate``) derives its
model of a sweep point from :class:`SweepPoint`, so the fields are written once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass
class SweepPoint:
    """One rule's outcome at one threshold. Delays are over the covered incidents this
    rule detected (seconds), ``None`` when it detected none. Not frozen: the result
    document's pydantic model derives from it, and type checkers refuse a model (not
    frozen by keyword) that derives from a frozen dataclass."""

    threshold: float
    configured: bool
    fired: int
    firing_windows: int
    false_positives: int
    incidents_covered: int
    incidents_detected: int
    mean_delay_s: float | None
    max_delay_s: float | None

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)
