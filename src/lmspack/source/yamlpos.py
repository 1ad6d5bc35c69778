"""YAML loading that remembers where every value came from.

The document is composed with libyaml (when PyYAML has it) into a node tree, which carries
line and column marks, and constructed into plain Python values. By default the tree is then
dropped: positions are looked up lazily by JSON pointer, and the first look-up composes the
text again, so a document kept for a whole run (the course file) holds its text, not a tree.
A document that is read, checked and let go (a lesson's front-matter) keeps its tree instead
(``keep_tree``): its position look-ups then never compose the text a second time, and the
tree goes with the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lmspack.diagnostics import Position

MAX_EXPANDED_NODES = 1_000_000
"""Limit on the values a YAML document may stand for with its aliases expanded."""

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that records duplicate keys instead of silently keeping the last one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[ScalarNode, ScalarNode]] = []
        self.rewrites_tree = False
        """Set when constructing changes the node tree (PyYAML's ``flatten_mapping`` moves
        merged pairs into a mapping and retags ``=`` keys): such a tree is not what
        composing the text gives, so positions are then taken from the text again."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        """PyYAML's constructors let Python errors escape on odd scalars (``!!timestamp abc``,
        a date in year 0, ``!!int x``, ``!!bool maybe``): they become YAML errors at the node."""
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
            tag = node.tag.removeprefix("tag:yaml.org,2002:")
            why = f" ({exc})" if isinstance(exc, ValueError) else ""
            raise ConstructorError(None, None, f"cannot read {_scalar(node)} as a YAML {tag}"
                                   f"{why}; put it in quotes if it is text", node.start_mark) \
                from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):  # `!!map [a]`, `!!set x`: PyYAML says why
            return super().construct_mapping(node, deep)
        seen: dict[str, ScalarNode] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                first = seen.setdefault(key_node.value, key_node)
                if first is not key_node:
                    self.duplicates.append((key_node, first))
            if key_node.tag in _REWRITTEN_KEYS:
                self.rewrites_tree = True
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


_REWRITTEN_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


def _scalar(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return repr(node.value[:40])
    return "a mapping" if isinstance(node, MappingNode) else "a sequence"


@dataclass(frozen=True)
class YamlError:
    """A YAML syntax error: what the parser said and where (1-based, file coordinates)."""

    message: str
    position: Position


@dataclass
class YamlDocument:
    """A constructed YAML document, and what it takes to find where its values are.

    ``line_offset`` is added to every line so positions are in file coordinates even when
    the YAML is an excerpt (front-matter starts on line 2 of a lesson). ``root`` is the
    node tree, composed again from ``text`` on the first position look-up.
    """

    data: Any
    root: Node | None
    line_offset: int = 0
    duplicates: list[tuple[ScalarNode, ScalarNode]] = field(default_factory=list)
    text: str | None = None

    def tree(self) -> Node | None:
        """The node tree (composed now if it was dropped after loading)."""
        if self.root is None and self.text is not None:
            loader = _BaseLoader(self.text)
            try:
                self.root = loader.get_single_node()
            finally:
                loader.dispose()
            self.text = None
        return self.root

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
        node, key_node = self.tree(), None
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


def load(text: str, line_offset: int = 0, *, keep_tree: bool = False
         ) -> YamlDocument | YamlError:
    """Parse one YAML document. Never raises for bad content: returns a :class:`YamlError`.

    ``keep_tree``: keep the node tree composed while loading with the document, for a
    document whose positions are looked up while it is at hand and which is then let go;
    without it only the text is kept, and the first position look-up composes it again.
    Positions are the same either way.

    Most documents are plain data (mappings, lists, strings, numbers, booleans, nulls,
    no aliases): :func:`_load_plain` builds those straight from libyaml's node tree and
    keeps no tree. Anything else, and any document that fails, takes the careful path,
    whose diagnostics (and positions) are the reference; both agree on every document the
    plain path accepts (``tests/unit/test_yamlpos_plain.py``)."""
    if "*" not in text:
        plain = _load_plain(text, line_offset, keep_tree)
        if plain is not None:
            return plain
    return _load_careful(text, line_offset, keep_tree)


_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALARS = {_TAG + name: getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{name}")
                  for name in ("int", "float", "bool", "null")}
"""The scalar types the plain path builds, with PyYAML's own constructors (so ``0x1f``,
``1_000``, ``.inf``, ``yes`` and ``~`` are read exactly as the careful path reads them);
timestamps, binary and every other tag take the careful path."""


_NOT_PLAIN = "not plain data: the careful path reads it"


def _load_plain(text: str, line_offset: int, keep_tree: bool = False) -> YamlDocument | None:
    """The document as plain data, or None when it needs the careful path."""
    loader = _BaseLoader(text)
    duplicates: list[tuple[ScalarNode, ScalarNode]] = []
    try:
        root = loader.get_single_node()
        data = None if root is None else _plain(root, loader, duplicates)
    except Exception:  # any problem at all: the careful path says what it is
        return None
    finally:
        loader.dispose()
    return _document(data, root, line_offset, duplicates, text, keep_tree)


def _document(data: Any, root: Node | None, line_offset: int,
              duplicates: list[tuple[ScalarNode, ScalarNode]], text: str,
              keep_tree: bool) -> YamlDocument:
    """The loaded document with its tree, or with the text to compose it from again."""
    if root is None:
        return YamlDocument(data, None, line_offset, duplicates)
    if keep_tree:
        return YamlDocument(data, root, line_offset, duplicates)
    return YamlDocument(data, None, line_offset, duplicates, text)


def _plain(node: Node, loader: Any, duplicates: list[tuple[ScalarNode, ScalarNode]]) -> Any:
    """What ``SafeConstructor`` makes of ``node``, for plain data only; LookupError when the
    document needs the careful path (a tag, a merge key, a complex key...)."""
    kind, tag = node.__class__, node.tag
    if kind is ScalarNode:
        if tag == _TAG + "str":
            return node.value
        construct = _PLAIN_SCALARS.get(tag)
        if construct is None:
            raise LookupError(_NOT_PLAIN)
        return construct(loader, node)
    if kind is SequenceNode and tag == _TAG + "seq":
        return [_plain(item, loader, duplicates) for item in node.value]
    if kind is not MappingNode or tag != _TAG + "map":
        raise LookupError(_NOT_PLAIN)
    mapping: dict[Any, Any] = {}
    seen: dict[str, ScalarNode] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode or key_node.tag == _TAG + "merge":
            raise LookupError(_NOT_PLAIN)
        first = seen.setdefault(key_node.value, key_node)
        if first is not key_node:
            duplicates.append((key_node, first))
        mapping[_plain(key_node, loader, duplicates)] = _plain(value_node, loader, duplicates)
    return mapping


def _load_careful(text: str, line_offset: int, keep_tree: bool = False
                  ) -> YamlDocument | YamlError:
    """Every YAML document: aliases bounded, odd scalars and syntax errors reported at
    their node, duplicate keys recorded."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None and "*" in text and _expanded_size(root, {}) > MAX_EXPANDED_NODES:
            return YamlError(f"aliases expand to more than {MAX_EXPANDED_NODES:,} values, or an "
                             "alias is used inside its own anchor; write the data out instead",
                             Position(1 + line_offset, 1))
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, line_offset)
    except yaml.reader.ReaderError as exc:  # a character YAML forbids: no mark, an offset
        before = text[: exc.position]
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return YamlError(f"character U+{code:04X} is not allowed in YAML ({exc.reason})",
                         Position(before.count("\n") + 1 + line_offset,
                                  exc.position - (before.rfind("\n") + 1) + 1))
    except yaml.YAMLError as exc:  # errors without a mark (rare: e.g. reader errors)
        return YamlError(str(exc), Position(1 + line_offset, 1))
    except RecursionError:
        return YamlError("the document is nested too deeply", Position(1 + line_offset, 1))
    finally:
        loader.dispose()
    return _document(data, root, line_offset, loader.duplicates, text,
                     keep_tree and not loader.rewrites_tree)


def _expanded_size(node: Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` stands for once every alias is expanded (a shared node is
    counted at each use, as consumers that walk the data will see it), so a few lines of
    nested aliases ("billion laughs") cannot make later stages do exponential work."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = MAX_EXPANDED_NODES + 1  # a node inside itself: treat as too large
    children: list[Node] = []
    if isinstance(node, SequenceNode):
        children = node.value
    elif isinstance(node, MappingNode):
        children = [n for pair in node.value for n in pair]
    total = 1
    for child in children:
        total += _expanded_size(child, sizes)
        if total > MAX_EXPANDED_NODES:
            break
    sizes[id(node)] = total
    return total


def _syntax_error(exc: yaml.MarkedYAMLError, line_offset: int) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    position = Position(1 + line_offset, 1)
    if mark is not None:
        position = Position(mark.line + 1 + line_offset, mark.column + 1)
    parts = [exc.context or "", exc.problem or ""]
    message = "; ".join(p for p in parts if p) or "invalid YAML"
    return YamlError(message, position)
