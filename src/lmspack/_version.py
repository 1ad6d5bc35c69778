"""The version of lmspack, and the git commit it was built from.

``__version__`` is the one place the version is written: ``pyproject.toml`` reads it from
here (``[tool.hatch.version]``), and the package and the reports import it.

The commit: a wheel or sdist built from a git checkout carries ``_build_info.json``
(written by ``hatch_build.py`` at build time); a development install that runs from a
checkout asks git itself. Only ``lmspack --version`` looks, so start-up never pays for it.
Standard library only: ``hatch_build.py`` loads this file by path, before lmspack is
installed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__version__ = "0.1.0"

BUILD_INFO = "_build_info.json"
"""The file, inside the package, that records the commit a distribution was built from."""


@dataclass(frozen=True)
class Commit:
    """A git commit, and whether the tree it was taken from had uncommitted changes."""

    sha: str
    dirty: bool

    def as_json(self) -> str:
        return json.dumps({"commit": self.sha, "dirty": self.dirty}, sort_keys=True) + "\n"


def git_commit(checkout: Path) -> Commit | None:
    """The commit checked out at ``checkout`` (tracked files changed: ``dirty``), or None
    when it is not a git checkout or git is not installed."""
    import subprocess  # here, as resources below: only ``--version`` pays for them

    if not (checkout / ".git").exists():  # a folder in a worktree, or a file
        return None
    try:
        head = subprocess.run(["git", "rev-parse", "--verify", "HEAD"], cwd=checkout,
                              capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                                 cwd=checkout, capture_output=True, text=True,
                                 check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return Commit(head, bool(changed))


def _source_checkout() -> Path | None:
    """The checkout this module runs from (``<checkout>/src/lmspack``), if it does."""
    here = Path(__file__).resolve().parent
    checkout = here.parents[1]
    if here.parent.name == "src" and (checkout / "pyproject.toml").is_file():
        return checkout
    return None


def build_commit() -> Commit | None:
    """The commit this copy of lmspack comes from: the checkout's current one when it runs
    from a checkout (a development install), else the one recorded at build time."""
    from importlib import resources

    checkout = _source_checkout()
    if checkout is not None:
        return git_commit(checkout)
    recorded = resources.files("lmspack").joinpath(BUILD_INFO)
    if not recorded.is_file():
        return None
    data = json.loads(recorded.read_text(encoding="utf-8"))
    return Commit(str(data["commit"]), bool(data["dirty"]))


def version_line() -> str:
    """What ``lmspack --version`` prints: the version and, for a build from git, the commit
    (``lmspack 0.1.0 (git 6b8ce53..., with uncommitted changes)``)."""
    commit = build_commit()
    if commit is None:
        return f"lmspack {__version__}"
    changes = ", with uncommitted changes" if commit.dirty else ""
    return f"lmspack {__version__} (git {commit.sha}{changes})"
