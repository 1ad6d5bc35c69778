"""The fast CSV reader: polars parses the file in line-aligned batches into numpy arrays.

The file is read once, in blocks of about :data:`BLOCK_BYTES` cut after a line end. Each
block is checked while it is in memory -- no double quote, no lone CR, and exactly
``(columns - 1) x lines`` commas -- and then parsed by polars (multi-threaded, in Rust)
with the column types polars inferred from the first :data:`INFER_ROWS` rows. The parsed
columns are copied straight into arrays allocated once for the whole file (numbers as
``float64``, text as ``int32`` dictionary codes), and the block is dropped: memory holds
the result plus one block, never a whole data frame.

Why the checks prove that row ``i`` is line ``i + 2``: without quotes every line end
ends a record. polars refuses a line with too many fields, and a line with too few would
leave the block short of commas unless another line of the same block had extra ones,
which polars refuses. A one-column file has no commas, so blank lines are looked for
instead. Whenever a check fails, or polars refuses a block, :func:`read_batches` returns
``None`` and the caller goes to the positional reader (:mod:`lmspack.stats.csvscan`),
which locates every problem.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from lmspack.source.numbers import NUMBER_PATTERN, SPACES

if TYPE_CHECKING:
    import polars as pl

BLOCK_BYTES = 1 << 23
"""CSV bytes parsed per batch (8 MiB): big enough that polars' threads start a few dozen
times per file, not hundreds (2 MiB blocks cost about 1 s more CPU on 2 x 1M rows), small
enough that the parser's buffers stay bounded whatever the file's size (a block's parse
holds about six times the block at its peak: 16 MiB blocks cost 100 MiB more peak
memory on 2 x 1M rows than 8 MiB ones, for the same CPU time)."""

INFER_ROWS = 10_000
"""Rows polars looks at to guess each column's type (as ``infer_schema_length``)."""

_BOM = b"\xef\xbb\xbf"
_GROWTH = 1.25  # capacity margin over the row count the first block suggests


_REFUSED = "refused"  # a block polars cannot be trusted with (or refuses): positional reader
_RETRY = "retry"  # a value did not fit the type guessed from the first rows: all as text


@dataclass
class Batched:
    """What :func:`read_batches` returns: per column, floats or dictionary-coded texts.

    ``floats[name]`` holds a number column (NaN where missing). ``codes[name]`` and
    ``texts[name]`` hold a text column: ``texts[name][codes[name][i]]`` is row ``i``'s cell,
    -1 means empty; texts are in order of first appearance and still include missing
    markers (the caller decides what they mean).
    """

    n_rows: int
    floats: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    codes: dict[str, npt.NDArray[np.int32]] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)


def header_line(path: Path) -> bytes | None:
    """The raw first line (BOM and line end removed), or ``None`` when the file cannot
    start with a header: empty, a blank first line, or a quote or lone CR in it."""
    with path.open("rb") as handle:
        first = next(iter(_Pieces(handle)), b"").removeprefix(_BOM)
    line, _, _ = first.partition(b"\n")
    line = line.removesuffix(b"\r")
    if not line or b'"' in line or b"\r" in line:
        return None
    return line


def read_batches(
    path: Path, header: bytes, names: Sequence[str], na: tuple[str, ...]
) -> Batched | None:
    """Columns ``names`` of the file whose first line is ``header``; ``None`` when only
    the positional reader can place every row (see the module docstring)."""
    result = _read(path, header, names, na, infer=True)
    if result == _RETRY:
        result = _read(path, header, names, na, infer=False)
    return result if isinstance(result, Batched) else None



def _read(
    path: Path, header: bytes, names: Sequence[str], na: tuple[str, ...], infer: bool
) -> Batched | str:
    """The columns, or :data:`_REFUSED` / :data:`_RETRY`."""

    n_fields = header.count(b",") + 1
    options: dict[str, Any] = {"columns": list(names), "encoding": "utf8-lossy",
                               "raise_if_empty": False}
    if any(_is_finite_number(token) for token in na):
        # A marker polars would parse as a number (say -999) must be matched while parsing
        # (NaN-like markers need not: a NaN cell is missing anyway). Otherwise markers are
        # matched once per distinct text afterwards: checking every cell while parsing
        # doubles polars' time.
        options["null_values"] = list(na)
    prefix = header + b"\n"
    size = path.stat().st_size
    with path.open("rb") as handle:
        pieces = _Pieces(handle)
        blocks = iter(pieces)
        first = next(blocks, b"").removeprefix(_BOM)
        body = first.partition(b"\n")[2]
        sample = [body]
        n_sample = _check(body, n_fields)
        while 0 <= n_sample < INFER_ROWS and (more := next(blocks, None)) is not None:
            sample.append(more)
            lines = _check(more, n_fields)
            n_sample = -1 if lines < 0 else n_sample + lines
        if n_sample < 0:
            return _REFUSED
        sample_bytes = b"".join(sample)
        del sample
        frame = _parse(prefix + sample_bytes, n_sample, options, None if infer else {})
        if isinstance(frame, str):
            return frame
        dtypes = {name: _as_read(frame.schema[name]) for name in names}
        if any(dtypes[name] != frame.schema[name] for name in names):
            # Booleans are read as written (polars folds True/true/TRUE into one value).
            frame = _parse(prefix + sample_bytes, n_sample, options, dtypes)
            if isinstance(frame, str):
                return frame
        per_row = len(sample_bytes) / max(n_sample, 1)
        capacity = n_sample + int(_GROWTH * (size - len(first)) / max(per_row, 1.0)) + 16
        del sample_bytes
        out = _Columns(dtypes, capacity)
        out.add(frame)
        del frame
        pieces.prefix = prefix  # from here on each piece starts with the header line
        for block in blocks:
            lines = _check(block, n_fields, len(prefix))
            if lines < 0:
                return _REFUSED
            frame = _parse(block, lines, options, dtypes)
            if isinstance(frame, str):
                return frame
            out.add(frame)
    return out.finish()


