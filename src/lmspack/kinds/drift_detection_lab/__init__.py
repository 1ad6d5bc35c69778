"""Drift Detection Lab: a reference sample against current samples, scenario by scenario,
with every drift method of the panel (``model.py`` the file format, ``checks.py`` what the
schema cannot say, ``compute.py`` the statistics, ``fallback.py`` + ``fallback.html.j2``
the page without JavaScript, ``result.py`` the result document, ``widget.schema.json`` /
``result.schema.json`` published)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lmspack.kinds import NumericKind, ResultModelIn
from lmspack.kinds.drift_detection_lab.checks import check_drift_lab
from lmspack.kinds.drift_detection_lab.model import DriftLab
from lmspack.widgets import CheckContext, DataFiles, ResultDoc, WidgetContext

if TYPE_CHECKING:
    from lmspack.kinds.drift_detection_lab.result import DriftLabResult


class DriftDetectionLab(NumericKind[DriftLab]):
    name = "drift_detection_lab"
    model = DriftLab
    result_model = ResultModelIn("lmspack.kinds.drift_detection_lab.result", "DriftLabResult")

    def check(self, widget: DriftLab, context: CheckContext) -> None:
        check_drift_lab(widget, context)

    def versions(self) -> str:
        # "notes 2": records carry their notes as parts (issue 19); a result cached before
        # then is recomputed, so a translated page gets the parts.
        return f"{super().versions()} notes 2"

    def inputs(self, widget: DriftLab, files: DataFiles) -> list[Path]:
        refs = [widget.reference.csv, widget.current.csv,
                *(s.current.csv for s in widget.scenarios if s.current)]
        return [files.path(ref) for ref in refs]

    def compute(self, widget: DriftLab, files: DataFiles) -> ResultDoc:
        from lmspack.kinds.drift_detection_lab.compute import drift_lab

        return drift_lab(widget, files)

    def fallback(self, result: Mapping[str, Any], context: WidgetContext) -> str:
        from lmspack.kinds.drift_detection_lab.fallback import render_drift_lab

        return render_drift_lab(cast("DriftLabResult", self.read_result(result)), context)

