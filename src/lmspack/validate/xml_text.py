"""S006: every string of the front-matter, the course file and the widget files is text XML
can hold, checked once at validate so no package writer meets one it cannot write.

Every text that reaches a SCORM manifest, ``tincan.xml``, ``cmi5.xml`` (and a quiz bank)
comes from one of these documents: titles, descriptions, goals, questions and options,
version, language, identifiers. Checking every string of them, keys included, rather than
a list of fields that reach packages today, means a field a new format starts to publish
is already covered. What counts as such text is :mod:`lmspack.source.xmltext`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.source.xmltext import describe, first_non_xml
from lmspack.source.yamlpos import make_pointer


class Located(Protocol):
    """A parsed document that can say where the value at a JSON pointer is."""

    def position(self, pointer: str, *, key: bool = False) -> Position: ...


def check_xml_text(path: str, data: Any, doc: Located) -> list[Diagnostic]:
    """One S006 per string (or key) of ``data`` holding a character XML cannot hold."""
    out = []
    for parts, text, is_key in _strings(data, ()):
        index = first_non_xml(text)
        if index is None:
            continue
        pointer = make_pointer(parts)
        what = "key" if is_key else "text"
        out.append(emit(
            "S006", path, doc.position(pointer, key=is_key),
            f"{what} at {pointer or '/'} holds {describe(text[index])} at character "
            f"{index + 1}, which no package (XML) can hold",
            hint="remove the character; write a line break as a real line break, not an "
                 "escape", pointer=pointer))
    return out


def _strings(value: Any, parts: tuple[object, ...]) -> Iterator[tuple[tuple[object, ...], str,
                                                                       bool]]:
    """(path, string, is a key) for every string in a document, depth first."""
    stack: list[tuple[Any, tuple[object, ...]]] = [(value, parts)]
    while stack:  # iterative: a deeply nested document must not exhaust the call stack
        item, where = stack.pop()
        if isinstance(item, str):
            yield where, item, False
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if isinstance(key, str) and first_non_xml(key) is not None:
                    yield (*where, key), key, True
                stack.append((child, (*where, key)))
        elif isinstance(item, list):
            stack.extend((child, (*where, n)) for n, child in reversed(list(enumerate(item))))
