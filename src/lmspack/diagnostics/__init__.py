"""The one diagnostic type every stage reports problems with."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    """How serious a diagnostic is. ``off`` only appears in configuration."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One content problem, pinned to a place in a source file.

    ``path`` is relative to the course root with forward slashes, ``line`` and
    ``column`` are 1-based (0 means "the whole file"). ``pointer`` is the JSON
    pointer of the offending value inside the document, when there is one.
    """

    path: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: str
    hint: str | None = field(default=None, compare=False)
    pointer: str | None = field(default=None, compare=False)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "pointer": self.pointer,
        }


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


FILE_START = Position(1, 1)
