"""The Model Monitoring Dashboard's results: metrics per time window of the prediction log,
against the baseline, with :mod:`lmspack.stats.monitoring`. ``result.schema.json`` in this
folder describes the document.
"""

from __future__ import annotations

from typing import Any

from lmspack.kinds.model_monitoring_dashboard.model import BaselineWindows, Dashboard
from lmspack.source.csvfile import MISSING_VALUES, dict_rows
from lmspack.source.numbers import SPACES, usable_number
from lmspack.stats.monitoring.dashboard import compute_dashboard
from lmspack.stats.monitoring.log import PredictionLog
from lmspack.stats.monitoring.registry import Threshold
from lmspack.stats.monitoring.windows import BaselineSpec, WindowSpec
from lmspack.widgets import ComputeError, DataFiles, ResultDoc


def prediction_log(board: Dashboard, files: DataFiles) -> PredictionLog:
    source = board.log
    names = {"timestamp": source.timestamp, "prediction": source.prediction,
             "score": source.score, "label": source.label, "latency_ms": source.latency_ms}
    _, rows = dict_rows(files.text(source.csv))
    columns: dict[str, list[object]] = {
        "timestamp": [_timestamp(r[names["timestamp"]]) for r in rows],
        "prediction": [int(_number(r[names["prediction"]])) for r in rows],
        "score": [_number(r[names["score"]]) for r in rows],
        "label": [_label(r.get(names["label"], "")) for r in rows],
        "latency_ms": [_number(r[names["latency_ms"]]) for r in rows],
    }
    for group in source.groups:
        columns[group] = [r[group] for r in rows]
    log, problems = PredictionLog.from_columns(columns, source.groups)
    if problems:
        first = problems[0]
        raise ComputeError(f"{source.csv}: row {first.row}, {first.column}: {first.message}",
                           pointer="/log/csv")
    return log


def _label(value: str | None) -> int | None:
    value = (value or "").strip(SPACES)
    return None if value in MISSING_VALUES else int(_number(value))


def _timestamp(text: str) -> object:
    """A timestamp cell: epoch seconds when it is a number (as the validator reads it,
    ``source.csvfile.timestamp``), else the ISO 8601 text for the log to parse."""
    number = usable_number(text)
    return text if number is None else number


def _number(text: str) -> float:
    """A cell the validator passed as a number, read by the same reader."""
    number = usable_number(text)
    if number is None:
        raise ComputeError(f"{text!r} is not a usable number (run lmspack validate)")
    return number


def dashboard_model(board: Dashboard, files: DataFiles) -> Any:
    """The computed :class:`~lmspack.stats.monitoring.Dashboard` (alerts reuse it)."""
    baseline = BaselineSpec.windows(board.baseline.windows) \
        if isinstance(board.baseline, BaselineWindows) \
        else BaselineSpec.period(board.baseline.start, board.baseline.end)
    thresholds = {name: Threshold(t.kind, t.value) for name, t in board.thresholds.items()}
    return compute_dashboard(prediction_log(board, files), WindowSpec.fixed(board.window),
                             baseline, thresholds)


def dashboard(board: Dashboard, files: DataFiles) -> ResultDoc:
    return {
        "type": "model_monitoring_dashboard", "title": board.title,
        "description": board.description, "simulated": board.simulated,
        "attribution": board.attribution,
        "incidents": [incident.model_dump() for incident in board.incidents],
        "dashboard": dashboard_model(board, files).to_dict(),
    }
