"""The positional CSV reader: every row and field located by its line, in numpy or ``csv``.

This is the reader behind every diagnostic with a line number. ``lmspack.stats.table``
reads files with polars first and comes here only when polars cannot tell exactly where a
row came from or refuses the file: ragged rows, blank lines, quoted fields, duplicate
header names, undecodable bytes. What it returns is the same :class:`Table`.

Files without any double quote, and with ``\\n`` or ``\\r\\n`` line ends, are split with
vectorised numpy byte scans; anything else goes through the stdlib ``csv`` module, which
is correct for every dialect detail but several times slower.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from lmspack.source.csvfile import records
from lmspack.source.numbers import SPACES, read_number
from lmspack.stats.tablebase import (
    MAX_LISTED_PROBLEMS,
    Table,
    TableProblem,
    select_columns,
    stray_text_problems,
)

_MAX_FAST_WIDTH = 64  # wider fields would make the fixed-width byte matrix too big
_CHUNK_ROWS = 1 << 18  # rows gathered per step: bounds the temporary masks
_SCAN_BYTES = 1 << 24  # bytes scanned per step when locating separators
_PARSE_SAMPLE = 1000  # cells looked at to decide whether to parse distinct texts only
_BOM = b"\xef\xbb\xbf"


CellTexts = np.ndarray | list[str]
"""One column's raw cells: a fixed-width bytes/str array, or a list for very wide cells."""


@dataclass(frozen=True)
class _Split:
    """A file cut into header, row line numbers and a way to fetch one column's cells.

    Columns are fetched one at a time so that only one column's raw texts exist at
    once: that, not the parsed arrays, is what bounds peak memory on big files.
    """

    header: tuple[str, ...]
    names: list[str]
    cells: Callable[[str], CellTexts]
    lines: npt.NDArray[np.int64]
    problems: list[TableProblem]


def read_csv_positional(
    path: str | Path,
    columns: Sequence[str] | None,
    na_values: Iterable[str],
) -> Table:
    """Read ``columns`` (default: all) of the CSV file at ``path``.

    The first non-blank line is the header; blank lines are skipped. Raises
    ``OSError`` only when the file cannot be read at all.
    """
    data = Path(path).read_bytes()
    data = data.removeprefix(_BOM)
    na = tuple(na_values)
    split = _split_fast(data, columns) if _fast_path_ok(data) else None
    if split is None:
        split = _split_with_csv(data, columns)
    problems = list(split.problems)
    arrays: dict[str, np.ndarray] = {}
    for name in split.names:
        arrays[name], column_problems = _convert(split.cells(name), split.lines, name, na)
        problems.extend(column_problems)
    return Table(str(path), split.header, arrays, split.lines, tuple(problems))


def _fast_path_ok(data: bytes) -> bool:
    # Quotes can hide commas and newlines inside a field; a lone CR is an old Mac line end.
    if b'"' in data:
        return False
    return b"\r" not in data or data.count(b"\r") == data.count(b"\r\n")


# --- fast path: numpy byte scans ----------------------------------------------------


def _split_fast(data: bytes, wanted: Sequence[str] | None) -> _Split | None:
    """Split unquoted CSV bytes; ``None`` when the file has no header line."""
    if not data:
        return None
    buf = np.frombuffer(data, dtype=np.uint8)
    seps = _separators(buf)
    is_newline = buf[seps] == 10
    if not data.endswith(b"\n"):
        # A missing final newline still ends the last line.
        seps = np.append(seps, seps.dtype.type(len(buf)))
        is_newline = np.append(is_newline, True)
    nl_index = np.flatnonzero(is_newline)
    newlines = seps[nl_index].astype(np.int64)
    line_starts = np.concatenate(([0], newlines[:-1] + 1))
    # With CRLF files the CR belongs to the line end, not to the last field.
    has_cr = (buf[np.maximum(newlines - 1, 0)] == 13) & (newlines > line_starts)
    content_ends = newlines - has_cr
    first_sep = np.concatenate(([0], nl_index[:-1] + 1))
    n_fields = nl_index - first_sep + 1
    non_blank = np.flatnonzero(content_ends > line_starts)
    if non_blank.size == 0:
        return None
    h = int(non_blank[0])
    header_text = data[line_starts[h] : content_ends[h]].decode("utf-8", "replace")
    header = tuple(header_text.split(","))
    body = non_blank[non_blank > h]
    good = body[n_fields[body] == len(header)]
    problems = _ragged_problems(body[n_fields[body] != len(header)] + 1, n_fields, len(header))
    # Names are stripped, as the validator reads them (source.csvfile): "fare\t" is "fare".
    selected, header_problems = select_columns(_stripped(header), wanted, h + 1)
    first_good, starts0, ends_last = first_sep[good], line_starts[good], content_ends[good]
    field_index = dict(selected)

    def cells(name: str) -> CellTexts:
        j = field_index[name]
        starts = starts0 if j == 0 else seps[first_good + (j - 1)] + 1
        ends = ends_last if j == len(header) - 1 else seps[first_good + j]
        return _gather(data, buf, starts.astype(np.int64), ends.astype(np.int64))

    names = [name for name, _ in selected]
    lines = (good + 1).astype(np.int64)
    return _Split(header, names, cells, lines, header_problems + problems)


