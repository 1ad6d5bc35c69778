"""The batched fast reader: same tables as the positional reader, whatever the block size."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from lmspack.stats import csvbatch
from lmspack.stats.csvscan import read_csv_positional
from lmspack.stats.table import DEFAULT_NA_VALUES, Table, _read_with_polars, read_csv
from lmspack.stats.tablebase import Coded, Columns

# 30 rows per file: with 40-byte blocks every file spans many batches.
_ROWS = [f"{i * 0.5},{'abc'[i % 3]},{i % 4}" for i in range(30)]
_FAST = {
    "plain": "x,s,k\n" + "\n".join(_ROWS) + "\n",
    "crlf, no final newline": "x,s,k\r\n" + "\r\n".join(_ROWS),
    "markers and spaces": "x,s,k\n" + "\n".join(_ROWS[:10]) + "\nNA, n/a ,\t\n -1.5 ,a,2\n",
    "numbers turning to text late": "x,s,k\n" + "\n".join(_ROWS) + "\noops,a,1\n",
    "text seen late": "x,s,k\n" + "\n".join(_ROWS) + "\n1,new,1\n",
    "booleans as written": "b,s\n" + "".join(f"{'tT'[i % 2]}rue,a\n" for i in range(30)),
}
_REFUSED = {
    "ragged late (too few)": "x,s,k\n" + "\n".join(_ROWS) + "\n1,a\n",
    "ragged late (too many)": "x,s,k\n" + "\n".join(_ROWS) + "\n1,a,2,3\n",
    "compensating rows": "x,s,k\n" + "\n".join(_ROWS) + "\n1,a\n1,a,2,3\n",
    "quoted newline late": "x,s,k\n" + "\n".join(_ROWS) + '\n1,"a\nb",2\n',
    "blank line in a one-column file": "x\n" + "".join(f"{i}\n" for i in range(30)) + "\n5\n",
    "lone CR late": "x,s,k\n" + "\n".join(_ROWS) + "\n1,a\r,2\n",
}


def _same(a: Table, b: Table) -> None:
    assert a.header == b.header and a.problems == b.problems
    assert a.lines.tolist() == b.lines.tolist()
    assert list(a.columns) == list(b.columns)
    for name in a.columns:
        left, right = a[name].tolist(), b[name].tolist()
        assert [None if isinstance(v, float) and math.isnan(v) else v for v in left] == \
            [None if isinstance(v, float) and math.isnan(v) else v for v in right], name


@pytest.mark.parametrize("block", [40, 97, 1 << 21])
@pytest.mark.parametrize("name", sorted(_FAST))
def test_batches_read_what_the_positional_reader_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, block: int
) -> None:
    monkeypatch.setattr(csvbatch, "BLOCK_BYTES", block)
    monkeypatch.setattr(csvbatch, "INFER_ROWS", 5)  # so a later batch can break the guess
    path = tmp_path / "data.csv"
    path.write_text(_FAST[name], encoding="utf-8")
    fast = _read_with_polars(path, None, DEFAULT_NA_VALUES)
    assert fast is not None, "the batched reader should take this file"
    _same(fast, read_csv_positional(path, None, DEFAULT_NA_VALUES))


@pytest.mark.parametrize("name", sorted(_REFUSED))
def test_a_row_the_batches_cannot_place_goes_to_the_positional_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(csvbatch, "BLOCK_BYTES", 40)
    path = tmp_path / "data.csv"
    path.write_text(_REFUSED[name], encoding="utf-8")
    assert _read_with_polars(path, None, DEFAULT_NA_VALUES) is None
    table = read_csv(path)
    _same(table, read_csv_positional(path, None, DEFAULT_NA_VALUES))
    if "ragged" in name:
        assert table.problems[0].line == 32 and "fields" in table.problems[0].message


def test_text_codes_survive_many_distinct_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past the Enum limit each batch's own distinct texts are looked up instead.
    monkeypatch.setattr(csvbatch, "BLOCK_BYTES", 64)
    monkeypatch.setattr(csvbatch, "_ENUM_MAX", 4)
    path = tmp_path / "data.csv"
    path.write_text("t\n" + "".join(f"w{i % 23}\n" for i in range(200)) + "NA\n", "utf-8")
    table = read_csv(path)
    assert "t" in table.coded
    assert table.coded["t"].values == tuple(sorted(f"w{i}" for i in range(23)))
    assert table["t"].tolist() == [f"w{i % 23}" for i in range(200)] + [None]


def test_asking_whether_a_text_column_is_there_builds_no_object_array() -> None:
    columns = Columns({"t": Coded(np.array([0, -1], dtype=np.int32), ("a",))})
    assert "t" in columns and "u" not in columns
    assert isinstance(columns._items["t"], Coded)  # still codes
    assert columns["t"].tolist() == ["a", None]


def test_bench_data_are_written_chunk_by_chunk_and_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    try:
        import bench_drift
    finally:
        sys.path.pop(0)
    monkeypatch.setattr(bench_drift, "CHUNK_ROWS", 300)  # 1000 rows: four chunks
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        bench_drift.make_data(tmp_path / folder, 1000)
    for name in ("reference.csv", "current.csv"):
        data = (tmp_path / "a" / name).read_bytes()
        assert data == (tmp_path / "b" / name).read_bytes()
        assert data.count(b"\n") == 1001 and data.count(b"\nnormal,") == 0  # one header
        table = read_csv(tmp_path / "a" / name)
        assert table.n_rows == 1000 and len(table.columns) == 15 and table.problems == ()
