"""The author's day: ``init``, ``new lesson``, ``graph``, ``fix``, ``schema``, ``serve`` and
the generated author guide. Library code only: ``commands`` declares the commands as data,
and ``cli.py`` makes them click's.

Modules: ``kinds`` (the one place that reads the widget registry), ``scaffold`` (init),
``newlesson``, ``graph``, ``fixes``, ``schemas``, ``serve``, ``guide``; progress and colour
on a terminal are :mod:`lmspack.console`'s.
"""

from __future__ import annotations

from lmspack.errors import AuthoringError

__all__ = ["AuthoringError"]
