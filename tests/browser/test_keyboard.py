"""Keyboard-only use in Chromium, JavaScript off and on (tests/browser/keyboard.js): Tab
reaches every control of every lesson page and then leaves the page (no trap), the skip link
comes first, the quiz is answered, shown right and cleared with keys alone, and every chart
of the widget fallbacks has a name and the data table beside it."""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser.conftest import require_tools, run_node
from tests.browser.test_accessibility import built
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def keyboard(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    require_tools("playwright-core")
    work = tmp_path_factory.mktemp("keyboard")
    site, package, course = built(REPO_ROOT, work)
    pages = []
    for entry in course.lessons:
        answers = [q.answer for q in entry.lesson.quiz] or None
        for root, scripts in ((site, False), (package, True)):
            pages.append({"url": (root / "lessons" / f"{entry.id}.html").as_uri(),
                          "scripts": scripts, "answers": answers, "quiz": entry.lesson.quiz})
    config = {"pages": [{k: v for k, v in p.items() if k != "quiz"} for p in pages],
              "allowed": [work.as_uri() + "/"]}
    out: dict[str, Any] = run_node("keyboard.js", config, work, timeout=400)
    for page, item in zip(out["pages"], pages, strict=True):
        page["questions"] = item["quiz"]
    return out


def test_every_control_is_reached_by_tab(keyboard: dict[str, Any]) -> None:
    for page in keyboard["pages"]:
        assert len(page["expected"]) >= 5
        assert page["order"]["seen"] == page["expected"], page["url"]
        assert page["order"]["left"], page["url"]  # Tab leaves the page: no trap
    assert keyboard["blocked"] == []


def test_the_skip_link_comes_first(keyboard: dict[str, Any]) -> None:
    for page in keyboard["pages"]:
        assert page["first"].startswith("a#[]:Skip to the content")
        assert page["afterSkip"] is not None and page["afterSkip"]["hash"] == "#main"
        assert page["afterSkip"]["top"] <= 5


def test_the_quiz_works_by_keyboard_alone(keyboard: dict[str, Any]) -> None:
    quizzes = [page for page in keyboard["pages"] if page["quiz"] is not None]
    assert {page["scripts"] for page in quizzes} == {False, True}
    for page in quizzes:
        quiz = page["quiz"]
        assert len(quiz["answers"]) == len(page["questions"])
        for answer, question in zip(quiz["answers"], page["questions"], strict=True):
            assert answer["checked"] == "abcdefghij"[question.answer]
            assert len(answer["shown"]) == 1 and answer["shown"][0].startswith("Correct.")
        assert quiz["onReset"] and quiz["cleared"]


def test_charts_have_a_text_alternative_and_a_data_table(keyboard: dict[str, Any]) -> None:
    charts = [chart for page in keyboard["pages"] for chart in page["charts"]]
    assert len(charts) >= 6
    assert [c for c in charts if not (c["name"] and c["table"])] == []
