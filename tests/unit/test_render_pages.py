"""Lesson pages and the course index, rendered from small courses written in tmp_path."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from lmspack import check
from lmspack.model.course import Course
from lmspack.render import RenderOptions, render_pages
from lmspack.render.quiz import letter

INTRO = """\
---
id: intro
title: Intro & <Basics>
duration_min: 30
video: {platform: youtube, id: abc123, start: 15, end: 615}
goals: [Know the plan]
quiz:
  - q: Which is a prime?
    options: ["4", "7", "9"]
    answer: 1
    explain: 7 has no divisors but 1 and itself.
  - q: Which is even?
    options: ["2", "3"]
    answer: 0
flashcards:
  - Prime: a number with exactly two divisors
reflection: [What do you expect?]
next: details
---
# Welcome

See ![A dot](media/dot.gif), [the next lesson](details.md) and [notes](../notes.txt).

## Part

<script>alert(1)</script>
"""

DETAILS = """\
---
id: details
title: Details
prereqs: [intro]
---
Some text.
"""


def _files(course: Course, results: dict[str, Any],
           options: RenderOptions | None = None) -> dict[str, bytes]:
    """Every file of the rendered site."""
    return dict(render_pages(course, results, options).files)


def write_course(root: Path, lessons: dict[str, str], course_yaml: str | None = None) -> Course:
    (root / "lessons" / "media").mkdir(parents=True)
    (root / "lessons" / "media" / "dot.gif").write_bytes(b"GIF89a-not-really")
    (root / "notes.txt").write_text("notes\n", encoding="utf-8")
    for name, text in lessons.items():
        (root / "lessons" / f"{name}.md").write_text(text, encoding="utf-8")
    if course_yaml:
        (root / "course.yaml").write_text(dedent(course_yaml), encoding="utf-8")
    report = check(root)
    assert report.errors == 0, report.diagnostics
    assert report.course is not None
    return report.course


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return write_course(tmp_path, {"intro": INTRO, "details": DETAILS},
                        "title: Numbers\nlanguage: de-CH\npass_mark: 70\n")


@pytest.fixture
def site(course: Course) -> dict[str, bytes]:
    return _files(course, {})


def _page(site: dict[str, bytes], name: str) -> str:
    return site[name].decode("utf-8")


def test_site_layout(site: dict[str, bytes]) -> None:
    assert sorted(site) == ["assets/lmspack.css", "index.html", "lessons/details.html",
                            "lessons/intro.html", "media/lessons/media/dot.gif",
                            "media/notes.txt"]
    assert site["media/notes.txt"] == b"notes\n"


def test_page_language_title_and_one_h1(site: dict[str, bytes]) -> None:
    html = _page(site, "lessons/intro.html")
    assert '<html lang="de-CH">' in html
    assert re.findall(r"<h1[ >]", html) == ["<h1>"]
    assert "<h1>Intro &amp; &lt;Basics&gt;</h1>" in html  # author text is escaped
    assert [int(n) for n in re.findall(r"<h([1-6])", html)][:6] == [1, 2, 2, 2, 3, 2]


def test_meta_links_and_navigation(site: dict[str, bytes]) -> None:
    intro = _page(site, "lessons/intro.html")
    details = _page(site, "lessons/details.html")
    assert "<dd>30 min</dd>" in intro
    assert '<dd><a href="details.html">Details</a></dd>' in intro  # next
    assert '<a href="intro.html">Intro &amp; &lt;Basics&gt;</a>' in details  # prerequisite
    assert 'rel="next"' in intro and 'rel="prev"' in details
    assert '<a class="course-title" href="../index.html">Numbers</a>' in intro


def test_body_links_are_rewritten_inside_the_site(site: dict[str, bytes]) -> None:
    html = _page(site, "lessons/intro.html")
    assert 'src="../media/lessons/media/dot.gif"' in html
    assert 'href="details.html"' in html  # a link to a lesson's .md goes to its page
    assert 'href="../media/notes.txt"' in html
    assert "<script>alert" not in html


def test_all_urls_are_relative_and_resolve(site: dict[str, bytes]) -> None:
    for name, data in site.items():
        if not name.endswith(".html"):
            continue
        for url in re.findall(r'(?:href|src)="([^"]+)"', data.decode("utf-8")):
            if url.startswith(("https://", "#")):
                continue
            assert not url.startswith(("/", "file:", "http:")), (name, url)
            target = (Path(name).parent / url.split("#")[0]).as_posix()
            parts: list[str] = []
            for part in target.split("/"):
                if part == "..":
                    parts.pop()
                elif part not in (".", ""):
                    parts.append(part)
            assert "/".join(parts) in site, (name, url)


def test_quiz_markup(site: dict[str, bytes]) -> None:
    html = _page(site, "lessons/intro.html")
    assert html.count('<fieldset class="question"') == 2
    assert '<input type="radio" name="q1" value="a" id="q1-a">' in html
    assert '<label for="q1-b">7</label>' in html
    # Feedback follows its radio as a sibling, so `input:checked ~ .feedback` shows it.
    option = re.search(r'<div class="option">\s*<input[^>]+id="q1-b">.*?</div>', html, re.S)
    assert option is not None and 'class="feedback feedback-right"' in option.group()
    assert "7 has no divisors" in option.group()
    assert html.count("feedback-right") == 2 and html.count("feedback-wrong") == 3
    # No text outside the hidden feedback says which option is right.
    visible = re.sub(r'<p class="feedback.*?</p>', "", html, flags=re.S)
    visible = re.sub(r"<script.*?</script>", "", visible, flags=re.S)
    assert "Correct" not in visible and "divisors but" not in visible


def test_lesson_data_for_a_runtime(course: Course, site: dict[str, bytes]) -> None:
    html = _page(site, "lessons/intro.html")
    block = re.search(r'<script type="application/json" id="lmspack-lesson">(.*?)</script>',
                      html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    # a page in German (de-CH) carries the runtime's notice in German
    from lmspack.render.quiz import RESTORED_NOTICE
    from lmspack.source.locale import translations

    notice = translations(course.language_for(course.lesson("intro"))).gettext(RESTORED_NOTICE)
    assert data.pop("notices") == {"restored": notice} and notice != RESTORED_NOTICE
    assert data == {"id": "intro", "title": "Intro & <Basics>", "course": course.id,
                    "passMark": 70,
                    "quiz": [{"id": "q1", "options": ["a", "b", "c"], "correct": "b"},
                             {"id": "q2", "options": ["a", "b"], "correct": "a"}]}
    assert "<Basics>" not in block.group(1)  # cannot close the element early


def test_flashcards_and_reflection(site: dict[str, bytes]) -> None:
    html = _page(site, "lessons/intro.html")
    assert ('<li><details class="card"><summary>Prime</summary>'
            "<p>a number with exactly two divisors</p></details></li>") in html
    assert "<li>What do you expect?</li>" in html


def test_video_is_a_plain_link_by_default(site: dict[str, bytes]) -> None:
    html = _page(site, "lessons/intro.html")
    assert 'href="https://www.youtube.com/watch?v=abc123&amp;t=15s"' in html
    assert "Von 0:15 bis 10:15 (10 min)" in html  # the course is in de-CH: German catalog
    assert "<iframe" not in html and "frame-src 'none'" in unescape(html)


def test_video_embed_is_opt_in(course: Course) -> None:
    html = _files(course, {}, RenderOptions(video="embed"))["lessons/intro.html"].decode()
    assert 'src="https://www.youtube-nocookie.com/embed/abc123?start=15&amp;end=615"' in html
    assert 'href="https://www.youtube.com/watch?v=abc123&amp;t=15s"' in html  # still beside it
    assert "frame-src https://www.youtube-nocookie.com" in unescape(html)


def test_package_mode(course: Course) -> None:
    site = _files(course, {}, RenderOptions(mode="package",
                                                 runtime_script="assets/runtime.js"))
    assert "index.html" not in site
    html = site["lessons/intro.html"].decode()
    assert '<script src="../assets/runtime.js" defer></script>' in html
    assert 'rel="next"' not in html and "../index.html" not in html
    assert "<dd>Details</dd>" in html  # next lesson named, not linked
    with_nav = _files(course, {}, RenderOptions(mode="package", navigation=True))
    assert 'rel="next"' in with_nav["lessons/intro.html"].decode()


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError):
        RenderOptions(runtime_script="/abs.js")
    with pytest.raises(ValueError):
        RenderOptions(runtime_script="../up.js")
    with pytest.raises(ValueError):
        RenderOptions(video="autoplay")  # type: ignore[arg-type]


def test_index_lists_modules_in_order_with_needs(tmp_path: Path) -> None:
    course = write_course(tmp_path, {"intro": INTRO, "details": DETAILS}, """\
        title: Numbers
        modules:
          - {id: start, title: Getting started, lessons: [intro]}
          - {id: more, title: Going further, lessons: [details]}
        """)
    html = _files(course, {})["index.html"].decode()
    assert html.index("Getting started") < html.index("Going further")
    assert html.index('href="lessons/intro.html"') < html.index('href="lessons/details.html"')
    assert "Needs: <a href=\"lessons/intro.html\">" in html
    assert "30 min" in html and "Needs no other lesson." in html
    assert re.findall(r"<h([1-6])", html) == ["1", "2", "2"]


def test_option_letters() -> None:
    assert [letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == \
        ["a", "b", "z", "aa", "ab", "zz", "aaa"]
