"""`lmspack validate` on the example course (what pre-commit runs) against check-jsonschema.

Row 5 of issue 12's table. Whole processes, median of R: lmspack on this repository's
4-lesson example course (lessons, widget JSON and their CSV files) against check-jsonschema
on the same 4 lessons' front-matter as JSON, and the libyaml parse floor for scale.
Goal: faster than check-jsonschema. lmspack's row is a cold run (no ``dist/.cache``); the
row marked WARM runs with the cache an earlier run filled and nothing changed.

Usage: python bench/bench_validate_example.py [--repeat R]
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from _common import REPO, report, save, verdict
from _validate import arguments, check_jsonschema, floor, front_matter_as_json, lmspack


def main() -> None:
    args = arguments(__doc__ or "", lessons=None)
    with tempfile.TemporaryDirectory(prefix="lmspack-bench-") as tmp:
        files = front_matter_as_json(REPO / "lessons", Path(tmp) / "json")
        base = floor(REPO / "lessons", args.repeat)
        peer = check_jsonschema(args.check_jsonschema, files, args.repeat)
        # A copy of the example course, so emptying its cache leaves this checkout's alone.
        course = Path(tmp) / "course"
        for name in ("lessons", "widgets", "media"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, course / name)
        shutil.copy(REPO / "course.yaml", course)
        ours = lmspack(course, args.repeat, "cold")
        warm = lmspack(course, args.repeat, "warm")
    result = report(f"validate, the example course (4 lessons), median of {args.repeat}",
                    [base, peer, ours, warm], base)
    verdict("vs check-jsonschema", ours.seconds < peer.seconds,
            f"{ours.seconds / peer.seconds:.2f}x check-jsonschema (goal < 1x)")
    verdict("WARM cache vs check-jsonschema", warm.seconds < peer.seconds,
            f"{warm.seconds / peer.seconds:.2f}x check-jsonschema, nothing changed since the "
            "run before (pre-commit's usual case; the cold line is the goal's row)")
    save(args.json, result)


if __name__ == "__main__":
    main()
