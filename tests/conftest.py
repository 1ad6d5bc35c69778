"""Shared test fixtures: where the reference data lives, and how optional tools skip.

Tests that need ``../shared`` (the official XSDs, the seed lesson) or a browser skip with a
clear reason on a laptop that lacks them. CI sets ``LMSPACK_REQUIRE_SHARED=1`` and
``LMSPACK_REQUIRE_BROWSER=1``; under those a missing prerequisite fails the test instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "tests" / "fixtures"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip() not in ("", "0", "false", "no")


def skip_or_fail(reason: str, require_env: str) -> None:
    """Skip with ``reason``, unless ``require_env`` is set: then the test fails."""
    if _flag(require_env):
        pytest.fail(f"{reason} (and {require_env}=1 forbids skipping)")
    pytest.skip(reason)


def find_shared() -> Path | None:
    """The ``shared/`` reference folder: ``$LMSPACK_SHARED``, else ``../shared`` beside the repo."""
    env = os.environ.get("LMSPACK_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO_ROOT.parent / "shared")
    for candidate in candidates:
        if (candidate / "xsd").is_dir() and (candidate / "seed").is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Path of ``../shared``; skips (or fails under LMSPACK_REQUIRE_SHARED=1) when absent."""
    found = find_shared()
    if found is None:
        skip_or_fail(
            "../shared (XSDs, seed lesson) not found beside the checkout; set LMSPACK_SHARED",
            "LMSPACK_REQUIRE_SHARED",
        )
    assert found is not None
    return found


@pytest.fixture(scope="session")
def xsd_dir(shared_dir: Path) -> Path:
    return shared_dir / "xsd"


@pytest.fixture(scope="session")
def seed_lesson(shared_dir: Path) -> Path:
    return shared_dir / "seed" / "ai-builder-ch4-lesson3.md"
