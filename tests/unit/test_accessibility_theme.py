"""The statements the accessibility report makes about lmspack's theme ("met by design"),
each proved here on the stylesheet and on rendered pages (the report names these tests:
tests/unit/test_accessibility_report.py checks that each one it names exists)."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

from tests.unit.test_render_pages import write_course

from lmspack.render.sanitize import ATTRIBUTES
from lmspack.validate.a11y.contrast import AA_TEXT, contrast, parse_colour
from lmspack.validate.a11y.html import THEME_BACKGROUND, THEME_TEXT

CSS = re.sub(r"/\*.*?\*/", "", (Path(__file__).resolve().parents[2] / "src" / "lmspack"
            / "render" / "static" / "lmspack.css").read_text(encoding="utf-8"), flags=re.DOTALL)
# Text for screen readers only: the one rule that takes text out of sight on purpose.
SCREEN_READER_ONLY = ".visually-hidden"
NON_TEXT = 3.0  # WCAG 1.4.11


def _variables(css: str) -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", css, re.DOTALL)
    assert root is not None
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", root.group(1)))


def _resolve(value: str, variables: dict[str, str]) -> tuple[int, int, int]:
    value = value.strip()
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    colour = parse_colour(variables[match.group(1)] if match else value)
    assert colour is not None, value
    return colour


def _declared(css: str, prop: str) -> set[str]:
    """Every value given to ``prop`` outside the print styles."""
    screen = css.split("@media print")[0]
    return {v.strip() for v in re.findall(rf"(?<![\w-]){prop}:\s*([^;}}]+)", screen)}


def _text_pairs(css: str) -> list[tuple[str, str, float]]:
    variables = _variables(css)
    texts = {v for v in _declared(css, "color") if v not in ("inherit", "currentColor")}
    backgrounds = {v for v in _declared(css, "background") | _declared(css, "background-color")
                   if v.startswith(("#", "var("))}
    return [(t, b, contrast(_resolve(t, variables), _resolve(b, variables)))
            for t, b in product(sorted(texts), sorted(backgrounds))]


def test_theme_text_colours_meet_aa() -> None:
    """Every text colour the stylesheet sets reads at 4.5:1 on every background it sets."""
    pairs = _text_pairs(CSS)
    assert len(pairs) >= 20
    assert [(t, b, round(r, 2)) for t, b, r in pairs if r < AA_TEXT] == []
    # The validator's idea of the theme's colours (rule A110's defaults) is the stylesheet's.
    variables = _variables(CSS)
    assert (parse_colour(variables["--text"]), parse_colour(variables["--bg"])) == \
        (THEME_TEXT, THEME_BACKGROUND)


def test_the_colour_check_fails_on_a_faint_theme() -> None:
    faint = CSS.replace("--muted: #4a4a4a;", "--muted: #9a9a9a;")
    assert faint != CSS
    assert any(r < AA_TEXT for _, _, r in _text_pairs(faint))


def test_focus_outline_meets_non_text_contrast() -> None:
    variables = _variables(CSS)
    assert re.search(r":focus-visible\s*\{\s*outline:\s*3px solid var\(--focus\)", CSS)
    focus = _resolve("var(--focus)", variables)
    for background in ("--bg", "--panel", "--right-bg", "--wrong-bg"):
        assert contrast(focus, _resolve(f"var({background})", variables)) >= NON_TEXT
    # The quiz's radio buttons are native; the button's border is the muted text colour.
    assert contrast(_resolve("var(--muted)", variables), THEME_BACKGROUND) >= NON_TEXT


def test_links_are_underlined_and_feedback_is_written(tmp_path: Path) -> None:
    # Only the footnote's back link (an arrow icon after the note, not a link in running
    # text) drops the underline.
    plain = re.findall(r"([^{}]+)\{[^}]*text-decoration:\s*none", CSS)
    assert [selector.strip() for selector in plain] == [".footnote-back"]
    site = _site(tmp_path)
    page = site["lessons/intro.html"].decode("utf-8")
    assert '<strong>Correct.</strong>' in page and '<strong>Not quite.</strong>' in page


def test_stylesheet_does_not_reorder_content() -> None:
    for banned in (r"(?<![\w-])order:", "-reverse", "float:", "animation", "transition",
                   ":hover", "marquee", "blink"):
        assert not re.search(banned, CSS), banned
    # Only the skip link leaves the flow (to appear on focus), the video frame fills its
    # own box, and screen-reader-only text is out of sight.
    positioned = re.findall(r"([^{}]+)\{[^}]*position:\s*absolute", CSS)
    assert sorted(p.strip() for p in positioned) == \
        [".skip-link", ".video-frame iframe", SCREEN_READER_ONLY]


def test_stylesheet_does_not_lock_orientation_or_size(tmp_path: Path) -> None:
    assert "orientation" not in CSS
    hidden = re.findall(r"([^{}]+)\{[^}]*overflow:\s*hidden", CSS)
    assert [selector.strip() for selector in hidden] == [SCREEN_READER_ONLY]
    visible = re.sub(r"\.visually-hidden\s*\{[^}]*\}", "", CSS)
    heights = _declared(visible, "height") | _declared(visible, "max-height")
    # Heights scale with the text (rem) or follow the content; never pixels.
    assert all(re.fullmatch(r"auto|100%|[\d.]+rem", v) for v in heights), heights
    # Chart labels are in SVG user units (the chart scales as a whole with its width).
    font_sizes = _declared(CSS.replace("font-size: 11px; font-family: inherit;", ""),
                           "font-size")
    assert all(re.fullmatch(r"[\d.]+(rem|em|%)|inherit", v) for v in font_sizes), font_sizes
    page = _site(tmp_path)["lessons/intro.html"].decode("utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "user-scalable" not in page and "maximum-scale" not in page


def test_pages_load_nothing_live(tmp_path: Path) -> None:
    for name, data in _site(tmp_path).items():
        if name.endswith(".html"):
            page = data.decode("utf-8").lower()
            for banned in ("<audio", "<video", "autoplay", "accesskey", 'http-equiv="refresh"',
                           "<marquee", "ontouch", "devicemotion"):
                assert banned not in page, (name, banned)


def test_pages_collect_no_personal_data(tmp_path: Path) -> None:
    inputs = set()
    for name, data in _site(tmp_path).items():
        if name.endswith(".html"):
            inputs |= set(re.findall(r"<input\b[^>]*type=\"(\w+)\"", data.decode("utf-8")))
            assert "<textarea" not in data.decode("utf-8") and "<select" not in \
                data.decode("utf-8")
    assert inputs == {"radio"}
    assert "input" not in ATTRIBUTES  # author HTML cannot add a form field


def test_pages_have_titles_and_language(tmp_path: Path) -> None:
    site = _site(tmp_path)
    intro = site["lessons/intro.html"].decode("utf-8")
    german = site["lessons/deutsch.html"].decode("utf-8")
    assert '<html lang="en">' in intro and '<html lang="de">' in german
    assert "<title>Intro | Theme course</title>" in intro
    for page in (intro, german):
        assert page.index('class="skip-link" href="#main"') < page.index('<main id="main">')
        assert '<header class="site-header">' in page and '<nav class="pager"' in page


def _site(tmp_path: Path) -> dict[str, bytes]:
    from lmspack.render import render_pages

    course = write_course(tmp_path / "theme", {
        "intro": ("---\nid: intro\ntitle: Intro\nnext: deutsch\nquiz:\n  - q: Two?\n"
                  "    options: ['1', '2']\n    answer: 1\n---\n## Start\n\nText.\n"),
        "deutsch": ("---\nid: deutsch\ntitle: Auf Deutsch\nlanguage: de\nprereqs: [intro]\n---\n"
                    "## Anfang\n\nText.\n"),
    }, "id: theme\ntitle: Theme course\nlessons: [intro, deutsch]\n")
    return dict(render_pages(course, {}).files)
