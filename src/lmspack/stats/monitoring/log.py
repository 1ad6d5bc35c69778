"""The prediction log of a binary classifier, as validated numpy columns.

Content problems (a score of 1.7, a naive timestamp) never raise: the row is left out
and one ``LogProblem`` per bad cell says where and why, so the validator can report every
problem in one run. Exceptions are kept for programming errors, such as building a
``PredictionLog`` directly from columns of different lengths.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lmspack.stats.monitoring.timeparse import parse_timestamp, real_number

UNLABELLED = -1
"""Value of ``PredictionLog.label`` for rows whose ground truth is not known yet."""

CORE_COLUMNS = ("timestamp", "prediction", "score", "label", "latency_ms")
"""Column names of a prediction log; every other column named in ``group_columns`` is a group."""


@dataclass(frozen=True)
class LogProblem:
    """One bad cell (or, with ``row=None``, a whole column) of a prediction log."""

    row: int | None
    column: str
    message: str

    def to_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True, eq=False)
class PredictionLog:
    """Columns of a prediction log, sorted by time, read-only.

    ``timestamp`` is float epoch seconds UTC (ascending), ``prediction`` and ``label`` are
    int8 (``label`` is ``UNLABELLED`` where ground truth is missing), ``score`` is the
    probability of class 1, ``latency_ms`` is non-negative, and ``groups`` maps each group
    attribute (``"sex"``) to an array of ``str`` (object dtype: its memory does not grow
    with the longest value). Build one with ``from_records`` or
    ``from_columns``, which validate; the constructor only checks shapes.
    """

    timestamp: NDArray[np.float64]
    prediction: NDArray[np.int8]
    score: NDArray[np.float64]
    label: NDArray[np.int8]
    latency_ms: NDArray[np.float64]
    groups: Mapping[str, NDArray[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Private read-only copies: the log is shared by every window and must not change
        # under them, nor freeze arrays the caller still wants to write.
        for name in ("timestamp", "prediction", "score", "label", "latency_ms"):
            object.__setattr__(self, name, _read_only(getattr(self, name)))
        object.__setattr__(self, "groups", {k: _read_only(v) for k, v in self.groups.items()})
        n = len(self.timestamp)
        columns: dict[str, NDArray[Any]] = {
            "prediction": self.prediction, "score": self.score, "label": self.label,
            "latency_ms": self.latency_ms, **self.groups,
        }
        for name, column in columns.items():
            if len(column) != n:
                raise ValueError(f"column {name!r} has {len(column)} rows, timestamp has {n}")
        if n > 1 and bool(np.any(np.diff(self.timestamp) < 0)):
            raise ValueError("timestamps must be in ascending order")

    def __len__(self) -> int:
        return len(self.timestamp)

    @property
    def attributes(self) -> tuple[str, ...]:
        """Group attribute names, in the order they were given."""
        return tuple(self.groups)

    @property
    def labelled(self) -> NDArray[np.bool_]:
        """Mask of rows whose ground-truth label is known."""
        return np.asarray(self.label != UNLABELLED, dtype=np.bool_)

    def take(self, rows: NDArray[np.intp]) -> PredictionLog:
        """The sub-log of ``rows`` (ascending row indices)."""
        return PredictionLog(
            timestamp=self.timestamp[rows], prediction=self.prediction[rows],
            score=self.score[rows], label=self.label[rows],
            latency_ms=self.latency_ms[rows],
            groups={name: values[rows] for name, values in self.groups.items()},
        )

    @classmethod
    def from_records(
        cls, rows: Sequence[Mapping[str, object]], group_columns: Sequence[str] = ()
    ) -> tuple[PredictionLog, list[LogProblem]]:
        """Validate row dicts; keys other than the core and group columns are ignored.

        A missing ``label`` key, or ``None``, means "not labelled yet"; any other missing
        key is a problem. Returns the log of the valid rows and the problems found.
        """
        names = _column_names(group_columns)
        problems = [LogProblem(i, "*", f"a row must be an object, got {type(row).__name__}")
                    for i, row in enumerate(rows) if not isinstance(row, Mapping)]
        kept = [(i, row) for i, row in enumerate(rows) if isinstance(row, Mapping)]
        columns = {name: [row.get(name, _MISSING) for _, row in kept] for name in names}
        columns["label"] = [None if v is _MISSING else v for v in columns["label"]]
        log, cell_problems = _build(columns, list(group_columns), [i for i, _ in kept])
        return log, sorted(problems + cell_problems, key=lambda p: p.row or 0)

    @classmethod
    def from_columns(
        cls, columns: Mapping[str, Sequence[object]], group_columns: Sequence[str] = ()
    ) -> tuple[PredictionLog, list[LogProblem]]:
        """Validate a column-oriented log (``{"timestamp": [...], "score": [...], ...}``).

        ``label`` may be absent (nothing labelled yet). A column of the wrong length, or a
        missing column, is a whole-column problem (``row=None``) and yields an empty log.
        """
        names = _column_names(group_columns)
        n = len(columns.get("timestamp", ()))
        messages = [(name, _column_shape_message(columns, name, n)) for name in names]
        problems = [LogProblem(None, name, message) for name, message in messages if message]
        if problems:
            empty: dict[str, list[object]] = {name: [] for name in names}
            return _build(empty, list(group_columns), [])[0], problems
        filled = {name: list(columns.get(name, [None] * n)) for name in names}
        return _build(filled, list(group_columns), list(range(n)))


def _column_names(group_columns: Sequence[str]) -> list[str]:
    clash = [name for name in group_columns if name in CORE_COLUMNS]
    if clash or len(set(group_columns)) != len(group_columns):
        raise ValueError(f"group columns must be distinct and not core columns: {group_columns}")
    return [*CORE_COLUMNS, *group_columns]


def _objects(values: list[object]) -> NDArray[Any]:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _read_only(values: NDArray[Any]) -> NDArray[Any]:
    copy = np.array(values, copy=True)
    copy.flags.writeable = False
    return copy


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def _column_shape_message(columns: Mapping[str, Sequence[object]], name: str, n: int) -> str:
    if name not in columns:
        return "" if name == "label" else f"column {name!r} is missing"
    if len(columns[name]) != n:
        return f"column {name!r} has {len(columns[name])} values, 'timestamp' has {n}"
    return ""


def _as_binary(value: object) -> int:
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    number = real_number(value)
    if number not in (0.0, 1.0):
        raise ValueError(f"must be 0 or 1, got {value!r}")
    return int(number or 0.0)


def _as_label(value: object) -> int:
    return UNLABELLED if value is None else _as_binary(value)


def _as_score(value: object) -> float:
    number = real_number(value)
    if number is None or not 0.0 <= number <= 1.0:  # NaN fails the comparison too
        raise ValueError(f"must be a probability in [0, 1], got {value!r}")
    return number


def _as_latency(value: object) -> float:
    number = real_number(value)
    if number is None or not math.isfinite(number) or number < 0:
        raise ValueError(f"must be a non-negative number of milliseconds, got {value!r}")
    return number


def _as_group(value: object) -> str:
    # Integers are common for ordinal groups such as pclass; they become their text.
    if isinstance(value, str) and value:
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    raise ValueError(f"must be a non-empty string, got {value!r}")


_CONVERTERS: dict[str, Callable[[object], object]] = {
    "timestamp": parse_timestamp,
    "prediction": _as_binary,
    "score": _as_score,
    "label": _as_label,
    "latency_ms": _as_latency,
}


def _build(
    columns: Mapping[str, list[object]], group_columns: list[str], row_ids: list[int]
) -> tuple[PredictionLog, list[LogProblem]]:
    """Convert every cell, drop rows with any bad cell, sort the rest by time.

    ``row_ids[k]`` is the index, in the author's data, of the ``k``-th value of each column.
    """
    converted: dict[str, list[object]] = {name: [] for name in columns}
    problems: list[LogProblem] = []
    for row, row_id in enumerate(row_ids):
        cells: dict[str, object] = {}
        for name, values in columns.items():
            try:
                if values[row] is _MISSING:
                    raise ValueError("value is missing")
                cells[name] = _CONVERTERS.get(name, _as_group)(values[row])
            except (ValueError, TypeError) as error:
                problems.append(LogProblem(row_id, name, str(error)))
        if len(cells) == len(columns):
            for name, cell in cells.items():
                converted[name].append(cell)
    return _to_log(converted, group_columns), problems


def _to_log(converted: Mapping[str, list[object]], group_columns: list[str]) -> PredictionLog:
    timestamp = np.asarray(converted["timestamp"], dtype=np.float64)
    order = np.argsort(timestamp, kind="stable")  # stable: equal times keep file order
    return PredictionLog(
        timestamp=timestamp[order],
        prediction=np.asarray(converted["prediction"], dtype=np.int8)[order],
        score=np.asarray(converted["score"], dtype=np.float64)[order],
        label=np.asarray(converted["label"], dtype=np.int8)[order],
        latency_ms=np.asarray(converted["latency_ms"], dtype=np.float64)[order],
        # Object arrays of str: a fixed-width str array is as wide as its longest value
        # for every row (one 100,000-character cell made it 3 GiB; issue 22).
        groups={name: _objects(converted[name])[order] for name in group_columns},
    )
