"""CSV files: the one record reader, and the checks on the files widgets read (columns
present, rows complete, values of the right kind).

Pure standard library (the `csv` module), so `lmspack validate` stays light. :func:`records`
is the one place a CSV text is split into records with their line numbers: the checks, and
widgets that want rows as mappings (:func:`dict_rows`), read through it; the numeric
columns of big files are read with numpy by :mod:`lmspack.stats.table`, whose slow path for
quoted fields uses it too. Every problem names the CSV line and the column of the cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.source.numbers import SPACES, number_problem, read_number, usable_number

MISSING_VALUES: tuple[str, ...] = (
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
)
"""What counts as a missing value in a CSV file: one list for the validator (which checks
the files without numpy) and the build (which reads them with polars or numpy), so both
agree. It is pandas' default ``na_values`` (``pandas._libs.parsers.STR_NA_VALUES``, the same
in pandas 1.x and 2.x): Evidently reads CSV through pandas, so a drift result equals
Evidently's on the same file only if the same cells are missing
(``tests/unit/test_missing_values.py`` checks the list against pandas itself)."""
MISSING = frozenset(MISSING_VALUES)
"""Cell values that mean "missing" in every lmspack CSV file."""
MAX_CSV_BYTES = 1 << 30
"""Largest CSV file a widget may read (1 GiB): validate holds a file's text in memory."""
MAX_CSV_ROWS = 10_000_000
"""Most data rows in one CSV file a widget reads."""
MAX_CELL_CHARS = 10_000
"""Longest cell, in characters, of a column a widget reads (other columns are not read)."""
MAX_PER_FILE = 20  # beyond this, one summary diagnostic: a broken export is not 10,000 lines

Cell = Callable[[str], str | None]  # returns a problem description, or None when fine


def is_number(value: str) -> bool:
    """Whether ``value`` is a usable number (:mod:`lmspack.source.numbers`: ASCII digits,
    finite, within the documented limit), as every computation reads it."""
    return usable_number(value) is not None


def numeric(value: str) -> str | None:
    return number_problem(value)


def binary(value: str) -> str | None:
    return None if value.strip(SPACES) in ("0", "1", "0.0", "1.0") else "must be 0 or 1"


def probability(value: str) -> str | None:
    number = usable_number(value)
    if number is None:
        return number_problem(value)
    return None if 0.0 <= number <= 1.0 else "must be between 0 and 1"


def non_negative(value: str) -> str | None:
    number = usable_number(value)
    if number is None:
        return number_problem(value)
    return None if number >= 0 else "must not be negative"


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


def timestamp(value: str) -> str | None:
    text = value.strip(SPACES)
    if _ISO.match(text):  # the common case first: no exception
        try:  # the shape is right; the date must exist too, as the dashboard reads it
            datetime.fromisoformat(text).timestamp()
        except (ValueError, OverflowError):
            return "is not a date and time that exists"
        return None
    if read_number(value) is not None:  # epoch seconds
        return number_problem(value)
    return "is not an ISO 8601 timestamp with a UTC offset (or epoch seconds)"


def anything(value: str) -> str | None:
    return None


@dataclass(frozen=True)
class ColumnRule:
    """What a column must hold. ``required``: missing cells are errors too."""

    check: Cell = anything
    required: bool = False


@dataclass
class CsvSummary:
    """What later checks need to know about a checked CSV file."""

    header: list[str] = field(default_factory=list)
    rows: int = 0
    values: dict[str, set[str]] = field(default_factory=dict)  # distinct values as written
    present: dict[str, int] = field(default_factory=dict)  # their non-missing cells, counted


def _field_column(line: str, index: int) -> int:
    """1-based character column where field ``index`` starts on a raw CSV line."""
    column, quoted = 0, False
    for position, char in enumerate(line):
        if column == index:
            return position + 1
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            column += 1
    return len(line) + 1 if column == index else 1


