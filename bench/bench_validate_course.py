"""`lmspack validate` on a generated 2,000-lesson course: floor, peer, peak memory.

Row 4 of issue 12's table. Whole processes, median of R: lmspack against reading every
lesson and parsing its front-matter with libyaml (the floor) and against check-jsonschema
on the same front-matter as JSON (the peer). Goals: <= 1.5x the floor, faster than the
peer, peak <= 80 MB. lmspack's row is a cold run (no ``dist/.cache``, as before the cache
existed); two more rows, marked WARM, run with the cache an earlier run filled: nothing
changed, and one lesson edited before each run.

Usage: python bench/bench_validate_course.py [--lessons N] [--repeat R]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import report, save, verdict
from _validate import arguments, check_jsonschema, floor, front_matter_as_json, lmspack
from coursegen import make_course


def main() -> None:
    args = arguments(__doc__ or "", lessons=2000)
    with tempfile.TemporaryDirectory(prefix="lmspack-bench-") as tmp:
        root = make_course(Path(tmp) / "course", args.lessons)
        files = front_matter_as_json(root / "lessons", Path(tmp) / "json")
        base = floor(root / "lessons", args.repeat)
        peer = check_jsonschema(args.check_jsonschema, files, args.repeat)
        ours = lmspack(root, args.repeat, "cold")
        warm = lmspack(root, args.repeat, "warm")
        edited = lmspack(root, args.repeat, "one-changed")
    result = report(f"validate, {args.lessons} lessons, median of {args.repeat}",
                    [base, peer, ours, warm, edited], base)
    verdict("vs floor", ours.seconds <= 1.5 * base.seconds,
            f"{ours.seconds / base.seconds:.2f}x the parse floor (goal <= 1.5x)")
    verdict("vs check-jsonschema", ours.seconds < peer.seconds,
            f"{ours.seconds / peer.seconds:.2f}x check-jsonschema (goal < 1x)")
    verdict("memory", ours.peak_mib <= 80, f"peak {ours.peak_mib:.0f} MiB (goal <= 80 MB)")
    verdict("WARM cache vs floor", warm.seconds <= 1.5 * base.seconds,
            f"{warm.seconds / base.seconds:.2f}x the parse floor, nothing changed since the "
            "run before (the cold line above is the goal's row)")
    save(args.json, result)


if __name__ == "__main__":
    main()
