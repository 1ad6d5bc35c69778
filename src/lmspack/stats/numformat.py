"""How numbers, times and durations read to people: on pages and in `lmspack drift`
(deterministic; no imports beyond the standard library unless a language is asked for).

Every function prints English (the form `lmspack drift` and English pages show) unless it is
given ``locale``, a course language such as ``"de"`` or ``"fr-CA"``: then the same digits
are written with that locale's decimal sign, digit grouping, percent pattern and date
format from Babel's CLDR data (German ``0,25`` and ``1.234``, French ``0,25`` and
``1 234`` with a narrow no-break space, ``12,5 %``, ``01.03.2024``), region included
(Swiss German ``1’234.5``; Mexican Spanish ``1,234.5``), and with CLDR's minimum grouping
digits, which Babel does not apply (Spanish ``1234`` but ``12.345``). A language lmspack
has no catalog for reads as English, like the interface strings
(:func:`lmspack.source.locale.interface_language`). Machine-readable values (data
attributes, JSON, package manifests) never go through here with a ``locale``.

Widget results arrive as strict JSON: a float may be a number, ``null`` (undefined or
NaN) or the strings ``"inf"``/``"-inf"``/``"nan"``. :func:`as_float` reads all of them;
:func:`sig3` prints the drift spec's three significant digits, "∞" and "n/a".
"""

from __future__ import annotations

import functools
import math
import re
import time

NOT_AVAILABLE = "n/a"
_NUMBER = re.compile(r"(?P<sign>[−-]?)(?P<int>\d+)(?:\.(?P<frac>\d+))?(?P<exp>e[−+-]?\d+)?")


MINIMUM_GROUPING = {"es": 2, "es_419": 1, "pl": 2, "pt_PT": 2}
"""CLDR's ``minimumGroupingDigits`` where it is not 1, for the catalogs' languages and their
kin (a locale inherits its parent's, :func:`minimum_grouping`): with 2, a number is grouped
only from five integer digits on (Spanish ``1234``, ``12.345``, ``1.234.567``)."""


def babel_language(locale: str | None) -> str | None:
    """The Babel locale for ``locale`` (``de-CH`` -> ``de_CH``: the most specific one Babel
    has data for), or None for English and languages without a catalog: English output stays
    exactly what it was."""
    if not locale:
        return None
    from lmspack.source.locale import interface_language

    language = interface_language(locale)
    return None if language == "en" else _babel_locale(locale, language)


