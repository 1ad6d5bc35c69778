"""Shared by the two validate benchmarks: the floor, the peer, and lmspack itself.

* floor: a Python process that reads every lesson and parses its YAML front-matter with
  libyaml (``yaml.CSafeLoader``), nothing else;
* peer: ``check-jsonschema`` (pre-commit's usual schema checker) validating the same
  front-matter, written out as JSON files beforehand, against ``schemas/lesson.schema.json``.
  It is not a dependency of lmspack: install it with ``pip install -e .[bench]`` or point
  ``--check-jsonschema`` at any installed copy;
* ``python -m lmspack validate --root COURSE`` as a whole process.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import yaml
from _common import REPO, Run, measure

FLOOR_CODE = """
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    text = path.read_text(encoding="utf-8")
    front = text.removeprefix("---\\n").split("\\n---\\n", 1)[0]
    yaml.load(front, Loader=yaml.CSafeLoader)
"""


def arguments(doc: str, lessons: int | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    if lessons is not None:
        parser.add_argument("--lessons", type=int, default=lessons)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--check-jsonschema", default=shutil.which("check-jsonschema")
                        or str(Path(sys.executable).with_name("check-jsonschema")))
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser.parse_args()


def front_matter_as_json(lessons: Path, into: Path) -> list[str]:
    """Each lesson's front-matter as a JSON file (not timed: the peer's input format)."""
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(lessons.glob("*.md")):
        front = path.read_text(encoding="utf-8").removeprefix("---\n").split("\n---\n", 1)[0]
        target = into / f"{path.stem}.json"
        target.write_text(json.dumps(yaml.load(front, Loader=yaml.CSafeLoader)), "utf-8")
        written.append(str(target))
    return written


def floor(lessons: Path, repeat: int) -> Run:
    return measure("floor: read + libyaml front-matter parse", ["-c", FLOOR_CODE, str(lessons)],
                   repeat=repeat)


def lmspack(root: Path, repeat: int, cache: str = "cold") -> Run:
    """``lmspack validate`` on ``root``. ``cache``: ``cold``, every run starts with no
    ``dist/.cache`` (what the row measured before the cache existed, plus writing it);
    ``warm``, the cache filled by an untimed run first and nothing changed since (a re-run,
    pre-commit on an unchanged course); ``one-changed``, warm but one lesson edited before
    each run; ``off``, ``--no-cache``."""
    cache_dir = root / "dist" / ".cache"
    argv = ["-m", "lmspack", "validate", "--root", str(root)]
    if cache == "off":
        return measure("python -m lmspack validate --no-cache", [*argv, "--no-cache"],
                       repeat=repeat, cwd=REPO)
    if cache == "cold":
        return measure("python -m lmspack validate (cold: empty cache)", argv, repeat=repeat,
                       cwd=REPO, setup=lambda: shutil.rmtree(cache_dir, ignore_errors=True))
    measure("(untimed: fills the cache)", argv, repeat=1, cwd=REPO)
    if cache == "warm":
        return measure("python -m lmspack validate (WARM cache, unchanged)", argv,
                       repeat=repeat, cwd=REPO)
    lesson = sorted((root / "lessons").glob("*.md"))[0]
    edits = iter(range(10**6))
    return measure("python -m lmspack validate (WARM, 1 lesson edited)", argv,
                   repeat=repeat, cwd=REPO, setup=lambda: lesson.write_text(
                       lesson.read_text("utf-8") + f"\nEdit {next(edits)}.\n", "utf-8"))


def check_jsonschema(executable: str, files: list[str], repeat: int) -> Run:
    """The peer as a whole process (its own console script, its own interpreter)."""
    script = Path(executable)
    if not script.exists():
        raise SystemExit(f"check-jsonschema not found at {script}: pip install -e .[bench] "
                         "or pass --check-jsonschema")
    python = script.read_text(encoding="utf-8", errors="replace").splitlines()[0][2:].strip()
    schema = str(REPO / "schemas" / "lesson.schema.json")
    return measure("check-jsonschema, same front-matter as JSON",
                   [str(script), "--schemafile", schema, *files], repeat=repeat, python=python)
