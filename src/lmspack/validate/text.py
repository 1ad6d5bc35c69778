"""Text checks that look at the raw file: mojibake."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit

# Characters that UTF-8 lead/continuation bytes turn into when decoded as Windows-1252 or
# Latin-1. A run of two or more of them is a candidate; it is mojibake only if re-encoding
# it gives valid UTF-8 (which ordinary accented text almost never does).
_SUSPECT = re.compile(
    "[\u00c0-\u00ff\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}"
)


def _as_bytes(run: str) -> bytes | None:
    """The bytes ``run`` was decoded from: Windows-1252, with Latin-1 for the five bytes
    cp1252 leaves undefined (decoders often pass them through as C1 controls)."""
    out = bytearray()
    for char in run:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            out.append(ord(char))
    return bytes(out)


def _repair(run: str) -> str | None:
    """What ``run`` reads as once its bytes are decoded as UTF-8, or None if not mojibake."""
    data = _as_bytes(run)
    try:
        fixed = data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None
    return fixed if fixed != run else None


def find_mojibake(text: str) -> Iterator[tuple[Position, str, str]]:
    """Yield (position, garbled run, repaired run) for each mojibake run in ``text``."""
    if text.isascii():  # the common case costs one C-level scan
        return
    for match in _SUSPECT.finditer(text):
        fixed = _repair(match.group())
        if fixed is not None:
            line_start = text.rfind("\n", 0, match.start()) + 1
            position = Position(text.count("\n", 0, match.start()) + 1,
                                match.start() - line_start + 1)
            yield position, match.group(), fixed


def check_mojibake(path: str, text: str) -> list[Diagnostic]:
    out = []
    for position, bad, good in find_mojibake(text):
        line = text.split("\n")[position.line - 1]
        start = position.column - 1
        word_start = max(line.rfind(" ", 0, start) + 1, 0)
        word_end = line.find(" ", start + len(bad))
        word = line[word_start: word_end if word_end != -1 else len(line)].strip(",.;:!?()\"'")
        out.append(emit("T101", path, position,
                        f"'{word}' looks like mojibake: it should read "
                        f"'{word.replace(bad, good)}'",
                        hint=f"replace '{bad}' with '{good}' and save the file as UTF-8"))
    return out