class _Pieces:
    """The file in pieces of about ``BLOCK_BYTES``, each cut just after a line end (the
    last piece may lack one) and preceded by ``prefix`` (empty until the caller sets it).

    The bytes are read into one buffer that is reused for every piece, and each piece is
    copied out of it once: a block costs one block of memory besides the buffer, not the
    four that reading, joining the carried-over line, cutting and prefixing would make.
    """

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.prefix = b""

    def __iter__(self) -> Iterator[bytes]:
        rest = b""
        buffer = bytearray()
        while True:
            start = len(self.prefix)
            end = start + len(rest)
            if len(buffer) < end + BLOCK_BYTES:
                buffer = bytearray(end + BLOCK_BYTES)
            view = memoryview(buffer)
            view[:start] = self.prefix
            view[start:end] = rest
            read = self.handle.readinto(view[end : end + BLOCK_BYTES])
            if not read:
                view.release()
                if rest:
                    yield self.prefix + rest
                return
            end += read
            cut = buffer.rfind(b"\n", start, end) + 1
            if cut:
                piece = bytes(view[:cut])
                rest = bytes(view[cut:end])
                view.release()
                yield piece
            else:  # no line end yet: a line longer than a block
                rest = bytes(view[start:end])
                view.release()


def _check(block: bytes, n_fields: int, start: int = 0) -> int:
    """Lines in ``block[start:]`` after proving each is one plain row; -1 when that
    fails. (``start`` skips the header line a piece starts with, without a copy.)"""
    if len(block) <= start:
        return 0
    if block.find(b'"', start) >= 0:
        return -1  # a quoted field may hold commas or line ends
    if block.find(b"\r", start) >= 0 and block.count(b"\r", start) != block.count(b"\r\n", start):
        return -1  # a lone CR (an old Mac line end, or a CR inside a field)
    lines = block.count(b"\n", start) + (not block.endswith(b"\n"))
    if n_fields == 1:
        # The previous piece ended a line, so a line end at the start is a blank line.
        if block.startswith((b"\n", b"\r\n"), start) or block.find(b"\n\n", start) >= 0 \
                or block.find(b"\n\r\n", start) >= 0:
            return -1
    elif block.count(b",", start) != (n_fields - 1) * lines:
        return -1  # some line has too few (or too many) fields
    return lines


def _parse(
    data: bytes, lines: int, options: dict[str, Any], dtypes: dict[str, Any] | None
) -> pl.DataFrame | str:
    """The parsed block, or :data:`_RETRY` / :data:`_REFUSED`."""
    import polars as pl

    try:
        if dtypes is None:
            frame = pl.read_csv(data, infer_schema_length=INFER_ROWS, **options)
        else:
            frame = pl.read_csv(data, infer_schema=False, schema_overrides=dtypes, **options)
    except pl.exceptions.PolarsError:
        # Most likely a value past the rows polars looked at did not fit the guessed type;
        # read as text, anything still refused goes to the positional reader.
        if dtypes is None or any(dtype != pl.String for dtype in dtypes.values()):
            return _RETRY
        return _REFUSED
    if frame.height != lines:
        return _REFUSED
    return frame


def _as_read(dtype: Any) -> Any:
    import polars as pl

    return dtype if dtype.is_numeric() else pl.String


