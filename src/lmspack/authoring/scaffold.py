"""``lmspack init [DIR]``: a new course that validates clean, ready for git and CI.

Writes the course file, one lesson with a quiz and a Drift Detection Lab widget over two
small CSV samples, a lesson that shows every Markdown feature (:mod:`lmspack.authoring.tour`),
a ``.pre-commit-config.yaml`` whose hook installs lmspack into pre-commit's own environment,
a GitHub Actions workflow that installs lmspack, validates with annotations and uploads the
exported packages (both install lmspack by one pip requirement:
:mod:`lmspack.authoring.install`), and a ``.gitignore`` for ``dist/``. Nothing is written
when any of these files already exists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lmspack.authoring import AuthoringError
from lmspack.authoring.install import PLACEHOLDER, PLACEHOLDER_MARK
from lmspack.authoring.tour import TOUR_LESSON, tour_lesson
from lmspack.model.lesson import slugify
from lmspack.source.files import COURSE_FILE, LESSONS_DIR, WIDGETS_DIR

HOOK_ID = "lmspack-validate"
HOOK_ENTRY = "lmspack validate"
"""The hook's command (also its name), here and in .pre-commit-hooks.yaml."""
FIRST_LESSON = "welcome"
WIDGET_FILE = f"{WIDGETS_DIR}/delivery-drift.json"
DATA_DIR = f"{WIDGETS_DIR}/data"


def hook_files_pattern() -> str:
    """The files lmspack's pre-commit hook runs on (lessons, widget data, course file)."""
    return (rf"^(.*/)?({LESSONS_DIR}/.*\.md|{WIDGETS_DIR}/.*\.(json|csv)|"
            rf"{re.escape(COURSE_FILE)})$")


def _course_file(course_id: str, title: str) -> str:
    return f"""# The course: metadata and lesson order (lmspack schema writes its JSON Schema).
id: {course_id}
title: {json.dumps(title, ensure_ascii=False)}
version: 0.1.0
language: en
pass_mark: 80          # percent of quiz answers needed to pass a lesson
# Before exporting xAPI or cmi5 packages: the root of their activity ids, on a site you control.
# base_iri: https://courses.example.org/{course_id}
lessons:
  - {FIRST_LESSON}
  - {TOUR_LESSON}
"""


def _lesson() -> str:
    return f"""---
id: {FIRST_LESSON}
title: Welcome
duration_min: 15
tags: [introduction]
widgets:
  - type: drift_detection_lab
    data: /{WIDGET_FILE}
goals:
  - Know how a lesson file is laid out
  - See a widget computed at build time
quiz:
  - q: Where does a lesson's quiz live?
    options: ["In a separate quiz file", "In the lesson's front-matter", "In the LMS only"]
    answer: 1
    explain: The quiz is part of the front-matter, so it is checked with the lesson.
  - q: When are widget results computed?
    options: ["When lmspack builds the course", "In the learner's browser"]
    answer: 0
    explain: lmspack precomputes them; pages work with JavaScript off.
flashcards:
  - Front-matter: The YAML block between the two --- lines at the top of a lesson
reflection:
  - "What will your first real lesson teach?"
---

## Welcome

This is your first lesson. Everything above the second `---` line is the lesson's
front-matter; everything below is Markdown.

Add a lesson with `lmspack new lesson my-next-lesson --after {FIRST_LESSON}`, check the course
with `lmspack validate`, and preview it with `lmspack serve`.
"""


def _widget() -> str:
    widget = {
        "type": "drift_detection_lab",
        "title": "Delivery times before and after the rainy season",
        "reference": {"csv": f"/{DATA_DIR}/deliveries_reference.csv", "label": "Dry season"},
        "current": {"csv": f"/{DATA_DIR}/deliveries_current.csv", "label": "Rainy season"},
        "features": [
            {"column": "minutes", "kind": "numerical", "label": "Delivery time (minutes)"},
            {"column": "weather", "kind": "categorical", "label": "Weather"},
        ],
        "scenarios": [
            {"id": "as-recorded", "title": "As recorded"},
            {"id": "slower", "title": "Every delivery 10 minutes slower",
             "transforms": [{"op": "shift", "column": "minutes", "by": 10}]},
        ],
        "seed": 1,
    }
    return json.dumps(widget, indent=2) + "\n"


def _deliveries(rows: int, extra_minutes: int, rainy_every: int) -> str:
    """A small deterministic sample: delivery minutes and the weather."""
    lines = ["minutes,weather"]
    for row in range(rows):
        minutes = 18 + (row * 7) % 17 + extra_minutes * (row % 3 == 0)
        weather = "rain" if row % rainy_every == 0 else ("cloudy" if row % 3 == 1 else "sun")
        lines.append(f"{minutes},{weather}")
    return "\n".join(lines) + "\n"


