"""Timestamps and durations in one canonical form: float seconds, epoch in UTC.

Everything downstream (windows, baselines, maintenance periods, incidents, detection
delays) is plain arithmetic on these floats, so the parsing happens once, here.
"""

from __future__ import annotations

import math
import numbers
import re
from datetime import datetime

# Units accepted by ``parse_duration``. "m" is refused on purpose: pandas reads it as
# minutes in some places and months in others, and a silent factor of 43 200 is worse
# than an error.
_UNIT_SECONDS: dict[str, float] = {
    "s": 1.0,
    "min": 60.0,
    "h": 3600.0,
    "d": 86400.0,
    "w": 604800.0,
}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)?\s*([A-Za-z]+)\s*$")


def real_number(value: object) -> float | None:
    """``value`` as a float if it is an int or float (numpy's too), else ``None``.

    bool is refused although it is an int subclass: ``True`` as a timestamp, score or
    latency is always a mistake.
    """
    # numbers.Real covers numpy's scalars without importing numpy (the validator uses this
    # module and must stay numpy-free); numpy's bool is not registered as a number.
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def parse_timestamp(value: object) -> float:
    """Return ``value`` as float seconds since the Unix epoch (UTC).

    Accepts epoch seconds (int or float) or an ISO 8601 string **with** a UTC offset
    (``2024-03-01T12:00:00Z``, ``2024-03-01T13:00:00+01:00``). Naive date-times are
    refused because guessing their zone would shift every window. Raises ``ValueError``
    (``TypeError`` for a value of the wrong type) with a message fit for a diagnostic.
    """
    seconds = real_number(value)
    if seconds is not None:
        if not math.isfinite(seconds):
            raise ValueError(f"timestamp must be finite, got {value!r}")
        return seconds
    if not isinstance(value, str):
        raise TypeError(
            f"timestamp must be epoch seconds or an ISO 8601 string, got {type(value).__name__}"
        )
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f"{value!r} has no UTC offset; add 'Z' or '+HH:MM'")
    return parsed.timestamp()


def parse_duration(value: object) -> float:
    """Return a window width in seconds: a positive number, or ``"<n><unit>"``.

    Units: ``s``, ``min``, ``h``, ``D`` (day), ``W`` (week), case-insensitive; the
    count defaults to 1 (``"h"`` is one hour). ``"6h"`` -> 21600.0. Raises ``ValueError``
    (``TypeError`` for a value of the wrong type).
    """
    number = real_number(value)
    if number is not None:
        seconds = number
    elif isinstance(value, str):
        seconds = _parse_duration_text(value)
    else:
        raise TypeError(f"duration must be seconds or text like '6h', got {value!r}")
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"duration must be positive and finite, got {value!r}")
    return seconds


def _parse_duration_text(text: str) -> float:
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a duration such as '30min', '6h' or '1D'")
    count, unit = match.group(1), match.group(2).lower()
    if unit not in _UNIT_SECONDS:
        hint = " (use 'min' for minutes)" if unit == "m" else ""
        raise ValueError(f"unknown duration unit {unit!r} in {text!r}{hint}")
    return float(count or 1) * _UNIT_SECONDS[unit]


MAX_WINDOWS = 10_000
"""More windows than this is a configuration mistake (a "1s" window over a year)."""


def window_count(first: float, last: float, width: float, origin: float = 0.0) -> int:
    """How many fixed windows of ``width`` seconds from ``origin`` the times ``first`` ..
    ``last`` touch, empty windows between them included (as the dashboard cuts them)."""
    try:
        return math.floor((last - origin) / width) - math.floor((first - origin) / width) + 1
    except (OverflowError, ValueError):  # inf or nan: far more windows than anyone means
        return 2**63
