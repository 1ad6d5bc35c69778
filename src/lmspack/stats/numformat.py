"""How numbers, times and durations read to people: on pages and in `lmspack drift`
(deterministic, locale-free; no imports beyond the standard library).

Widget results arrive as strict JSON: a float may be a number, ``null`` (undefined or
NaN) or the strings ``"inf"``/``"-inf"``/``"nan"``. :func:`as_float` reads all of them;
:func:`sig3` prints the drift spec's three significant digits, "∞" and "n/a".
"""

from __future__ import annotations

import math
import time

NOT_AVAILABLE = "n/a"


def as_float(value: object) -> float | None:
    """A finite or infinite float, or ``None`` for null/NaN/anything non-numeric."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip().lower() in ("inf", "+inf", "-inf", "nan",
                                                                "infinity", "-infinity"):
        number = float(value.strip())
    else:
        return None
    return None if math.isnan(number) else number


def typeset(text: str, plain: bool = False) -> str:
    """A number printed by Python (``-1.5e-05``, ``inf``) as people read it: on pages a
    real minus sign and "∞"; with ``plain`` the ASCII form every program parses back
    (``-1.5e-05``, ``inf``), for text people copy from a terminal."""
    if plain:
        return text
    return text.replace("-", "−").replace("inf", "∞")


def sig3(value: object, digits: int = 3, *, plain: bool = False) -> str:
    """``value`` to ``digits`` significant digits; "∞"/"−∞" for infinities, "n/a" for NaN
    (``plain``: ASCII "-" and "inf", see :func:`typeset`)."""
    number = as_float(value)
    if number is None:
        return NOT_AVAILABLE
    if math.isinf(number):
        return typeset("inf" if number > 0 else "-inf", plain)
    if number == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(number)))
    if magnitude >= 6 or magnitude < -4:
        return typeset(f"{number:.{digits - 1}e}".replace("e-0", "e-").replace(
            "e+0", "e").replace("e+", "e"), plain)
    decimals = max(digits - 1 - magnitude, 0)
    return typeset(f"{round(number, decimals):.{decimals}f}", plain)


def short(value: object, *, plain: bool = False) -> str:
    """Up to three significant digits without trailing zeros, for settings such as
    thresholds ("0.1", "0.05", "300")."""
    number = as_float(value)
    if number is None or math.isinf(number):
        return sig3(value, plain=plain)
    return typeset(format(number, ".3g"), plain)


def p_value(value: object, *, plain: bool = False) -> str:
    """A p-value: three significant digits, ``<0.001`` when smaller."""
    number = as_float(value)
    if number is not None and 0 <= number < 0.001:
        return "<0.001"
    return sig3(value, plain=plain)


def percent(share: object, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage ("12.5 %")."""
    number = as_float(share)
    if number is None or math.isinf(number):
        return NOT_AVAILABLE
    return f"{number * 100:.{decimals}f} %"


def clock(seconds: int) -> str:
    """Seconds as ``m:ss`` or ``h:mm:ss`` (video positions)."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes(value: int | None) -> str:
    """A lesson duration ("45 min", "1 h 30 min")."""
    if value is None:
        return ""
    hours, mins = divmod(value, 60)
    if not hours:
        return f"{mins} min"
    return f"{hours} h {mins} min" if mins else f"{hours} h"


def utc(epoch: object, with_time: bool = True) -> str:
    """Epoch seconds as an ISO-like UTC stamp ("2024-03-01 06:00 UTC")."""
    number = as_float(epoch)
    if number is None or math.isinf(number):
        return NOT_AVAILABLE
    stamp = time.gmtime(number)
    if not with_time or (stamp.tm_hour == 0 and stamp.tm_min == 0 and stamp.tm_sec == 0):
        return time.strftime("%Y-%m-%d", stamp)
    return time.strftime("%Y-%m-%d %H:%M", stamp) + " UTC"


def span(seconds: object) -> str:
    """A duration in seconds as the largest sensible unit ("1.5 h", "2 days")."""
    number = as_float(seconds)
    if number is None or math.isinf(number):
        return NOT_AVAILABLE
    for unit, size in (("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if abs(number) >= size:
            amount = number / size
            text = f"{amount:.1f}".removesuffix(".0")
            return f"{text} {'day' if unit == 'days' and text == '1' else unit}"
    return f"{number:.0f} s"
