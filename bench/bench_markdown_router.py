"""Issue 20, round three, option (a) measured: a fast engine only for the bodies it reads the
same way. How many lesson bodies would a conservative router hand to markdown-it-pyrs (the
Rust port of markdown-it, the closest reading to ours), and what would it save?

The router refuses a body holding any construct on which the fast engine is known to read
lmspack's dialect differently (bench_markdown.py's feature table and fixture comparison),
or which the token adapter would have to rebuild by hand: dollar maths, callouts, bare URLs
and e-mail addresses (mdit-py-plugins' GFM autolink rules against linkify-it's), script and
file URLs, footnotes, definition lists, task lists, raw HTML and ``<autolinks>``, entities,
tabs and carriage returns. For each corpus it prints how many bodies each construct refuses
(and refuses alone), how many are left, and the CPU time of both engines on those that are
left (best of ``--repeat``, one process).

Usage: python bench/bench_markdown_router.py [--lessons 400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import machine
from bench_markdown import REPO, bodies
from coursegen import make_course

from lmspack.source.files import split_front_matter
from lmspack.source.markdown import _definition_marker, parse

_TASK = re.compile(r"^[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]+\[[ xX]\]", re.MULTILINE)
_SCRIPT_URL = re.compile(r"(?i)(javascript|vbscript|file|data)\s*:")

REFUSE: dict[str, Callable[[str], bool]] = {
    "dollar maths": lambda t: "$" in t,
    "callout": lambda t: "[!" in t,
    "bare URL or e-mail": lambda t: any(s in t for s in ("@", "www.", "http:", "https:",
                                                         "mailto:", "xmpp:")),
    "script/file URL": lambda t: _SCRIPT_URL.search(t) is not None,
    "footnote": lambda t: "[^" in t,
    "definition list": _definition_marker,
    "task list": lambda t: _TASK.search(t) is not None,
    "raw HTML or <autolink>": lambda t: "<" in t,
    "entity": lambda t: "&" in t,
    "tab, CR or NUL": lambda t: any(c in t for c in "\t\r\x00"),
}


def cpu_per_body(function: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            function(text)
        best = min(best, time.process_time() - start)
    return best / max(len(texts), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--lessons", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import markdown_it_pyrs

    fast = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(["table", "strikethrough"])
    print(f"bench_markdown_router: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="bench-router-"))
    try:
        corpora = {f"generated course ({args.lessons})": bodies(make_course(work / "c",
                                                                            args.lessons)),
                   "example course": bodies(REPO / "lessons"),
                   "fixture lessons": bodies(REPO / "tests" / "fixtures"),
                   "../shared/seed": [split_front_matter(p.read_text(encoding="utf-8")).body
                                      for p in sorted((REPO.parent / "shared" / "seed")
                                                      .glob("*.md"))]}
        for name, texts in corpora.items():
            refused = {why: sum(map(test, texts)) for why, test in REFUSE.items()}
            kept = [t for t in texts if not any(test(t) for test in REFUSE.values())]
            print(f"\n{name}: {len(texts)} bodies, the router admits {len(kept)}")
            print("  refused by: " + (", ".join(f"{why} {n}" for why, n in refused.items()
                                                 if n) or "nothing"))
            alone = {why: sum(1 for t in texts if test(t) and not any(
                other(t) for o, other in REFUSE.items() if o != why))
                for why, test in REFUSE.items()}
            print("  refused by that construct alone: " + (", ".join(
                f"{why} {n}" for why, n in alone.items() if n) or "none"))
            if kept:
                slow = cpu_per_body(parse, kept, args.repeat)
                quick = cpu_per_body(fast.tree, kept, args.repeat)
                share = sum(map(len, kept)) / max(sum(map(len, texts)), 1)
                print(f"  admitted bodies ({share:.0%} of the text): markdown-it-py "
                      f"{slow * 1000:.3f} ms/body, markdown-it-pyrs tree {quick * 1000:.3f} "
                      "ms/body (before any adapter to markdown-it tokens)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
