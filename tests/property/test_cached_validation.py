"""Properties of validation's body cache (lmspack.validate.bodycache), against the plain way.

The body checks are given only the front-matter values the cache key covers
(:meth:`BodyJob.front`); on any front-matter they must find exactly what they find given the
whole front-matter. And a course checked through the cache, cold, warm, and after a random
edit of its files, reports exactly what a check without the cache reports."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lmspack.validate import Settings, check
from lmspack.validate.a11y import check_body_access
from lmspack.validate.bodycache import body_job
from lmspack.validate.markdown import check_markdown

GERMAN = ("Die Daten werden in der Tabelle gespeichert und es ist nicht sicher, ob sie mit "
          "dem Modell auch für die anderen Fälle gelten, wenn die Werte sich ändern.")
PIECE_TEXTS = [
    "# Title\n", "### Deep\n", "Text.\n", f"{GERMAN}\n", "<!-- lmspack: quiz -->\n",
    "<!-- lmspack: widget 1 -->\n", "<!-- lmspack: widget 2 -->\n", "<!-- lmspack: nope -->\n",
    "![](x.png)\n", "![A figure](../media/x.png)\n", "[notes](../media/n.txt)\n",
    "[next](other.md)\n", "<img src=\"y.png\">\n", "$a [b](m.md) c$\n", "[[X]] answer\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", "```\ncode\n```\n", "\n", "<script>x</script>\n",
    "{#anchor}\n", "!!! note\n", "Term\n: definition\n", "[^1]\n\n[^1]: A note.\n"]
PIECES = st.sampled_from(PIECE_TEXTS)
EVERYTHING = "\n".join(PIECE_TEXTS)  # one lesson in which every edit below shows
BODIES = st.one_of(st.lists(PIECES, max_size=12).map("".join),
                   st.sampled_from([EVERYTHING, f"## Section\n\n{GERMAN}\n"]))
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2, 3), st.text(max_size=3),
                   st.sampled_from(["de", "en", "fr-CA", ""]),
                   st.lists(st.one_of(st.none(), st.dictionaries(st.sampled_from(["q", "type"]),
                                                                  st.text(max_size=2))),
                            max_size=3))
LANGUAGES = st.one_of(st.sampled_from(["de", "en", "fr", "", "DE"]), VALUES)
FRONTS = st.one_of(st.none(), st.fixed_dictionaries({}, optional={
    "id": VALUES, "title": VALUES, "quiz": VALUES, "widgets": VALUES, "language": LANGUAGES,
    "goals": VALUES, "video": VALUES}))


def dicts(diagnostics: list[Any]) -> list[dict[str, object]]:
    """Every field, hint and severity too (a Diagnostic compares without them)."""
    return [d.to_dict() for d in diagnostics]


@given(BODIES, FRONTS, st.booleans(), st.sampled_from(["en", "de"]))
def test_the_checks_find_the_same_given_only_what_the_key_covers(
        body: str, front: dict[str, Any] | None, maths: bool, course_language: str) -> None:
    job = body_job("lessons/a.md", body, 4, maths, course_language, front)
    here = Path(".")
    assert dicts(check_markdown(here, "lessons/a.md", body, 4, maths, front)) == \
        dicts(check_markdown(here, "lessons/a.md", body, 4, maths, job.front()))
    assert dicts(check_body_access("lessons/a.md", body, 4, front, course_language, None,
                                   maths)) == \
        dicts(check_body_access("lessons/a.md", body, 4, job.front(), course_language, None,
                                maths))


FRONT_EDITS = {  # one front-matter line for another: the body starts on the same line
    "front-language": "language: de", "front-quiz": "quiz: [{q: x}]",
    "front-widgets": "widgets: [{type: a, data: b}, {type: a, data: c}]",
    "first-line": "duration: 5\ngoals: [g]"}
EDITS = st.sampled_from(["body", "move", "media", "unmedia", "maths", "language", "nothing",
                         *FRONT_EDITS])


@settings(max_examples=30)
@given(st.lists(BODIES, max_size=3).map(lambda rest: [EVERYTHING, *rest]),
       st.lists(EDITS, min_size=1, max_size=4), st.integers(0, 3))
def test_a_cached_check_reports_what_an_uncached_one_does(
        bodies: list[str], edits: list[str], which: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="lmspack-cached-"))
    try:
        root = tmp / "course"
        (root / "lessons" / "sub").mkdir(parents=True)
        (root / "media").mkdir()
        course = "id: c\ntitle: C\nversion: 1.0.0\nlanguage: en\n"
        (root / "course.yaml").write_text(course, "utf-8")
        for n, body in enumerate(bodies):
            (root / "lessons" / f"l{n}.md").write_text(
                f"---\nid: l{n}\ntitle: L\nduration: 5\n---\n{body}", "utf-8")
        cached = Settings(keep_course=False, workers=1, cache=root / "dist" / ".cache")
        plain = Settings(keep_course=False, workers=1)
        assert dicts(check(root, cached).diagnostics) == dicts(check(root, plain).diagnostics)
        for edit in edits:
            lesson = root / "lessons" / f"l{which % len(bodies)}.md"
            text = lesson.read_text("utf-8") if lesson.exists() else None
            if edit == "body" and text is not None:
                lesson.write_text(text + bodies[0], "utf-8")
            elif edit == "move" and text is not None:
                lesson.unlink()
                (root / "lessons" / "sub" / lesson.name).write_text(text, "utf-8")
            elif edit == "media":
                (root / "media" / "x.png").write_bytes(b"png")
                (root / "lessons" / "y.png").write_bytes(b"png")
            elif edit == "unmedia":
                (root / "media" / "x.png").unlink(missing_ok=True)
            elif edit == "maths":
                course += "maths: false\n" if "maths" not in course else ""
                (root / "course.yaml").write_text(course, "utf-8")
            elif edit == "language":
                course = course.replace("language: en", "language: de")
                (root / "course.yaml").write_text(course, "utf-8")
            elif edit in FRONT_EDITS:  # in the first lesson, where the checks see it
                lesson = next(root.glob("lessons/**/l0.md"))
                lesson.write_text(lesson.read_text("utf-8").replace(
                    "duration: 5", FRONT_EDITS[edit], 1), "utf-8")
            assert dicts(check(root, cached).diagnostics) == \
                dicts(check(root, plain).diagnostics)
    finally:
        shutil.rmtree(tmp)