def _pre_commit_config(install: str) -> str:
    return f"""# pre-commit (https://pre-commit.com) runs lmspack's hook on every commit that
# touches a lesson, widget data or the course file:
#   pipx install pre-commit && pre-commit install
# pre-commit installs lmspack into an environment of its own, from the pip requirement in
# additional_dependencies (the same as LMSPACK_INSTALL in .github/workflows/course.yml):
# nothing needs to be on PATH. To upgrade lmspack, change the requirement in both files.
repos:
  - repo: local
    hooks:
      - id: {HOOK_ID}
        name: {HOOK_ENTRY}
        entry: {HOOK_ENTRY}
        language: python
        additional_dependencies: [{json.dumps(install)}]
        files: '{hook_files_pattern()}'
        require_serial: true
"""


_UNSET_ERROR = ("::error file=.github/workflows/course.yml::LMSPACK_INSTALL is not set: put a "
                "pip requirement for lmspack there (lmspack==X.Y.Z, or lmspack @ "
                "git+https://HOST/OWNER/lmspack@TAG), and the same in .pre-commit-config.yaml")
"""A GitHub annotation (one line) the install step prints when the placeholder is left."""


def _workflow(install: str) -> str:
    return f"""# GitHub Actions: check the course on every push and pull request (problems show as
# annotations on the changed lines), then export every package and the site and keep them
# as a downloadable artifact.
name: course
on: [push, pull_request]
jobs:
  lmspack:
    runs-on: ubuntu-latest
    env:
      # The pip requirement that installs lmspack (the same as additional_dependencies in
      # .pre-commit-config.yaml): a release, lmspack==X.Y.Z, or a git URL,
      # lmspack @ git+https://HOST/OWNER/lmspack@TAG. Change it here to upgrade.
      LMSPACK_INSTALL: {json.dumps(install)}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
          cache: pip
          # pip's cache is keyed on this file, so it is renewed when LMSPACK_INSTALL changes.
          cache-dependency-path: .github/workflows/course.yml
      - name: Install lmspack
        run: |
          case "$LMSPACK_INSTALL" in
            {PLACEHOLDER_MARK}*)
              echo "{_UNSET_ERROR}"
              exit 1;;
          esac
          python -m pip install "$LMSPACK_INSTALL"
      - run: lmspack --version
      - run: lmspack validate --format github
      - run: lmspack export --all
      - uses: actions/upload-artifact@v4
        with:
          name: course-packages
          path: |
            dist/*.zip
            dist/site/
          if-no-files-found: error
"""


def scaffold_files(course_id: str, title: str, install: str) -> dict[str, str]:
    """Course-relative path -> text of every file ``init`` writes; ``install`` is the pip
    requirement the CI workflow and the pre-commit hook install lmspack with."""
    return {
        COURSE_FILE: _course_file(course_id, title),
        f"{LESSONS_DIR}/{FIRST_LESSON}.md": _lesson(),
        f"{LESSONS_DIR}/{TOUR_LESSON}.md": tour_lesson(FIRST_LESSON),
        WIDGET_FILE: _widget(),
        f"{DATA_DIR}/deliveries_reference.csv": _deliveries(60, 0, 6),
        f"{DATA_DIR}/deliveries_current.csv": _deliveries(60, 12, 2),
        ".pre-commit-config.yaml": _pre_commit_config(install),
        ".github/workflows/course.yml": _workflow(install),
        ".gitignore": "dist/\n",
    }


REPOSITORY_FILES = (".pre-commit-config.yaml", ".github/workflows/course.yml", ".gitignore")
"""What ``init`` adds to a folder that already is a course: the repository's files only."""


def is_course(folder: Path) -> bool:
    """Whether ``folder`` already holds a course (``lessons/`` or the course file)."""
    return (folder / LESSONS_DIR).is_dir() or (folder / COURSE_FILE).is_file()


def init_course(folder: Path, title: str | None = None, install: str | None = None) -> list[Path]:
    """Create a course in ``folder`` (created if needed); returns the files written.

    A folder that already is a course (:func:`is_course`) is adopted instead: its content
    stays as it is, and only the files of :data:`REPOSITORY_FILES` it lacks are added.
    ``install``: the pip requirement for lmspack in the CI workflow and the pre-commit
    configuration (:data:`~lmspack.authoring.install.PLACEHOLDER` when None).

    Raises :class:`AuthoringError` listing every file that already exists, before writing
    anything: ``init`` never overwrites.
    """
    course_id = slugify(folder.resolve().name, "course")
    files = scaffold_files(course_id, title or course_id.replace("-", " ").capitalize(),
                           install or PLACEHOLDER)
    if is_course(folder):
        files = {rel: text for rel, text in files.items()
                 if rel in REPOSITORY_FILES and not (folder / rel).exists()}
        if not files:
            raise AuthoringError(f"{folder} already is a course with {', '.join(REPOSITORY_FILES)}"
                                 ": lmspack init has nothing to add (it never overwrites)")
    existing = sorted(rel for rel in files if (folder / rel).exists())
    if existing:
        raise AuthoringError(f"{folder} already has {', '.join(existing)}: lmspack init "
                             "never overwrites (choose an empty folder)")
    written = []
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as stream:  # "x": never clobber
            stream.write(text)
        written.append(path)
    return written
