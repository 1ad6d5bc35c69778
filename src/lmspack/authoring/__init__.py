"""The author's day: ``init``, ``new lesson``, ``graph``, ``fix``, ``schema``, ``serve`` and
the generated author guide. Library code only; ``cli.py`` declares the commands.

Modules: ``kinds`` (the one place that reads the widget registry), ``scaffold`` (init),
``newlesson``, ``graph``, ``fixes``, ``schemas``, ``serve``, ``guide``, ``console``
(progress and colour on a terminal).
"""

from __future__ import annotations


class AuthoringError(Exception):
    """A command cannot do what was asked (a file would be overwritten, an unknown id);
    the message says what to do instead. The CLI turns it into exit code 2."""