def _separators(buf: npt.NDArray[np.uint8]) -> np.ndarray:
    """Positions of every ``,`` and ``\\n``, scanned in blocks to keep the masks small."""
    dtype = np.int32 if buf.size < np.iinfo(np.int32).max else np.int64
    parts = [np.zeros(0, dtype=dtype)]
    for lo in range(0, buf.size, _SCAN_BYTES):
        block = buf[lo : lo + _SCAN_BYTES]
        mask = block == 44
        mask |= block == 10
        parts.append((np.flatnonzero(mask) + lo).astype(dtype))
    return np.concatenate(parts)


def _ragged_problems(
    bad_lines: npt.NDArray[np.int64], n_fields: npt.NDArray[np.int64], expected: int
) -> list[TableProblem]:
    problems = [
        TableProblem(
            int(line),
            None,
            f"expected {expected} fields, found {int(n_fields[line - 1])}; row skipped",
        )
        for line in bad_lines[:MAX_LISTED_PROBLEMS]
    ]
    if bad_lines.size > MAX_LISTED_PROBLEMS:
        more = int(bad_lines.size) - MAX_LISTED_PROBLEMS
        line = int(bad_lines[MAX_LISTED_PROBLEMS])
        problems.append(TableProblem(line, None, f"{more} more ragged rows skipped"))
    return problems


def _gather(
    data: bytes, buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], ends: np.ndarray
) -> CellTexts:
    """Cell texts between ``starts`` and ``ends`` as a fixed-width bytes array.

    A fixed-width ``S`` array lets numpy parse floats and compare missing markers
    without one Python object per cell. Each row is copied as a whole window of the
    file (one memcpy per row rather than one index per byte), then everything past
    the field end is zeroed: trailing NULs are not part of an ``S`` value.
    """
    lengths = ends - starts
    width = max(int(lengths.max()) if lengths.size else 1, 1)
    if width > _MAX_FAST_WIDTH:
        pairs = zip(starts.tolist(), ends.tolist(), strict=True)
        return [data[s:e].decode("utf-8", "replace") for s, e in pairs]
    windows = np.lib.stride_tricks.sliding_window_view(buf, width)
    # The last rows may start closer than ``width`` to the end of the file.
    origins = starts
    starts = np.minimum(origins, buf.size - width)
    shift = starts - origins
    out = np.empty((lengths.size, width), dtype=np.uint8)
    offsets = np.arange(width)
    for lo in range(0, lengths.size, _CHUNK_ROWS):
        hi = min(lo + _CHUNK_ROWS, lengths.size)
        block = windows[starts[lo:hi]]
        if np.any(shift[lo:hi]):
            block = _unshift(block, shift[lo:hi])
        block *= offsets < lengths[lo:hi, None]
        out[lo:hi] = block
    return out.view(f"S{width}").ravel()


def _unshift(block: npt.NDArray[np.uint8], shift: np.ndarray) -> npt.NDArray[np.uint8]:
    """Realign rows whose window had to start early (fields at the very end of a file)."""
    width = block.shape[1]
    index = np.minimum(np.arange(width) - shift[:, None], width - 1)
    return np.take_along_axis(block, index, axis=1)


# --- slow path: the csv module ------------------------------------------------------


def _split_with_csv(data: bytes, wanted: Sequence[str] | None) -> _Split:
    """Split any CSV the ``csv`` module understands (quotes, embedded newlines)."""
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    bad: list[tuple[int, int]] = []
    for start, row, _ in records(data.decode("utf-8", "replace"), raw=False):
        if not row:
            continue
        if header is None:
            header, header_line = row, start
        elif len(row) == len(header):
            rows.append(row)
            lines.append(start)
        else:
            bad.append((start, len(row)))
    if header is None:
        empty = np.zeros(0, dtype=np.int64)
        no_header = [TableProblem(1, None, "no header line: the file is empty")]
        return _Split((), [], _no_cells, empty, no_header)
    problems = _csv_ragged_problems(bad, len(header))
    selected, header_problems = select_columns(_stripped(tuple(header)), wanted, header_line)
    cells = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    field_index = dict(selected)

    def column_cells(name: str) -> CellTexts:
        return list(cells[field_index[name]])

    names = [name for name, _ in selected]
    line_array = np.asarray(lines, dtype=np.int64)
    return _Split(tuple(header), names, column_cells, line_array, header_problems + problems)


def _no_cells(name: str) -> CellTexts:
    raise KeyError(name)


