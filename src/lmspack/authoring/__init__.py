"""The author's day: ``init``, ``new lesson``, ``graph``, ``fix``, ``schema``, ``serve`` and
the generated author guide. Library code only; ``cli.py`` declares the commands.

Modules: ``kinds`` (the one place that reads the widget registry), ``scaffold`` (init),
``newlesson``, ``graph``, ``fixes``, ``schemas``, ``serve``, ``guide``; progress and colour
on a terminal are :mod:`lmspack.console`'s.
"""

from __future__ import annotations

from lmspack.errors import AuthoringError

__all__ = ["AuthoringError"]
