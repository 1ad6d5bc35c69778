"""Property-based tests of issue 22's promise: what ``lmspack validate`` passes, every later
stage survives; what a later stage could not survive, validate reports, located.

Each test generates one class of hostile input that once passed validate and stopped a
build: text XML cannot hold (in every text field that reaches a package), numbers in every
spelling (all Unicode digits, huge and non-finite values), empty and header-only tables,
long cells. For every example either ``check()`` reports the problem at the right file, or
the build stage that would have died (precompute, the manifests of every package format)
completes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from lmspack import check
from lmspack.build import build
from lmspack.source.xmltext import first_non_xml

# --- text that XML cannot hold ------------------------------------------------------------

NOT_XML = st.one_of(
    st.sampled_from([chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]),
    st.sampled_from([chr(c) for c in range(0xFDD0, 0xFDF0)]),
    st.integers(0, 16).flatmap(lambda plane: st.sampled_from(
        [chr(plane * 0x10000 + 0xFFFE), chr(plane * 0x10000 + 0xFFFF)])),
)
"""Every class of character XML cannot hold that YAML can carry as an escape (YAML refuses
a lone surrogate escape itself, F004; JSON carries one: see the widget-file test)."""

TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12),
    st.text(st.characters(categories=["Zs", "Zl", "Zp", "Cc", "Cf"]), min_size=1, max_size=3))
"""Any text, and often text that is only white space, control or format characters."""


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every non-printable-ASCII character escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\x{code:02x}" if code <= 0xFF else
                       f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


FIELDS = {
    # field: (file, template with {v}); every text that reaches a SCORM, TinCan or cmi5
    # manifest (and a quiz bank) is one of these.
    "course title": ("course.yaml", "title: {v}"),
    "course version": ("course.yaml", "version: {v}"),
    "module title": ("course.yaml", "modules:\n  - {{id: m, title: {v}, lessons: [one]}}"),
    "lesson title": ("lessons/one.md", "title: {v}"),
    "goal": ("lessons/one.md", "goals: [{v}]"),
    "question": ("lessons/one.md", "quiz:\n  - {{q: {v}, options: [a, b], answer: 0}}"),
    "option": ("lessons/one.md", "quiz:\n  - {{q: Q, options: [{v}, b], answer: 1}}"),
    "explanation": ("lessons/one.md",
                    "quiz:\n  - {{q: Q, options: [a, b], answer: 0, explain: {v}}}"),
    "flashcard": ("lessons/one.md", "flashcards:\n  - {{{v}: definition}}"),
    "reflection": ("lessons/one.md", "reflection: [{v}]"),
}


@contextmanager
def text_course(field: str, value: str) -> Iterator[Path]:
    """A one-lesson course with ``value`` written (escaped) into ``field``."""
    root = Path(tempfile.mkdtemp(prefix="lmspack-xmltext-"))
    try:
        (root / "lessons").mkdir()
        course = ["id: c", "title: Course", "version: 1.0.0",
                  "base_iri: https://example.org/c"]
        lesson = ["id: one", "title: One", "duration_min: 5"]
        where, template = FIELDS[field]
        line = template.format(v=yaml_quoted(value))
        target = course if where == "course.yaml" else lesson
        name = line.split(":", 1)[0]
        target[:] = [kept for kept in target if not kept.startswith(name + ":")] + [line]
        (root / "course.yaml").write_text("\n".join(course) + "\n", encoding="utf-8")
        (root / "lessons" / "one.md").write_text(
            "---\n" + "\n".join(lesson) + "\n---\n\nText.\n", encoding="utf-8")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=120)
@given(field=st.sampled_from(sorted(FIELDS)), before=TEXT, bad=NOT_XML, after=TEXT)
def test_text_xml_cannot_hold_is_s006_at_its_field(field: str, before: str, bad: str,
                                                   after: str) -> None:
    with text_course(field, before + bad + after) as root:
        report = check(root)
    s006 = [d for d in report.diagnostics if d.code == "S006"]
    assert s006 and all(d.path == FIELDS[field][0] for d in s006), report.diagnostics
    assert report.errors


@settings(max_examples=60)
@given(field=st.sampled_from(sorted(FIELDS)), value=TEXT,
       version=st.sampled_from(["1.2", "2004"]))
def test_text_validate_passes_is_text_every_package_writes(field: str, value: str,
                                                           version: str) -> None:
    """Any text at all (control characters and noncharacters included): validate refuses
    it, or every package format is built from it (the manifests parse with lxml)."""
    with text_course(field, value) as root:
        report = check(root)
        if report.errors:
            assert first_non_xml(value) is None or any(
                d.code == "S006" for d in report.diagnostics)
            return
        result = build(root, root / "dist", scorm=version, xapi=True, cmi5=True,
                       epoch=315532800)
        assert len(result.packages) == 3
        assert first_non_xml(value) is None
        event(f"built ({field})")
