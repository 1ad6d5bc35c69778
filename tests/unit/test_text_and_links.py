"""Mojibake detection, cycle finding and the default lesson order."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack.model.course import LessonEntry, default_order
from lmspack.model.lesson import Lesson
from lmspack.source.yamlpos import YamlDocument
from lmspack.validate.links import LinkInfo, find_cycles
from lmspack.validate.text import find_mojibake


@pytest.mark.parametrize("bad,good", [("RÂ²", "R²"), ("cafÃ©", "café"), ("donâ€™t", "don’t"),
                                      ("â€œquotedâ€\x9d", "“quoted”"), ("Ã¼ber", "über")])
def test_mojibake_is_found_and_repaired(bad: str, good: str) -> None:
    found = list(find_mojibake(f"x {bad} y"))
    assert found
    for _, garbled, repaired in found:
        bad = bad.replace(garbled, repaired)
    assert bad == good


@pytest.mark.parametrize("text", ["São Paulo", "ação", "naïve café", "Ärger über Öl",
                                  "“smart quotes” – and — dashes…", "½ × ² ³ µ", "Ångström"])
def test_correct_text_is_not_mojibake(text: str) -> None:
    assert list(find_mojibake(text)) == []


def _info(lesson_id: str, *prereqs: str) -> LinkInfo:
    return LinkInfo(f"lessons/{lesson_id}.md", lesson_id, tuple(enumerate(prereqs)), None,
                    YamlDocument(None, None))


def test_cycles_are_found_once_each_in_order() -> None:
    by_id = {i.id: i for i in [_info("a", "b"), _info("b", "c"), _info("c", "a"),
                               _info("d", "e"), _info("e", "d"), _info("f", "a")]}
    assert find_cycles(by_id) == [["a", "b", "c"], ["d", "e"]]


def test_cycle_search_survives_a_very_long_chain() -> None:
    chain = {f"l{i}": _info(f"l{i}", f"l{i + 1}") for i in range(5000)}
    chain["l5000"] = _info("l5000", "l0")
    assert len(find_cycles(chain)[0]) == 5001


def _entry(lesson_id: str, prereqs: list[str], following: str | None = None) -> LessonEntry:
    return LessonEntry(f"lessons/{lesson_id}.md",
                       Lesson(id=lesson_id, title=lesson_id, prereqs=prereqs, next=following),
                       "", 1)


def test_default_order_follows_prerequisites_then_next_then_file_order() -> None:
    lessons = [_entry("zeta", []), _entry("alpha", ["zeta"], "gamma"), _entry("beta", ["zeta"]),
               _entry("gamma", ["zeta"]), _entry("omega", ["alpha", "beta", "gamma"])]
    assert default_order(lessons) == ["zeta", "alpha", "gamma", "beta", "omega"]


def test_default_order_keeps_lessons_in_a_cycle_at_the_end() -> None:
    lessons = [_entry("a", ["b"]), _entry("b", ["a"]), _entry("c", [])]
    assert default_order(lessons) == ["c", "a", "b"]


def test_example_course_order(tmp_path: Path) -> None:
    from lmspack import check
    report = check(Path(__file__).resolve().parents[2])
    assert report.course is not None
    assert [e.id for e in report.course.lessons] == [f"ai-builder-ch4-lesson{i}" for i in
                                                     range(1, 5)]
