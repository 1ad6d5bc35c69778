"""Does the Markdown check stay linear on pathological lines? Ratios, measured in one run.

For each pattern, one line of the pattern repeated n times and one of it repeated 4n times
are checked by ``lmspack.validate.markdown.check_markdown``; the ratio of the two times is
about 4 for linear work and about 16 for quadratic work (the patterns that once made
``validate`` hang for a minute were quadratic). The baseline, measured in the same run, is
a plain ``str.count`` over the same line, which is linear by construction.

Usage: python bench/bench_hostile.py [--n 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import timed

from lmspack.validate.markdown import check_markdown

PATTERNS = {
    "<p ": "an unclosed tag with a space",
    "<a\t": "an unclosed tag with a tab",
    "<a b ": "an unclosed tag with an attribute",
    '<a x="': "an unclosed quoted attribute",
    "<a [b](<c ": "tags and links interleaved",
    "[a](": "unclosed links",
    "``a`": "code-span backticks",
    "![": "unclosed images",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(".")
    print(f"{'pattern':14} {'what':34} {'n':>8} {'4n':>8} {'ratio':>6} {'baseline':>8}")
    for pattern, what in PATTERNS.items():
        row = []
        for count in (args.n, 4 * args.n):
            line = pattern * count + "\n"
            row.append((timed(lambda text=line: check_markdown(root, "lessons/x.md",
                                                                     text, 1), args.repeat),
                        timed(lambda text=line: text.count("<"), args.repeat)))
        (small, base_small), (large, base_large) = row
        print(f"{pattern!r:14} {what:34} {small * 1e3:7.1f}ms {large * 1e3:7.1f}ms "
              f"{large / small:6.1f} {base_large / base_small:8.1f}")


if __name__ == "__main__":
    main()
