"""Front-matter positions on demand agree with the old full-node path (issue 20).

``yamlpos.load`` reads plain front-matter straight from libyaml's nodes and keeps no tree;
a position is found by composing the text again when a diagnostic asks for one. Before,
every document went through the careful constructor and kept its node tree. For random
front-matters, broken in the ways authors and hostile contributors break them (odd scalars,
YAML 1.1 booleans, dates and timestamps, tags, merge keys, anchors and aliases, duplicate
keys, tabs, escapes XML cannot hold, bad indentation, schema errors), these tests check:

* the plain path and the careful path read the same data and the same duplicate keys, or
  the plain path steps aside;
* every value and key of the document is placed where the full node tree places it;
* ``check()`` of a lesson with that front-matter reports the same diagnostics, positions
  included, as it does with the old path (careful load, node tree kept, every string
  walked for characters XML cannot hold).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from lmspack import validate
from lmspack.source import yamlpos
from lmspack.validate import check

BASE = [
    "id: fm-lesson",
    "title: A lesson",
    "duration_min: 5",
    "prereqs: []",
    "tags: [one, two]",
    "video:",
    "  platform: youtube",
    "  id: abc",
    "  start: 30",
    "  end: 20",
    "goals:",
    "  - Learn a thing",
    "quiz:",
    "  - q: Which?",
    "    options: [a, b, A]",
    "    answer: 4",
    "  - q: Other?",
    "    options:",
    "      - x",
    "      - y",
    "    answer: 1",
    "flashcards:",
    "  - term: definition",
    "next: fm-other",
]

VALUES = [
    "on", "yes", "off", "No", "~", "null", "", "2024-05-01", "2001-12-14t21:59:43.10-05:00",
    "0x1f", "0o17", "017", "1_000", "-.inf", ".nan", "1e3", "3.0", "'quoted'", '"a\\x00b"',
    '"form\\ffeed"', '"\\ud800"', "!!timestamp abc", "!!int x", "!!str 12", "!!binary aGk=",
    "!!set {a, b}", "!!omap [a: 1]", "!custom x", "&anchor value", "*anchor", "[1, 2]",
    "{a: 1}", "{<<: {a: 1}, b: 2}", "'a\tb'", "|\n  block\n  text", ">\n  folded",
    "[unclosed", "{a: 1", "- a", "a: b: c", "@reserved", "'unterminated", "\t1",
    "Lesson 3", "fm-other", "UPPER-id", "-1", "101", "[x, x]", "{? [a] : 1}",
]

_edit = st.one_of(
    st.tuples(st.just("value"), st.integers(0, 200), st.sampled_from(VALUES)),
    st.tuples(st.just("duplicate"), st.integers(0, 200), st.just("")),
    st.tuples(st.just("delete"), st.integers(0, 200), st.just("")),
    st.tuples(st.just("indent"), st.integers(0, 200), st.sampled_from([" ", "  ", "\t"])),
    st.tuples(st.just("insert"), st.integers(0, 200), st.sampled_from([
        "unknown_key: 1", "<<: {tags: [m]}", "base: &b {x: 1}", "use: *b", "id: again",
        "bomb: &a [*a]", "title: \"bell\\a\"", "'quoted key': 1", "? complex\n: key",
        "goals: *nope", "%TAG ! tag:x,2000:", "...", "\ufeffbom: 1", "x: \u2028y",
    ])),
)


def _front_matter(edits: list[tuple[str, int, str]]) -> str:
    lines = list(BASE)
    for what, where, arg in edits:
        n = where % len(lines) if lines else 0
        if what == "value" and lines:
            key, colon, _ = lines[n].partition(":")
            lines[n] = f"{key}: {arg}" if colon else f"{key} {arg}"
        elif what == "duplicate" and lines:
            lines.insert(n, lines[n])
        elif what == "delete" and lines:
            del lines[n]
        elif what == "indent" and lines:
            lines[n] = arg + lines[n]
        elif what == "insert":
            lines.insert(n, arg)
    return "\n".join(lines)


front_matters = st.lists(_edit, max_size=4).map(_front_matter)


def _old_load(text: str, line_offset: int = 0, *, keep_tree: bool = False
              ) -> yamlpos.YamlDocument | yamlpos.YamlError:
    """The old full-node path: the careful constructor, and the node tree kept (whatever
    ``keep_tree`` asks)."""
    doc = yamlpos._load_careful(text, line_offset)
    if isinstance(doc, yamlpos.YamlDocument) and doc.text is not None:
        doc.root = yaml.compose(doc.text, Loader=yamlpos._BaseLoader)
        doc.text = None
    return doc


def _same(a: Any, b: Any) -> bool:
    """Equal data, a NaN equal to a NaN, and the same types (True is not 1)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _pointers(value: Any, parts: tuple[object, ...] = ()) -> Iterator[str]:
    yield yamlpos.make_pointer(parts)
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _pointers(child, (*parts, key))
        yield yamlpos.make_pointer((*parts, "not-there"))
    elif isinstance(value, list):
        for number, child in enumerate(value):
            yield from _pointers(child, (*parts, number))
        yield yamlpos.make_pointer((*parts, len(value)))


