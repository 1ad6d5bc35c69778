"""Cutting a log into windows, and choosing the baseline rows.

Fixed-width windows are ``[origin + k * width, origin + (k + 1) * width)``. The origin
defaults to the Unix epoch, so ``"1D"`` windows are UTC days and ``"6h"`` windows start
at 00, 06, 12 and 18 UTC; a week from the epoch starts on a Thursday, so pass an origin
for Monday weeks. The windows run from the one holding the first row to the one holding
the last, empty windows between them included (an outage is an empty window, not a gap).

Count-based windows hold ``count`` consecutive rows in time order (the last may hold
fewer). Such a window starts at its first row's time and ends where the next window
starts; the last one ends at its last row's time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lmspack.stats.monitoring.log import PredictionLog
from lmspack.stats.monitoring.timeparse import MAX_WINDOWS, parse_duration, parse_timestamp


@dataclass(frozen=True)
class WindowSpec:
    """How to cut the log: ``WindowSpec.fixed("6h")`` or ``WindowSpec.by_count(200)``."""

    width_s: float | None = None
    origin: float = 0.0
    count: int | None = None

    def __post_init__(self) -> None:
        if (self.width_s is None) == (self.count is None):
            raise ValueError("give exactly one of a window width or a row count")
        if self.width_s is not None and not (math.isfinite(self.width_s) and self.width_s > 0):
            raise ValueError(f"window width must be positive, got {self.width_s!r}")
        if self.count is not None and self.count < 1:
            raise ValueError(f"window row count must be >= 1, got {self.count!r}")

    @classmethod
    def fixed(cls, width: object, origin: object = 0.0) -> WindowSpec:
        """Windows of ``width`` (``"1D"``, ``"6h"``, ``"30min"`` or seconds) from ``origin``
        (epoch seconds or an ISO 8601 string with offset)."""
        return cls(width_s=parse_duration(width), origin=parse_timestamp(origin))

    @classmethod
    def by_count(cls, count: int) -> WindowSpec:
        """Windows of ``count`` consecutive rows."""
        return cls(count=count)

    def to_dict(self) -> dict[str, object]:
        if self.count is not None:
            return {"kind": "count", "count": self.count}
        return {"kind": "fixed", "width_s": self.width_s, "origin": self.origin}


@dataclass(frozen=True, eq=False)
class Window:
    """One window: its index, time span ``[start, end)`` and the log rows inside it."""

    index: int
    start: float
    end: float
    rows: NDArray[np.intp]

    @property
    def duration_s(self) -> float:
        return self.end - self.start


def split_windows(log: PredictionLog, spec: WindowSpec) -> list[Window]:
    """The windows of ``log`` under ``spec``; none for an empty log."""
    if len(log) == 0:
        return []
    if spec.count is not None:
        return _count_windows(log.timestamp, spec.count)
    assert spec.width_s is not None
    return _fixed_windows(log.timestamp, spec.width_s, spec.origin)


def _fixed_windows(times: NDArray[np.float64], width: float, origin: float) -> list[Window]:
    slot = np.floor((times - origin) / width).astype(np.int64)
    first, last = int(slot[0]), int(slot[-1])
    if last - first + 1 > MAX_WINDOWS:
        raise ValueError(f"{last - first + 1} windows of {width} s exceed {MAX_WINDOWS}; "
                         "use a wider window")
    # Slots ascend with time, so each window's rows are one contiguous run.
    bounds = np.searchsorted(slot, np.arange(first, last + 2), side="left")
    return [
        Window(j, origin + (first + j) * width, origin + (first + j + 1) * width,
               np.arange(bounds[j], bounds[j + 1], dtype=np.intp))
        for j in range(last - first + 1)
    ]


def _count_windows(times: NDArray[np.float64], count: int) -> list[Window]:
    starts = list(range(0, len(times), count))
    windows = []
    for j, first in enumerate(starts):
        stop = min(first + count, len(times))
        end = float(times[stop]) if stop < len(times) else float(times[-1])
        windows.append(Window(j, float(times[first]), end,
                              np.arange(first, stop, dtype=np.intp)))
    return windows


@dataclass(frozen=True)
class BaselineSpec:
    """The reference period: ``BaselineSpec.windows(k)`` (the first ``k`` windows, or all
    if there are fewer) or ``BaselineSpec.period(start, end)`` (rows with
    ``start <= t < end``). Baseline metrics are computed over the pooled rows, not
    averaged over windows."""

    first_windows: int | None = None
    start: float | None = None
    end: float | None = None

    def __post_init__(self) -> None:
        by_period = self.start is not None or self.end is not None
        if (self.first_windows is not None) == by_period:
            raise ValueError("give either first_windows or a start and end time")
        if self.first_windows is not None and self.first_windows < 1:
            raise ValueError(f"first_windows must be >= 1, got {self.first_windows!r}")
        if by_period and (self.start is None or self.end is None or self.start >= self.end):
            raise ValueError("a baseline period needs start < end")

    @classmethod
    def windows(cls, first_windows: int) -> BaselineSpec:
        """The first ``first_windows`` windows."""
        return cls(first_windows=first_windows)

    @classmethod
    def period(cls, start: object, end: object) -> BaselineSpec:
        """The time range ``[start, end)``; epoch seconds or ISO 8601 with offset."""
        return cls(start=parse_timestamp(start), end=parse_timestamp(end))

    def to_dict(self) -> dict[str, object]:
        if self.first_windows is not None:
            return {"kind": "first_windows", "first_windows": self.first_windows}
        return {"kind": "period", "start": self.start, "end": self.end}


def baseline_window(log: PredictionLog, windows: list[Window], spec: BaselineSpec) -> Window:
    """The baseline as one pseudo-window (index -1): its span and pooled rows.

    For ``first_windows`` the span runs from the first window's start to the last
    baseline window's end (zero-length if there are no windows at all).
    """
    if spec.start is not None and spec.end is not None:
        lo, hi = np.searchsorted(log.timestamp, [spec.start, spec.end], side="left")
        return Window(-1, spec.start, spec.end, np.arange(lo, hi, dtype=np.intp))
    chosen = windows[: spec.first_windows]
    if not chosen:
        return Window(-1, 0.0, 0.0, np.arange(0, dtype=np.intp))
    rows = np.concatenate([w.rows for w in chosen])
    return Window(-1, chosen[0].start, chosen[-1].end, rows)
