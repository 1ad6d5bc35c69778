"""`lmspack export --html` on a generated 2,000-lesson course against the zip floor.

Row 3 of issue 12's table ("same goals" as --scorm). Each export starts from an empty
output folder. The floor, measured in the same run: Python's ``zipfile`` deflating the
site's files (the work of reading and compressing them all is a generous floor for
writing them). Goal: <= 3x the floor, peak memory <= 400 MB.

Usage: python bench/bench_export_html.py [--lessons N] [--repeat R] [--keep DIR]
"""

from __future__ import annotations

from pathlib import Path

from _common import report, save
from _export import arguments, course, export, export_verdicts, folder_size, scratch_dir, zip_floor


def main() -> None:
    args = arguments(__doc__ or "")
    with scratch_dir() as tmp:
        scratch = Path(tmp)
        root = course(args, scratch)
        out = scratch / "dist"
        ours = export("lmspack export --html (empty dist/)", root, out, "--html",
                      args.repeat, clean=True)
        site = out / "site"
        size = folder_size(site)
        floor = zip_floor(site, scratch, args.repeat)
    title = (f"export --html, {args.lessons} lessons, {size / 2**20:.0f} MiB of site, "
             f"median of {args.repeat}")
    result = report(title, [floor, ours], floor)
    export_verdicts(ours, floor, 3)
    save(args.json, result)


if __name__ == "__main__":
    main()
