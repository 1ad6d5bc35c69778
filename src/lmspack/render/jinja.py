"""The Jinja environment: package templates, autoescaping everywhere, strict undefined.

Templates live in ``lmspack/render/templates/`` as package data, and each widget kind's
fallback template in its own folder. Autoescape is on for every
template (not only ``.html``), so author text can only reach a page as text; the one way
in for markup is :class:`markupsafe.Markup`, which only the sanitiser and the SVG builder
produce.
"""

from __future__ import annotations

import functools
from importlib import resources

from jinja2 import Environment, FunctionLoader, StrictUndefined

from lmspack.source.locale import interface_language, translations
from lmspack.stats import numformat as fmt


def _load(name: str) -> str:
    """``page.html.j2`` from ``lmspack/render/templates/``; ``package:name`` from a widget
    kind's folder (:func:`lmspack.render.fallback.render_template`)."""
    package, sep, file = name.partition(":")
    if sep:
        return resources.files(package).joinpath(file).read_text("utf-8")
    return resources.files("lmspack.render").joinpath("templates", name).read_text("utf-8")


@functools.cache
def environment() -> Environment:
    """The shared environment (built once per process), interface strings in English."""
    return localized("en")


def localized(language: str) -> Environment:
    """An environment whose ``_()``/``ngettext()`` translate interface strings into the
    catalog for ``language`` (English when lmspack has none: :mod:`lmspack.source.locale`)."""
    return _localized(interface_language(language))


@functools.cache
def _localized(language: str) -> Environment:
    env = Environment(
        loader=FunctionLoader(_load),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters.update({
        "sig3": fmt.sig3, "p_value": fmt.p_value, "percent": fmt.percent, "utc": fmt.utc,
        "span": fmt.span, "minutes": fmt.minutes, "clock": fmt.clock,
    })
    if language != "en":  # numbers and dates in the language (English: the filters above)
        env.filters.update({
            "sig3": functools.partial(fmt.sig3, locale=language),
            "p_value": functools.partial(fmt.p_value, locale=language),
            "percent": functools.partial(fmt.percent, locale=language),
            "utc": functools.partial(fmt.utc, locale=language),
            "span": functools.partial(fmt.span, locale=language),
        })
    env.filters["number"] = functools.partial(fmt.number, locale=language)
    env.install_gettext_translations(translations(language),  # type: ignore[attr-defined]
                                     newstyle=True)
    return env


def static_file(name: str) -> bytes:
    """A file from ``lmspack/render/static/`` (the stylesheet)."""
    return resources.files("lmspack.render").joinpath("static", name).read_bytes()
