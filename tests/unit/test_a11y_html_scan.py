"""The accessibility checks' HTML scan on runs of "<" that open no tag (found by
scripts/fuzz.py on the merged main: a lesson ending in 20,000 "<p " took validate 31 s)."""

from __future__ import annotations

from lmspack.validate.a11y.html import _Scanner, scan_html


def _unguarded(text: str) -> list[tuple[int, int, int]]:
    """The standard library parser's reading, without the guard (fine on short text)."""
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.out.headings


def test_tags_after_a_run_of_unclosed_tags_keep_their_line_and_column() -> None:
    # Where the parser itself reads the text fine, the guard changes nothing.
    text = "x < y <h3>z</h3>\n<p>a <b>b</b></p>"
    assert scan_html(text).headings == _unguarded(text) != []
    # A "<" that opens no closable tag is read as text (the parser would make the rest of
    # the run attribute names of one tag); what follows keeps its line (0-based, relative
    # to the text) and column.
    assert scan_html("<p " * 3 + "\n" + "<p " * 2 + "<h4>Late</h4>").headings == [(4, 1, 7)]


def test_a_long_run_gives_what_a_short_one_gives() -> None:
    short, long = scan_html("<p " * 10 + "<h2>x</h2>"), scan_html("<p " * 20_000 + "<h2>x</h2>")
    assert [level for level, _, _ in short.headings] == [2]
    assert [level for level, _, _ in long.headings] == [2]
    assert long.headings[0][2] == 3 * 20_000 + 1


def test_a_quoted_less_than_sign_does_not_hide_its_tag() -> None:
    findings = scan_html('<h3 title="a<b">x</h3>')
    assert [level for level, _, _ in findings.headings] == [3]
