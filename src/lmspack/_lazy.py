"""Lazy re-exports for packages whose submodules import numpy.

``lmspack validate`` must not import numpy or scipy, yet it needs a few pure-Python pieces
(metric registries) that live beside the numeric code. A package ``__init__`` lists its
public names and the submodule each comes from; names are imported on first access.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_getattr(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``exports[name]`` (a submodule) on demand."""
    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
    return __getattr__
