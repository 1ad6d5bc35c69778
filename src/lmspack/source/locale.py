"""Interface-string catalogs: which languages lmspack speaks, and their translations.

The catalogs are gettext ``.po`` files in ``lmspack/locale/<lang>/LC_MESSAGES/lmspack.po``
(English is the source language: its strings are the message ids). They are read with Babel,
which also applies each catalog's ``Plural-Forms``. A course or lesson ``language`` such as
``de-CH`` uses the ``de`` catalog; a language without one falls back to English (validation
warns, C102). Listing the catalogs costs no Babel import, so ``lmspack validate`` stays light.
"""

from __future__ import annotations

import functools
import gettext
import io
from importlib import resources

DOMAIN = "lmspack"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs where it is defined (a table of labels, a constant);
    the code translates it where it shows it (``translations(tag).gettext(LABELS[code])``).
    """
    return message


@functools.cache
def languages() -> tuple[str, ...]:
    """The languages with a catalog, English first."""
    root = resources.files("lmspack").joinpath("locale")
    found = sorted(entry.name for entry in root.iterdir()
                   if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file())
    return (SOURCE_LANGUAGE, *(name for name in found if name != SOURCE_LANGUAGE))


def catalog_language(tag: str) -> str | None:
    """The catalog a BCP 47 tag uses (``de-CH`` -> ``de``; Babel's ``de_CH`` too), or
    ``None`` when there is none."""
    primary = tag.replace("_", "-").split("-")[0].lower()
    return primary if primary in languages() else None


def interface_language(tag: str) -> str:
    """The language the interface is shown in for content in ``tag``: its catalog's, else
    English."""
    return catalog_language(tag) or SOURCE_LANGUAGE


@functools.cache
def translations(tag: str) -> gettext.NullTranslations:
    """The translations for ``tag`` (no-op translations for English and unknown tags)."""
    language = interface_language(tag)
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = resources.files("lmspack").joinpath("locale", language, "LC_MESSAGES",
                                               f"{DOMAIN}.po")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
