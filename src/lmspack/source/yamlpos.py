"""YAML loading that remembers where every value came from.

The document is composed once with libyaml (when PyYAML has it) into a node tree, which
carries line and column marks, and then constructed into plain Python values. Positions are
looked up lazily by JSON pointer, so a clean document pays nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lmspack.diagnostics import Position

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that records duplicate keys instead of silently keeping the last one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[ScalarNode, ScalarNode]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, ScalarNode] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                first = seen.setdefault(key_node.value, key_node)
                if first is not key_node:
                    self.duplicates.append((key_node, first))
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class YamlError:
    """A YAML syntax error: what the parser said and where (1-based, file coordinates)."""

    message: str
    position: Position


@dataclass
class YamlDocument:
    """A constructed YAML document plus its node tree for position look-ups.

    ``line_offset`` is added to every line so positions are in file coordinates even when
    the YAML is an excerpt (front-matter starts on line 2 of a lesson).
    """

    data: Any
    root: Node | None
    line_offset: int = 0
    duplicates: list[tuple[ScalarNode, ScalarNode]] = field(default_factory=list)

    def mark(self, node: Node) -> Position:
        return Position(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def position(self, pointer: str, *, key: bool = False) -> Position:
        """Position of the value at ``pointer`` (or of its key when ``key``).

        When the pointer leads nowhere (a missing field), the position of the deepest
        existing ancestor is returned, which is where the author has to add it.
        """
        node, key_node = self._walk(parse_pointer(pointer))
        if key and key_node is not None:
            return self.mark(key_node)
        if node is None:
            return Position(1 + self.line_offset, 1)
        return self.mark(node)

    def _walk(self, parts: list[str]) -> tuple[Node | None, Node | None]:
        node, key_node = self.root, None
        for part in parts:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        return node, key_node


def _child(node: Node | None, part: str) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == part:
                return key_node, value_node
    elif isinstance(node, SequenceNode) and part.isdigit() and int(part) < len(node.value):
        item: Node = node.value[int(part)]
        return None, item
    return None


def parse_pointer(pointer: str) -> list[str]:
    """Split an RFC 6901 JSON pointer into unescaped reference tokens."""
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]


def make_pointer(parts: tuple[object, ...] | list[object]) -> str:
    """Join path parts into an RFC 6901 JSON pointer."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def load(text: str, line_offset: int = 0) -> YamlDocument | YamlError:
    """Parse one YAML document. Never raises for bad content: returns a :class:`YamlError`."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, line_offset)
    except yaml.YAMLError as exc:  # errors without a mark (rare: e.g. reader errors)
        return YamlError(str(exc), Position(1 + line_offset, 1))
    finally:
        loader.dispose()
    return YamlDocument(data, root, line_offset, loader.duplicates)


def _syntax_error(exc: yaml.MarkedYAMLError, line_offset: int) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    position = Position(1 + line_offset, 1)
    if mark is not None:
        position = Position(mark.line + 1 + line_offset, mark.column + 1)
    parts = [exc.context or "", exc.problem or ""]
    message = "; ".join(p for p in parts if p) or "invalid YAML"
    return YamlError(message, position)