@functools.cache
def _babel_locale(tag: str, language: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        found = Locale.parse(tag.replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError):  # a region or script Babel has no data for
        return language
    return str(found) if found.language == language else language


@functools.cache
def minimum_grouping(identifier: str) -> int:
    """CLDR's minimum grouping digits for a Babel locale: its own entry in
    :data:`MINIMUM_GROUPING`, else its parent's (``es_MX`` -> ``es_419``, ``es_ES`` -> ``es``),
    else 1."""
    from babel.core import get_global

    parents = get_global("parent_exceptions")
    while identifier:
        if identifier in MINIMUM_GROUPING:
            return MINIMUM_GROUPING[identifier]
        identifier = parents.get(identifier) or identifier.rpartition("_")[0]
    return 1


def localize(text: str, locale: str | None) -> str:
    """An English-formatted number in ``text`` (``"1234.5"``, ``"−0.25"``, ``"1.5e-05"``,
    ``"<0.001"``) written the way ``locale`` writes it: its decimal sign, and its digit
    grouping in the integer part (the digits themselves are unchanged)."""
    language = babel_language(locale)
    if language is None:
        return text
    if text == NOT_AVAILABLE:
        return not_available(language)
    from babel.numbers import get_decimal_symbol, get_group_symbol

    decimal, group = get_decimal_symbol(language), get_group_symbol(language)
    shortest = 3 + minimum_grouping(language)  # the fewest integer digits that are grouped

    def one(match: re.Match[str]) -> str:
        digits = match["int"]
        if len(digits) >= shortest:
            head = len(digits) % 3 or 3
            digits = group.join([digits[:head], *(digits[k:k + 3]
                                                  for k in range(head, len(digits), 3))])
        frac = f"{decimal}{match['frac']}" if match["frac"] is not None else ""
        return f"{match['sign']}{digits}{frac}{match['exp'] or ''}"

    return _NUMBER.sub(one, text)


def interval(label: str, locale: str | None) -> str:
    """A numeric bin label (``"[0.1667, 6.819)"``) in ``locale``'s way; where the decimal
    sign is a comma the bounds are separated by a semicolon (``"[0,1667; 6,819)"``). Any
    other label (a category) is returned as it is."""
    match = re.fullmatch(r"([\[(])(\S+), (\S+)([\])])", label)
    if babel_language(locale) is None or match is None or \
            not all(_NUMBER.fullmatch(part) for part in match.group(2, 3)):
        return label
    low, high = localize(match[2], locale), localize(match[3], locale)
    separator = "; " if "," in low + high else ", "
    return f"{match[1]}{low}{separator}{high}{match[4]}"


def iso_date(text: str, locale: str | None) -> str:
    """An ISO 8601 time from a widget file (``2025-06-23T00:00:00Z``) as :func:`utc` writes
    it in ``locale``; unchanged for English or when it does not parse."""
    if babel_language(locale) is None:
        return text
    import datetime

    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return utc(moment.timestamp(), locale=locale)


def not_available(locale: str | None = None) -> str:
    """"n/a" in ``locale``'s words (its message catalog)."""
    if babel_language(locale) is None:
        return NOT_AVAILABLE
    from lmspack.source.locale import translations

    return translations(str(locale)).gettext("n/a")


def number(value: object, locale: str | None = None) -> str:
    """A count or an integer-valued setting (``1234`` -> ``"1234"``; German ``"1.234"``);
    any other value as :func:`sig3`."""
    if isinstance(value, int) and not isinstance(value, bool):
        return localize(str(value), locale)
    return sig3(value, locale=locale)


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


def sig3(value: object, digits: int = 3, *, plain: bool = False,
         locale: str | None = None) -> str:
    """``value`` to ``digits`` significant digits; "∞"/"−∞" for infinities, "n/a" for NaN
    (``plain``: ASCII "-" and "inf", see :func:`typeset`; ``locale``: see the module)."""
    if babel_language(locale) is not None:
        return localize(sig3(value, digits, plain=plain), locale)
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


def short(value: object, *, plain: bool = False, locale: str | None = None) -> str:
    """Up to three significant digits without trailing zeros, for settings such as
    thresholds ("0.1", "0.05", "300")."""
    if babel_language(locale) is not None:
        return localize(short(value, plain=plain), locale)
    number = as_float(value)
    if number is None or math.isinf(number):
        return sig3(value, plain=plain)
    return typeset(format(number, ".3g"), plain)


def p_value(value: object, *, plain: bool = False, locale: str | None = None) -> str:
    """A p-value: three significant digits, ``<0.001`` when smaller."""
    if babel_language(locale) is not None:
        return localize(p_value(value, plain=plain), locale)
    number = as_float(value)
    if number is not None and 0 <= number < 0.001:
        return "<0.001"
    return sig3(value, plain=plain)


def percent(share: object, decimals: int = 1, locale: str | None = None) -> str:
    """A share in [0, 1] as a percentage ("12.5 %"; with ``locale``, that language's
    percent pattern: German "12,5 %" with a no-break space)."""
    number = as_float(share)
    if number is None or math.isinf(number):
        return not_available(locale)
    language = babel_language(locale)
    if language is None:
        return f"{number * 100:.{decimals}f} %"
    from babel import Locale

    # CLDR quotes literal text in a pattern; the digits (Swiss German groups with ') are
    # put in after the quotes are gone.
    pattern = Locale.parse(language).percent_formats[None].pattern.replace("'", "")
    digits = localize(f"{number * 100:.{decimals}f}", language)
    return re.sub(r"[#0,.]+", lambda _: digits, pattern, count=1)


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


def utc(epoch: object, with_time: bool = True, locale: str | None = None) -> str:
    """Epoch seconds as an ISO-like UTC stamp ("2024-03-01 06:00 UTC"); with ``locale``,
    the language's medium date ("01.03.2024", "1 mars 2024") and short time."""
    number = as_float(epoch)
    if number is None or math.isinf(number):
        return not_available(locale)
    stamp = time.gmtime(number)
    language = babel_language(locale)
    if language is not None:
        import datetime

        from babel.dates import format_date, format_time

        moment = datetime.datetime.fromtimestamp(number, datetime.UTC)
        day = format_date(moment, "medium", locale=language)
        if not with_time or (stamp.tm_hour == 0 and stamp.tm_min == 0 and stamp.tm_sec == 0):
            return str(day)
        return f"{day} {format_time(moment, 'short', tzinfo=datetime.UTC, locale=language)} UTC"
    if not with_time or (stamp.tm_hour == 0 and stamp.tm_min == 0 and stamp.tm_sec == 0):
        return time.strftime("%Y-%m-%d", stamp)
    return time.strftime("%Y-%m-%d %H:%M", stamp) + " UTC"


def span(seconds: object, locale: str | None = None) -> str:
    """A duration in seconds as the largest sensible unit ("1.5 h", "2 days"); with
    ``locale``, the number and units in that language ("1,5 h", "2 Tage")."""
    language = babel_language(locale)
    if language is not None:
        return _span_in(seconds, language)
    number = as_float(seconds)
    if number is None or math.isinf(number):
        return NOT_AVAILABLE
    for unit, size in (("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if abs(number) >= size:
            amount = number / size
            text = f"{amount:.1f}".removesuffix(".0")
            return f"{text} {'day' if unit == 'days' and text == '1' else unit}"
    return f"{number:.0f} s"


def _span_in(seconds: object, language: str) -> str:
    from lmspack.source.locale import translations

    number = as_float(seconds)
    if number is None or math.isinf(number):
        return not_available(language)
    catalog = translations(language)
    for unit, size in (("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if abs(number) >= size:
            text = f"{number / size:.1f}".removesuffix(".0")
            shown = localize(text, language)
            if unit == "days":
                whole = float(text).is_integer()
                return catalog.ngettext("%(num)s day", "%(num)s days",
                                        int(float(text)) if whole else 2) % {"num": shown}
            return f"{shown} {unit}"
    return f"{localize(f'{number:.0f}', language)} s"
