"""The CSV column reader: types, missing values, structured problems with line numbers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from lmspack.stats.csvscan import read_csv_positional
from lmspack.stats.table import (
    DEFAULT_NA_VALUES,
    MAX_LISTED_PROBLEMS,
    Table,
    TableProblem,
    read_csv,
    read_csvs,
    read_table,
)


def _read(tmp_path: Path, content: bytes | str, **kw: object) -> Table:
    path = tmp_path / "data.csv"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_csv(path, **kw)  # type: ignore[arg-type]


def _values(array: np.ndarray) -> list[object]:
    return [None if isinstance(v, float) and math.isnan(v) else v for v in array.tolist()]


def test_numbers_become_float64_and_text_becomes_str_objects(tmp_path: Path) -> None:
    table = _read(tmp_path, "n,s,i\n1.5,a,3\n-2e3,b,4\n.25,a,5\n")
    assert table.header == ("n", "s", "i") and table.n_rows == 3
    assert table["n"].dtype == np.float64 and table["n"].tolist() == [1.5, -2000.0, 0.25]
    assert table["s"].dtype == object and table["s"].tolist() == ["a", "b", "a"]
    assert table.is_numeric("i") and not table.is_numeric("s")
    assert table.lines.tolist() == [2, 3, 4] and table.problems == ()


def test_missing_markers(tmp_path: Path) -> None:
    table = _read(tmp_path, "n,s\n1,a\n,NULL\nNA,b\nnan,NaN\n#N/A,\n")
    assert _values(table["n"]) == [1.0, None, None, None, None]
    assert table["s"].tolist() == ["a", None, "b", None, None]
    # "?" is not one of pandas' markers: a numeric column with one is text, with a pointer
    question = _read(tmp_path, "n\n1\n?\n2\n")
    assert question["n"].tolist() == ["1", "?", "2"] and question.problems[0].line == 3
    custom = _read(tmp_path, "n\n1\n-\n?\n", na_values=("-",))
    assert custom["n"].dtype == object and custom["n"].tolist() == ["1", None, "?"]


def test_ragged_rows_are_skipped_and_reported_with_line_numbers(tmp_path: Path) -> None:
    table = _read(tmp_path, "a,b\n1,2\n3\n4,5,6\n7,8\n")
    assert table["a"].tolist() == [1.0, 7.0] and table.lines.tolist() == [2, 5]
    assert table.problems == (
        TableProblem(3, None, "expected 2 fields, found 1; row skipped"),
        TableProblem(4, None, "expected 2 fields, found 3; row skipped"),
    )


def test_many_ragged_rows_are_summarised(tmp_path: Path) -> None:
    rows = "".join("1\n" if i % 2 else "1,2\n" for i in range(100))
    table = _read(tmp_path, "a,b\n" + rows)
    assert len(table.problems) == MAX_LISTED_PROBLEMS + 1
    assert table.problems[-1].message == f"{50 - MAX_LISTED_PROBLEMS} more ragged rows skipped"
    assert table.problems[0].line == 3 and table.n_rows == 50


def test_stray_text_in_a_numeric_column(tmp_path: Path) -> None:
    table = _read(tmp_path, "age,name\n31,ann\n4O,bob\n27,cy\n,dee\n")
    assert table["age"].dtype == object and table["age"].tolist() == ["31", "4O", "27", None]
    why = "2 of 3 values are numbers, so the column is read as text"
    assert table.problems == (TableProblem(3, "age", f"value '4O' is not a number ({why})"),)


def test_mostly_text_columns_are_not_reported(tmp_path: Path) -> None:
    table = _read(tmp_path, "city\nParis\n12\nRome\nOslo\n")
    assert table["city"].tolist() == ["Paris", "12", "Rome", "Oslo"] and table.problems == ()


def test_requested_columns_and_missing_header_columns(tmp_path: Path) -> None:
    table = _read(tmp_path, "a,b,c\n1,2,3\n", columns=["c", "zz", "a"])
    assert list(table.columns) == ["a", "c"]  # header order
    assert table.problems == (
        TableProblem(1, "zz", "column 'zz' not found in the header (columns: a, b, c)"),
    )
    assert "zz" not in table and "a" in table


def test_duplicate_header_names(tmp_path: Path) -> None:
    table = _read(tmp_path, "a,a,b\n1,2,3\n")
    assert table["a"].tolist() == [1.0]
    assert table.problems == (
        TableProblem(1, "a", "duplicate column name (field 2); only field 1 is read"),
    )


def test_quoted_fields_use_the_csv_module_with_correct_lines(tmp_path: Path) -> None:
    table = _read(tmp_path, 'a,b\n1,"x\ny"\n2,"p,q"\n\n3\n4,z\n')
    assert table["b"].tolist() == ["x\ny", "p,q", "z"]
    assert table.lines.tolist() == [2, 4, 7]
    assert table.problems == (TableProblem(6, None, "expected 2 fields, found 1; row skipped"),)


@pytest.mark.parametrize(
    "content",
    [
        b"a,b\r\n1,x\r\n\r\n2,\r\n",
        b"a,b\n1,x\n\n2,",
        b"\xef\xbb\xbfa,b\n1,x\n\n2,\n",
        b"a,b\r1,x\r\r2,\r",
    ],
    ids=["crlf", "no-final-newline", "bom", "lone-cr"],
)
def test_line_ends_bom_and_blank_lines(tmp_path: Path, content: bytes) -> None:
    table = _read(tmp_path, content)
    assert table.header == ("a", "b")
    assert table["a"].tolist() == [1.0, 2.0] and table["b"].tolist() == ["x", None]
    assert table.lines.tolist() == [2, 4] and table.problems == ()


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_no_header(tmp_path: Path, content: str) -> None:
    table = _read(tmp_path, content)
    assert table.columns == {} and table.n_rows == 0
    assert table.problems == (TableProblem(1, None, "no header line: the file is empty"),)


def test_header_only(tmp_path: Path) -> None:
    table = _read(tmp_path, "a,b\n")
    assert table.n_rows == 0 and table["a"].dtype == np.float64 and table["a"].size == 0


def test_long_cells_take_the_object_path(tmp_path: Path) -> None:
    long_text = "word " * 30
    table = _read(tmp_path, f"t,n\n{long_text},1\nshort,2\n,3\n")
    assert table["t"].tolist() == [long_text, "short", None]
    long_number = "1" + "0" * 70
    numbers = _read(tmp_path, f"n\n{long_number}\n2\n")
    assert numbers["n"].dtype == np.float64 and numbers["n"].tolist() == [1e70, 2.0]


def test_fast_and_csv_paths_agree(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    rows = [
        f"{x!r},{c},{'' if m else int(k)},{w}"
        for x, c, m, k, w in zip(
            rng.normal(size=300).tolist(),
            rng.choice(["red", "green", "NA"], 300).tolist(),
            (rng.random(300) < 0.1).tolist(),
            rng.integers(0, 9, 300).tolist(),
            rng.choice(["1", "2", "x"], 300).tolist(),
            strict=True,
        )
    ]
    plain = "x,c,k,w\n" + "\n".join(rows) + "\n"
    fast = _read(tmp_path, plain)
    slow = _read(tmp_path, plain.replace("red", '"red"'))  # a quote forces the csv module
    assert fast.header == slow.header and fast.problems == slow.problems
    for name in fast.header:
        assert _values(fast[name]) == _values(slow[name]), name
    np.testing.assert_array_equal(fast.lines, slow.lines)
    assert fast["x"].tolist() == [float(r.split(",")[0]) for r in rows]  # exact parse


def test_short_last_rows_of_a_file(tmp_path: Path) -> None:
    # The widest cell is longer than what is left of the file after the last rows start.
    table = _read(tmp_path, "a,b\n1234567,x\n1,yz\n22,w")
    assert table["a"].tolist() == [1234567.0, 1.0, 22.0]
    assert table["b"].tolist() == ["x", "yz", "w"]


def test_read_csvs_matches_read_csv(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("a,b\n1,x\n2,\n")
    (tmp_path / "c.csv").write_text('a,b\n3,"y"\n,z\n')
    tables = read_csvs([tmp_path / "r.csv", tmp_path / "c.csv"], workers=2)
    singles = [read_csv(tmp_path / "r.csv"), read_csv(tmp_path / "c.csv")]
    for table, single in zip(tables, singles, strict=True):
        assert table.header == single.header and table.problems == single.problems
        for name in table.header:
            assert _values(table[name]) == _values(single[name])


# --- the polars reader and the positional one -------------------------------------------


def test_plain_files_are_read_by_polars_and_agree_with_the_positional_reader(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(5)
    rows = [
        f"{x!r},{c},{k},{' 2.5 ' if i == 7 else w}"
        for i, (x, c, k, w) in enumerate(zip(
            rng.normal(size=400).tolist(), rng.choice(["a", "b", "", "NA"], 400).tolist(),
            rng.integers(0, 5, 400).tolist(),
            rng.choice(["1", "inf", "-2e3", "#N/A"], 400).tolist(),
            strict=True,
        ))
    ]
    path = tmp_path / "plain.csv"
    path.write_text("x,c,k,w\n" + "\n".join(rows) + "\n")
    fast = read_csv(path)
    slow = read_csv_positional(path, None, DEFAULT_NA_VALUES)
    assert set(fast.coded) == {"c"} and slow.coded == {}  # polars took this file
    assert fast.header == slow.header and fast.problems == slow.problems == ()
    np.testing.assert_array_equal(fast.lines, slow.lines)
    for name in fast.header:
        assert _values(fast[name]) == _values(slow[name]), name
    codes = fast.coded["c"]
    assert [None if i < 0 else codes.values[i] for i in codes.codes.tolist()] == fast["c"].tolist()


def test_a_stray_value_after_the_rows_polars_guesses_types_from(tmp_path: Path) -> None:
    lines = ["n,s"] + [f"{i},x" for i in range(20_000)]
    lines[15_002] = "l0l,x"  # line 15,003 of the file
    table = _read(tmp_path, "\n".join(lines) + "\n")
    assert table["n"].dtype == object and table["n"][15_001] == "l0l"
    assert table.problems[0].line == 15_003 and table.problems[0].column == "n"
    assert "value 'l0l' is not a number" in table.problems[0].message


def test_true_false_columns_keep_their_spelling(tmp_path: Path) -> None:
    table = _read(tmp_path, "b,n\nTrue,1\nfalse,2\nTRUE,3\n")
    assert table["b"].tolist() == ["True", "false", "TRUE"]


def test_ragged_rows_in_a_file_polars_would_accept_go_to_the_positional_reader(
    tmp_path: Path,
) -> None:
    # polars fills a short row with nulls and reads a blank line as a row of nulls; the
    # comma count notices, and the positional reader reports the row.
    table = _read(tmp_path, "a,b\n1,2\n3\n\n4,5\n")
    assert table["a"].tolist() == [1.0, 4.0] and table.lines.tolist() == [2, 5]
    assert table.problems == (TableProblem(3, None, "expected 2 fields, found 1; row skipped"),)
    single = _read(tmp_path, "a\n1\n\n2\n")  # one column: blank lines are found by the scan
    assert single["a"].tolist() == [1.0, 2.0] and single.lines.tolist() == [2, 4]


def test_parquet(tmp_path: Path) -> None:
    import polars as pl

    path = tmp_path / "log.parquet"
    pl.DataFrame({"x": [1.5, None, 3.0], "k": [1, 2, None], "s": ["a", None, "b"]}).write_parquet(
        path
    )
    table = read_table(path, columns=["s", "x", "nope"])
    assert list(table.columns) == ["x", "s"] and table.lines.tolist() == [1, 2, 3]
    assert _values(table["x"]) == [1.5, None, 3.0] and table["s"].tolist() == ["a", None, "b"]
    assert table.problems[0].column == "nope"
    assert _values(read_table(path)["k"]) == [1.0, 2.0, None]
    (tmp_path / "bad.parquet").write_text("a,b\n")
    with pytest.raises(OSError, match="not a readable Parquet file"):
        read_table(tmp_path / "bad.parquet")


def test_a_numeric_missing_marker_is_matched_while_parsing(tmp_path: Path) -> None:
    table = _read(tmp_path, "n,s\n1.5,a\n-999,-999\n2,b\n", na_values=("", "-999"))
    assert _values(table["n"]) == [1.5, None, 2.0] and table["s"].tolist() == ["a", None, "b"]
    assert table.coded  # still the polars reader


def test_text_columns_become_object_arrays_only_when_asked(tmp_path: Path) -> None:
    table = _read(tmp_path, "s,n\nb,1\n,2\na,3\n")
    columns = table.columns
    assert "s" in table.coded and not table.is_numeric("s") and table.is_numeric("n")
    assert list(columns) == ["s", "n"] and len(columns) == 2
    assert columns["s"].tolist() == ["b", None, "a"] and columns["s"] is columns["s"]
