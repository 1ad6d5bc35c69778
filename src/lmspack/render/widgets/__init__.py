"""Static fallbacks for the interactive widgets: ``FALLBACKS = {widget_type: renderer}``.

Each renderer turns a widget's precomputed result document (made by ``lmspack
precompute``) into HTML that needs no script: tables, inline SVG charts with a data table
as text alternative, and the states the interactive widget let a learner explore (drift
scenarios, alert thresholds) as ``<details>`` sections to open and compare.

Result documents are read defensively: a field the renderer does not know is ignored, a
missing one is shown as "n/a", so an older or newer result still renders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

from lmspack.render.widgets.alerts import render_alert_configurator
from lmspack.render.widgets.base import WidgetContext
from lmspack.render.widgets.dashboard import render_dashboard
from lmspack.render.widgets.drift import render_drift_lab

Renderer = Callable[[Mapping[str, Any], WidgetContext], Markup]

FALLBACKS: dict[str, Renderer] = {
    "drift_detection_lab": render_drift_lab,
    "model_monitoring_dashboard": render_dashboard,
    "alert_configurator": render_alert_configurator,
}
"""Widget type -> fallback renderer (the keys are ``lmspack.model.WIDGET_TYPES``)."""

__all__ = ["FALLBACKS", "Renderer", "WidgetContext", "render_fallback"]


def render_fallback(widget_type: str, result: Mapping[str, Any] | None,
                    context: WidgetContext) -> Markup:
    """The fallback for one widget, or a visible notice when its results are missing."""
    renderer = FALLBACKS.get(widget_type)
    if renderer is None or result is None:
        from lmspack.render.jinja import environment

        return Markup(environment().get_template("widgets/missing.html.j2").render(
            context=context, widget_type=widget_type, known=renderer is not None))
    return renderer(result, context)
