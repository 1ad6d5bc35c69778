"""The widget kinds the authoring commands know about: the one function that reads the
widget registry (:mod:`lmspack.widgets.registry`), so ``lmspack schema`` and the guide
follow the installed plug-ins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from lmspack.widgets import WidgetKind


@dataclass(frozen=True)
class InstalledKind:
    """One installed widget kind: its ``type`` name, the distribution registering it and
    the kind itself (its model and published schema)."""

    name: str
    distribution: str
    kind: WidgetKind[Any]

    @property
    def model(self) -> type[BaseModel]:
        return self.kind.model

    @property
    def summary(self) -> str:
        """The first line of the model's docstring."""
        return (self.model.__doc__ or self.name).strip().splitlines()[0]

    @property
    def schema_file(self) -> str:
        """The name ``lmspack schema`` gives the kind's schema (``widget-<type>.schema.json``,
        ``_`` written as ``-``)."""
        return f"widget-{self.name.replace('_', '-')}.schema.json"


def widget_kinds(builtin_only: bool = False) -> list[InstalledKind]:
    """Every installed widget kind (lmspack's own only, with ``builtin_only``), by name.
    Imports each kind's package (its ``__init__``, which stays light); a kind that does not
    load is a :class:`~lmspack.errors.ConfigError`."""
    from lmspack.widgets.registry import entries, require_kind

    return [InstalledKind(entry.name, entry.distribution, require_kind(entry.name))
            for entry in entries() if entry.builtin or not builtin_only]

