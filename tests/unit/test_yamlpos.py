"""YAML with positions: the node tree is not kept, positions still come out right."""

from __future__ import annotations


def test_the_node_tree_is_dropped_after_loading_and_composed_again_for_positions() -> None:
    from lmspack.source import yamlpos

    doc = yamlpos.load("id: a\nitems:\n  - x\n  - y\n", line_offset=1)
    assert isinstance(doc, yamlpos.YamlDocument)
    assert doc.root is None and doc.text is not None  # no tree kept for a clean document
    assert doc.data == {"id": "a", "items": ["x", "y"]}
    position = doc.position("/items/1")
    assert (position.line, position.column) == (5, 5)
    assert doc.root is not None and doc.text is None  # composed once, then kept