def _csv_ragged_problems(bad: list[tuple[int, int]], expected: int) -> list[TableProblem]:
    problems = [
        TableProblem(line, None, f"expected {expected} fields, found {found}; row skipped")
        for line, found in bad[:MAX_LISTED_PROBLEMS]
    ]
    if len(bad) > MAX_LISTED_PROBLEMS:
        more = len(bad) - MAX_LISTED_PROBLEMS
        problems.append(
            TableProblem(bad[MAX_LISTED_PROBLEMS][0], None, f"{more} more ragged rows skipped")
        )
    return problems


# --- shared: header selection and column conversion ---------------------------------


def _convert(
    raw: np.ndarray | list[str], lines: npt.NDArray[np.int64], name: str, na: tuple[str, ...]
) -> tuple[np.ndarray, list[TableProblem]]:
    """One column's cell texts to float64 (all numbers) or object ``str``/``None``."""
    if isinstance(raw, list):
        if max(map(len, raw), default=0) > _MAX_FAST_WIDTH:
            return _convert_objects(raw, lines, name, na)
        raw = np.array(raw, dtype=str) if raw else np.zeros(0, dtype="U1")
    missing = _missing_mask(raw, na)
    present = raw[~missing]
    out = np.full(raw.shape[0], np.nan)
    try:
        out[~missing] = _parse_floats(present)
    except ValueError:
        # Not all numbers: decode each distinct text once, then fan out by index.
        uniques, inverse = np.unique(present, return_inverse=True)
        texts = [_text(u) for u in uniques.tolist()]
        column = np.empty(raw.shape[0], dtype=object)
        column[~missing] = np.array(texts, dtype=object)[inverse]
        numeric = np.array([_is_number(t) for t in texts], dtype=bool)[inverse]
        rows = np.flatnonzero(~missing)
        return column, stray_text_problems(column.__getitem__, rows, numeric, lines, name)
    return out, []


def _parse_floats(texts: np.ndarray) -> npt.NDArray[np.float64]:
    """Parse cell texts as floats; raises ``ValueError`` if one is not a number.

    numpy parses more than a number (:mod:`lmspack.source.numbers`): underscores
    (``1_0``), and for ``str`` arrays digits of every script (``١٢``). Those texts hold a
    character the number pattern has not, so a column with any character outside it is
    left to the per-text reader (``ValueError``); with only those characters, what numpy
    parses is what the pattern spells.
    Parsing costs far more than sorting fixed-width bytes, so a column whose sample
    repeats a lot (codes, counts, rounded amounts) is parsed once per distinct text.
    """
    if not _only_number_characters(texts):
        raise ValueError("a character no number has")
    sample = texts[:: max(1, texts.size // _PARSE_SAMPLE)]
    if texts.size > _PARSE_SAMPLE and np.unique(sample).size * 4 <= sample.size:
        uniques, inverse = np.unique(texts, return_inverse=True)
        return uniques.astype(np.float64)[inverse]
    return texts.astype(np.float64)


_NUMBER_CHARACTERS = np.zeros(0x80, dtype=bool)
_NUMBER_CHARACTERS[list(b"\x00 \t0123456789+-.eEiInNfFtTyYaA")] = True  # \x00: padding


def _only_number_characters(texts: np.ndarray) -> bool:
    """Whether every character of the fixed-width texts is one a number can have."""
    if texts.size == 0:
        return True
    codes: np.ndarray = texts.view(np.uint8 if texts.dtype.kind == "S" else np.uint32)
    return bool(np.all(codes < 0x80)) and bool(np.all(_NUMBER_CHARACTERS[codes]))


def _stripped(header: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.strip() for name in header)


def _missing_mask(raw: np.ndarray, na: tuple[str, ...]) -> npt.NDArray[np.bool_]:
    # Compared stripped, as the validator compares them (source.csvfile): a tab is empty.
    missing = np.zeros(raw.shape[0], dtype=bool)
    spaces: str | bytes = SPACES.encode("ascii") if raw.dtype.kind == "S" else SPACES
    raw = np.char.strip(raw, spaces) if raw.size else raw
    for marker in na:
        value: str | bytes = marker.encode("utf-8") if raw.dtype.kind == "S" else marker
        missing |= raw == value
    return missing


def _convert_objects(
    raw: list[str], lines: npt.NDArray[np.int64], name: str, na: tuple[str, ...]
) -> tuple[np.ndarray, list[TableProblem]]:
    """Slow twin of ``_convert`` for columns with very long cells (free text)."""
    markers = set(na)
    values = [None if text.strip(SPACES) in markers else text for text in raw]
    rows = np.array([i for i, v in enumerate(values) if v is not None], dtype=np.int64)
    numbers = [_float_or_none(values[i]) for i in rows.tolist()]
    if all(x is not None for x in numbers):
        out = np.full(len(raw), np.nan)
        out[rows] = np.array(numbers, dtype=np.float64)
        return out, []
    column = np.array(values, dtype=object)
    numeric = np.array([x is not None for x in numbers], dtype=bool)
    return column, stray_text_problems(column.__getitem__, rows, numeric, lines, name)


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _is_number(text: str) -> bool:
    return _float_or_none(text) is not None


def _float_or_none(text: str | None) -> float | None:
    return None if text is None else read_number(text)
