"""Edits to YAML that change only the bytes they must: comments, key order, quoting, line
endings and blank lines of everything else stay exactly as the author wrote them.

PyYAML's node tree knows where every value starts and ends in the text; an :class:`Edit`
replaces one such span (or inserts at one point). A new list item copies the style of its
neighbours (flow ``[a, b]`` or block ``- a``, and their quotes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``new`` (an insertion when start == end)."""

    start: int
    end: int
    new: str


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (in any order)."""
    out, cursor = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor:
            raise ValueError("overlapping edits")
        out += [text[cursor:edit.start], edit.new]
        cursor = edit.end
    return "".join(out) + text[cursor:]


def newline_of(text: str) -> str:
    """The file's line ending, so inserted lines match it."""
    return "\r\n" if "\r\n" in text else "\n"


def scalar(value: str, like: Node | None = None) -> str:
    """``value`` as YAML, quoted like ``like`` when that was quoted, and quoted anyway when
    plain YAML would read it as something else (``on``, ``1e3``, ``a: b``)."""
    style = like.style if isinstance(like, ScalarNode) else None
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or _plain_reads_differently(value):
        return json.dumps(value, ensure_ascii=False)
    return value


def _plain_reads_differently(value: str) -> bool:
    try:
        return bool(yaml.safe_load(f"[{value}]") != [value]) or value.strip() != value
    except yaml.YAMLError:
        return True


class YamlRegion:
    """The YAML document in ``text[start:end]`` (a whole course file, or the front-matter
    between a lesson's fences), with node marks shifted to ``text`` coordinates."""

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        self.text, self.start = text, start
        self.end = len(text) if end is None else end
        self.root = yaml.compose(text[start:self.end], Loader=yaml.SafeLoader)
        self.newline = newline_of(text)

    def begin(self, node: Node) -> int:
        return self.start + node.start_mark.index

    def finish(self, node: Node) -> int:
        return self.start + node.end_mark.index

    def get(self, *path: str) -> Node | None:
        """The value node at a path of mapping keys and list indexes, or None."""
        node: Node | None = self.root
        for key in path:
            if isinstance(node, SequenceNode) and key.isdigit() and int(key) < len(node.value):
                node = node.value[int(key)]
            elif isinstance(node, MappingNode):
                node = next((v for k, v in node.value
                             if isinstance(k, ScalarNode) and k.value == key), None)
            else:
                return None
        return node

    def line_end(self, index: int) -> int:
        """Index of the line break that ends the line holding ``index`` (or the text end)."""
        found = self.text.find("\n", index)
        if found == -1:
            return len(self.text)
        return found - 1 if found > 0 and self.text[found - 1] == "\r" else found

    def set_scalar(self, node: Node, value: str) -> Edit:
        """Replace a scalar value, keeping its quote style."""
        start, end = self.begin(node), self.finish(node)
        new = scalar(value, node)
        if start == end and self.text[start - 1:start] == ":":
            new = " " + new  # `next:` with no value
        return Edit(start, end, new)

    def add_top_key(self, key: str, value: str) -> Edit:
        """A new ``key: value`` line at the end of the top-level mapping."""
        at = self.end
        prefix = "" if at == 0 or self.text[at - 1] == "\n" else self.newline
        return Edit(at, at, f"{prefix}{key}: {value}{self.newline}")

    def append_item(self, sequence: Node, item: str) -> Edit:
        """Add ``item`` at the end of a sequence, in the sequence's style."""
        items = sequence.value if isinstance(sequence, SequenceNode) else []
        if not items:
            if not (isinstance(sequence, SequenceNode) and sequence.flow_style):
                raise ValueError("not a list in [] style")
            close = self.finish(sequence) - 1  # the `]`
            return Edit(close, close, scalar(item))
        return self.insert_after(sequence, items[-1], item)

    def insert_after(self, sequence: Node, after: Node, item: str) -> Edit:
        """Add ``item`` right after the item ``after``, in the sequence's style."""
        siblings = sequence.value if isinstance(sequence, SequenceNode) else []
        new = scalar(item, siblings[0] if siblings else None)
        if getattr(sequence, "flow_style", False):
            at = self.finish(after)
            return Edit(at, at, f", {new}")
        item_start = self.begin(after)
        line_start = self.text.rfind("\n", 0, item_start) + 1
        prefix = self.text[line_start:item_start]
        if prefix.strip() != "-":
            raise ValueError("unusual list layout")
        at = self.line_end(max(self.finish(after) - 1, item_start))
        return Edit(at, at, f"{self.newline}{prefix}{new}")


_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def front_matter(text: str) -> YamlRegion | None:
    """The front-matter of a lesson's text (between its ``---`` lines), or None when the
    file has none or it does not parse."""
    first = text.find("\n")
    if first == -1 or text[:first].rstrip("\r").rstrip(" \t") != "---":
        return None
    close = _CLOSE.search(text, first + 1)
    if close is None:
        return None
    try:
        region = YamlRegion(text, first + 1, close.start())
    except yaml.YAMLError:
        return None
    return region if isinstance(region.root, MappingNode) else None
