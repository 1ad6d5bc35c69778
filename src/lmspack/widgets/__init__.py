"""Widget kinds as plug-ins: the :class:`WidgetKind` interface and its registry.

A kind is one folder (its model, checks, compute step, fallback template and schema) with a
:class:`WidgetKind` subclass, registered under the entry-point group ``lmspack.widgets``.
lmspack's own kinds live in :mod:`lmspack.kinds` and are registered in its
``pyproject.toml`` exactly like a third party's (``docs/widgets.md``). Stages ask
:mod:`lmspack.widgets.registry` for a kind by name; nothing below the kinds imports them.
"""

from __future__ import annotations

from lmspack.errors import ComputeError
from lmspack.widgets.kind import (
    CheckContext,
    DataFiles,
    ResultDoc,
    ResultModel,
    ResultPart,
    WidgetContext,
    WidgetKind,
    result_schema,
    widget_schema,
)

__all__ = ["CheckContext", "ComputeError", "DataFiles", "ResultDoc", "ResultModel",
           "ResultPart", "WidgetContext", "WidgetKind", "report_duplicates", "result_schema",
           "widget_schema"]


def report_duplicates(context: CheckContext, pointer: str, names: list[str], what: str) -> None:
    """Report (D008) every name in ``names`` (the list at ``pointer``) seen before."""
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            context.report("D008", f"{pointer}/{index}", f"{what} '{name}' appears twice")
        seen.add(name)
