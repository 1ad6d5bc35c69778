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


def test_a_tree_kept_from_loading_is_used_unless_the_constructor_rewrote_it() -> None:
    """``keep_tree`` (a lesson's front-matter, checked and let go): positions come from the
    tree composed while loading, never from a second composition; a tree that PyYAML's
    constructor rewrote (merge keys) is not kept, so positions stay those of the text."""
    from lmspack.source import yamlpos

    for text in ("id: a\nitems:\n  - x\n  - y\n", "id: a\nitems: [&x x, *x]\n"):
        doc = yamlpos.load(text, line_offset=1, keep_tree=True)
        assert isinstance(doc, yamlpos.YamlDocument)
        assert doc.root is not None and doc.text is None, text
        position = doc.position("/items/1")
        assert position.line == 5 if "-" in text else position.line == 3
    merged = yamlpos.load("b: &b {a: 1}\nm: {<<: *b, c: 2}\n", keep_tree=True)
    assert isinstance(merged, yamlpos.YamlDocument)
    assert merged.data["m"] == {"a": 1, "c": 2}
    assert merged.root is None and merged.text is not None
    assert merged.position("/m/a") == merged.position("/m")  # `a` is not written under m
