"""`lmspack drift` on two CSV files against reading them with polars, pyarrow, and Evidently.

Row 6 of issue 12's table. Seeded synthetic data (seed 12345): reference and current CSVs
of N rows each, 10 numerical columns (one with 20 % / 10 % missing, one integer-valued
with per-value bins, one with heavy ties) and 5 categorical ones (one binary, one with a
category seen only in current). Each of these runs in its own process, so its peak RSS
(VmHWM) is its own, R times (median):

* ``polars read``  - ``polars.read_csv`` of both files (the floor);
* ``pyarrow read`` - ``pyarrow.csv.read_csv`` of both files (for comparison);
* ``lmspack drift`` - ``python -m lmspack drift REF CUR --format json`` as a whole
  process: start-up, reading, the full panel (71 statistics), JSON output;
* ``Evidently``    - Evidently 0.7.23's ``Report([DataDriftPreset()])`` on
  ``pandas.read_csv`` of both files, in its own virtual environment (it needs pandas<3),
  created on first use like ``scripts/drift_oracle.py`` does. Slow: ``--skip-evidently``.

Goals: lmspack <= 4x the polars read (so >= 20x faster than Evidently); peak memory
<= 2x the data in memory (both tables as 8-byte cells: N x 15 x 8 x 2 bytes).

Usage: python bench/bench_drift.py [--rows N] [--repeat R] [--skip-evidently] [--keep DIR]
(the default, 200,000 rows, is a quick run; issue 12's row is --rows 1000000), or
python bench/bench_drift.py --growth [--sizes 1000000 10000000] [--tmp DIR] [--repeat R]:
the floor and lmspack at two sizes, and how wall time, CPU time and peak grow between them
(each size's CSVs are written in chunks, measured, then deleted; 10M rows are ~2 GB).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, Run, measure, report, save, verdict

SEED = 12345
CHUNK_ROWS = 100_000
EVIDENTLY = "evidently==0.7.23"

POLARS_READ = """
import sys, polars
for path in sys.argv[1:]:
    polars.read_csv(path)
"""
PYARROW_READ = """
import sys
import pyarrow.csv
for path in sys.argv[1:]:
    pyarrow.csv.read_csv(path)
