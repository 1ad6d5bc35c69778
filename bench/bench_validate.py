"""How fast is `lmspack validate`? Ratios against baselines measured in the same run.

1. A generated 2,000-lesson course (copies of the example lessons with their own ids, a
   prerequisite chain, and quizzes): `lmspack.check()` against merely reading the files and
   parsing their front-matter with libyaml (yaml.CSafeLoader).
2. Start-up: `python -m lmspack validate` on the example course against
   `python -c "import yaml"` (the cheapest possible Python tool that reads YAML).

Usage: python bench/bench_validate.py [--lessons N] [--repeat R]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from lmspack import check

REPO = Path(__file__).resolve().parents[1]


def make_course(root: Path, count: int) -> None:
    """Lessons modelled on the example course: lesson i requires lesson i-1, next is i+1."""
    sources = sorted((REPO / "lessons").glob("*.md"))
    (root / "lessons").mkdir(parents=True)
    (root / "widgets").mkdir()
    for path in (REPO / "widgets").rglob("*"):
        if path.is_file():
            target = root / path.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for index in range(count):
        text = sources[index % len(sources)].read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        head = re.sub(r"(?m)^(prereqs|next):.*\n(  - .*\n)*", "", head + "\n").rstrip("\n")
        head = re.sub(r"(?m)^id: .*$", f"id: lesson-{index:05d}", head)
        links = f"prereqs: [lesson-{index - 1:05d}]\n" if index else "prereqs: []\n"
        links += f"next: lesson-{index + 1:05d}\n" if index + 1 < count else ""
        (root / "lessons" / f"lesson-{index:05d}.md").write_text(
            f"{head}\n{links}---\n{body}", encoding="utf-8")


def baseline_parse(root: Path) -> int:
    """Read every lesson and parse its front-matter with libyaml; nothing else."""
    parsed = 0
    for path in sorted((root / "lessons").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = text.split("\n---\n", 1)[0].removeprefix("---\n")
        parsed += yaml.load(front, Loader=yaml.CSafeLoader) is not None
    return parsed


def timed(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def startup(repeat: int) -> tuple[float, float]:
    def run(args: list[str]) -> None:
        subprocess.run([sys.executable, *args], cwd=REPO, check=True, capture_output=True)
    ours = timed(lambda: run(["-m", "lmspack", "validate"]), repeat)
    base = timed(lambda: run(["-c", "import yaml"]), repeat)
    return ours, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_course(root, args.lessons)
        report = check(root)
        assert report.errors == 0, [d for d in report.diagnostics][:5]
        ours = timed(lambda: check(root), args.repeat)
        base = timed(lambda: baseline_parse(root), args.repeat)
    print(f"{args.lessons} lessons, median of {args.repeat} runs")
    print(f"  lmspack check()            {ours:8.3f} s")
    print(f"  read + libyaml front-matter {base:8.3f} s  (baseline)")
    print(f"  ratio check/baseline        {ours / base:8.2f}x")
    cli, py = startup(args.repeat)
    print("start-up on the example course, median of", args.repeat)
    print(f"  python -m lmspack validate  {cli * 1000:8.1f} ms")
    print(f"  python -c 'import yaml'     {py * 1000:8.1f} ms  (baseline)")
    print(f"  ratio                       {cli / py:8.2f}x")


if __name__ == "__main__":
    main()
