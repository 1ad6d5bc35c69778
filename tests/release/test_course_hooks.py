"""A course repository made by ``lmspack init`` runs its pre-commit hook with nothing
preinstalled: PATH holds only the system's folders (no lmspack, no virtual environment),
and pre-commit installs lmspack into its own hook environment from the requirement init
wrote, here the wheel of this test run (a release URL or a git URL in real use).

Each run makes pre-commit build a virtual environment and pip-install lmspack's
dependencies (from pip's cache or the package index, which CI reaches).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.release.conftest import SYSTEM_PATH, Release, clean_env

from lmspack.authoring.install import PLACEHOLDER_MARK

pytestmark = pytest.mark.release

BROKEN_PREREQ = "prereqs: [no-such-lesson]\n"


def _env(home: Path) -> dict[str, str]:
    return clean_env(PRE_COMMIT_HOME=str(home / "pre-commit-home"),
                     GIT_AUTHOR_NAME="author", GIT_AUTHOR_EMAIL="author@example.invalid",
                     GIT_COMMITTER_NAME="author", GIT_COMMITTER_EMAIL="author@example.invalid",
                     GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")


def _init_repo(folder: Path, *install: str) -> Path:
    """``lmspack init`` (this test run's lmspack), then ``git init`` and a first commit."""
    made = subprocess.run([sys.executable, "-m", "lmspack", "init", str(folder), *install],
                          capture_output=True, text=True, env=_env(folder.parent))
    assert made.returncode == 0, made.stderr
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run(["git", *args], cwd=folder, check=True, env=_env(folder.parent))
    return folder


def _pre_commit(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", *args], cwd=course,
                          env=_env(course.parent), capture_output=True, text=True)


def test_an_init_course_runs_the_hook_that_installs_lmspack(release: Release,
                                                             tmp_path: Path) -> None:
    assert shutil.which("lmspack", path=SYSTEM_PATH) is None, "lmspack on the system PATH"
    course = _init_repo(tmp_path / "course", "--install", str(release.wheel))
    clean = _pre_commit(course, "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "lmspack validate" in clean.stdout and "Passed" in clean.stdout, clean.stdout
    # The author breaks a prerequisite and stages the lesson: the hook refuses the commit.
    lesson = course / "lessons" / "welcome.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("duration_min:", BROKEN_PREREQ + "duration_min:", 1),
                      encoding="utf-8")
    subprocess.run(["git", "add", "lessons/welcome.md"], cwd=course, check=True,
                   env=_env(tmp_path))
    broken = _pre_commit(course)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout and "lessons/welcome.md:4:" in broken.stdout, broken.stdout
    assert "L002" in broken.stdout and "no-such-lesson" in broken.stdout, broken.stdout


def test_the_placeholder_hook_fails_saying_what_to_put_there(tmp_path: Path) -> None:
    course = _init_repo(tmp_path / "course")  # the editable install: the placeholder
    run = _pre_commit(course, "--all-files")
    assert run.returncode != 0
    shown = run.stdout + run.stderr
    assert f"{PLACEHOLDER_MARK}: a pip requirement for lmspack" in shown, shown
