"""Numbers and durations on the pages in the page's language (Babel's locale data): a pass
mark is "80%" in English, "80 %" in German, "80 %" in French; a duration's units come from
the message catalog."""

from __future__ import annotations

from lmspack.source.locale import translations


def percent(value: int, language: str) -> str:
    """A whole percentage (``80``) as the language writes it."""
    from babel.numbers import format_percent

    from lmspack.stats.numformat import babel_language

    return str(format_percent(value / 100, locale=babel_language(language) or "en"))


def duration(minutes: int | None, language: str) -> str:
    """A lesson duration ("45 min", "1 h 30 min") with the language's units."""
    if minutes is None:
        return ""
    _ = translations(language).gettext
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
