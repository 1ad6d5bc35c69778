"""Plug-in distributions installed for a test, and lmspack run with them on its path.

Each example plug-in in ``tests/fixtures/plugin/`` is pip-installed into a folder of its own
(``--target``, so the test venv stays as it was); lmspack then runs in a subprocess with
that folder on ``PYTHONPATH``, or without it to show what the plug-in adds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

EPOCH = "1700000000"


def install(source: Path, work: Path) -> Path:
    """pip-install the distribution at ``source`` into ``work/site-packages``; returns it."""
    copy = work / "source"
    shutil.copytree(source, copy)  # pip builds in the source tree: keep the repo clean
    target = work / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--no-build-isolation", "--target", str(target),
                    str(copy)], check=True, capture_output=True, text=True)
    return target


def run(args: list[str], cwd: Path, plugin: Path | None,
        code: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m lmspack ARGS`` (or ``python -c CODE``) in ``cwd``, with the plug-in
    folder on the path when given, and a fixed ``SOURCE_DATE_EPOCH``."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    if plugin is not None:
        env["PYTHONPATH"] = str(plugin)
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "lmspack", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
