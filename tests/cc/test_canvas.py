"""The Canvas flavour (``--cc --target canvas``): what Canvas's own importer builds from
it (tests/cc/canvas_reader.py, cited from canvas-lms), and that Moodle's and Open edX's
rules (tests/cc/cc_checker.py) still hold for the same file."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.cc.canvas_reader import read_canvas
from tests.cc.cc_checker import check_cartridge, read_cartridge, read_zip
from tests.cc.conftest import Built, BuiltCanvas

from lmspack.model.course import Course
from lmspack.model.quiz import quiz_title

pytestmark = pytest.mark.shared


def test_canvas_cartridge_still_passes_moodle_and_open_edx_rules(
        canvas_built: BuiltCanvas, cc11_dir: Path) -> None:
    entries = read_zip(canvas_built.cartridge)
    assert check_cartridge(entries, cc11_dir) == []
    assert canvas_built.cartridge.name.endswith("-canvas.imscc")
    # Moodle's and cc2olx's reading is the generic cartridge's: same modules and answers.
    read = read_cartridge(entries)
    assert [title for title, _ in read.modules] == [m.title for m in canvas_built.course.modules]


def _prereq_modules(course: Course) -> dict[str, set[str]]:
    home = {lesson_id: module.id for module in course.modules for lesson_id in module.lesson_ids}
    return {module.id: {home[p] for lesson_id in module.lesson_ids
                        for p in course.lesson(lesson_id).lesson.prereqs
                        if home.get(p) not in (None, module.id)}
            for module in course.modules}


def test_canvas_reads_modules_pages_quizzes_and_requirements(canvas_built: BuiltCanvas) -> None:
    course = canvas_built.course
    canvas = read_canvas(read_zip(canvas_built.cartridge))
    assert canvas.problems == []
    assert [m.title for m in canvas.modules] == [m.title for m in course.modules]
    needs = _prereq_modules(course)
    by_item = {m.identifier: m for m in canvas.modules}
    for module, got in zip(course.modules, canvas.modules, strict=True):
        expected_titles = []
        for lesson_id in module.lesson_ids:
            lesson = course.lesson(lesson_id).lesson
            expected_titles.append(lesson.title)
            if lesson.quiz:
                expected_titles.append(quiz_title(lesson.title))
        assert [title for _, _, title, _ in got.items] == expected_titles
        assert {by_item[ref].title for ref in got.prerequisites} == {
            m.title for m in course.modules if m.id in needs[module.id]}
        inside = set(module.lesson_ids)
        assert got.sequential == any(p in inside for i in module.lesson_ids
                                     for p in course.lesson(i).lesson.prereqs)
        kinds = [kind for kind, _, _ in got.requirements]
        assert kinds.count("must_view") == len(module.lesson_ids)
    wiki_titles = sorted(title for title, _ in canvas.wikis.values())
    assert wiki_titles == sorted(e.lesson.title for e in course.lessons)
    for entry in course.lessons:
        lesson = entry.lesson
        if not lesson.quiz:
            continue
        title, points, questions = next(q for q in canvas.quizzes.values()
                                        if q[0] == quiz_title(lesson.title))
        assert points == float(len(lesson.quiz))
        assert [(q.text, q.options, q.correct_moodle) for q in questions] == [
            (s.q, tuple(s.options), (s.answer,)) for s in lesson.quiz]
        scores = [score for module in canvas.modules for kind, ref, score in module.requirements
                  if kind == "min_score" and any(t == title and i == ref
                                                 for i, _, t, _ in module.items)]
        assert scores == [math.ceil(course.pass_mark_for(entry) * len(lesson.quiz) / 100)]


def test_the_generic_cartridge_is_not_canvas_flavoured(example: Built) -> None:
    assert read_canvas(read_zip(example.cartridge)).problems[0].startswith("[canvas-marker]")


Entries = dict[str, bytes]


def _replace(name: str, old: bytes, new: bytes) -> Callable[[Entries], None]:
    def change(entries: Entries) -> None:
        assert old in entries[name], (name, old)
        entries[name] = entries[name].replace(old, new, 1)
    return change


def _drop_marker(entries: Entries) -> None:
    del entries["course_settings/canvas_export.txt"]


def _drop_web_resource(entries: Entries) -> None:
    del entries["web_resources/media/lessons/media/bars.png"]


def _swap_modules(entries: Entries) -> None:
    meta = entries["course_settings/module_meta.xml"]
    start = meta.index(b"<module ")
    second = meta.index(b"<module ", start + 1)
    end = meta.index(b"</modules>")
    entries["course_settings/module_meta.xml"] = (meta[:start] + meta[second:end]
                                                  + meta[start:second] + meta[end:])


META = "course_settings/module_meta.xml"
BROKEN: dict[str, tuple[Callable[[Entries], None], str]] = {
    "no-marker": (_drop_marker, "canvas-marker"),
    "dangling-wiki-reference": (_replace(META, b"<identifierref>WIKI-", b"<identifierref>NO-"),
                                "canvas-item"),
    "requirement-outside-module": (_replace(META, b"<identifierref>ITEM-first-steps<",
                                            b"<identifierref>ITEM-elsewhere<"),
                                   "canvas-requirement"),
    "prerequisite-on-a-later-module": (_swap_modules, "canvas-prerequisite"),
    "linked-file-missing": (_drop_web_resource, "canvas-files"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_canvas_rule_fails_on_a_cartridge_broken_for_it(case: str,
                                                            canvas_mixed: BuiltCanvas) -> None:
    entries = read_zip(canvas_mixed.cartridge)
    assert read_canvas(entries).problems == []
    change, rule = BROKEN[case]
    change(entries)
    problems = read_canvas(entries).problems
    assert any(p.startswith(f"[{rule}]") for p in problems), problems