def _marks(doc: yamlpos.YamlDocument) -> list[tuple[Any, ...]]:
    return sorted(((doc.mark(dup).line, doc.mark(dup).column), dup.value, doc.mark(first).line)
                  for dup, first in doc.duplicates)


@pytest.mark.parametrize("keep_tree", [False, True])
@given(text=front_matters)
@example(text=_front_matter([("insert", 3, "<<: {tags: [m]}")]))  # merged pairs go first
@example(text=_front_matter([("value", 6, "{<<: {a: 1}, b: 2}")]))
def test_plain_and_careful_paths_read_the_same_document(text: str, keep_tree: bool) -> None:
    """With or without the tree kept from loading (``keep_tree``, as validate loads a
    lesson), every position is the one the freshly composed tree gives. Shown failing
    once: with the careful path keeping a tree its constructor rewrote (merge keys), the
    positions under a mapping with ``<<`` moved."""
    new, old = yamlpos.load(text, 1, keep_tree=keep_tree), _old_load(text, 1)
    assert type(new) is type(old)
    if isinstance(old, yamlpos.YamlError):
        assert new == old
        return
    assert isinstance(new, yamlpos.YamlDocument)
    assert _same(new.data, old.data)
    assert _marks(new) == _marks(old)
    for pointer in _pointers(old.data):
        for key in (False, True):
            assert new.position(pointer, key=key) == old.position(pointer, key=key), pointer


@contextmanager
def _lesson(front_matter: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="lmspack-pos-") as folder:
        root = Path(folder) / "course"
        (root / "lessons").mkdir(parents=True)
        (root / "lessons" / "fm-lesson.md").write_text(
            f"---\n{front_matter}\n---\nA short body.\n", encoding="utf-8")
        (root / "lessons" / "fm-other.md").write_text(
            "---\nid: fm-other\ntitle: Other\nprereqs: [fm-lesson]\n---\nText.\n",
            encoding="utf-8")
        yield root


def _diagnostics(root: Path) -> list[tuple[Any, ...]]:
    return [(d.code, d.path, d.line, d.column, d.message) for d in check(root).diagnostics]


@given(front_matters)
def test_check_reports_the_positions_of_the_full_node_path(text: str) -> None:
    with _lesson(text) as root, pytest.MonkeyPatch.context() as patch:
        new = _diagnostics(root)
        patch.setattr(yamlpos, "load", _old_load)
        patch.setattr(validate, "yaml_may_hold_non_xml", lambda source: True)  # always walk
        old = _diagnostics(root)
    assert new == old


def test_the_plain_path_is_taken_for_plain_data_and_left_for_the_rest() -> None:
    """Shown failing once: with the plain path's duplicate-key record removed, the first
    case loses its F006 (the careful path alone would keep it)."""
    doc = yamlpos._load_plain("a: 1\nb: [x, {c: on}]\na: 2\n", 1)
    assert doc is not None and doc.data == {"a": 2, "b": ["x", {"c": True}]}
    assert [(doc.mark(d).line, doc.mark(f).line) for d, f in doc.duplicates] == [(4, 2)]
    assert doc.root is None and doc.text is not None  # no tree kept
    for text in ("d: 2024-05-01", "<<: {a: 1}", "a: !!binary aGk=",
                 "? [a]\n: 1", "a: !!timestamp abc", "a: [unclosed"):
        assert yamlpos._load_plain(text, 0) is None, text


@given(st.text(alphabet=st.sampled_from(
    ["a", " ", "\n", "\t", "\r", "\\", "\x00", "\x0b", "\x1f", "\x7f", "é", "\ufffe", "\ud800",
     "\U0001fffe", "\U0001f600", '"']), max_size=30))
def test_skipping_the_xml_text_walk_is_safe(source: str) -> None:
    """When the walk for S006 is skipped, no string of the document can need it: the source
    holds no such character and no backslash escape could write one."""
    from lmspack.source.xmltext import first_non_xml, yaml_may_hold_non_xml

    if not yaml_may_hold_non_xml(source):
        assert "\\" not in source and first_non_xml(source) is None
    if "\\" in source or first_non_xml(source) is not None:
        assert yaml_may_hold_non_xml(source)
