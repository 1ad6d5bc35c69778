"""Lesson bodies: CommonMark + tables, headings under the page's h1, the sanitiser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lmspack.render.markdown import heading_levels, render_markdown
from lmspack.render.sanitize import clean
from lmspack.source.paths import LocalRef, resolve_local
from lmspack.stats import numformat as fmt


def _levels(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"<h([1-6])>", html)]


@pytest.mark.parametrize(("found", "shifted"), [
    ([2, 3, 3, 2, 3], [2, 3, 3, 2, 3]),      # the seed lesson's ## / ###: unchanged
    ([1, 2, 2], [2, 3, 3]),                  # an author's # title moves under the h1
    ([2, 4, 4, 3], [2, 3, 3, 3]),            # no skipped level
    ([3, 5, 2], [2, 3, 2]),
    ([2, 3, 4, 3, 2], [2, 3, 4, 3, 2]),
    ([4], [2]),
    ([], []),
])
def test_heading_levels(found: list[int], shifted: list[int]) -> None:
    assert heading_levels(found) == shifted


def test_body_headings_start_at_h2_and_never_skip() -> None:
    html = render_markdown("# Title\n\n#### Deep\n\n## Next\n\ntext\n")
    assert _levels(html) == [2, 3, 3]
    assert "<h1" not in html


def test_commonmark_with_tables_and_alignment_classes() -> None:
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert '<th class="align-left">a</th>' in html
    assert '<td class="align-right">2</td>' in html
    assert "style=" not in html
    assert html.startswith('<div class="table-wrap"')


def test_code_keeps_its_language_class_and_escapes_markup() -> None:
    html = render_markdown("```python\nprint('<script>')\n```\n")
    assert '<code class="language-python">' in html
    assert "&lt;script&gt;" in html and "<script" not in html


@pytest.mark.parametrize("markdown", [
    "<script>alert(1)</script>ok",
    '<img src="a.png" alt="a" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<iframe src="https://example.com"></iframe>',
    '<div onclick="alert(1)">x</div>',
    '<svg><script>alert(1)</script></svg>',
    '<style>body{display:none}</style>',
    '<a href="vbscript:msgbox">x</a>',
    '<form action="https://example.com"><input name="a"></form>',
    '<object data="x.swf"></object>',
])
def test_sanitiser_strips_everything_that_could_run(markdown: str) -> None:
    html = render_markdown(markdown).lower()
    assert not re.search(r"<(script|iframe|style|svg|form|input|object)\b", html), html
    assert not re.search(r"\son[a-z]+=", html), html
    assert not re.search(r"=\"\s*(javascript|vbscript):", html), html
    if "<script>" in markdown:
        assert "alert" not in html  # a script's source is not lesson text


def test_sanitiser_keeps_content_and_safe_links() -> None:
    html = render_markdown("**bold** [site](https://example.com) <kbd>Ctrl</kbd>\n")
    assert "<strong>bold</strong>" in html and "<kbd>Ctrl</kbd>" in html
    assert 'href="https://example.com"' in html and 'rel="noopener noreferrer"' in html


def test_urls_pass_through_the_rewriter() -> None:
    seen: list[tuple[str, str]] = []

    def rewrite(element: str, url: str) -> str | None:
        seen.append((element, url))
        return None if url == "gone.png" else "../media/" + url

    html = render_markdown("![A](pic.png) ![B](gone.png) [doc](doc.pdf)\n", rewrite)
    assert ("img", "pic.png") in seen and ("a", "doc.pdf") in seen
    assert 'src="../media/pic.png"' in html and 'href="../media/doc.pdf"' in html
    assert "gone.png" not in html


def test_images_on_other_sites_become_links_and_local_ones_stay() -> None:
    html = render_markdown('![Drift & more](https://example.com/d.png?a=1&b=2) '
                           '<img src="http://cdn.example.org/x.png"> ![Local](media/x.png)')
    assert '<a href="https://example.com/d.png?a=1&amp;b=2" class="remote-image" ' \
        'rel="noopener noreferrer">Drift &amp; more (image on example.com)</a>' in html
    assert "Image (image on cdn.example.org)</a>" in html
    assert '<img src="media/x.png" alt="Local">' in html
    assert "<img src=\"http" not in html


def test_clean_drops_unknown_classes() -> None:
    assert clean('<code class="language-sh evil">x</code>') == '<code class="language-sh">x</code>'
    assert clean('<p class="x">y</p>') == "<p>y</p>"


@pytest.mark.parametrize(("value", "text"), [
    (0.123456, "0.123"), (12345.0, "12345"), (1.0, "1.00"), (0.0001234, "0.000123"),
    (-2.5, "−2.50"), (0, "0"), ("inf", "∞"), ("-inf", "−∞"), (float("inf"), "∞"),
    (None, "n/a"), ("nan", "n/a"), (float("nan"), "n/a"), ("text", "n/a"), (True, "n/a"),
    (1.5e-7, "1.50e−7"),
])
def test_three_significant_digits(value: object, text: str) -> None:
    assert fmt.sig3(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (2.2e-7, "<0.001"), (0.0, "<0.001"), (0.001, "0.00100"), (0.0499, "0.0499"),
    (None, "n/a"), ("nan", "n/a"),
])
def test_p_values(value: object, text: str) -> None:
    assert fmt.p_value(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (-2.5, "-2.50"), (1.5e-7, "1.50e-7"), ("inf", "inf"), ("-inf", "-inf"), (None, "n/a"),
])
def test_plain_numbers_are_ascii(value: object, text: str) -> None:
    assert fmt.sig3(value, plain=True) == text
    if value is not None:
        assert float(text) == float(value)  # Python reads it back


def test_other_formats() -> None:
    assert fmt.short(0.1) == "0.1" and fmt.short(300.0) == "300" and fmt.short("inf") == "∞"
    assert fmt.minutes(45) == "45 min" and fmt.minutes(60) == "1 h" and fmt.minutes(90) == \
        "1 h 30 min"
    assert fmt.clock(720) == "12:00" and fmt.clock(3725) == "1:02:05"
    assert fmt.utc(0) == "1970-01-01" and fmt.utc(6 * 3600) == "1970-01-01 06:00 UTC"
    assert fmt.span(86400) == "1 day" and fmt.span(5400) == "1.5 h" and fmt.span(None) == "n/a"
    assert fmt.percent(0.125) == "12.5 %"


def test_local_references_resolve_inside_the_course_only(tmp_path: Path) -> None:
    (tmp_path / "lessons" / "img").mkdir(parents=True)
    (tmp_path / "lessons" / "img" / "a.png").write_bytes(b"png")
    (tmp_path / "shared.txt").write_text("x", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    outside.write_text("secret", encoding="utf-8")
    (tmp_path / "lessons" / "link.txt").symlink_to(outside)
    lesson = "lessons/one.md"
    assert resolve_local(tmp_path, lesson, "img/a.png#top") == LocalRef("file", "lessons/img/a.png",
                                                                         "top")
    assert resolve_local(tmp_path, lesson, "../shared.txt").kind == "file"
    assert resolve_local(tmp_path, lesson, "img/b.png") == LocalRef("missing", "lessons/img/b.png")
    for url in ("../../x.txt", "/etc/passwd", "file:///etc/passwd", "C:\\x.png", "link.txt"):
        assert resolve_local(tmp_path, lesson, url).kind == "outside", url
    for url in ("https://example.com/a.png", "#section", "mailto:a@example.com", ""):
        assert resolve_local(tmp_path, lesson, url).kind == "external", url
