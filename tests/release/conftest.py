"""The release build, made once per test run: ``python -m build`` (pypa/build) on this
checkout writes the sdist, then the wheel from the sdist, exactly as a release would be
made. Building needs hatchling from the package index (build isolation); CI reaches PyPI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
"""PATH for commands that must find nothing of this checkout's (no .venv/bin)."""


@dataclass(frozen=True)
class Release:
    folder: Path
    sdist: Path
    wheel: Path


def clean_env(path: str = SYSTEM_PATH, **extra: str) -> dict[str, str]:
    """The environment without anything pointing into the checkout's virtual environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
           and not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PATH=path, **extra)
    return env


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    folder = tmp_path_factory.mktemp("release")
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(folder), str(REPO)],
                           capture_output=True, text=True, cwd=folder)
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    (sdist,) = folder.glob("lmspack-*.tar.gz")
    (wheel,) = folder.glob("lmspack-*.whl")
    return Release(folder, sdist, wheel)
