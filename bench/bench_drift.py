"""How fast is `lmspack drift`? Ratios against a plain numpy/scipy baseline, same run.

Seeded synthetic data (seed 12345): reference and current CSVs of N rows each (default
1,000,000), 10 numerical columns (one with 20 % / 10 % missing, one integer-valued
with per-value bins, one with heavy ties) and 5 categorical ones (one binary, one with
a category seen only in current). Every variant reads the same files with the same
reader (``lmspack.stats.table.read_csv``) and computes the full panel (numerical: PSI,
KL, JS, Wasserstein, K-S; categorical: PSI, KL, JS, chi-square, plus z when binary):

* ``read``      - reading both CSVs only, one after the other;
* ``lmspack``   - ``read_csvs`` (both files at once) then ``drift_table`` (default
  worker threads): lmspack end to end from CSV;
* ``lmspack-1`` - ``read_csv`` twice then ``drift_table(workers=1)``: no threads
  anywhere, so the gain is purely algorithmic;
* ``baseline``  - ``read_csv`` twice, then the obvious column-by-column code: per
  method its own ``np.histogram_bin_edges``/``np.histogram`` or ``np.unique`` counts,
  then ``ks_2samp``, ``wasserstein_distance``, ``chisquare``, ``entropy``,
  ``jensenshannon``.

Each variant runs in its own process (so its peak RSS is its own) and repeats R times;
times are medians. The baseline's numbers are checked against lmspack's.

Usage: python bench/bench_drift.py [--rows N] [--repeat R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from lmspack.stats.drift import METHODS, drift_table, panel_methods  # noqa: E402
from lmspack.stats.table import Table, read_csv, read_csvs  # noqa: E402

SEED = 12345
_WRITE_ROWS = 100_000
VARIANTS = ("read", "lmspack", "lmspack-1", "baseline")


# --- data ----------------------------------------------------------------------------


def make_data(folder: Path, rows: int) -> tuple[Path, Path]:
    """Write reference.csv and current.csv; the current sample is mildly shifted."""
    rng = np.random.default_rng(SEED)
    paths = []
    for name, shift in (("reference", 0.0), ("current", 1.0)):
        numeric = _numeric_columns(rng, rows, shift)
        categorical = _categorical_columns(rng, rows, shift)
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([*numeric, *categorical])
            for lo in range(0, rows, _WRITE_ROWS):  # text for one chunk at a time
                cells = [_number_texts(x[lo : lo + _WRITE_ROWS]) for x in numeric.values()]
                cells += [c[lo : lo + _WRITE_ROWS].tolist() for c in categorical.values()]
                writer.writerows(zip(*cells, strict=True))
        paths.append(path)
    return paths[0], paths[1]


def _number_texts(x: np.ndarray) -> list[str]:
    return ["" if math.isnan(v) else repr(v) for v in np.round(x, 6).tolist()]


def _numeric_columns(rng: np.random.Generator, n: int, s: float) -> dict[str, np.ndarray]:
    mixed = rng.random(n) < 0.3 + 0.05 * s
    columns = {
        "normal": rng.normal(0.05 * s, 1.0, n),
        "with_nan": rng.normal(10.0, 2.0 + 0.1 * s, n),
        "lognormal": rng.lognormal(3.0 + 0.1 * s, 1.0, n),
        "exponential": rng.exponential(1.0 + 0.05 * s, n),
        "uniform": rng.uniform(0.0, 1.0 + 0.02 * s, n),
        "poisson": rng.poisson(3.0 + 0.2 * s, n).astype(float),
        "money": np.round(rng.normal(1000.0, 300.0, n), 2),
        "student": rng.standard_t(4, n) + 0.03 * s,
        "mixture": np.where(mixed, rng.normal(5, 1, n), rng.normal(0, 1, n)),
        "coarse": np.round(rng.normal(0.0, 1.0, n), 1),
    }
    columns["with_nan"][rng.random(n) < (0.2 if s == 0 else 0.1)] = np.nan
    return columns


def _categorical_columns(rng: np.random.Generator, n: int, s: float) -> dict[str, np.ndarray]:
    def pick(labels: list[str], weights: list[float]) -> np.ndarray:
        p = np.array(weights) / np.sum(weights)
        return np.array(labels, dtype=object)[rng.choice(len(labels), n, p=p)]

    many = [f"c{i:03d}" for i in range(50)]
    return {
        "colour": pick(["red", "green", "blue", "amber"], [1, 1, 1, 1 + 0.1 * s]),
        "plan": pick([f"p{i}" for i in range(12)], [1 / (i + 1) for i in range(12)]),
        "churned": pick(["yes", "no"], [1, 4 - 0.2 * s]),
        "channel": pick(["web", "app", "store", "phone", "mail", "new"], [5, 4, 3, 2, 1, s]),
        "region": pick(many, [1 + (i % 7) for i in range(50)]),
    }


# --- the straightforward baseline ----------------------------------------------------


def baseline(
    reference: Table, current: Table, kinds: dict[str, str]
) -> dict[tuple[str, str], float]:
    """The obvious implementation: each method bins or counts for itself."""
    scores: dict[tuple[str, str], float] = {}
    for name, kind in kinds.items():
        if kind == "numerical":
            r, c = reference[name], current[name]
            r, c = r[np.isfinite(r)], c[np.isfinite(c)]
            scores |= {(name, m): v for m, v in _baseline_numeric(r, c).items()}
        else:
            r, c = reference[name], current[name]
            r, c = r[r != None], c[c != None]  # noqa: E711 (elementwise on object arrays)
            scores |= {(name, m): v for m, v in _baseline_categorical(r, c).items()}
    return scores


def _baseline_numeric(r: np.ndarray, c: np.ndarray) -> dict[str, float]:
    from scipy import stats
    from scipy.spatial import distance

    out = {}
    for method in ("psi", "kl_div", "jensenshannon"):
        rp, cp = _baseline_shares(r, c, numeric=True)
        out[method] = _binned_value(method, rp, cp)
    out["wasserstein"] = float(stats.wasserstein_distance(r, c)) / max(float(np.std(r)), 0.001)
    out["ks"] = float(stats.ks_2samp(r, c).pvalue)
    del distance
    return out


def _baseline_categorical(r: np.ndarray, c: np.ndarray) -> dict[str, float]:
    from scipy import stats

    out = {}
    for method in ("psi", "kl_div", "jensenshannon"):
        rp, cp = _baseline_shares(r, c, numeric=False)
        out[method] = _binned_value(method, rp, cp)
    keys, rc, cc = _baseline_counts(r, c)
    f_exp = rc * (len(c) / len(r))
    if np.any((f_exp == 0) & (cc > 0)):
        out["chisquare"] = 0.0
    else:
        out["chisquare"] = float(stats.chisquare(cc, f_exp).pvalue)
    if len(keys) == 2:
        p1, p2 = 1 - rc[0] / len(r), 1 - cc[0] / len(c)
        pooled = (p1 * len(r) + p2 * len(c)) / (len(r) + len(c))
        z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / len(r) + 1 / len(c)))
        out["z"] = float(2 * (1 - stats.norm.cdf(abs(z))))
    return out


def _baseline_counts(r: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ru, rn = np.unique(r, return_counts=True)
    cu, cn = np.unique(c, return_counts=True)
    keys = np.union1d(ru, cu)
    rd, cd = (
        dict(zip(ru.tolist(), rn.tolist(), strict=True)),
        dict(zip(cu.tolist(), cn.tolist(), strict=True)),
    )
    rc = np.array([rd.get(k, 0) for k in keys.tolist()], dtype=float)
    cc = np.array([cd.get(k, 0) for k in keys.tolist()], dtype=float)
    return keys, rc, cc


def _baseline_shares(r: np.ndarray, c: np.ndarray, numeric: bool) -> tuple[np.ndarray, np.ndarray]:
    if numeric and len(np.unique(r)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges")
        return np.histogram(r, edges)[0] / len(r), np.histogram(c, edges)[0] / len(c)
    _, rc, cc = _baseline_counts(r, c)
    return rc / len(r), cc / len(c)


def _binned_value(method: str, r: np.ndarray, c: np.ndarray) -> float:
    from scipy import stats
    from scipy.spatial import distance

    if method == "jensenshannon":
        return float(distance.jensenshannon(r, c))
    r, c = _smooth(r), _smooth(c)
    if method == "kl_div":
        return float(stats.entropy(r, c))
    return float(np.sum((r - c) * np.log(r / c)))


def _smooth(p: np.ndarray) -> np.ndarray:
    m = p[p != 0].min()
    return np.where(p == 0, m / 1e6 if m <= 1e-4 else 1e-4, p)


# --- one variant per process ----------------------------------------------------------


def run_variant(variant: str, ref_path: Path, cur_path: Path, repeat: int) -> dict[str, Any]:
    """Time one variant ``repeat`` times; report medians, peak RSS and the scores."""
    reads, computes = [], []
    scores: dict[str, float] = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        if variant == "lmspack":
            reference, current = read_csvs([ref_path, cur_path])
        else:
            reference, current = read_csv(ref_path), read_csv(cur_path)
        t1 = time.perf_counter()
        if variant in ("lmspack", "lmspack-1"):
            result = drift_table(reference, current, workers=1 if variant == "lmspack-1" else None)
            scores = {
                f"{r.feature}/{r.method}": r.score
                for r in result.records
                if r.score is not None and METHODS[r.method].evidently
            }
        elif variant == "baseline":
            kinds = drift_table(reference, current, methods=["psi"], workers=1).kinds
            t1 = time.perf_counter()  # kind inference is not part of the baseline's work
            scores = {f"{f}/{m}": v for (f, m), v in baseline(reference, current, kinds).items()}
        t2 = time.perf_counter()
        reads.append(t1 - t0)
        computes.append(t2 - t1)
    return {
        "read": statistics.median(reads),
        "compute": statistics.median(computes),
        "total": statistics.median(r + c for r, c in zip(reads, computes, strict=True)),
        "runs": [round(r + c, 3) for r, c in zip(reads, computes, strict=True)],
        "peak_rss_mib": _peak_rss_mib(),
        "scores": scores,
    }


def _peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM).

    Not ``ru_maxrss``: Linux carries the forking parent's high-water mark into it at
    exec, so every child would report the data generator's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _spawn(variant: str, ref_path: Path, cur_path: Path, repeat: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--variant", variant, "--repeat", str(repeat)]
    command += ["--files", str(ref_path), str(cur_path)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout))


def _max_rel_diff(a: dict[str, float], b: dict[str, float]) -> tuple[float, int]:
    shared = sorted(set(a) & set(b))
    worst = max(abs(a[k] - b[k]) / max(1.0, abs(b[k])) for k in shared)
    return worst, len(shared)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the CSVs here and keep them")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--files", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, *args.files, args.repeat)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        ref_path, cur_path = make_data(folder, args.rows)
        size = (ref_path.stat().st_size + cur_path.stat().st_size) / 2**20
        print(
            f"data: 2 x {args.rows:,} rows x 15 columns, {size:.0f} MiB of CSV "
            f"(written in {time.perf_counter() - t0:.1f} s)"
        )
        results = {v: _spawn(v, ref_path, cur_path, args.repeat) for v in VARIANTS}
    _report(results, args.repeat)
    return 0


def _report(results: dict[str, dict[str, Any]], repeat: int) -> None:
    print(f"\nmedian of {repeat} runs, seconds; peak RSS of each variant's own process")
    print(f"{'variant':<11}{'read':>8}{'compute':>9}{'total':>8}{'peak MiB':>10}  runs (total)")
    for name, r in results.items():
        print(
            f"{name:<11}{r['read']:>8.2f}{r['compute']:>9.2f}{r['total']:>8.2f}"
            f"{r['peak_rss_mib']:>10.0f}  {r['runs']}"
        )
    base, lms, one = results["baseline"], results["lmspack"], results["lmspack-1"]
    print("\nbaseline / lmspack (higher is better for lmspack)")
    print(f"  compute only:                     {base['compute'] / lms['compute']:5.2f}x")
    print(f"  compute only, lmspack 1 thread:   {base['compute'] / one['compute']:5.2f}x")
    print(f"  end to end:                       {base['total'] / lms['total']:5.2f}x")
    print(f"  end to end, same serial reading:  {base['total'] / one['total']:5.2f}x")
    worst, n = _max_rel_diff(lms["scores"], base["scores"])
    same = lms["scores"] == one["scores"]
    print(
        f"agreement: {n} scores, max |lmspack - baseline| / max(1, |baseline|) = {worst:.1e}; "
        f"threads change nothing: {same}"
    )
    expected = sum(len(panel_methods("numerical", 0)) for _ in range(10)) + 4 * 5 + 1
    print(f"statistics per run: {expected} (10 x 5 numerical, 5 x 4 categorical, + z)")


if __name__ == "__main__":
    sys.exit(main())
