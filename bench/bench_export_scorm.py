"""`lmspack export --scorm` on a generated 2,000-lesson course against the zip floor.

Row 1 of issue 12's table. Each export starts from an empty output folder (no build
cache). The floor, measured in the same run: Python's ``zipfile`` deflating the same files
the SCORM package holds. Goal: <= 3x the floor, peak memory <= 400 MB.

Usage: python bench/bench_export_scorm.py [--lessons N] [--repeat R] [--keep DIR]
"""

from __future__ import annotations

from pathlib import Path

from _common import report, save
from _export import arguments, course, export, export_verdicts, scratch_dir, unpack, zip_floor


def main() -> None:
    args = arguments(__doc__ or "")
    with scratch_dir() as tmp:
        scratch = Path(tmp)
        root = course(args, scratch)
        out = scratch / "dist"
        ours = export("lmspack export --scorm (empty dist/)", root, out, "--scorm",
                      args.repeat, clean=True)
        package = next(out.glob("*.zip"))
        files, size = unpack(package, scratch / "files")
        floor = zip_floor(files, scratch, args.repeat)
    title = (f"export --scorm, {args.lessons} lessons, {size / 2**20:.0f} MiB of files "
             f"in the package, median of {args.repeat}")
    result = report(title, [floor, ours], floor)
    export_verdicts(ours, floor, 3)
    save(args.json, result)


if __name__ == "__main__":
    main()