"""
EVIDENTLY_RUN = """
import sys
import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset
reference, current = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
Report([DataDriftPreset()]).run(current_data=current, reference_data=reference)
"""


# --- data ----------------------------------------------------------------------------


def make_data(folder: Path, rows: int) -> tuple[Path, Path]:
    """Write reference.csv and current.csv; the current sample is mildly shifted.

    Streamed: ``CHUNK_ROWS`` rows at a time, each column drawn from its own random stream
    (spawned from ``SEED``), so memory does not grow with ``rows``. The values depend on
    the chunk size (some columns draw twice per chunk). polars writes the text (floats as
    their shortest round-trip form, missing values as empty cells).
    """
    import polars as pl

    paths = []
    for name, shift in (("reference", 0.0), ("current", 1.0)):
        streams = [np.random.default_rng(s) for s in
                   np.random.SeedSequence([SEED, int(shift)]).spawn(len(COLUMNS))]
        path = folder / f"{name}.csv"
        with path.open("wb") as handle:
            for lo in range(0, max(rows, 1), CHUNK_ROWS):
                n = min(CHUNK_ROWS, rows - lo)
                columns = {column: draw(rng, n, shift)
                           for (column, draw), rng in zip(COLUMNS.items(), streams, strict=True)}
                pl.DataFrame(columns).write_csv(handle, include_header=lo == 0,
                                                line_terminator="\n")
        paths.append(path)
    return paths[0], paths[1]


def _with_nan(rng: np.random.Generator, n: int, s: float) -> pl.Series:
    import polars as pl

    x = rng.normal(10.0, 2.0 + 0.1 * s, n)
    x[rng.random(n) < (0.2 if s == 0 else 0.1)] = np.nan
    return pl.Series(np.round(x, 6), nan_to_null=True)


def _mixture(rng: np.random.Generator, n: int, s: float) -> np.ndarray:
    mixed = rng.random(n) < 0.3 + 0.05 * s
    return np.where(mixed, rng.normal(5, 1, n), rng.normal(0, 1, n))


def _pick(labels: list[str], weights: list[float | Callable[[float], float]]) -> Draw:
    def draw(rng: np.random.Generator, n: int, s: float) -> np.ndarray:
        w = np.array([w(s) if callable(w) else w for w in weights], dtype=float)
        return np.array(labels, dtype=object)[rng.choice(len(labels), n, p=w / w.sum())]
    return draw


Draw = Callable[[np.random.Generator, int, float], Any]
_MANY = [f"c{i:03d}" for i in range(50)]

COLUMNS: dict[str, Draw] = {
    "normal": lambda rng, n, s: np.round(rng.normal(0.05 * s, 1.0, n), 6),
    "with_nan": _with_nan,
    "lognormal": lambda rng, n, s: np.round(rng.lognormal(3.0 + 0.1 * s, 1.0, n), 6),
    "exponential": lambda rng, n, s: np.round(rng.exponential(1.0 + 0.05 * s, n), 6),
    "uniform": lambda rng, n, s: np.round(rng.uniform(0.0, 1.0 + 0.02 * s, n), 6),
    "poisson": lambda rng, n, s: rng.poisson(3.0 + 0.2 * s, n).astype(float),
    "money": lambda rng, n, s: np.round(rng.normal(1000.0, 300.0, n), 2),
    "student": lambda rng, n, s: np.round(rng.standard_t(4, n) + 0.03 * s, 6),
    "mixture": lambda rng, n, s: np.round(_mixture(rng, n, s), 6),
    "coarse": lambda rng, n, s: np.round(rng.normal(0.0, 1.0, n), 1),
    "colour": _pick(["red", "green", "blue", "amber"], [1, 1, 1, lambda s: 1 + 0.1 * s]),
    "plan": _pick([f"p{i}" for i in range(12)], [1 / (i + 1) for i in range(12)]),
    "churned": _pick(["yes", "no"], [1, lambda s: 4 - 0.2 * s]),
    "channel": _pick(["web", "app", "store", "phone", "mail", "new"],
                     [5, 4, 3, 2, 1, lambda s: s]),
    "region": _pick(_MANY, [1 + (i % 7) for i in range(50)]),
}
"""The 15 columns: 10 numerical (one with 20 % / 10 % missing, one integer-valued with
per-value bins, one with heavy ties), 5 categorical (one binary, one with a category
seen only in current)."""


# --- the runs -------------------------------------------------------------------------


def evidently_python(venv: Path) -> str:
    """The Evidently venv's python, created (pip install) when missing."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv} with {EVIDENTLY} (once; takes a few minutes)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", EVIDENTLY, "pandas<3"],
                       check=True)
    return str(python)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-evidently", action="store_true")
    parser.add_argument("--evidently-venv", type=Path,
                        default=Path(tempfile.gettempdir()) / "lmspack-bench-evidently")
    parser.add_argument("--keep", type=Path, help="write the CSVs here and keep them")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--growth", action="store_true",
                        help="run two sizes (--sizes) and print how time and peak grow")
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000_000, 10_000_000],
                        metavar=("SMALL", "LARGE"), help="rows per file for --growth")
    parser.add_argument("--tmp", type=Path,
                        help="folder for the generated CSVs (10M rows: about 2 GB)")
    args = parser.parse_args()
    if args.growth:
        return growth(args.sizes, args.repeat, args.tmp, args.json)
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        ref, cur = folder / "reference.csv", folder / "current.csv"
        if not (ref.exists() and cur.exists() and args.keep):
            t0 = time.perf_counter()
            ref, cur = make_data(folder, args.rows)
            print(f"data written in {time.perf_counter() - t0:.1f} s")
        size = (ref.stat().st_size + cur.stat().st_size) / 2**20
        files = [str(ref), str(cur)]
        runs = [
            measure("floor: polars.read_csv, both files", ["-c", POLARS_READ, *files],
                    args.repeat),
            measure("pyarrow.csv.read_csv, both files", ["-c", PYARROW_READ, *files],
                    args.repeat),
            _measure_drift(files, args.repeat),
        ]
        if not args.skip_evidently:
            python = evidently_python(args.evidently_venv)
            runs.append(measure("Evidently 0.7.23 Report([DataDriftPreset()]) + pandas",
                                ["-c", EVIDENTLY_RUN, *files], 1, python=python))
    floor, ours = runs[0], runs[2]
    data_mib = _data_mib(args.rows)
    result = report(f"drift, 2 x {args.rows:,} rows x 15 columns ({size:.0f} MiB of CSV, "
                    f"{data_mib:.0f} MiB as 8-byte cells), median of {args.repeat}",
                    runs, floor)
    _verdicts(floor, ours, data_mib)
    if not args.skip_evidently:
        speedup = runs[3].seconds / ours.seconds
        verdict("vs Evidently", speedup >= 20, f"{speedup:.1f}x faster (goal >= 20x)")
    save(args.json, result)
    return 0


