"""Attribute docstrings of pydantic models, each module's source parsed once (start-up).

lmspack's models set ``use_attribute_docstrings``: the docstring under a field is its
description, and so the ``description`` of the published schemas. To find a class's source,
pydantic walks the interpreter's frames calling ``inspect.getmodule`` at each, then
tokenizes and parses that class's block twice; at about 1 ms a class this was a tenth of
``lmspack validate``'s work on the example course (issue 20). :func:`install` lets
pydantic's extraction look the class up by its qualified name in its module's syntax tree
instead, parsed once per module, and run pydantic's own visitor on that class, which reads
the same source and so finds the same docstrings. A class it cannot place for certain (made
inside a function, two classes of one name in a module, no source) goes to pydantic's own
extraction unchanged; ``tests/unit/test_docstrings.py`` compares both on every model.
Only lmspack's own models (and widget kinds' built into it) take the shortcut: every other
class, a plug-in's or the program's that imports lmspack, goes to pydantic's own extraction.
"""

from __future__ import annotations

import ast
import linecache
import sys
from collections.abc import Callable, Iterator
from typing import Any

_Extract = Callable[..., dict[str, str]]
_parsed: dict[str, dict[str, ast.ClassDef | None]] = {}
"""Module file -> each class's qualified name -> its statement (None: the name is taken
twice, so the class cannot be placed by its name)."""


def _classes(body: list[ast.stmt], prefix: str) -> Iterator[tuple[str, ast.ClassDef]]:
    """Every class statement reached without entering a function, with its qualified name
    (a class inside ``if``/``try``/``with`` blocks keeps the name of where it is)."""
    for stmt in body:
        if isinstance(stmt, ast.ClassDef):
            name = prefix + stmt.name
            yield name, stmt
            yield from _classes(stmt.body, name + ".")
        elif isinstance(stmt, ast.If | ast.For | ast.While | ast.With | ast.Try | ast.TryStar):
            for block in ("body", "orelse", "finalbody", "handlers"):
                for part in getattr(stmt, block, []):
                    inner = part.body if isinstance(part, ast.ExceptHandler) else [part]
                    yield from _classes(inner, prefix)


def _class_statement(cls: type[Any]) -> ast.ClassDef | None:
    module = sys.modules.get(cls.__module__)
    filename = getattr(module, "__file__", None)
    if module is None or not filename:
        return None
    if filename not in _parsed:
        lines = linecache.getlines(filename, module.__dict__)
        table: dict[str, ast.ClassDef | None] = {}
        try:
            tree = ast.parse("".join(lines)) if lines else None
        except SyntaxError:
            tree = None
        for name, stmt in _classes(tree.body if tree else [], ""):
            table[name] = None if name in table else stmt
        _parsed[filename] = table
    return _parsed[filename].get(cls.__qualname__)


def _ours(cls: type[Any]) -> bool:
    return cls.__module__ == "lmspack" or cls.__module__.startswith("lmspack.")


def _fast(original: _Extract, visitor: type[ast.NodeVisitor]) -> _Extract:
    def extract_docstrings_from_cls(cls: type[Any], use_inspect: bool = False
                                    ) -> dict[str, str]:
        stmt = _class_statement(cls) if _ours(cls) else None
        if stmt is None:
            return original(cls, use_inspect=use_inspect)
        reader = visitor()
        reader.generic_visit(stmt)
        attrs: dict[str, str] = reader.attrs  # type: ignore[attr-defined]
        return attrs

    extract_docstrings_from_cls.original = original  # type: ignore[attr-defined]
    return extract_docstrings_from_cls


def install() -> None:
    """Have pydantic read attribute docstrings through :func:`_class_statement` (once per
    process; nothing happens with a pydantic whose internals are not the expected ones)."""
    try:
        from pydantic._internal import _docs_extraction, _fields
    except ImportError:  # pragma: no cover - another pydantic layout: its own way stays
        return
    original = getattr(_fields, "extract_docstrings_from_cls", None)
    visitor = getattr(_docs_extraction, "DocstringVisitor", None)
    if original is None or visitor is None or hasattr(original, "original"):
        return
    _fields.extract_docstrings_from_cls = _fast(original, visitor)  # type: ignore[attr-defined]
