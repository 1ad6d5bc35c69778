"""Fixtures for the end-to-end CLI tests: call the real entry point, on real courses."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lmspack.cli import main

REPO = Path(__file__).resolve().parents[2]
Call = Callable[..., tuple[int, str, str]]


@pytest.fixture
def lmspack(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Call:
    """Call the CLI through ``main()`` (exit-code handling included) in a folder:
    returns (exit code, stdout, stderr). Builds get a fixed SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    def call(*args: str, cwd: Path = REPO) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return call


@pytest.fixture
def example_course(tmp_path: Path) -> Path:
    """A writable copy of the shipped example course."""
    root = tmp_path / "course"
    root.mkdir()
    for name in ("lessons", "widgets"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "course.yaml", root)
    return root
