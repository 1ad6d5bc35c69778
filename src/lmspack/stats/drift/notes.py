"""Notes as structured parts: an English message template with named placeholders and
its parameters, so a page in another language can translate the words and format the
numbers while labels stay data.

A template uses ``%(name)s`` for numbers and sub-notes and ``%(name)r`` for labels (shown
quoted, as ``repr`` quotes them). A parameter is a label (``str``), a number (``int`` or
``float``), a list of labels (joined by ", ", each quoted) or a list of sub-notes (each
rendered, joined by ", "). A note with ``plural`` picks its form by the ``int``
parameter named by ``count``. :func:`english` renders notes the way the engine always
wrote them (its ``note`` string).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class NotePart:
    """One note: ``message`` (English, with placeholders) and its ``params``."""

    message: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    count: str | None = None

    def to_dict(self) -> dict[str, object]:
        params: dict[str, object] = {}
        for name, value in self.params.items():
            if isinstance(value, tuple):
                params[name] = [v.to_dict() if isinstance(v, NotePart) else v for v in value]
            else:
                params[name] = value
        return {"message": self.message, "params": params, "plural": self.plural,
                "count": self.count}


Param = str | int | float | tuple[str, ...] | tuple[NotePart, ...]


def note(message: str, **params: Param) -> NotePart:
    """A note whose wording does not depend on a count."""
    return NotePart(message, params)


def plural_note(singular: str, plural: str, count: str, **params: Param) -> NotePart:
    """A note whose wording follows the ``int`` parameter ``count``."""
    return NotePart(singular, params, plural, count)


class Part(Protocol):
    """A note part as :class:`NotePart` or the result document's model has it."""

    @property
    def message(self) -> str: ...
    @property
    def params(self) -> Mapping[str, Any]: ...
    @property
    def plural(self) -> str | None: ...
    @property
    def count(self) -> str | None: ...


class Renderer:
    """Renders note parts with a catalog's ``gettext``/``ngettext`` and number formats."""

    def __init__(self, gettext: Callable[[str], str],
                 ngettext: Callable[[str, str, int], str],
                 integer: Callable[[int], str], decimal: Callable[[float], str]) -> None:
        self.gettext, self.ngettext = gettext, ngettext
        self.integer, self.decimal = integer, decimal

    def part(self, part: Part) -> str:
        if part.plural is not None and part.count is not None:
            count = part.params[part.count]
            assert isinstance(count, int)
            template = self.ngettext(part.message, part.plural, count)
        else:
            template = self.gettext(part.message)
        return template % {name: self.value(value) for name, value in part.params.items()}

    def value(self, value: object) -> object:
        """Labels as they are (a template quotes them with ``%r``), lists joined by ", ",
        numbers in the renderer's format."""
        if isinstance(value, tuple | list):
            return ", ".join(repr(v) if isinstance(v, str) else self.part(v) for v in value)
        if isinstance(value, str):
            return value
        if isinstance(value, int):
            return self.integer(value)
        assert isinstance(value, float)
        return self.decimal(value)

    def join(self, parts: Iterable[Part]) -> str:
        return "; ".join(self.part(p) for p in parts)


ENGLISH = Renderer(lambda m: m, lambda s, p, n: s if n == 1 else p, str,
                   lambda x: format(x, ".3g"))


def english(parts: Iterable[NotePart]) -> str | None:
    """The notes as one English string, parts joined by "; " (``None`` when empty)."""
    return ENGLISH.join(parts) or None
