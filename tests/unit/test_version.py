"""The commit ``lmspack --version`` names: read from git in a checkout, recorded in a build."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from lmspack import _version
from lmspack._version import Commit, __version__, git_commit, version_line

ENV = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.invalid",
       "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.invalid",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_a_checkout_gives_its_commit_and_whether_tracked_files_changed(tmp_path: Path) -> None:
    assert git_commit(tmp_path) is None  # not a checkout
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("one\n")
    _git(tmp_path, "add", "a.txt")
    _git(tmp_path, "commit", "-q", "-m", "one")
    head = _git(tmp_path, "rev-parse", "HEAD")
    assert git_commit(tmp_path) == Commit(head, dirty=False)
    (tmp_path / "untracked.txt").write_text("not part of the build's source\n")
    assert git_commit(tmp_path) == Commit(head, dirty=False)
    (tmp_path / "a.txt").write_text("two\n")
    assert git_commit(tmp_path) == Commit(head, dirty=True)


@pytest.mark.parametrize(("commit", "line"), [
    (None, f"lmspack {__version__}"),
    (Commit("f" * 40, False), f"lmspack {__version__} (git {'f' * 40})"),
    (Commit("f" * 40, True), f"lmspack {__version__} (git {'f' * 40}, with uncommitted changes)"),
])
def test_the_version_line(commit: Commit | None, line: str,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_version, "build_commit", lambda: commit)
    assert version_line() == line


def test_the_build_records_the_commit_as_json() -> None:
    commit = Commit("0123456789abcdef" * 2 + "01234567", True)
    assert commit.as_json() == f'{{"commit": "{commit.sha}", "dirty": true}}\n'
