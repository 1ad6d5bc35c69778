"""What every fallback renderer gets besides its result document, and shared readers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from lmspack.render.jinja import environment


@dataclass(frozen=True)
class WidgetContext:
    """Where a widget sits on its page.

    ``anchor`` is unique on the page and prefixes every ``id`` the widget uses (so two
    widgets never clash); ``level`` is the heading level of the widget's title.
    """

    anchor: str
    level: int = 2
    title: str | None = None
    """Fallback title when the result document has none."""

    @property
    def sub(self) -> int:
        """The heading level below the title (capped at 6)."""
        return min(self.level + 1, 6)

    def id(self, *parts: object) -> str:
        """A page-unique, valid ``id`` built from the anchor and ``parts``."""
        raw = "-".join([self.anchor, *(str(p) for p in parts)])
        return re.sub(r"[^A-Za-z0-9_-]+", "-", raw).strip("-")


def mapping(value: object) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def items(value: object) -> list[Any]:
    """``value`` if it is a JSON array, else an empty one."""
    return list(value) if isinstance(value, list | tuple) else []


def render(template: str, **view: object) -> Markup:
    """Render a widget template into markup for the lesson page."""
    return Markup(environment().get_template(template).render(**view))
