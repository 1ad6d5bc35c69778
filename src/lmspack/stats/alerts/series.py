"""The per-window metric series that alert rules are evaluated over."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lmspack.stats.monitoring.dashboard import Dashboard


@dataclass(frozen=True)
class MetricSeries:
    """Window spans (``starts[i]``, ``ends[i]``, epoch seconds) and, per series name,
    one value per window (``None`` = undefined in that window)."""

    starts: tuple[float, ...]
    ends: tuple[float, ...]
    values: Mapping[str, tuple[float | None, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.starts)
        if len(self.ends) != n:
            raise ValueError(f"{n} window starts but {len(self.ends)} ends")
        for name, values in self.values.items():
            if len(values) != n:
                raise ValueError(f"series {name!r} has {len(values)} values for {n} windows")
            if any(v is not None and not math.isfinite(v) for v in values):
                raise ValueError(f"series {name!r} has a non-finite value; use None")

    def __len__(self) -> int:
        return len(self.starts)

    @classmethod
    def regular(
        cls, start: float, width_s: float, values: Mapping[str, Sequence[float | None]]
    ) -> MetricSeries:
        """Back-to-back windows of ``width_s`` from ``start``, as many as the values."""
        n = len(next(iter(values.values()), ()))
        return cls(
            starts=tuple(start + i * width_s for i in range(n)),
            ends=tuple(start + (i + 1) * width_s for i in range(n)),
            values={name: tuple(v) for name, v in values.items()},
        )

    @classmethod
    def from_dashboard(cls, dashboard: Dashboard) -> MetricSeries:
        """Every series of a computed dashboard."""
        return cls(
            starts=tuple(w.start for w in dashboard.windows),
            ends=tuple(w.end for w in dashboard.windows),
            values={name: tuple(dashboard.series(name)) for name in dashboard.metric_names},
        )

    def windows_to_dict(self) -> list[dict[str, object]]:
        return [{"index": i, "start": s, "end": e}
                for i, (s, e) in enumerate(zip(self.starts, self.ends, strict=True))]
