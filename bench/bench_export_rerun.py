"""`lmspack export --scorm` run again on the unchanged course, against the zip floor.

Row 2 of issue 12's table. One export fills ``dist/`` (and its build cache, where there is
one); then the same export runs again with nothing changed, and that second run is timed.
The floor is Python's ``zipfile`` deflating the package's files, measured in the same run.
Goal: <= 1.2x the floor.

Usage: python bench/bench_export_rerun.py [--lessons N] [--repeat R] [--keep DIR]
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
        first = export("lmspack export --scorm (first run)", root, out, "--scorm", 1,
                       clean=True)
        again = export("lmspack export --scorm (again, nothing changed)", root, out,
                       "--scorm", args.repeat, clean=False)
        files, size = unpack(next(out.glob("*.zip")), scratch / "files")
        floor = zip_floor(files, scratch, args.repeat)
    title = (f"export --scorm re-run, {args.lessons} lessons, {size / 2**20:.0f} MiB of "
             f"files, median of {args.repeat}")
    result = report(title, [floor, first, again], floor)
    export_verdicts(again, floor, 1.2)
    save(args.json, result)


if __name__ == "__main__":
    main()
