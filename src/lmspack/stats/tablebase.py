"""What every table reader returns: columns as numpy arrays, row lines, located problems.

Shared by the fast reader (:mod:`lmspack.stats.table`, polars) and the positional one
(:mod:`lmspack.stats.csvscan`), so that both give the same :class:`Table` and word their
problems the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

MAX_LISTED_PROBLEMS = 20
"""Problems of one kind listed one by one (per file or per column); the rest are counted."""


class TableProblem(NamedTuple):
    """One content problem: the 1-based CSV line, the column (if any), and a message."""

    line: int
    column: str | None
    message: str


@dataclass(frozen=True)
class Coded:
    """A text column as dictionary codes: ``values[codes[i]]`` is row ``i``'s text.

    ``codes`` is -1 where the cell is missing; ``values`` are the distinct texts in
    code-point order. Counting categories is then one ``bincount`` instead of hashing a
    million strings, which is what the drift engine does with it.
    """

    codes: npt.NDArray[np.int32]
    values: tuple[str, ...]

    def objects(self) -> np.ndarray:
        """The column as an ``object`` array of ``str``, ``None`` where missing."""
        return np.array([*self.values, None], dtype=object)[self.codes]

    def text(self, row: int) -> str | None:
        code = int(self.codes[row])
        return None if code < 0 else self.values[code]

    def counts(self) -> tuple[dict[str, int], int]:
        """Rows per distinct text (texts that occur), and the number of missing rows."""
        tally = np.bincount(self.codes + 1, minlength=len(self.values) + 1)
        present = {v: int(n) for v, n in zip(self.values, tally[1:].tolist(), strict=True) if n}
        return present, int(tally[0])


class Columns(Mapping[str, np.ndarray]):
    """Column arrays by name. A text column held as :class:`Coded` becomes its ``object``
    array on first access only: the drift engine never asks, and a million-row text
    column as Python references is 8 MB that need not exist."""

    def __init__(self, items: Mapping[str, np.ndarray | Coded]) -> None:
        self._items = dict(items)

    def __getitem__(self, name: str) -> np.ndarray:
        value = self._items[name]
        if isinstance(value, Coded):
            value = self._items[name] = value.objects()
        return value

    def __contains__(self, name: object) -> bool:
        # Mapping's own test fetches the item, which would build the object array.
        return name in self._items

    def release(self, name: str) -> None:
        """Drop column ``name`` (its array is freed once nobody else holds it)."""
        self._items.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Columns({list(self._items)!r})"


@dataclass(frozen=True)
class Table:
    """Columns of one file as numpy arrays, plus where each row came from.

    Each column is ``float64`` when every non-missing value is a number (missing values
    are NaN), otherwise an ``object`` array of ``str`` with ``None`` for missing values.
    ``columns`` holds only the columns that were requested and found, in header order.
    ``lines[i]`` is the CSV line number of row ``i`` (the header is line 1 unless blank
    lines precede it; for Parquet, the 1-based row number). Rows with the wrong number of
    fields are not kept; each one is reported in ``problems``. ``coded`` holds the same
    text columns dictionary-encoded when the reader had that form at hand.
    """

    path: str
    header: tuple[str, ...]
    columns: Mapping[str, np.ndarray]
    lines: npt.NDArray[np.int64]
    problems: tuple[TableProblem, ...]
    coded: Mapping[str, Coded] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    @property
    def n_rows(self) -> int:
        """Number of kept data rows."""
        return int(self.lines.shape[0])

    def release(self, name: str) -> None:
        """Drop column ``name`` from the table, e.g. once a consumer is done with it:
        ``name in table`` is then false."""
        if isinstance(self.columns, Columns):
            self.columns.release(name)
        elif isinstance(self.columns, dict):
            self.columns.pop(name, None)
        if isinstance(self.coded, dict):
            self.coded.pop(name, None)

    def is_numeric(self, name: str) -> bool:
        """True when column ``name`` was read as float64."""
        return name not in self.coded and self.columns[name].dtype == np.float64


def select_columns(
    header: tuple[str, ...], wanted: Sequence[str] | None, header_line: int
) -> tuple[list[tuple[str, int]], list[TableProblem]]:
    """(name, field index) of the columns to read, in header order, and header problems."""
    problems: list[TableProblem] = []
    first: dict[str, int] = {}
    for j, name in enumerate(header):
        if name in first:
            message = f"duplicate column name (field {j + 1}); only field {first[name] + 1} is read"
            problems.append(TableProblem(header_line, name, message))
        else:
            first[name] = j
    if wanted is None:
        return sorted(first.items(), key=lambda item: item[1]), problems
    for name in wanted:
        if name not in first:
            available = ", ".join(header)
            message = f"column {name!r} not found in the header (columns: {available})"
            problems.append(TableProblem(header_line, name, message))
    chosen = [(name, first[name]) for name in dict.fromkeys(wanted) if name in first]
    return sorted(chosen, key=lambda item: item[1]), problems


def stray_text_problems(
    text_of: Callable[[int], object],
    rows: npt.NDArray[np.int64],
    numeric: npt.NDArray[np.bool_],
    lines: npt.NDArray[np.int64],
    name: str,
) -> list[TableProblem]:
    """Report the non-numbers of a column that is mostly numbers.

    ``text_of(row)`` is a row's cell text; ``rows`` are the non-missing rows and ``numeric``
    says which of them hold a number.
    Such a column is kept as text (types follow the data), but a single typo turning a
    numeric feature into a categorical one deserves a pointer to the line. Columns that
    are mostly text are not reported.
    """
    n_numeric = int(np.count_nonzero(numeric))
    if n_numeric * 2 < rows.size:
        return []
    bad_rows = rows[~numeric]
    summary = f"{n_numeric} of {rows.size} values are numbers, so the column is read as text"
    problems = [
        TableProblem(int(lines[r]), name, f"value {text_of(r)!r} is not a number ({summary})")
        for r in bad_rows[:MAX_LISTED_PROBLEMS].tolist()
    ]
    if bad_rows.size > MAX_LISTED_PROBLEMS:
        more = int(bad_rows.size) - MAX_LISTED_PROBLEMS
        first_line = int(lines[bad_rows[MAX_LISTED_PROBLEMS]])
        problems.append(TableProblem(first_line, name, f"{more} more values are not numbers"))
    return problems
