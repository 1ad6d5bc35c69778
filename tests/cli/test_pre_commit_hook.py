"""The pre-commit hook, run by pre-commit itself (``pre-commit try-repo``) on throw-away
course repositories, as a course author's commit would run it.

``try-repo`` installs this checkout (uncommitted changes included) into a fresh hook
environment, so each run costs a ``pip install`` (about a minute); the two runs start
together. Without pre-commit (the test extra pins it) the tests fail rather than skip.
PATH holds only the system's folders, so the hook's ``lmspack`` can only be the one
pre-commit installed (nothing preinstalled; tests/release/ does the same for a course
made by ``lmspack init``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.commands.run import Classifier, filter_by_include_exclude

REPO = Path(__file__).resolve().parents[2]
HOOK = "lmspack-validate"
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
INTRO = "---\nid: intro\ntitle: Intro\n---\n# Intro\n"
NEXT = "---\nid: next\ntitle: Next\nprereqs: [intro]\n---\n# Next\n\nAfter the intro.\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=_env(repo))


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_AUTHOR_NAME="author", GIT_AUTHOR_EMAIL="author@example.invalid",
               GIT_COMMITTER_NAME="author", GIT_COMMITTER_EMAIL="author@example.invalid",
               PRE_COMMIT_HOME=str(home.parent / "pre-commit-home"),
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", PATH=SYSTEM_PATH)
    env.pop("VIRTUAL_ENV", None)
    return env


def _course_repo(root: Path) -> Path:
    """A course repository with two lessons, the second needing the first, committed."""
    (root / "lessons").mkdir(parents=True)
    (root / "lessons" / "intro.md").write_text(INTRO, encoding="utf-8")
    (root / "lessons" / "next.md").write_text(NEXT, encoding="utf-8")
    (root / "README.md").write_text("# A course\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "course")
    return root


def _init_course_repo(root: Path) -> Path:
    """A course made by ``lmspack init``, a second lesson added after its first with
    ``lmspack new lesson``, committed."""
    for args in (["init", str(root)],
                 ["new", "lesson", "next", "--after", "welcome", "--root", str(root)]):
        subprocess.run([sys.executable, "-m", "lmspack", *args], check=True, capture_output=True)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "course")
    return root


def _prerequisite_position(lesson: Path, prerequisite: str) -> str:
    """``line:col`` of ``prerequisite`` in the lesson's ``prereqs`` line."""
    lines = lesson.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("prereqs:"))
    return f"{number}:{lines[number - 1].index(prerequisite) + 1}"


def _rename_intro(root: Path) -> None:
    lesson = root / "lessons" / "intro.md"
    lesson.write_text(INTRO.replace("id: intro", "id: introduction"), encoding="utf-8")


def _start(course: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "pre_commit", "try-repo", str(REPO), HOOK],
                            cwd=course, env=_env(course), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    """Two commits being made, each checked by the hook through pre-commit:

    ``renamed``: in a course made by ``lmspack init``, the author renames the id of the
    first lesson and stages only that lesson.
    ``unrelated``: the course is already broken (committed), and the author stages only
    files the hook does not concern itself with (README, notes, an image).
    """
    renamed = _init_course_repo(tmp_path_factory.mktemp("renamed") / "course")
    welcome = renamed / "lessons" / "welcome.md"
    welcome.write_text(welcome.read_text(encoding="utf-8").replace(
        "id: welcome\n", "id: introduction\n", 1), encoding="utf-8")
    _git(renamed, "add", "lessons/welcome.md")
    unrelated = _course_repo(tmp_path_factory.mktemp("unrelated") / "course")
    _rename_intro(unrelated)
    _git(unrelated, "commit", "-q", "-a", "-m", "broken on purpose")
    (unrelated / "README.md").write_text("# A course\n\nNow with a README.\n", encoding="utf-8")
    (unrelated / "notes").mkdir()
    (unrelated / "notes" / "plan.md").write_text("---\nid: x\n---\n", encoding="utf-8")
    (unrelated / "lessons" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    _git(unrelated, "add", "-A")
    assert shutil.which("lmspack", path=SYSTEM_PATH) is None, "lmspack on the system PATH"
    started = {"renamed": _start(renamed), "unrelated": _start(unrelated)}
    out = {}
    for name, proc in started.items():
        stdout, _ = proc.communicate(timeout=900)
        out[name] = (proc.returncode, stdout)
    out["renamed-position"] = (0, _prerequisite_position(renamed / "lessons" / "next.md",
                                                         "welcome"))
    return out


def test_a_renamed_id_is_reported_in_the_lesson_that_uses_it(
        runs: dict[str, tuple[int, str]]) -> None:
    code, out = runs["renamed"]
    assert code == 1, out
    assert f"- hook id: {HOOK}" in out and "Failed" in out, out
    # next.md was not staged, yet it is where the broken reference is.
    position = runs["renamed-position"][1]
    assert f"lessons/next.md:{position}: L002 [error] prerequisite 'welcome' is not a " \
        "lesson" in out, out


def test_files_the_hook_does_not_concern_are_not_checked(
        runs: dict[str, tuple[int, str]]) -> None:
    code, out = runs["unrelated"]
    assert code == 0, out
    assert "(no files to check)Skipped" in out, out


MATCHED = ["lessons/intro.md", "lessons/part-1/deep.md", "widgets/lab.json",
           "widgets/data/log.csv", "course.yaml", "courses/ml/lessons/a.md",
           "courses/ml/course.yaml", "courses/ml/widgets/data/x.csv"]
NOT_MATCHED = ["README.md", "notes/plan.md", "lessons/figure.png", "lessons/notes.txt",
               "widgets/README.md", "my-course.yaml", "course.yml", "lessons.md",
               "docs/lessons.md", "widgets.json"]


def test_the_files_pattern_as_pre_commit_applies_it(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for name in MATCHED + NOT_MATCHED:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # pre-commit classifies files that exist, by relative path
    names = MATCHED + NOT_MATCHED
    picked = Classifier(names).by_types(
        filter_by_include_exclude(names, hook["files"], hook.get("exclude", "^$")),
        hook.get("types", ["file"]), hook.get("types_or", []), hook.get("exclude_types", []))
    assert sorted(picked) == sorted(MATCHED)
