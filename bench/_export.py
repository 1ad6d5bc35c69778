"""Shared by the three export benchmarks: the generated course, the zip floor, the runs.

The floor is what any exporter has to do at least: Python's ``zipfile`` deflating the very
files lmspack's package holds (read from disk, compressed, written), in its own process.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import zipfile
from pathlib import Path

from _common import REPO, Run, measure, verdict
from coursegen import make_course

FLOOR_CODE = """
import sys, zipfile
from pathlib import Path
source, target = Path(sys.argv[1]), sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        archive.write(path, path.relative_to(source).as_posix())
"""


def arguments(doc: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per measurement (median); each export run is heavy")
    parser.add_argument("--keep", type=Path, help="generate the course here and keep it")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser.parse_args()


def course(args: argparse.Namespace, scratch: Path) -> Path:
    root = args.keep or scratch / "course"
    if not (root / "course.yaml").exists():
        make_course(root, args.lessons)
    return root


def export(label: str, root: Path, out: Path, option: str, repeat: int,
           clean: bool) -> Run:
    """``lmspack export OPTION`` as a whole process; ``clean`` empties OUT before each run."""
    runs = []
    for _ in range(repeat):
        if clean and out.exists():
            shutil.rmtree(out)
        runs.append(measure(label, ["-m", "lmspack", "export", "--root", str(root), option,
                                    "--out", str(out)], repeat=1, cwd=REPO))
    samples = tuple(s for r in runs for s in r.samples)
    cpu = sorted(r.cpu_seconds for r in runs)
    return Run(label, sorted(samples)[len(samples) // 2], max(r.peak_mib for r in runs),
               samples, cpu[len(cpu) // 2], max(r.children_peak_mib for r in runs))


def zip_floor(files: Path, scratch: Path, repeat: int) -> Run:
    target = scratch / "floor.zip"
    run = measure("floor: Python zipfile deflating the same files",
                  ["-c", FLOOR_CODE, str(files), str(target)], repeat=repeat)
    return run


def unpack(package: Path, into: Path) -> tuple[Path, int]:
    """Extract a zip (the floor reads the same files from disk); return the folder, bytes."""
    if into.exists():
        shutil.rmtree(into)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(into)
        size = sum(info.file_size for info in archive.infolist())
    return into, size


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def scratch_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="lmspack-bench-")


def export_verdicts(ours: Run, floor: Run, time_goal: float) -> None:
    """Issue 12's two export goals: time against the zip floor, and peak memory <= 400 MB."""
    ratio = ours.seconds / floor.seconds
    verdict("time", ratio <= time_goal,
            f"{ratio:.1f}x the zip floor (goal <= {time_goal:g}x)")
    verdict("memory", ours.peak_mib <= 400, f"peak {ours.peak_mib:.0f} MiB (goal <= 400 MB)")