def records(text: str, *, raw: bool = True) -> Iterator[tuple[int, list[str], str]]:
    """(line number, fields, raw line) per record; the line of a multi-line record is its
    first line. A leading byte-order mark is dropped. ``raw=False`` gives ``""`` for the raw
    line (no copy of the text's lines is kept)."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n") if raw else []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for row in reader:
        yield start, row, lines[start - 1] if start - 1 < len(lines) else ""
        start = reader.line_num + 1


def header_line(text: str) -> str:
    """The first line of a CSV text (its header, unless quoted names span lines)."""
    return text.removeprefix("\ufeff").split("\n", 1)[0].rstrip("\r")


def check_csv(path: str, text: str, columns: dict[str, ColumnRule], *,
              collect: tuple[str, ...] = ()) -> tuple[CsvSummary, list[Diagnostic]]:
    """Check one CSV file against the columns a widget needs.

    ``collect`` names columns whose distinct values are returned (for category checks).
    """
    summary = CsvSummary()
    out: list[Diagnostic] = []
    if text.count("\n", 0, len(text) - 1) > MAX_CSV_ROWS:  # header + rows, last line end aside
        return summary, [emit("D012", path, Position(MAX_CSV_ROWS + 2, 1),
                              f"CSV file has more than {MAX_CSV_ROWS:,} data rows, the most "
                              "a widget reads", hint="sample the rows you need")]
    rows = records(text)
    try:
        _, header, _ = next(rows)
    except StopIteration:
        return summary, [emit("D002", path, Position(1, 1), "CSV file is empty: no header row")]
    except csv.Error as exc:
        return summary, [emit("D003", path, Position(1, 1), f"unreadable CSV header: {exc}")]
    summary.header = [name.strip() for name in header]
    for name in columns:
        repeats = [j for j, found in enumerate(summary.header) if found == name][1:]
        out += [emit("D010", path, Position(1, _field_column(header_line(text), j)),
                     f"column '{name}' appears more than once in the header",
                     hint="rename or remove the other column: which one is meant is unclear")
                for j in repeats]
    missing = [name for name in columns if name not in summary.header]
    for name in missing:
        out.append(emit("D002", path, Position(1, 1), f"column '{name}' is missing",
                        hint=f"the header has: {', '.join(summary.header)}"))
    index = {name: summary.header.index(name) for name in columns if name not in missing}
    if _all_fine(text.removeprefix("\ufeff"), summary, index, columns, collect):
        return summary, out + _no_rows(path, summary)
    summary.values = {name: set() for name in collect if name in index}
    problems = 0
    try:
        for line, row, raw in rows:
            if not row:
                continue  # a blank line
            summary.rows += 1
            for diagnostic in _check_row(path, line, row, raw, summary, index, columns):
                problems += 1
                if problems <= MAX_PER_FILE:
                    out.append(diagnostic)
    except csv.Error as exc:
        out.append(emit("D003", path, Position(summary.rows + 2, 1), f"unreadable CSV: {exc}"))
    if problems > MAX_PER_FILE:
        out.append(emit("D003", path, Position(1, 1),
                        f"{problems - MAX_PER_FILE} more problems in this file are not shown"))
    return summary, out + _no_rows(path, summary)


def size_problem(path: str, size: int) -> Diagnostic | None:
    """D012 for a CSV file larger than :data:`MAX_CSV_BYTES` (``size`` in bytes)."""
    if size <= MAX_CSV_BYTES:
        return None
    return emit("D012", path, Position(1, 1), f"CSV file is {size:,} bytes, over the "
                f"{MAX_CSV_BYTES:,} bytes (1 GiB) a widget reads", hint="sample the rows you need")


def _no_rows(path: str, summary: CsvSummary) -> list[Diagnostic]:
    """D011 for a table with a header and no data rows: no statistic has a sample."""
    if summary.rows:
        return []
    return [emit("D011", path, Position(1, 1), "CSV file has a header but no data rows",
                 hint="add the rows, or point the widget at the file that has them")]


def _all_fine(text: str, summary: CsvSummary, index: dict[str, int],
              columns: dict[str, ColumnRule], collect: tuple[str, ...]) -> bool:
    """The fast path: column by column, each distinct value checked once. True (and
    ``summary`` filled) when there is nothing to report; otherwise the row-by-row pass
    runs, which knows every problem's line and column."""
    try:
        records = [row for row in csv.reader(io.StringIO(text)) if row][1:]
    except csv.Error:
        return False
    if any(len(row) != len(summary.header) for row in records):
        return False
    values: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for name, position in index.items():
        cells = {row[position].strip(SPACES) for row in records}
        present = cells - MISSING
        if columns[name].required and len(present) != len(cells):
            return False
        if max(map(len, cells), default=0) > MAX_CELL_CHARS:
            return False
        check = columns[name].check
        if check is not anything and any(map(check, present)):
            return False
        if name in collect:  # as written: a category " male" is not "male" to the engine
            values[name] = {row[position] for row in records
                            if row[position].strip(SPACES) not in MISSING}
            counts[name] = sum(row[position].strip(SPACES) not in MISSING for row in records)
    summary.rows = len(records)
    summary.values = values
    summary.present = counts
    return True


def _check_row(path: str, line: int, row: list[str], raw: str, summary: CsvSummary,
               index: dict[str, int], columns: dict[str, ColumnRule]) -> Iterator[Diagnostic]:
    if len(row) != len(summary.header):
        yield emit("D003", path, Position(line, 1),
                   f"row has {len(row)} fields but the header has {len(summary.header)}")
        return
    for name, position in index.items():
        value = row[position].strip(SPACES)
        if len(value) > MAX_CELL_CHARS:
            yield emit("D012", path, Position(line, _field_column(raw, position)),
                       f"a cell of column '{name}' is {len(value):,} characters long, over "
                       f"the {MAX_CELL_CHARS:,} a widget reads")
            continue
        if name in summary.values and value not in MISSING:
            summary.values[name].add(row[position])  # as written, as in _all_fine
            summary.present[name] = summary.present.get(name, 0) + 1
        if value in MISSING:
            if columns[name].required:
                yield emit("D004", path, Position(line, _field_column(raw, position)),
                           f"column '{name}' is empty on this row but every row needs a value")
            continue
        problem = columns[name].check(value)
        if problem:
            yield emit("D004", path, Position(line, _field_column(raw, position)),
                       f"'{value}' in column '{name}' {problem}")


def dict_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header (names stripped, as the checks read them) and every non-blank record as
    a mapping from column name to cell; a short record maps missing cells to ``""``."""
    rows = records(text)
    first = next(rows, None)
    if first is None:
        return [], []
    header = [name.strip() for name in first[1]]
    out = []
    for _, fields, _ in rows:
        if fields:
            out.append(dict(zip(header, [*fields, *[""] * (len(header) - len(fields))],
                                strict=False)))
    return header, out
