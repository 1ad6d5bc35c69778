"""The question banks re-read by independent parsers: the Moodle XML bank by
moodle-xml-parser (PyPI, pinned in pyproject's test extra), the GIFT bank by gift-pegjs
(npm, pinned in package-lock.json). Every category, question, option, correct answer and
feedback must equal the source."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from moodle_xml_parser.parser import parse_file
from tests.cc.conftest import Built
from tests.conftest import skip_or_fail

from lmspack.model.course import Course
from lmspack.packaging.banks import category_path, option_feedback

REPO = Path(__file__).resolve().parents[2]


def _source(course: Course) -> list[tuple[str, Any]]:
    return [(category_path(course, entry.lesson.title), q)
            for entry in course.lessons for q in entry.lesson.quiz]


def _language(course: Course, question: Any) -> str:
    """The language of the lesson ``question`` belongs to (its feedback words are in it)."""
    return next(course.language_for(entry) for entry in course.lessons
                if any(q is question for q in entry.lesson.quiz))


def check_moodle_xml(path: Path, course: Course) -> None:
    parsed = parse_file(str(path))
    source = _source(course)
    questions = parsed["multichoice"]
    assert len(questions) == len(source) and parsed["cloze"] == []
    for (_, want), got in zip(source, questions, strict=True):
        assert got.text_pre_parse == want.q.strip()
        assert got.single and not got.shuffle_answers
        assert [o.answer for o in got.options] == [o.strip() for o in want.options]
        assert [o.score_fraction for o in got.options] == [
            100.0 if k == want.answer else 0.0 for k in range(len(want.options))]
        assert got.general_feedback == (want.explain or "")
        assert [o.feedback for o in got.options] == [
            option_feedback(want, k, _language(course, want))
            for k in range(len(want.options))]
    # moodle-xml-parser skips category pseudo-questions: read them with the standard library.
    root = ET.parse(path).getroot()
    order = [q.findtext("category/text") if q.get("type") == "category" else None
             for q in root.iter("question")]
    categories = [c for c in order if c is not None]
    assert categories == list(dict.fromkeys(c for c, _ in source))
    current, per_question = None, []
    for value in order:
        if value is not None:
            current = value
        else:
            per_question.append(current)
    assert per_question == [c for c, _ in source]


def _gift(path: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "gift-pegjs").is_dir():
        skip_or_fail("node and node_modules/gift-pegjs (npm ci) are needed to re-read GIFT",
                     "LMSPACK_REQUIRE_BROWSER")
    done = subprocess.run([str(node), str(REPO / "tests" / "cc" / "gift_parse.js"), str(path)],
                          capture_output=True, text=True, timeout=60, check=True, cwd=REPO)
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


def check_gift(path: Path, course: Course) -> None:
    parsed = _gift(path)
    source = _source(course)
    categories = [p["title"] for p in parsed if p["type"] == "Category"]
    assert categories == list(dict.fromkeys(c for c, _ in source))
    current, got_questions = None, []
    for p in parsed:
        if p["type"] == "Category":
            current = p["title"]
        else:
            got_questions.append((current, p))
    assert len(got_questions) == len(source)
    for (want_category, want), (category, got) in zip(source, got_questions, strict=True):
        assert category == want_category
        assert got["type"] == "MC" and got["stem"]["format"] == "html"
        assert unescape(got["stem"]["text"]) == want.q.strip()
        assert [unescape(c["text"]["text"]) for c in got["choices"]] == want.options
        assert [c["isCorrect"] for c in got["choices"]] == [
            k == want.answer for k in range(len(want.options))]
        assert [unescape(c["feedback"]["text"]) for c in got["choices"]] == [
            option_feedback(want, k, _language(course, want))
            for k in range(len(want.options))]
        feedback = got["globalFeedback"]
        assert (unescape(feedback["text"]) if feedback else None) == want.explain


def test_moodle_xml_bank_reparses_to_the_source(built: Built) -> None:
    check_moodle_xml(built.moodle_xml, built.course)


def test_gift_bank_reparses_to_the_source(built: Built) -> None:
    check_gift(built.gift, built.course)


def test_the_moodle_xml_check_fails_on_a_wrong_key(mixed: Built, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(mixed.moodle_xml.read_bytes().replace(b'fraction="100"', b'fraction="0"',
                                                             1))
    with pytest.raises(AssertionError):
        check_moodle_xml(broken, mixed.course)


def test_the_gift_check_fails_without_the_escapes(mixed: Built, tmp_path: Path) -> None:
    """The mixed course's options hold GIFT's special characters: with the backslashes
    removed the bank no longer re-reads to the source."""
    broken = tmp_path / "broken.gift"
    broken.write_bytes(mixed.gift.read_bytes().replace(b"\\~", b"~").replace(b"\\=", b"="))
    assert broken.read_bytes() != mixed.gift.read_bytes()
    with pytest.raises((AssertionError, subprocess.CalledProcessError)):
        check_gift(broken, mixed.course)
