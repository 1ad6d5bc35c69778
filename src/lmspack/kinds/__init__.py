"""lmspack's own widget kinds, one folder each (model, checks, compute, fallback template,
schemas). They are plug-ins like any third party's: registered under the entry-point group
``lmspack.widgets`` in ``pyproject.toml``, found through :mod:`lmspack.widgets.registry`,
and never imported by the library's stages directly."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from lmspack.widgets.kind import ModelT, ResultModel, WidgetKind


class ResultModelIn:
    """A kind's :attr:`~lmspack.widgets.WidgetKind.result_model`, imported from ``module``
    the first time it is read (by precompute, the fallback, or schema generation), so
    ``lmspack validate``, which checks widget files but reads no results, does not build
    the result documents' models at start-up."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __get__(self, instance: Any, owner: Any = None) -> type[ResultModel]:
        found: type[ResultModel] = getattr(import_module(self.module), self.name)
        return found


class NumericKind(WidgetKind[ModelT]):
    """A kind that computes with numpy and SciPy: their versions are part of its inputs."""

    def versions(self) -> str:
        import numpy
        import scipy

        return f"numpy {numpy.__version__} scipy {scipy.__version__}"