def growth(sizes: list[int], repeat: int, tmp: Path | None, json_path: Path | None) -> int:
    """The floor and lmspack at two sizes, each size's data made, measured and deleted in
    turn; prints how wall time, CPU time and peak grow from the small size to the large."""
    measured: list[tuple[int, Run, Run]] = []
    results = []
    for rows in sizes:
        folder = Path(tempfile.mkdtemp(prefix="lmspack-drift-", dir=tmp))
        try:
            t0 = time.perf_counter()
            ref, cur = make_data(folder, rows)
            size = (ref.stat().st_size + cur.stat().st_size) / 2**20
            print(f"{rows:,} rows: {size:,.0f} MiB of CSV written in "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
            files = [str(ref), str(cur)]
            floor = measure("floor: polars.read_csv, both files", ["-c", POLARS_READ, *files],
                            repeat)
            ours = _measure_drift(files, repeat)
        finally:
            shutil.rmtree(folder)
        data_mib = _data_mib(rows)
        results.append(report(f"drift, 2 x {rows:,} rows x 15 columns ({size:,.0f} MiB of "
                              f"CSV, {data_mib:,.0f} MiB as 8-byte cells), median of {repeat}",
                              [floor, ours], floor))
        _verdicts(floor, ours, data_mib)
        measured.append((rows, floor, ours))
    (small, floor_s, ours_s), (large, floor_l, ours_l) = measured
    factor = large / small
    print(f"\ngrowth from {small:,} to {large:,} rows per file ({factor:g}x the data)")
    print(f"  {'what':<40}{'wall':>9}{'cpu':>9}{'peak':>9}")
    for label, a, b in (("floor: polars.read_csv", floor_s, floor_l),
                        ("lmspack drift", ours_s, ours_l)):
        print(f"  {label:<40}{b.seconds / a.seconds:>8.2f}x{b.cpu_seconds / a.cpu_seconds:>8.2f}x"
              f"{b.peak_mib / a.peak_mib:>8.2f}x")
    ratio_s, ratio_l = ours_s.cpu_seconds / floor_s.cpu_seconds, \
        ours_l.cpu_seconds / floor_l.cpu_seconds
    print(f"  lmspack / floor, CPU time: {ratio_s:.2f}x at {small:,} rows, {ratio_l:.2f}x at "
          f"{large:,} (linear growth keeps this ratio; a quadratic step would multiply it)")
    save(json_path, {"growth": results})
    return 0


def _measure_drift(files: list[str], repeat: int) -> Run:
    return measure("python -m lmspack drift --format json (whole process)",
                   ["-m", "lmspack", "drift", *files, "--format", "json"], repeat,
                   cwd=REPO, expect=(0, 1))


def _data_mib(rows: int) -> float:
    return rows * 15 * 8 * 2 / 2**20


def _verdicts(floor: Run, ours: Run, data_mib: float) -> None:
    ratio = ours.seconds / floor.seconds
    cpu_ratio = ours.cpu_seconds / floor.cpu_seconds
    verdict("time", ratio <= 4, f"{ratio:.2f}x the polars read by wall time, {cpu_ratio:.2f}x "
            "by CPU time (goal <= 4x)")
    verdict("memory", ours.peak_mib <= 2 * data_mib,
            f"peak {ours.peak_mib:.0f} MiB = {ours.peak_mib / data_mib:.2f}x the data "
            f"(goal <= 2x)")


if __name__ == "__main__":
    sys.exit(main())
