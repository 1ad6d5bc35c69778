"""Every page of the example course in headless Chromium with JavaScript disabled.

One browser launch for the whole module (tests/browser/audit.js prints the facts as JSON);
each test asserts one property. Screenshots go to a temporary folder; with
LMSPACK_UPDATE_SCREENSHOTS=1 the lesson and the drift-lab fallback are copied to
docs/screenshots/ for the README.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import example_results, require_tools, run_node
from tests.rendering import write_site

from lmspack.render import RenderOptions

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LESSON_WITH_WIDGETS = "ai-builder-ch4-lesson3"


@pytest.fixture(scope="module")
def audit(example_course: Any, example_site: Path, loopback_server: str,
          tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    require_tools("playwright-core")
    work = tmp_path_factory.mktemp("audit")
    shots = work / "screenshots"
    shots.mkdir()
    embed = work / "dist" / "embed"
    write_site(example_course, example_results(example_course, work), embed,
               RenderOptions(video="embed"))
    lessons = [f"lessons/{entry.id}.html" for entry in example_course.lessons]
    pages = ["index.html", *lessons]
    urls = [(example_site / page).as_uri() for page in pages]
    widget_page = (example_site / "lessons" / f"{LESSON_WITH_WIDGETS}.html").as_uri()
    config = {
        "pages": urls,
        "allowed": [example_site.as_uri() + "/", loopback_server,
                    embed.as_uri() + "/"],
        "screenshots": str(shots),
        "lesson_shot": pages.index(f"lessons/{LESSON_WITH_WIDGETS}.html"),
        "quiz": widget_page, "flashcards": widget_page, "widgets": widget_page,
        "http_pages": [loopback_server + "index.html",
                       loopback_server + f"lessons/{LESSON_WITH_WIDGETS}.html"],
        "embed": (embed / "lessons" / f"{LESSON_WITH_WIDGETS}.html").as_uri(),
    }
    result: dict[str, Any] = run_node("audit.js", config, work)
    result["site"] = example_site.as_uri() + "/"
    result["loopback"] = loopback_server
    result["names"] = pages
    result["shots"] = shots
    return result


def test_every_page_loads_and_shows_its_content(audit: dict[str, Any],
                                                example_course: Any) -> None:
    titles = [example_course.title] + [e.lesson.title for e in example_course.lessons]
    assert len(audit["pages"]) == len(titles)
    for page, title in zip(audit["pages"], titles, strict=True):
        assert page["ok"], page["url"]
        assert page["h1"] == [title], page["url"]
        assert page["stylesheetApplied"], page["url"]
        assert title in page["text"]
    assert audit["errors"] == []


def test_no_request_leaves_the_sites_own_files(audit: dict[str, Any]) -> None:
    own = (audit["site"], audit["loopback"])
    assert audit["blocked"] == []
    assert audit["requests"], "the recorder saw no request at all"
    assert [url for url in audit["requests"] if not url.startswith(own)] == []
    # Every page and its stylesheet came from the site folder.
    assert any(url.endswith("assets/lmspack.css") for url in audit["requests"])


def test_pages_run_no_script_and_embed_nothing(audit: dict[str, Any]) -> None:
    for page in audit["pages"]:
        assert page["iframes"] == 0, page["url"]
        assert [s for s in page["scripts"] if s["type"] != "application/json"] == []


def test_the_opt_in_embed_is_the_only_outside_request(audit: dict[str, Any]) -> None:
    # RenderOptions(video="embed") loads the player at once (lazy loading is off without
    # JavaScript): the reason the default build only links to the video.
    outside = [u for u in audit["embedRequests"] if not u.startswith("file://")]
    assert outside and all(u.startswith("https://www.youtube-nocookie.com/embed/")
                           for u in outside)
    assert "start=0" in outside[0] and "end=720" in outside[0]


def test_pages_are_served_by_a_plain_static_server(audit: dict[str, Any]) -> None:
    for page in audit["http"]:
        assert page["status"] == 200 and page["stylesheetApplied"], page["url"]
        assert len(page["h1"]) == 1


def test_accessibility_basics(audit: dict[str, Any], example_course: Any) -> None:
    for page in audit["pages"]:
        assert page["lang"] == example_course.language
        levels = [h["level"] for h in page["headings"]]
        assert levels.count(1) == 1 and levels[0] == 1, page["url"]
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (page["url"], levels)
        assert page["imagesWithoutAlt"] == 0
        assert all(c["labelled"] for c in page["controls"]), page["url"]


def test_quiz_feedback_without_javascript(audit: dict[str, Any]) -> None:
    quiz = audit["quiz"]
    before = quiz["before"]
    assert not before["rightVisible"] and not before["wrongVisible"]
    # Nothing that says which answer is right is readable or announced before a choice.
    assert "Correct" not in before["formText"] and "Not quite" not in before["formText"]
    assert "Correct" not in before["aria"] and "Not quite" not in before["aria"]
    wrong = quiz["afterWrong"]
    assert wrong["checked"] and wrong["wrongVisible"] and not wrong["rightVisible"]
    assert wrong["wrongText"].startswith("Not quite.")
    right = quiz["afterRight"]
    assert right["rightVisible"] and not right["wrongVisible"]
    assert right["rightText"].startswith("Correct.")
    assert "Correct." in right["aria"]
    assert not quiz["afterReset"]["rightVisible"]


def test_quiz_pages_hide_all_feedback_on_load(audit: dict[str, Any]) -> None:
    with_quiz = [p for p in audit["pages"] if p["questions"]]
    assert len(with_quiz) == 4
    for page in with_quiz:
        assert page["feedbackCount"] > 0 and page["visibleFeedback"] == 0


def test_flashcard_reveals_its_definition(audit: dict[str, Any]) -> None:
    card = audit["flashcards"]
    assert card["term"] and card["before"] is False and card["after"] is True
    assert card["definition"]


def test_widget_fallbacks_are_visible(audit: dict[str, Any]) -> None:
    page = next(p for p in audit["pages"] if p["url"].endswith(f"{LESSON_WITH_WIDGETS}.html"))
    kinds = {re.search(r"widget-(drift|dashboard|alerts)", w["className"]).group(1): w
             for w in page["widgets"]}
    assert set(kinds) == {"drift", "dashboard", "alerts"}
    for widget in kinds.values():
        assert widget["visible"] and widget["charts"] >= 1 and widget["visibleTables"] >= 1
        assert all(widget["chartNames"])  # every chart has an accessible name
    assert audit["widgets"]["scenarios"] >= 2
    assert audit["widgets"]["secondBefore"] is False and audit["widgets"]["secondAfter"] is True


def test_screenshots_are_taken(audit: dict[str, Any]) -> None:
    """The README's screenshots come from this run: with LMSPACK_UPDATE_SCREENSHOTS=1 they
    are copied to docs/screenshots/ (tests never touch the checkout otherwise)."""
    shots: Path = audit["shots"]
    for name in ("lesson.png", "widget-fallback.png"):
        data = (shots / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000
        if os.environ.get("LMSPACK_UPDATE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shots / name, SCREENSHOTS / name)
