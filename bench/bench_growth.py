"""Growth: `validate` and `export --scorm` on the generated course at two sizes.

Issue 20's growth row: the same course at 2,000 and 10,000 lessons (``--small``,
``--large``); 5x the lessons should cost at most 5.5x the time (1.1x the lesson ratio for
other sizes) and 1.5x the peak memory, so that a quadratic step or a course-sized buffer
anywhere shows up. Whole processes through ``_peak.py``, as in the other scripts: wall
time, CPU time (user + system, worker processes included) and peak resident memory of each,
then the growth ratios large / small. The floor of the validate row (read + libyaml parse
of the front-matter) is measured at both sizes in the same run, so its growth shows what
the machine's own growth is (caches, load). Each export starts from an empty output folder.

Usage: python bench/bench_growth.py [--small N] [--large M] [--repeat R] [--json FILE]
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path

from _common import Run, machine, measure, save, verdict
from _export import export, scratch_dir
from _validate import floor
from coursegen import make_course

ROWS = ("validate floor", "validate", "export --scorm")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--small", type=int, default=2000, help="lessons (default 2000)")
    parser.add_argument("--large", type=int, default=10000, help="lessons (default 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (median)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser.parse_args()


def measure_size(scratch: Path, lessons: int, repeat: int) -> dict[str, Run]:
    """The three rows on a fresh course of ``lessons`` lessons (removed afterwards)."""
    root = make_course(scratch / f"course-{lessons}", lessons)
    steps: dict[str, Callable[[], Run]] = {
        "validate floor": lambda: floor(root / "lessons", repeat),
        "validate": lambda: measure("python -m lmspack validate", ["-m", "lmspack", "validate",
                                    "--root", str(root)], repeat=repeat, cwd=root.parent),
        "export --scorm": lambda: export("python -m lmspack export --scorm", root,
                                         scratch / f"dist-{lessons}", "--scorm", repeat,
                                         clean=True),
    }
    runs = {}
    try:
        for name, step in steps.items():
            runs[name] = run = step()
            # Printed as measured: a run cut short by the machine's load still tells something.
            print(f"  measured {name} at {lessons} lessons: {run.seconds:.2f} s wall, "
                  f"{run.cpu_seconds:.2f} s cpu, peak {run.peak_mib:.0f} MiB", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(scratch / f"dist-{lessons}", ignore_errors=True)
    return runs


def main() -> None:
    args = arguments()
    lesson_ratio = args.large / args.small
    time_goal = 1.1 * lesson_ratio
    with scratch_dir() as tmp:
        scratch = Path(tmp)
        sizes = {n: measure_size(scratch, n, args.repeat) for n in (args.small, args.large)}
    small, large = sizes[args.small], sizes[args.large]
    print(f"\ngrowth, {args.small:,} -> {args.large:,} lessons ({lesson_ratio:g}x), "
          f"median of {args.repeat}")
    print(f"  {machine()}")
    print(f"  {'what':<18}{'lessons':>8}{'wall s':>10}{'cpu s':>9}{'peak MiB':>10}"
          f"{'workers':>9}")
    for name in ROWS:
        for lessons in (args.small, args.large):
            run = sizes[lessons][name]
            print(f"  {name:<18}{lessons:>8}{run.seconds:>10.2f}{run.cpu_seconds:>9.2f}"
                  f"{run.peak_mib:>10.0f}{run.children_peak_mib:>9.0f}")
    print(f"  {'growth':<18}{'':>8}{'wall':>10}{'cpu':>9}{'peak':>10}")
    result: dict[str, object] = {"machine": machine(), "small": args.small,
                                 "large": args.large, "rows": {}}
    rows: dict[str, object] = {}
    for name in ROWS:
        a, b = small[name], large[name]
        wall, cpu, peak = b.seconds / a.seconds, b.cpu_seconds / a.cpu_seconds, \
            b.peak_mib / a.peak_mib
        print(f"  {name:<18}{'':>8}{wall:>9.2f}x{cpu:>8.2f}x{peak:>9.2f}x")
        rows[name] = {"small": vars(a), "large": vars(b), "wall_growth": wall,
                      "cpu_growth": cpu, "peak_growth": peak}
    result["rows"] = rows
    print(f"  goal: {lesson_ratio:g}x the lessons costs <= {time_goal:.2g}x the time and "
          "<= 1.5x the peak (CPU time read: the wall clock swings with the machine's load)")
    for name in ROWS[1:]:
        a, b = small[name], large[name]
        cpu = b.cpu_seconds / a.cpu_seconds
        verdict(f"{name} time", cpu <= time_goal,
                f"{cpu:.2f}x the CPU time, {b.seconds / a.seconds:.2f}x the wall time "
                f"(goal <= {time_goal:.2g}x)")
        verdict(f"{name} memory", b.peak_mib <= 1.5 * a.peak_mib,
                f"{b.peak_mib / a.peak_mib:.2f}x the peak, {a.peak_mib:.0f} -> "
                f"{b.peak_mib:.0f} MiB (goal <= 1.5x)")
    save(args.json, result)


if __name__ == "__main__":
    main()
