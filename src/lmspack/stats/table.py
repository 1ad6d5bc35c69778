"""Read CSV (and Parquet) columns into numpy arrays, fast, with line-numbered problems.

``read_csv`` is built for the drift widget's and ``lmspack drift``'s inputs: up to
millions of rows. Each column comes back as one numpy array:

* ``float64`` when every non-missing value is a number (pandas' rules: surrounding spaces
  allowed, ``inf``/``Infinity`` are numbers), with missing values as NaN;
* otherwise an ``object`` array of ``str`` with missing values as ``None``.

Missing values are the cells whose text, less the spaces around it, is one of
:data:`DEFAULT_NA_VALUES`, which is pandas' default ``na_values`` list. The spaces are
stripped as the validator strips them (a tab-only cell is missing for both), so what
``lmspack validate`` accepts is what compute reads; header names are stripped too.

Two readers, one result. polars parses the file (multi-threaded, in Rust) whenever a
byte scan proves that every line is exactly one complete row, so that row ``i`` is line
``i + 2``; the scan costs a few hundredths of the parse. Files polars cannot be trusted
with or refuses -- ragged rows, blank lines, quoted fields, duplicate header names, an
empty header -- go to the positional reader (:mod:`lmspack.stats.csvscan`), which
locates every field and reports each problem with its CSV line and column. Either way,
content problems never raise; they become :class:`TableProblem` entries.

polars is imported on first use only: ``lmspack validate`` never loads it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from lmspack.source.csvfile import MISSING_VALUES
from lmspack.source.numbers import NUMBER_PATTERN, SPACES
from lmspack.stats.tablebase import (
    MAX_LISTED_PROBLEMS,
    Coded,
    Columns,
    Table,
    TableProblem,
    select_columns,
    stray_text_problems,
)

if TYPE_CHECKING:
    import polars as pl

    from lmspack.stats.csvbatch import Batched

__all__ = [
    "DEFAULT_NA_VALUES",
    "MAX_LISTED_PROBLEMS",
    "PARQUET_SUFFIXES",
    "Coded",
    "Table",
    "TableProblem",
    "read_csv",
    "read_csvs",
    "read_parquet",
    "read_table",
]

DEFAULT_NA_VALUES: tuple[str, ...] = MISSING_VALUES
"""Cell texts read as missing (compared without the spaces around them, as the validator
compares them)."""

PARQUET_SUFFIXES = (".parquet", ".pq")
"""File name endings read as Parquet by :func:`read_table`."""

_SPACES = SPACES  # pandas parses " 1.5 " as a number; polars' cast wants them stripped


def read_csv(
    path: str | Path,
    columns: Sequence[str] | None = None,
    na_values: Iterable[str] = DEFAULT_NA_VALUES,
) -> Table:
    """Read ``columns`` (default: all) of the CSV file at ``path``.

    The first non-blank line is the header; blank lines are skipped. Raises
    ``OSError`` only when the file cannot be read at all.
    """
    na = tuple(na_values)
    table = _read_with_polars(Path(path), columns, na)
    if table is None:
        from lmspack.stats.csvscan import read_csv_positional

        table = read_csv_positional(path, columns, na)
    return table


def read_table(
    path: str | Path,
    columns: Sequence[str] | None = None,
    na_values: Iterable[str] = DEFAULT_NA_VALUES,
) -> Table:
    """``read_parquet`` for ``*.parquet`` / ``*.pq`` files, ``read_csv`` for the rest."""
    if Path(path).suffix.lower() in PARQUET_SUFFIXES:
        return read_parquet(path, columns)
    return read_csv(path, columns, na_values)


def read_csvs(
    paths: Sequence[str | Path],
    columns: Sequence[str] | None = None,
    na_values: Iterable[str] = DEFAULT_NA_VALUES,
    workers: int | None = None,
) -> list[Table]:
    """:func:`read_table` for several files, e.g. the reference and current samples.

    By default the files are read one after the other: polars already uses every core
    for one file, and one file at a time halves the peak memory. ``workers`` > 1 reads
    that many files at once, in threads; the tables are the same either way.
    """
    na = tuple(na_values)
    if not workers or workers <= 1 or len(paths) <= 1:
        return [read_table(path, columns, na) for path in paths]
    with ThreadPoolExecutor(max_workers=min(workers, os.cpu_count() or 1)) as pool:
        return list(pool.map(lambda path: read_table(path, columns, na), paths))


def read_parquet(path: str | Path, columns: Sequence[str] | None = None) -> Table:
    """Read ``columns`` (default: all) of a Parquet file; ``lines`` are 1-based row numbers.

    Columns keep Parquet's types where the table has them (numbers become float64,
    strings text); dates, times and other types become their text. Raises ``OSError``
    when the file cannot be read or is not Parquet.
    """
    import polars as pl

    try:
        header = tuple(pl.read_parquet_schema(path))
    except pl.exceptions.PolarsError as error:
        raise OSError(f"{path}: not a readable Parquet file ({error})") from error
    selected, problems = select_columns(header, columns, 1)
    names = [name for name, _ in selected]
    frame = pl.read_parquet(path, columns=names)
    lines = np.arange(1, frame.height + 1, dtype=np.int64)
    return _table(str(path), header, frame, lines, problems)


# --- the polars path -----------------------------------------------------------------


def _read_with_polars(
    path: Path, wanted: Sequence[str] | None, na: tuple[str, ...]
) -> Table | None:
    """The table, or ``None`` when only the positional reader can place every row."""
    from lmspack.stats.csvbatch import BLOCK_BYTES, header_line, read_batches
    from lmspack.stats.heap import release_freed_memory

    if "" not in na:
        return None  # polars always reads an empty cell of a number column as missing
    raw = header_line(path)
    if raw is None:
        return None
    header = tuple(raw.decode("utf-8", "replace").split(","))
    if len(set(header)) < len(header):
        return None  # duplicate names
    if any(name != name.strip() for name in header):
        return None  # names are read stripped, as the validator reads them ("fare\t" is "fare")
    selected, problems = select_columns(header, wanted, 1)
    names = [name for name, _ in selected]
    batched = read_batches(path, raw, names, na)
    if batched is None:
        return None
    table = _batched_table(path, header, names, batched, na, problems)
    if path.stat().st_size > BLOCK_BYTES:
        # the blocks, their copies and polars' batches leave about 25 MiB of freed heap
        # per 100 MiB of CSV, which the next file's arrays do not reuse well
        release_freed_memory()
    return table


def _batched_table(path: Path, header: tuple[str, ...], names: list[str],
                   batched: Batched, na: tuple[str, ...],
                   problems: list[TableProblem]) -> Table:
    from lmspack.stats.csvbatch import text_column

    lines = np.arange(2, batched.n_rows + 2, dtype=np.int64)
    arrays: dict[str, np.ndarray | Coded] = {}
    coded: dict[str, Coded] = {}
    for name in names:
        if name in batched.floats:
            arrays[name] = batched.floats.pop(name)
            continue
        column = text_column(batched.codes.pop(name), batched.texts.pop(name), na)
        if column.floats is not None:
            arrays[name] = column.floats
            continue
        codes = Coded(column.codes, column.values)
        coded[name] = arrays[name] = codes
        rows = np.flatnonzero(codes.codes >= 0)
        numeric = column.is_number[codes.codes[rows]]
        problems += stray_text_problems(codes.text, rows, numeric, lines, name)
    return Table(str(path), header, Columns(arrays), lines, tuple(problems), coded)


def _table(
    name: str,
    header: tuple[str, ...],
    frame: pl.DataFrame,
    lines: npt.NDArray[np.int64],
    problems: list[TableProblem],
    na: tuple[str, ...] = (),
) -> Table:
    """Columns of ``frame`` as numpy arrays (see :class:`Table`) with their problems."""
    import polars as pl

    arrays: dict[str, np.ndarray | Coded] = {}
    coded: dict[str, Coded] = {}
    for column in list(frame.columns):
        series = frame.drop_in_place(column)  # one column at a time leaves the frame
        if series.dtype.is_numeric():
            arrays[column] = series.cast(pl.Float64).to_numpy()  # NaN cells are missing too
            continue
        if series.dtype != pl.String:
            series = series.cast(pl.String)
        # Missing markers and numbers are recognised once per distinct text, not per row.
        values = series.drop_nulls().unique()
        # Markers are compared stripped, as the validator compares them: a tab is empty.
        values = values.filter(~values.str.strip_chars(_SPACES).is_in(list(na))).sort()
        # What a number is, is lmspack.source.numbers' pattern (polars' cast reads "+1" and
        # "Infinity" too, but the pattern is the one validate applies), once per text.
        is_number = values.str.strip_chars(_SPACES).str.contains(NUMBER_PATTERN).to_numpy()
        if is_number.all():
            # Every text is a number or a marker; markers are missing even if numeric.
            texts = series.str.strip_chars(_SPACES)
            parsed = texts.cast(pl.Float64, strict=False).to_numpy().copy()
            parsed[texts.is_in(list(na)).fill_null(True).to_numpy()] = np.nan
            arrays[column] = parsed
            continue
        codes = _encode(series, values)
        coded[column] = arrays[column] = codes
        rows = np.flatnonzero(codes.codes >= 0)
        numeric = is_number[codes.codes[rows]]
        problems += stray_text_problems(codes.text, rows, numeric, lines, column)
    return Table(name, header, Columns(arrays), lines, tuple(problems), coded)


def _encode(series: pl.Series, values: pl.Series) -> Coded:
    """Dictionary codes of a text column over its distinct ``values`` (sorted, no nulls)."""
    import polars as pl

    physical = series.cast(pl.Enum(values), strict=False).to_physical()  # markers -> null
    codes = physical.cast(pl.Int32).fill_null(-1).to_numpy()
    return Coded(codes, tuple(values.to_list()))
