"""The widget kinds the authoring commands know about: the one function that reads the
widget registry, so the commands follow it when widget kinds become plug-ins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel


@dataclass(frozen=True)
class WidgetKind:
    """One widget kind: its ``type`` name, data model and published schema's stem."""

    name: str
    model: type[BaseModel]
    schema: str

    @property
    def summary(self) -> str:
        """The first line of the model's docstring."""
        return (self.model.__doc__ or self.name).strip().splitlines()[0]


def widget_kinds() -> list[WidgetKind]:
    """Every widget kind, in registry order."""
    from lmspack.schemas import SCHEMAS
    from lmspack.widgets.models import WIDGET_MODELS

    stems = {model: stem for stem, (model, _) in SCHEMAS.items()}
    return [WidgetKind(name, model, stems[model]) for name, model in WIDGET_MODELS.items()]
