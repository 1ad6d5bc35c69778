"""Time `lmspack export --scorm` on a generated course against rendering its pages alone.

Packaging used to parse every rendered page again to find the files it refers to; now each
rendered page carries that list, so a SCORM export should cost little more than rendering
the pages once plus writing the zip. Prints the median times and their ratio (both measured
in this run, on this machine; no absolute numbers are asserted anywhere).

    python bench/bench_export.py                 # 200 lessons, median of 3
    python bench/bench_export.py --lessons 50 --repeat 5
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import make_course, timed

from lmspack import check
from lmspack.build import BuildRequest, build
from lmspack.packaging.tracking import RUNTIME_PATH
from lmspack.render import RenderOptions, render_pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "course"
        make_course(root, args.lessons)
        course = check(root).course
        assert course is not None
        out = Path(folder) / "dist"
        first = build(course, BuildRequest(("scorm12",), out_dir=out,
                                           epoch=0))  # computes the widgets once
        assert first.precomputed is not None
        results = first.precomputed.documents()
        options = RenderOptions(mode="package", runtime_script=RUNTIME_PATH)
        render = timed(lambda: render_pages(course, results, options), args.repeat)
        export = timed(lambda: build(course, BuildRequest(("scorm12",), out_dir=out, epoch=0)),
                       args.repeat)
    print(f"{args.lessons} lessons, median of {args.repeat}")
    print(f"render the pages (package mode): {render:.2f} s")
    print(f"export --scorm 1.2 (precompute reused, render, plan, manifest, check, zip): "
          f"{export:.2f} s")
    print(f"export / render: {export / render:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