class _Columns:
    """Arrays for the whole file, allocated once and filled batch by batch."""

    def __init__(self, dtypes: dict[str, Any], capacity: int) -> None:
        self.n = 0
        self.capacity = capacity
        self.numeric = {name: dtype.is_numeric() for name, dtype in dtypes.items()}
        self.floats = {n: np.empty(capacity) for n, num in self.numeric.items() if num}
        self.codes = {n: np.empty(capacity, np.int32) for n, num in self.numeric.items()
                      if not num}
        self.dictionaries = {name: _Dictionary() for name in self.codes}

    def add(self, frame: pl.DataFrame) -> None:
        import polars as pl

        lo, hi = self.n, self.n + frame.height
        if hi > self.capacity:
            self._resize(max(hi, int(self.capacity * 1.5)))
        for name in frame.columns:
            series = frame.get_column(name)
            if self.numeric[name]:
                self.floats[name][lo:hi] = series.cast(pl.Float64).to_numpy()
            else:
                self.codes[name][lo:hi] = self.dictionaries[name].encode(series)
        self.n = hi

    def finish(self) -> Batched:
        self._resize(self.n)
        texts = {name: list(d.index) for name, d in self.dictionaries.items()}
        return Batched(self.n, self.floats, self.codes, texts)

    def _resize(self, capacity: int) -> None:
        # realloc: shrinking (and usually growing) a large array moves no data.
        arrays: list[np.ndarray] = [*self.floats.values(), *self.codes.values()]
        for array in arrays:
            array.resize(capacity, refcheck=False)
        self.capacity = capacity


class _Dictionary:
    """One text column's distinct texts, in order of first appearance, and their codes.

    A batch is coded with one cast to a polars ``Enum`` over the texts seen so far (the
    physical value of an ``Enum`` is the text's position, i.e. its code); only a batch
    with texts not seen before pays for finding them. Past :data:`_ENUM_MAX` texts
    (free text, ids) each batch's own distinct texts are looked up instead, so the cost
    stays proportional to the batch.
    """

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self._enum: Any = None

    def encode(self, series: pl.Series) -> npt.NDArray[np.int32]:
        """Codes of one batch; -1 for empty cells."""
        import polars as pl

        if len(self.index) > _ENUM_MAX:
            return self._encode_distinct(series)
        physical = self._physical(series)
        if physical.null_count() > series.null_count():
            unseen = series.filter(physical.is_null() & series.is_not_null())
            for text in unseen.unique(maintain_order=True).to_list():
                self.index.setdefault(text, len(self.index))
            self._enum = None
            if len(self.index) > _ENUM_MAX:
                return self._encode_distinct(series)
            physical = self._physical(series)
        codes: npt.NDArray[np.int32] = physical.cast(pl.Int32).fill_null(-1).to_numpy()
        return codes

    def _physical(self, series: pl.Series) -> pl.Series:
        import polars as pl

        if self._enum is None:
            self._enum = pl.Enum(list(self.index))
        return series.cast(self._enum, strict=False).to_physical()

    def _encode_distinct(self, series: pl.Series) -> npt.NDArray[np.int32]:
        import polars as pl

        distinct = series.drop_nulls().unique()
        to_code = np.fromiter(
            (self.index.setdefault(text, len(self.index)) for text in distinct.to_list()),
            dtype=np.int32, count=distinct.len(),
        )
        local = series.cast(pl.Enum(distinct)).to_physical().fill_null(distinct.len())
        codes: npt.NDArray[np.int32] = np.append(to_code, np.int32(-1))[local.to_numpy()]
        return codes


_ENUM_MAX = 1 << 16


def _is_finite_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


class TextColumn(NamedTuple):
    """A resolved text column: ``floats`` when every non-missing text is a number (NaN
    where missing), else ``None`` and ``codes`` into ``values`` (the distinct non-missing
    texts in code-point order, -1 where missing), with ``is_number`` per value."""

    floats: npt.NDArray[np.float64] | None
    codes: npt.NDArray[np.int32]
    values: tuple[str, ...]
    is_number: npt.NDArray[np.bool_]


def text_column(codes: npt.NDArray[np.int32], texts: list[str], na: tuple[str, ...]) -> TextColumn:
    """Resolve a coded text column: missing markers, numbers, code-point order."""
    import polars as pl

    distinct = pl.Series(texts, dtype=pl.String)
    # Markers are compared stripped, as the validator compares them: a tab is empty.
    stripped = distinct.str.strip_chars(SPACES)
    is_marker = stripped.is_in(list(na)).to_numpy()
    kept = np.flatnonzero(~is_marker)
    order = kept[distinct.gather(kept).arg_sort().to_numpy()]
    values = distinct.gather(order)
    # What a number is, is lmspack.source.numbers' pattern (polars' cast reads "+1" and
    # "Infinity" too, but the pattern is the one validate applies), once per text.
    is_number = values.str.strip_chars(SPACES).str.contains(NUMBER_PATTERN).to_numpy()
    if is_number.all():
        parsed = stripped.cast(pl.Float64, strict=False).to_numpy().copy()
        parsed[is_marker] = np.nan
        lookup = np.append(parsed, np.nan)
        return TextColumn(lookup[codes], codes, (), is_number)
    remap = np.full(len(texts) + 1, -1, dtype=np.int32)
    remap[order] = np.arange(order.size, dtype=np.int32)
    return TextColumn(None, remap[codes], tuple(values.to_list()), is_number)
