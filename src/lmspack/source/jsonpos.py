"""JSON documents that can say where a value is.

The stdlib parser does the parsing (fast, and its errors carry line and column). Positions
are only needed for diagnostics, so they are found lazily: a small scanner walks the text
along a JSON pointer, skipping sibling values with the stdlib decoder.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]  # public since 2.6, unstubbed
from typing import Any

from lmspack.diagnostics import Position
from lmspack.source.yamlpos import make_pointer, parse_pointer

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


@dataclass(frozen=True)
class JsonError:
    message: str
    position: Position


@dataclass
class JsonDocument:
    """A parsed JSON document and its source text. ``duplicates`` holds the JSON pointer of
    every member whose key appears more than once in its object (the parser keeps the last
    value)."""

    data: Any
    text: str
    duplicates: list[str] = field(default_factory=list)

    def position(self, pointer: str, *, key: bool = False) -> Position:
        """Position of the value at ``pointer`` (or its key); the deepest existing ancestor
        when the pointer leads nowhere."""
        offset = _locate(self.text, parse_pointer(pointer), key)
        return offset_to_position(self.text, offset)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads(text: str) -> JsonDocument | JsonError:
    """Parse strict JSON (no NaN/Infinity); never raises for bad content."""
    repeated: dict[int, list[str]] = {}  # id of an object -> its keys that appear twice

    def make_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        made = dict(pairs)
        if len(made) < len(pairs):
            counts = Counter(key for key, _ in pairs)
            repeated[id(made)] = sorted(key for key, n in counts.items() if n > 1)
        return made

    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=make_object)
        return JsonDocument(data, text, _pointers(data, repeated) if repeated else [])
    except json.JSONDecodeError as exc:
        return JsonError(exc.msg, Position(exc.lineno, exc.colno))
    except ValueError as exc:
        return JsonError(str(exc), Position(1, 1))
    except RecursionError:
        return JsonError("document is nested too deeply", Position(1, 1))


def _pointers(value: Any, repeated: dict[int, list[str]], prefix: str = "") -> list[str]:
    """JSON pointers of the repeated members recorded while parsing (found by object id)."""
    out: list[str] = []
    if isinstance(value, dict):
        out += [prefix + make_pointer([key]) for key in repeated.get(id(value), [])]
        for key, child in value.items():
            out += _pointers(child, repeated, prefix + make_pointer([key]))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _pointers(child, repeated, f"{prefix}/{index}")
    return out


def offset_to_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _skip_ws(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _locate(text: str, parts: list[str], key: bool) -> int:
    index = _skip_ws(text, 0)
    key_start = index
    for part in parts:
        found = _find_child(text, index, part)
        if found is None:
            return index
        key_start, index = found
    return key_start if key else index


def _find_child(text: str, index: int, part: str) -> tuple[int, int] | None:
    """(key offset, value offset) of member ``part`` of the container at ``index``."""
    if index >= len(text) or text[index] not in "[{":
        return None
    is_object = text[index] == "{"
    position = 0
    index = _skip_ws(text, index + 1)
    while index < len(text) and text[index] not in "]}":
        key_start = index
        if is_object:
            name, index = scanstring(text, index + 1)
            index = _skip_ws(text, _skip_ws(text, index) + 1)  # past ':'
        else:
            name = str(position)
        if name == part:
            return key_start, index
        _, index = _DECODER.raw_decode(text, index)
        index = _skip_ws(text, index)
        if index < len(text) and text[index] == ",":
            index = _skip_ws(text, index + 1)
        position += 1
    return None
