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


def lmspack(root: Path, repeat: int) -> Run:
    return measure("python -m lmspack validate (whole process)",
                   ["-m", "lmspack", "validate", "--root", str(root)], repeat=repeat, cwd=REPO)


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
