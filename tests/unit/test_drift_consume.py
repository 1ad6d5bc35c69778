"""``drift_table(..., consume=True)`` (what ``lmspack drift`` runs): same records as the
copying path, the tables' own arrays sorted in place and released, one column of work
in memory at a time."""

from __future__ import annotations

import tracemalloc

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lmspack.stats.drift import drift_table
from lmspack.stats.drift.numeric import clean_numeric
from lmspack.stats.tablebase import Coded, Columns, Table


def _table(columns: dict[str, np.ndarray | Coded]) -> Table:
    n = next(len(c.codes) if isinstance(c, Coded) else len(c) for c in columns.values())
    coded = {name: c for name, c in columns.items() if isinstance(c, Coded)}
    return Table("t.csv", tuple(columns), Columns(dict(columns)),
                 np.arange(2, n + 2, dtype=np.int64), (), coded)


def _pair(seed: int, n_ref: int, n_cur: int) -> tuple[dict, dict]:
    """Two samples of every sort the engine meets: finite floats, NaN and infinities,
    few distinct values (per-value bins), beyond-limit values, categories as codes."""
    rng = np.random.default_rng(seed)
    out = []
    for n, shift in ((n_ref, 0.0), (n_cur, 0.3)):
        dirty = rng.normal(shift, 1.0, n)
        dirty[rng.uniform(size=n) < 0.1] = np.nan
        dirty[rng.uniform(size=n) < 0.02] = np.inf
        dirty[rng.uniform(size=n) < 0.01] = 1e300
        out.append({
            "clean": rng.normal(shift, 2.0, n),
            "dirty": dirty,
            "few": rng.integers(0, 6, n).astype(np.float64),
            "ties": np.round(rng.exponential(1.0 + shift, n), 1),
            "cat": Coded(rng.integers(-1, 4, n).astype(np.int32), ("a", "b", "c", "d")),
        })
    return out[0], out[1]


def _copy(columns: dict) -> dict:
    return {k: Coded(v.codes.copy(), v.values) if isinstance(v, Coded) else v.copy()
            for k, v in columns.items()}


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_ref=st.integers(1, 3000), n_cur=st.integers(1, 3000))
def test_consuming_gives_the_same_records_and_uses_the_tables_up(seed: int, n_ref: int,
                                                                n_cur: int) -> None:
    ref, cur = _pair(seed, n_ref, n_cur)
    kept_ref, kept_cur = _table(_copy(ref)), _table(_copy(cur))
    expected = drift_table(kept_ref, kept_cur).to_dict()
    # the copying path leaves its tables as they were
    for name, values in ref.items():
        if isinstance(values, Coded):
            assert np.array_equal(kept_ref.coded[name].codes, values.codes)
        else:
            assert np.array_equal(kept_ref[name], values, equal_nan=True)
    used_ref, used_cur = _table(_copy(ref)), _table(_copy(cur))
    result = drift_table(used_ref, used_cur, consume=True)
    assert result.to_dict() == expected
    compared = set(result.kinds)
    assert compared and compared.isdisjoint({*used_ref.columns, *used_cur.columns})
    assert compared.isdisjoint({*used_ref.coded, *used_cur.coded})
    # a column left out (text, too many distinct values) stays where it was
    assert {*ref} - compared <= {*used_ref.columns}


def test_the_same_table_on_both_sides() -> None:
    ref, _ = _pair(7, 500, 1)
    table = _table(_copy(ref))
    expected = drift_table(_table(_copy(ref)), _table(_copy(ref))).to_dict()
    assert drift_table(table, table, consume=True).to_dict() == expected


def test_clean_numeric_shares_memory_only_when_given_the_array() -> None:
    finite = np.linspace(-1.0, 1.0, 11)
    values, missing, _ = clean_numeric(finite)
    assert missing == 0 and not np.shares_memory(values, finite)
    values.sort()  # the caller may sort what it gets
    assert finite[0] == -1.0
    values, missing, _ = clean_numeric(finite, own=True)
    assert missing == 0 and np.shares_memory(values, finite)
    with_nan = np.array([1.0, np.nan, -np.inf, 2e50, 3.0])
    values, missing, _ = clean_numeric(with_nan, own=True)
    assert missing == 3 and values.tolist() == [1.0, 3.0]
    ints = np.arange(5)
    values, _, _ = clean_numeric(ints)
    assert values.dtype == np.float64 and not np.shares_memory(values, ints)


def test_consuming_holds_one_column_of_work_without_copies() -> None:
    """Traced peak of the statistics over four numeric columns of 200,000 distinct values
    per sample, in units of one sample (8 bytes x 200,000): about 8.2 when the samples are
    sorted where they lie; copying each sample first makes it about 10.2, and two columns
    in flight (the copying path's threads) about 18."""
    n = 200_000
    rng = np.random.default_rng(1)
    ref, cur = ({f"c{i}": rng.normal(shift, 1.0 + i, n) for i in range(4)}
                for shift in (0.0, 0.1))
    reference, current = _table(ref), _table(cur)
    del ref, cur
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        drift_table(reference, current, consume=True)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert peak < 9.2 * 8 * n, peak / (8 * n)
