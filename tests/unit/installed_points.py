"""Replace what the installed distributions register, for a registry's tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import EntryPoint
from types import ModuleType

import pytest


@contextmanager
def points_of(registry: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EntryPoint]]:
    """While inside, ``registry`` (a module that calls ``entry_points(group=...)`` and has
    ``clear_cache()``) sees only the entry points in the yielded list (edit it)."""
    points: list[EntryPoint] = []
    monkeypatch.setattr(registry, "entry_points", lambda group: [p for p in points
                                                                 if p.group == group])
    registry.clear_cache()
    try:
        yield points
    finally:
        registry.clear_cache()
