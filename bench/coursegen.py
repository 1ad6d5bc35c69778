"""Generate an N-lesson course in the example course's format, for the benchmarks.

Lesson i is a copy of example lesson ``i % 4`` with its own id, a prerequisite chain
(lesson i requires lesson i-1, ``next`` is lesson i+1) and exactly two of the three
example widgets (the pairs rotate), so every page carries two widget fallbacks: about
300 KB of HTML a page, as in issue 12's table. The widget JSON and CSV files are the
example's own, shared by all lessons (as a real course would share its datasets).

Usage: python bench/coursegen.py OUT_DIR [--lessons N]
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WIDGETS = (
    ("model_monitoring_dashboard", "/widgets/model_monitoring.titanic.json"),
    ("drift_detection_lab", "/widgets/drift_detection.titanic.json"),
    ("alert_configurator", "/widgets/alert_config.titanic.json"),
)
PAIRS = ((0, 1), (1, 2), (0, 2))
_LIST_KEY = r"(?m)^({key}):.*\n((?:  .*\n)*)"


def make_course(root: Path, count: int, widgets_per_lesson: int = 2) -> Path:
    """Write ``course.yaml``, ``lessons/`` and ``widgets/`` under ``root``; return it."""
    sources = sorted((REPO / "lessons").glob("*.md"))
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "widgets", root / "widgets", dirs_exist_ok=True)
    (root / "lessons").mkdir(exist_ok=True)
    ids = [f"lesson-{i:05d}" for i in range(count)]
    for index, lesson_id in enumerate(ids):
        text = sources[index % len(sources)].read_text(encoding="utf-8")
        head, body = text.removeprefix("---\n").split("\n---\n", 1)
        head += "\n"
        for key in ("prereqs", "next", "widgets"):
            head = re.sub(_LIST_KEY.format(key=key), "", head)
        head = re.sub(r"(?m)^id: .*$", f"id: {lesson_id}", head).rstrip("\n")
        links = f"prereqs: [{ids[index - 1]}]\n" if index else "prereqs: []\n"
        if index + 1 < count:
            links += f"next: {ids[index + 1]}\n"
        chosen = PAIRS[index % len(PAIRS)][:widgets_per_lesson]
        widgets = "widgets:\n" + "".join(
            f'  - type: "{WIDGETS[w][0]}"\n    data: "{WIDGETS[w][1]}"\n' for w in chosen)
        if not chosen:
            widgets = ""
        (root / "lessons" / f"{lesson_id}.md").write_text(
            f"---\n{head}\n{links}{widgets}---\n{body}", encoding="utf-8")
    course = (REPO / "course.yaml").read_text(encoding="utf-8")
    course = re.sub(r"(?ms)^lessons:\n(?:  - .*\n)*", "", course)
    lessons = "lessons:\n" + "".join(f"  - {lesson_id}\n" for lesson_id in ids)
    (root / "course.yaml").write_text(course.rstrip("\n") + "\n" + lessons, encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lessons", type=int, default=2000)
    args = parser.parse_args()
    make_course(args.out, args.lessons)
    print(f"wrote {args.lessons} lessons to {args.out}")


if __name__ == "__main__":
    main()
