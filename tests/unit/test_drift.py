"""The drift engine: every statistic against scipy, the spec's edge cases and rules."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats
from scipy.spatial import distance

from lmspack.stats.drift import (
    EXTRAS,
    METHODS,
    PANEL,
    DriftRecord,
    category_label,
    column_drift,
    dataset_drift,
    default_method,
    drift_table,
    infer_kind,
    json_float,
    psi_severity,
)
from lmspack.stats.drift.binned import smooth
from lmspack.stats.table import read_csv

DRIFT = Path(__file__).resolve().parent.parent / "fixtures" / "drift"
NUMERIC_PANEL = ["psi", "kl_div", "jensenshannon", "wasserstein", "ks"]


def _by_method(records: list[DriftRecord]) -> dict[str, DriftRecord]:
    return {record.method: record for record in records}


def _num(ref: Any, cur: Any, methods: list[str] | None = None, **kw: Any) -> dict[str, DriftRecord]:
    return _by_method(column_drift("x", ref, cur, "numerical", methods=methods, **kw))


def _cat(ref: Any, cur: Any, methods: list[str] | None = None, **kw: Any) -> dict[str, DriftRecord]:
    return _by_method(column_drift("c", ref, cur, "categorical", methods=methods, **kw))


def _close(a: float | None, b: float, rel: float = 1e-9) -> bool:
    assert a is not None
    return abs(a - b) <= rel * max(1.0, abs(b))


def _samples(seed: int, n1: int, n2: int, discrete: bool = False) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    if discrete:  # many ties: the case where CDF evaluation order matters
        return rng.integers(0, 40, n1).astype(float), rng.integers(2, 45, n2).astype(float)
    return rng.normal(0.0, 1.0, n1), rng.standard_t(5, n2) * 1.1 + 0.05


# --- every statistic against the scipy function beneath it ---------------------------

KS_SIZES = [
    (50, 70, False),
    (891, 418, False),
    (3000, 3000, True),
    (9999, 10000, False),  # still exact in scipy's auto mode
    (12000, 9000, False),  # asymptotic
    (20000, 15000, True),  # asymptotic with ties
]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("n1", "n2", "discrete"), KS_SIZES)
def test_ks_matches_ks_2samp(seed: int, n1: int, n2: int, discrete: bool) -> None:
    ref, cur = _samples(seed, n1, n2, discrete)
    record = _num(ref, cur, ["ks"])["ks"]
    expected = stats.ks_2samp(ref, cur)
    assert _close(record.statistic, float(expected.statistic), 1e-12)
    assert _close(record.p_value, float(expected.pvalue), 1e-9)
    assert record.score == record.p_value
    assert record.note == ("exact p-value" if max(n1, n2) <= 10000 else "asymptotic p-value")


@pytest.mark.parametrize("seed", [4, 5])
@pytest.mark.parametrize(("n1", "n2", "discrete"), KS_SIZES)
def test_wasserstein_matches_scipy(seed: int, n1: int, n2: int, discrete: bool) -> None:
    ref, cur = _samples(seed, n1, n2, discrete)
    record = _num(ref, cur, ["wasserstein"])["wasserstein"]
    expected = stats.wasserstein_distance(ref, cur) / max(float(np.std(ref)), 0.001)
    assert _close(record.statistic, expected, 1e-12)


def _numpy_shares(ref: Any, cur: Any) -> tuple[Any, Any]:
    edges = np.histogram_bin_edges(np.concatenate((ref, cur)), bins="sturges")
    return np.histogram(ref, edges)[0] / len(ref), np.histogram(cur, edges)[0] / len(cur)


@pytest.mark.parametrize("seed", [6, 7, 8])
@pytest.mark.parametrize(("n1", "n2"), [(891, 418), (5000, 7000), (30, 25)])
def test_binned_statistics_match_numpy_and_scipy(seed: int, n1: int, n2: int) -> None:
    ref, cur = _samples(seed, n1, n2)
    cur[:3] = [40.0, 41.0, 42.0]  # far outliers empty the middle bins of the reference
    r, c = _numpy_shares(ref, cur)
    records = _num(ref, cur, ["psi", "kl_div", "jensenshannon"])
    r_s, c_s = _independent_smooth(r), _independent_smooth(c)
    assert _close(records["psi"].statistic, float(np.sum((r_s - c_s) * np.log(r_s / c_s))))
    assert _close(records["kl_div"].statistic, float(stats.entropy(r_s, c_s)))
    assert _close(records["jensenshannon"].statistic, float(distance.jensenshannon(r, c)))
    bins = records["psi"].bins
    assert bins is not None and len(bins) == len(r)
    assert [b.ref_share for b in bins] == r.tolist()
    assert [b.cur_share_smoothed for b in bins] == c_s.tolist()


def _independent_smooth(shares: Any) -> Any:
    m = min(s for s in shares if s > 0)
    eps = m / 1e6 if m <= 1e-4 else 1e-4
    return np.array([eps if s == 0 else s for s in shares])


@pytest.mark.parametrize("seed", [9, 10, 11])
def test_chisquare_matches_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels = np.array(["a", "b", "c", "d", "e"], dtype=object)
    ref = labels[rng.choice(5, 700, p=[0.3, 0.3, 0.2, 0.15, 0.05])]
    cur = labels[rng.choice(5, 400, p=[0.25, 0.3, 0.25, 0.1, 0.1])]
    record = _cat(ref, cur, ["chisquare"])["chisquare"]
    obs = [int(np.sum(cur == k)) for k in labels]
    exp = [int(np.sum(ref == k)) * 400 / 700 for k in labels]
    expected = stats.chisquare(obs, exp)
    assert _close(record.statistic, float(expected.statistic))
    assert _close(record.p_value, float(expected.pvalue))


def test_chi2_homogeneity_matches_scipy_contingency() -> None:
    record = _cat(list("aaaaabbbbb"), list("aaaabbbbcc"), ["chi2_homogeneity"])["chi2_homogeneity"]
    table = [[5, 5, 0], [4, 4, 2]]
    expected = stats.chi2_contingency(table)
    assert _close(record.statistic, float(expected.statistic))
    assert _close(record.p_value, float(expected.pvalue))
    assert math.isfinite(record.statistic or math.nan)  # finite where chisquare says inf


def test_z_test_formula() -> None:
    record = _cat([0] * 60 + [1] * 40, [0] * 35 + [1] * 65, ["z"])["z"]
    p1, p2 = 0.4, 0.65
    pooled = (p1 * 100 + p2 * 100) / 200
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (2 / 100))
    assert _close(record.statistic, z, 1e-12)
    assert _close(record.p_value, 2 * (1 - stats.norm.cdf(abs(z))), 1e-12)


# --- the edge-case tables of spec §1.1 and §2.6 ---------------------------------------


def test_category_only_in_current() -> None:
    rec = _cat(
        list("aaaaabbbbb"), list("aaaabbbbcc"), ["psi", "kl_div", "jensenshannon", "chisquare", "z"]
    )
    assert round(rec["psi"].statistic or 0, 3) == 1.564
    assert round(rec["kl_div"].statistic or 0, 3) == 0.222
    assert round(rec["jensenshannon"].statistic or 0, 3) == 0.274
    assert rec["chisquare"].statistic == math.inf and rec["chisquare"].p_value == 0.0
    assert rec["chisquare"].drift_detected is True
    assert round(rec["z"].p_value or 0, 3) == 0.653 and rec["z"].drift_detected is False
    assert "new category 'c' (20% of current)" in (rec["psi"].note or "")
    assert "only in current" in (rec["chisquare"].note or "")


def test_category_only_in_reference() -> None:
    rec = _cat(
        list("aaaaabbbbbcc"), list("aaaabbbb"), ["psi", "kl_div", "jensenshannon", "chisquare", "z"]
    )
    assert round(rec["psi"].statistic or 0, 3) == 1.266
    assert round(rec["kl_div"].statistic or 0, 3) == 1.085
    assert round(rec["jensenshannon"].statistic or 0, 3) == 0.248
    assert round(rec["chisquare"].p_value or 0, 3) == 0.449
    assert round(rec["z"].p_value or 0, 3) == 0.714
    assert "'c' absent from current" in (rec["kl_div"].note or "")


def test_constant_feature_same_value() -> None:
    rec = _num([3.5] * 20, [3.5] * 15)
    for name in ("psi", "kl_div", "jensenshannon", "wasserstein"):
        assert rec[name].statistic == 0.0 and rec[name].drift_detected is False
    assert rec["ks"].p_value == 1.0
    cat = _cat(["a"] * 10, ["a"] * 7, ["chisquare", "z"])
    assert math.isnan(cat["chisquare"].p_value or 0.0)
    assert cat["chisquare"].drift_detected is False
    assert cat["chisquare"].note == "n/a (single category): chi-square has no degrees of freedom"
    assert cat["z"].p_value == 1.0 and cat["z"].statistic is None


def test_constant_feature_different_values() -> None:
    rec = _num([1.0] * 20, [2.0] * 20)
    psi = 2 * (1 - 1e-4) * math.log(1e4)
    assert _close(rec["psi"].statistic, psi, 1e-12) and round(psi, 2) == 18.42
    assert round(rec["kl_div"].statistic or 0, 2) == 9.21
    assert _close(rec["jensenshannon"].statistic, math.sqrt(math.log(2)), 1e-12)
    assert rec["wasserstein"].statistic == 1000.0
    assert (
        rec["wasserstein"].note == "reference has zero variance: the distance is divided by 0.001"
    )
    assert (rec["ks"].p_value or 1) < 1e-10
    assert all(r.drift_detected for r in rec.values())
    cat = _cat(["a"] * 10, ["b"] * 10, ["chisquare", "z"])
    assert cat["chisquare"].p_value == 0.0 and cat["z"].drift_detected is True


def test_insufficient_data_rows() -> None:
    rec = _num([math.nan, math.inf, -math.inf], [1.0, 2.0])
    assert set(rec) == set(NUMERIC_PANEL)
    for record in rec.values():
        assert record.status == "insufficient_data"
        assert record.statistic is None and record.score is None and record.drift_detected is None
        assert record.n_missing_reference == 3 and record.n_current == 2
        assert record.note == "no non-missing values in reference: nothing to compare"
    cat = _cat([None, math.nan], [], ["chisquare"])["chisquare"]
    assert cat.status == "insufficient_data"
    assert cat.note == "no non-missing values in reference and current: nothing to compare"


def test_not_applicable_rows() -> None:
    num = _num([1.0, 2.0, 3.0], [2.0, 3.0], ["chisquare", "z"])
    cat = _cat(list("ab"), list("ba"), ["wasserstein", "ks", "psi_deciles"])
    for record in [*num.values(), *cat.values()]:
        assert record.status == "not_applicable"
        assert record.statistic is None and record.drift_detected is None


def test_missing_values_are_counted_and_dropped() -> None:
    ref = np.array([1.0, np.nan, 2.0, np.inf, 3.0] * 10)
    cur = np.array([1.5, 2.5, np.nan] * 10)
    record = _num(ref, cur, ["wasserstein"])["wasserstein"]
    assert (record.n_reference, record.n_missing_reference) == (30, 20)
    assert (record.n_current, record.n_missing_current) == (20, 10)
    clean_r, clean_c = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
    expected = stats.wasserstein_distance(clean_r, clean_c) / np.std(clean_r)
    assert _close(record.statistic, float(expected), 1e-12)


def test_declared_numerical_column_with_text_values() -> None:
    ref = np.array(["1", "2", "x", None, "3.5"] * 10, dtype=object)
    record = _num(ref, [1.0, 2.0, 3.0] * 5, ["wasserstein"])["wasserstein"]
    assert (record.n_reference, record.n_missing_reference) == (30, 20)
    assert record.note == "non-numeric values treated as missing: 10 in reference, 0 in current"
    expected = stats.wasserstein_distance([1, 2, 3.5] * 10, [1.0, 2.0, 3.0] * 5)
    assert _close(record.statistic, expected / float(np.std([1, 2, 3.5])), 1e-12)


# --- binning -----------------------------------------------------------------------


def test_sturges_bins_for_titanic_sizes() -> None:
    ref, cur = _samples(12, 891, 891)
    bins = _num(ref, cur, ["psi"])["psi"].bins
    assert bins is not None and len(bins) == 12  # ceil(log2(1782) + 1)
    assert bins[0].label.startswith("[") and bins[-1].label.endswith("]")
    ref, cur = _samples(13, 5000, 5000)
    assert len(_num(ref, cur, ["psi"])["psi"].bins or ()) == 15


def test_at_most_20_distinct_reference_values_get_one_bin_per_value() -> None:
    ref = np.arange(20.0).repeat(3)
    cur = np.array([0.0, 1.0, 25.0, 25.0])  # 25 is only in current: its own bin
    record = _num(ref, cur, ["psi"])["psi"]
    assert record.bins is not None
    assert [b.label for b in record.bins] == [str(i) for i in range(20)] + ["25"]
    assert record.bins[-1].ref_share == 0.0 and record.bins[-1].cur_share == 0.5
    assert record.note == "one bin per value (at most 20 distinct reference values)"
    more = np.arange(21.0).repeat(3)
    assert len(_num(more, cur, ["psi"])["psi"].bins or ()) == math.ceil(math.log2(67) + 1)


def test_smoothing_rule() -> None:
    assert smooth(np.array([0.5, 0.5, 0.0])).tolist() == [0.5, 0.5, 1e-4]
    tiny = np.array([0.99995, 0.00005, 0.0])
    assert smooth(tiny).tolist() == [0.99995, 0.00005, 0.00005 / 1e6]


def test_psi_deciles_variant() -> None:
    ref = read_csv(DRIFT / "titanic_reference.csv")["fare"]
    cur = read_csv(DRIFT / "titanic_current_drifted.csv")["fare"]
    rec = _num(ref, cur, ["psi", "psi_deciles"])
    deciles = rec["psi_deciles"]
    assert METHODS["psi_deciles"].label == "PSI (decile bins)" and "psi_deciles" in EXTRAS
    assert deciles.bins is not None and len(deciles.bins) <= 10
    assert deciles.bins[0].edge_lo == -math.inf and deciles.bins[-1].edge_hi == math.inf
    assert deciles.bins[0].to_dict()["edge_lo"] == "-inf"
    assert (deciles.statistic or 0) > (rec["psi"].statistic or 0)  # Sturges hides the shift
    assert sum(b.ref_share for b in deciles.bins) == pytest.approx(1.0)
    # Deciles of 95 ones and 5 twos are all 1 except the maximum: too few bins left.
    ties = _num([1.0] * 95 + [2.0] * 5, [1.0] * 30 + [3.0] * 20, ["psi_deciles"])
    assert [b.label for b in ties["psi_deciles"].bins or ()] == ["1", "2", "3"]


# --- categories, kinds, methods, thresholds -------------------------------------------


def test_category_normalisation() -> None:
    assert category_label(1) == category_label(1.0) == category_label("1") == "1"
    assert category_label(2.5) == category_label("2.5") == "2.5"
    assert category_label(None) is None and category_label(float("nan")) is None
    assert category_label("nan") == "nan" and category_label(" a ") == " a "
    as_floats = _cat(np.array([1.0, 2.0, 2.0]), np.array([1.0, 2.0]), ["psi"])["psi"]
    as_mixed = _cat(
        np.array([1, "2", 2.0], dtype=object), np.array(["1", 2], dtype=object), ["psi"]
    )
    assert as_floats.statistic == as_mixed["psi"].statistic
    assert [b.label for b in as_floats.bins or ()] == ["1", "2"]


def test_infer_kind() -> None:
    assert infer_kind(np.array([1.0, 2.0, 3.0, np.nan])) == "categorical"
    assert infer_kind(np.arange(11.0)) == "numerical"
    assert infer_kind(np.array([1.5, 2.0])) == "numerical"
    assert infer_kind(np.array([True, False])) == "categorical"
    assert infer_kind(np.array(["a", "b", "a", "b", None], dtype=object)) == "categorical"
    assert infer_kind(np.array(["a", "b", "c", "a"], dtype=object)) == "text"
    assert infer_kind(np.array([np.nan, np.nan])) == "numerical"
    assert infer_kind(np.array([None, None], dtype=object)) == "categorical"


def test_default_method_table() -> None:
    assert default_method("numerical", 1000, 6) == "ks"
    assert default_method("numerical", 1000, 5) == "chisquare"
    assert default_method("numerical", 1000, 2) == "z"
    assert default_method("categorical", 891, 3) == "chisquare"
    assert default_method("categorical", 891, 2) == "z"
    assert default_method("numerical", 1001, 6) == "wasserstein"
    assert default_method("numerical", 1001, 5) == "jensenshannon"
    assert default_method("categorical", 1001, 2) == "jensenshannon"


def test_panels_and_registry() -> None:
    assert list(_num([1.0, 2.0], [2.0, 3.0])) == list(PANEL["numerical"])
    assert list(_cat(list("abc"), list("abc"))) == list(PANEL["categorical"])
    assert list(_cat(list("ab"), list("ab"))) == [*PANEL["categorical"], "z"]
    comparisons = {name: spec.comparison for name, spec in METHODS.items()}
    assert comparisons["ks"] == "<=" and comparisons["chisquare"] == comparisons["z"] == "<"
    assert all(comparisons[m] == ">=" for m in ("psi", "kl_div", "jensenshannon", "wasserstein"))
    with pytest.raises(ValueError, match="unknown drift method"):
        column_drift("x", [1.0], [1.0], "numerical", methods=["hellinger"])


def test_threshold_operators_at_the_boundary() -> None:
    ref, cur = _samples(14, 200, 150)
    p = _num(ref, cur, ["ks"])["ks"].p_value
    assert p is not None
    assert _num(ref, cur, ["ks"], thresholds={"ks": p})["ks"].drift_detected is True  # p <= thr
    counts = _cat(list("aaaaabbbbbcc"), list("aaaabbbb"), ["chisquare"])["chisquare"]
    chi_p = counts.p_value
    assert chi_p is not None
    same = _cat(
        list("aaaaabbbbbcc"), list("aaaabbbb"), ["chisquare"], thresholds={"chisquare": chi_p}
    )
    assert same["chisquare"].drift_detected is False  # strict p < thr
    psi = _num(ref, cur, ["psi"])["psi"].statistic
    assert psi is not None
    at = _num(ref, cur, ["psi"], thresholds={"psi": psi})["psi"]
    assert at.drift_detected is True and at.threshold == psi  # value >= thr


def test_psi_severity() -> None:
    assert [psi_severity(v) for v in (0.0999, 0.1, 0.2499, 0.25)] == [
        "stable", "moderate", "moderate", "major"
    ]  # fmt: skip
    assert _num([1.0] * 5, [2.0] * 5, ["psi"])["psi"].severity == "major"
    assert _num([1.0] * 5, [2.0] * 5, ["kl_div"])["kl_div"].severity is None


# --- output shape ------------------------------------------------------------------


def test_records_are_strict_json() -> None:
    records = [
        *column_drift("c", list("aaaaabbbbb"), list("aaaabbbbcc"), "categorical", ["chisquare"]),
        *column_drift("c", ["a"] * 3, ["a"] * 3, "categorical", ["chisquare"]),
        *column_drift("x", [], [1.0], "numerical"),
    ]
    payload = json.loads(json.dumps([r.to_dict() for r in records], allow_nan=False))
    assert payload[0]["statistic"] == "inf" and payload[0]["p_value"] == 0.0
    assert payload[1]["p_value"] is None and payload[1]["drift_detected"] is False
    assert payload[2]["status"] == "insufficient_data" and payload[2]["bins"] is None
    # the engine's JSON leaves out the structured note parts; the widget's result has them
    assert set(payload[0]) == set(DriftRecord.__dataclass_fields__) - {"note_parts"}
    documents = json.loads(json.dumps([r.to_document() for r in records], allow_nan=False))
    assert set(documents[0]) == set(DriftRecord.__dataclass_fields__)
    assert documents[0]["note_parts"][0]["params"]["categories"] == ["c"]
    assert [json_float(v) for v in (math.nan, math.inf, -math.inf, 0.1)] == [
        None,
        "inf",
        "-inf",
        0.1,
    ]


def test_full_precision_floats_round_trip() -> None:
    ref, cur = _samples(15, 300, 200)
    record = _num(ref, cur, ["wasserstein"])["wasserstein"]
    assert json.loads(json.dumps(record.to_dict()))["statistic"] == record.statistic


# --- tables and the dataset verdict --------------------------------------------------


def test_drift_table_on_titanic() -> None:
    ref = read_csv(DRIFT / "titanic_reference.csv")
    cur = read_csv(DRIFT / "titanic_current_drifted.csv")
    result = drift_table(ref, cur, workers=1)
    assert result.kinds == {
        "pclass": "categorical", "sex": "categorical", "age": "numerical",
        "sibsp": "categorical", "parch": "categorical", "fare": "numerical",
        "embarked": "categorical", "survived": "categorical",
    }  # fmt: skip
    assert result.skipped == ()
    fare = {r.method: r for r in result.records if r.feature == "fare"}
    assert list(fare) == NUMERIC_PANEL and fare["ks"].drift_detected is True
    sex = [r.method for r in result.records if r.feature == "sex"]
    assert sex == [*PANEL["categorical"], "z"]
    assert result.dataset["deciding_method"] == {
        "pclass": "chisquare", "sex": "z", "age": "ks", "sibsp": "chisquare",
        "parch": "chisquare", "fare": "ks", "embarked": "chisquare", "survived": "z",
    }  # fmt: skip
    assert result.dataset["drifted_features"] == ["fare"]
    assert result.dataset["dataset_drift"] is False
    threaded = drift_table(ref, cur, workers=3)
    assert json.dumps(threaded.to_dict(), allow_nan=False) == json.dumps(result.to_dict())


def test_drift_table_skips_text_and_unshared_columns(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(
        "name,grade,only_r\n" + "".join(f"n{i},{i % 3},1\n" for i in range(9))
    )
    (tmp_path / "c.csv").write_text(
        "name,grade,only_c\n" + "".join(f"m{i},{i % 2},1\n" for i in range(9))
    )
    result = drift_table(read_csv(tmp_path / "r.csv"), read_csv(tmp_path / "c.csv"))
    reasons = {s.name: s.reason for s in result.skipped}
    assert reasons["name"].startswith("inferred as text: 9 distinct values among 9")
    assert reasons["only_r"] == "not in the current table"
    assert reasons["only_c"] == "not in the reference table"
    assert result.kinds == {"grade": "categorical"}
    declared = drift_table(
        read_csv(tmp_path / "r.csv"), read_csv(tmp_path / "c.csv"),
        columns=["grade"], methods=["psi"], kinds={"grade": "numerical"},
    )  # fmt: skip
    assert [(r.feature, r.method, r.kind) for r in declared.records] == [
        ("grade", "psi", "numerical")
    ]
    assert declared.dataset["deciding_method"] == {"grade": "psi"}


def test_dataset_drift_share_and_undecided() -> None:
    drifted = column_drift("a", [1.0] * 5, [2.0] * 5, "numerical", ["ks"])
    stable = column_drift("b", [1.0, 2.0, 3.0] * 5, [1.0, 2.0, 3.0] * 5, "numerical", ["ks"])
    empty = column_drift("c", [], [1.0], "numerical", ["ks"])
    summary = dataset_drift(
        [*drifted, *stable, *empty], method_per_feature={"a": "ks", "b": "ks", "c": "ks"}
    )
    assert summary["n_features"] == 2 and summary["n_drifted"] == 1
    assert summary["share_drifted"] == 0.5 and summary["dataset_drift"] is True  # share >= 0.5
    assert summary["undecided_features"] == ["c"]
    strict = dataset_drift(
        [*drifted, *stable], drift_share=0.51, method_per_feature={"a": "ks", "b": "ks"}
    )
    assert strict["dataset_drift"] is False


@pytest.mark.parametrize(("n", "n_d_squared"),
                         [(20_000, 2.2), (20_000, 300.0), (300_000, 3.0), (300_000, 60.0),
                          (300_000, 250.0)])
def test_the_vectorised_smirnov_tail_matches_scipy(n: int, n_d_squared: float) -> None:
    from scipy import special

    from lmspack.stats.drift.kstail import kstwo_sf, smirnov_sf

    d = (n_d_squared / n) ** 0.5
    expected = float(special.smirnov(n, d))
    assert expected > 0 and abs(smirnov_sf(n, d) - expected) <= 1e-11 * expected
    scipy_sf = float(stats.kstwo.sf(d, n))
    assert abs(kstwo_sf(d, n) - scipy_sf) <= 1e-11 * scipy_sf
