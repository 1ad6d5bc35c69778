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
(the default, 200,000 rows, is a quick run; issue 12's row is --rows 1000000)
"""

from __future__ import annotations

import argparse
import csv
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, measure, report, save, verdict

SEED = 12345
_WRITE_ROWS = 100_000
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
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
            measure("python -m lmspack drift --format json (whole process)",
                    ["-m", "lmspack", "drift", *files, "--format", "json"], args.repeat,
                    cwd=REPO, expect=(0, 1)),
        ]
        if not args.skip_evidently:
            python = evidently_python(args.evidently_venv)
            runs.append(measure("Evidently 0.7.23 Report([DataDriftPreset()]) + pandas",
                                ["-c", EVIDENTLY_RUN, *files], 1, python=python))
    floor, ours = runs[0], runs[2]
    data_mib = args.rows * 15 * 8 * 2 / 2**20
    result = report(f"drift, 2 x {args.rows:,} rows x 15 columns ({size:.0f} MiB of CSV, "
                    f"{data_mib:.0f} MiB as 8-byte cells), median of {args.repeat}",
                    runs, floor)
    ratio = ours.seconds / floor.seconds
    verdict("time", ratio <= 4, f"{ratio:.2f}x the polars read (goal <= 4x)")
    if not args.skip_evidently:
        speedup = runs[3].seconds / ours.seconds
        verdict("vs Evidently", speedup >= 20, f"{speedup:.1f}x faster (goal >= 20x)")
    verdict("memory", ours.peak_mib <= 2 * data_mib,
            f"peak {ours.peak_mib:.0f} MiB = {ours.peak_mib / data_mib:.2f}x the data "
            f"(goal <= 2x)")
    save(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
