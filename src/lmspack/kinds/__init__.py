"""lmspack's own widget kinds, one folder each (model, checks, compute, fallback template,
schemas). They are plug-ins like any third party's: registered under the entry-point group
``lmspack.widgets`` in ``pyproject.toml``, found through :mod:`lmspack.widgets.registry`,
and never imported by the library's stages directly."""

from __future__ import annotations

from lmspack.widgets.kind import ModelT, WidgetKind


class NumericKind(WidgetKind[ModelT]):
    """A kind that computes with numpy and SciPy: their versions are part of its inputs."""

    def versions(self) -> str:
        import numpy
        import scipy

        return f"numpy {numpy.__version__} scipy {scipy.__version__}"
