"""Static fallbacks for the interactive widgets: each kind's :meth:`fallback
<lmspack.widgets.WidgetKind.fallback>` turns its precomputed result document into HTML that
needs no script (tables, inline SVG charts with a data table as text alternative, and the
states the interactive widget let a learner explore as ``<details>`` sections).

Result documents are read defensively (:func:`mapping`, :func:`items`): a field the
renderer does not know is ignored, a missing one is shown as "n/a", so an older or newer
result still renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from lmspack.errors import processing
from lmspack.render.jinja import localized
from lmspack.source.locale import N_
from lmspack.widgets import WidgetContext
from lmspack.widgets.kind import package_of
from lmspack.widgets.registry import get_kind, plugin_owner

__all__ = ["N_", "WidgetContext", "items", "mapping", "render_fallback", "render_template"]


def mapping(value: object) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def items(value: object) -> list[Any]:
    """``value`` if it is a JSON array, else an empty one."""
    return list(value) if isinstance(value, list | tuple) else []


def render_template(module: str, template: str, **view: object) -> Markup:
    """Render ``template`` from the folder of ``module`` (pass ``__name__``: a widget kind's
    templates sit beside its code) with lmspack's environment (autoescape, strict
    undefined, the number filters) into markup for the lesson page. When ``view`` holds
    the :class:`WidgetContext` (as ``ctx`` or ``context``), ``_()``/``ngettext()`` and the
    number filters speak the page's language."""
    name = f"{package_of(module)}:{template}"
    context = view.get("ctx", view.get("context"))
    language = context.language if isinstance(context, WidgetContext) else "en"
    return Markup(localized(language).get_template(name).render(**view))


def render_fallback(widget_type: str, result: Mapping[str, Any] | None,
                    context: WidgetContext, source: str = "") -> Markup:
    """The fallback for one widget, or a visible notice when its results are missing (or
    its kind is not installed). ``source`` (the widget file) names it if the kind fails."""
    kind = get_kind(widget_type)
    if kind is None or result is None:
        return Markup(localized(context.language).get_template("widget-missing.html.j2").render(
            context=context, widget_type=widget_type, known=kind is not None))
    with processing(source or widget_type, plugin_owner(widget_type)):
        return Markup(kind.fallback(result, context))
