"""The Common Cartridge of the example course and of tests/fixtures/cartridge/mixed:
valid against Moodle's CC 1.1 schemas, true to every importer rule of tests/cc/cc_checker.py
(each rule shown failing on a cartridge broken for it), and read back to the source's
page titles, questions, options and correct answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.cc.cc_checker import check_cartridge, read_cartridge, read_zip
from tests.cc.conftest import Built

from lmspack.model.course import Course
from lmspack.model.quiz import quiz_title

pytestmark = pytest.mark.shared


def test_cartridge_passes_the_schemas_and_every_importer_rule(built: Built,
                                                               cc11_dir: Path) -> None:
    assert check_cartridge(read_zip(built.cartridge), cc11_dir) == []


def test_file_name_is_course_and_version(built: Built) -> None:
    assert built.cartridge.name == f"{built.course.id}-{built.course.version}.imscc"


def _expected_modules(course: Course) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for module in course.modules:
        titles: list[str] = []
        for lesson_id in module.lesson_ids:
            lesson = course.lesson(lesson_id).lesson
            titles.append(lesson.title)
            if lesson.quiz:
                titles.append(quiz_title(lesson.title))
        out.append((module.title, tuple(titles)))
    return tuple(out)


def test_round_trip_titles_pages_and_every_correct_answer(built: Built) -> None:
    course = built.course
    read = read_cartridge(read_zip(built.cartridge))
    assert read.title == course.title
    assert read.modules == _expected_modules(course)
    for entry in course.lessons:
        lesson = entry.lesson
        page = read.pages[lesson.title]
        heading = re.search(r"<h1>(.*?)</h1>", page, re.S)
        assert heading is not None
        assert heading.group(1) == lesson.title.replace("&", "&amp;").replace(
            "<", "&lt;").replace(">", "&gt;")
        if not lesson.quiz:
            assert quiz_title(lesson.title) not in read.quizzes
            continue
        questions = read.quizzes[quiz_title(lesson.title)]
        assert len(questions) == len(lesson.quiz)
        for source, got in zip(lesson.quiz, questions, strict=True):
            assert got.text == source.q
            assert got.options == tuple(source.options)
            # Both readings of "correct": Moodle's and Open edX's cc2olx.
            assert got.correct_moodle == (source.answer,)
            assert got.correct_cc2olx == (source.answer,)
            assert got.feedback == source.explain


def test_pages_say_where_the_quiz_went_and_keep_the_video_link(example: Built) -> None:
    read = read_cartridge(read_zip(example.cartridge))
    for entry in example.course.lessons:
        page = read.pages[entry.lesson.title]
        assert "lmspack-quiz" not in page and "<form" not in page
        if entry.lesson.quiz:
            assert quiz_title(entry.lesson.title).replace("&", "&amp;") in page
        if entry.lesson.video:
            assert f"watch?v={entry.lesson.video.id}" in page


# --- each rule fails on a cartridge broken for it ------------------------------------------

Entries = dict[str, bytes]
MANIFEST = "imsmanifest.xml"


def _first(entries: Entries, prefix: str) -> str:
    return sorted(name for name in entries if name.startswith(prefix))[0]


def _edit(name: str | Callable[[Entries], str], old: bytes, new: bytes,
          count: int = 1) -> Callable[[Entries], None]:
    def change(entries: Entries) -> None:
        path = name(entries) if callable(name) else name
        assert old in entries[path], (path, old)
        entries[path] = entries[path].replace(old, new, count)
    return change


def _quiz(entries: Entries) -> str:
    return _first(entries, "quizzes/")


def _page(entries: Entries) -> str:
    return _first(entries, "lessons/")


def _nested_manifest(entries: Entries) -> None:
    entries["course/" + MANIFEST] = entries.pop(MANIFEST)


def _long_preamble(entries: Entries) -> None:
    head, _, rest = entries[MANIFEST].partition(b"?>")
    entries[MANIFEST] = head + b"?>\n<!-- " + b"x" * 500 + b" -->" + rest


def _unlisted(entries: Entries) -> None:
    entries["notes/extra.txt"] = b"not in the manifest"


def _flow(entries: Entries) -> None:
    _edit(_quiz, b"<presentation>", b"<presentation><flow>")(entries)
    _edit(_quiz, b"</presentation>", b"</flow></presentation>")(entries)


def _two_options(entries: Entries) -> None:
    quiz = _quiz(entries)
    for ident in (b"c", b"d"):
        pattern = re.compile(rb'<response_label ident="' + ident + rb'">.*?</response_label>',
                             re.S)
        entries[quiz] = pattern.sub(b"", entries[quiz], count=1)


def _percent_path(entries: Entries) -> None:
    page = _page(entries)
    encoded = page.replace("lessons/", "lessons/my%20")
    entries[encoded] = entries.pop(page)
    entries[MANIFEST] = entries[MANIFEST].replace(page.encode(), encoded.encode())


BROKEN: dict[str, tuple[Callable[[Entries], None], str]] = {
    "manifest-not-at-root": (_nested_manifest, "zip-root"),
    "namespace-after-500-bytes": (_long_preamble, "detect"),
    "manifest-schema-error": (_edit(MANIFEST, b"<organizations>",
                                    b"<organizations><bogus/>"), "xsd-manifest"),
    "wrong-schemaversion": (_edit(MANIFEST, b"1.1.0</schemaversion>",
                                  b"1.2.0</schemaversion>"), "metadata"),
    "titled-root-item": (_edit(MANIFEST, b'identifier="ROOT">',
                               b'identifier="ROOT"><title>Root</title>'), "organization"),
    "dangling-identifierref": (_edit(MANIFEST, b'identifierref="RES-', b'identifierref="NO-'),
                               "organization"),
    "unlisted-zip-member": (_unlisted, "files"),
    "percent-encoded-path": (_percent_path, "paths"),
    "href-not-first-file": (_edit(MANIFEST, b'type="webcontent" href="lessons/',
                                  b'type="webcontent" href="assets/lmspack.css" x="'),
                            "webcontent"),
    "assessment-with-href": (_edit(MANIFEST, b'type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment"',
                                   b'type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment" '
                                   b'href="quizzes/x.xml"'), "assessment"),
    "script-in-page": (_edit(_page, b"</main>", b"<script>alert(1)</script></main>"), "page"),
    "remote-image-in-page": (_edit(_page, b"</main>",
                                   b'<img src="https://example.org/x.png" alt=""></main>'),
                             "page"),
    "qti-schema-error": (_edit(_quiz, b"<presentation>", b"<presentation><bogus/>"), "xsd-qti"),
    "untitled-assessment": (_edit(_quiz, b'" title="Quiz: ', b'" data-title="Quiz: '), "qti"),
    "flow-in-presentation": (_flow, "flow"),
    "two-correct-conditions": (_edit(_quiz, b'continue="Yes">', b'continue="No">'),
                               "respcondition"),
    "score-not-100": (_edit(_quiz, b'varname="SCORE">100<', b'varname="SCORE">1<'),
                      "respcondition"),
    "per-option-feedback-condition": (_edit(
        _quiz, b"<other/>", b'<varequal respident="response1">a</varequal>'), "feedback"),
    "multiple-choice-with-two-options": (_two_options, "options"),
    "percent-sequence-in-question": (_edit(_quiz, b'<mattext texttype="text/html">',
                                           b'<mattext texttype="text/html">%41 '), "percent"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_rule_fails_on_a_cartridge_broken_for_it(case: str, example: Built,
                                                      cc11_dir: Path) -> None:
    entries = read_zip(example.cartridge)
    assert check_cartridge(entries, cc11_dir) == []
    change, rule = BROKEN[case]
    change(entries)
    problems = check_cartridge(entries, cc11_dir)
    assert any(p.startswith(f"[{rule}]") for p in problems), problems


def test_the_same_course_gives_the_same_cartridge_bytes(mixed: Built,
                                                        tmp_path: Path) -> None:
    from tests.cc.conftest import EPOCH

    from lmspack.build import BuildRequest, build

    again = build(mixed.course, BuildRequest(("cc11", "moodle_xml", "gift"), out_dir=tmp_path,
                                             epoch=EPOCH))
    for package in again.packages:
        first = {"cc11": mixed.cartridge, "moodle_xml": mixed.moodle_xml,
                 "gift": mixed.gift}[package.format]
        assert package.path.read_bytes() == first.read_bytes(), package.format
