"""Issue 19: one Markdown reading for validate and render, and the extensions authors use.

The validator and the renderer are fed the same lessons (the example course, the feature
fixtures, the invalid Markdown cases) and must agree on every link and image the page holds.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT

from lmspack import check
from lmspack.render.highlight import code_block
from lmspack.render.markdown import render_body, render_markdown
from lmspack.render.maths import mathml
from lmspack.render.pages import page_flow
from lmspack.source.files import split_front_matter
from lmspack.source.markdown import fence_info, plain_text
from lmspack.validate.markdown import references

FIXTURES = REPO_ROOT / "tests" / "fixtures"
FEATURES = FIXTURES / "valid" / "markdown-features"
LESSONS = sorted([*REPO_ROOT.glob("lessons/*.md"), *FIXTURES.glob("valid/*/lessons/*.md"),
                  *FIXTURES.glob("invalid/markdown/lessons/*.md"),
                  *FIXTURES.glob("invalid/dialects/lessons/*.md")])


def _body(path: Path) -> str:
    return split_front_matter(path.read_text(encoding="utf-8")).body


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_validator_and_renderer_see_the_same_links_and_images(lesson: Path) -> None:
    body = _body(lesson)
    seen: list[tuple[str, str]] = []

    def record(element: str, url: str) -> str | None:
        seen.append((element, url))
        return url

    render_markdown(body, record)
    rendered = sorted(url for element, url in seen if not url.startswith(("#fn", "#fnref")))
    checked = [(url, image, in_link) for url, image, in_link in references(body)]
    # A remote image inside a link becomes text (no link in a link); a script URL is dropped
    # by the sanitiser before the rewriter sees it. Everything else is the same list.
    expected = sorted(url for url, image, in_link in checked
                      if not (image and in_link and url.startswith(("http:", "https:")))
                      and not re.match(r"(?i)(javascript|vbscript|data):",
                                       re.sub(r"[\x00-\x20]", "", unescape(url))))
    assert rendered == expected


def test_the_agreement_test_can_fail() -> None:
    # the old line scanner's reading of a footnote definition: a link the page does not have
    assert references("[^1]: The note.\n\nText[^1]") == []
    assert references("[^1]: The note.\n\nText[^1]") != [("The", False, False)]
    assert references("[a](b.md)") == [("b.md", False, False)]


def test_a_footnote_definition_is_no_missing_file(tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "a.md").write_text(
        "---\nid: a\ntitle: A\n---\nText.[^1]\n\n[^1]: The note.\n", encoding="utf-8")
    assert [d.code for d in check(tmp_path).diagnostics] == []
    (tmp_path / "lessons" / "a.md").write_text(
        "---\nid: a\ntitle: A\n---\nText [the note](The).\n", encoding="utf-8")
    assert [d.code for d in check(tmp_path).diagnostics] == ["M001"]


def test_a_remote_image_inside_a_link_is_m003_and_no_link_in_a_link(tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "a.md").write_text(
        "---\nid: a\ntitle: A\n---\n[![build](https://ci.example.org/b.svg)](https://ci.example.org)"
        "\n", encoding="utf-8")
    found = check(tmp_path).diagnostics
    assert [(d.code, d.line, d.column) for d in found] == [("M003", 5, 11)]
    html = render_markdown(_body(tmp_path / "lessons" / "a.md"))
    assert html.count("<a ") == 1 and "build (image on ci.example.org)</a>" in html
    # outside a link the remote image still becomes a link of its own
    assert render_markdown("![build](https://ci.example.org/b.svg)").count("<a ") == 1


def test_every_extension_renders() -> None:
    html = render_markdown(_body(FEATURES / "lessons" / "github-flavoured.md"))
    for kind in ("note", "tip", "important", "warning", "caution"):
        assert f'<div class="callout callout-{kind}"><p class="callout-title"><strong>' in html
    assert '<li class="task task-done">' in html and html.count('<li class="task">') == 2
    assert "<s>every</s>" in html
    assert '<th class="align-right">Watch from</th>' in html
    assert '<th class="align-center">Act from</th>' in html
    assert "<dt>Population Stability Index</dt>" in html
    assert "<details>\n<summary>Why two statistics?</summary>" in html
    assert '<figcaption><code>numpy_arrays.py</code></figcaption>' in html
    assert '<span class="kn">import</span>' in html  # highlighted at build time
    assert '<sup class="footnote-ref"><a href="#fn-1" id="fnref-1"' in html
    assert '<li id="fn-1"><p>The current window' in html
    assert "[!NOTE]" not in html and "- [x]" not in html and "~~" not in html
    assert '<a href="maths-in-monitoring.md" rel="noopener noreferrer"><img src="media/dot.gif"' \
        in html


def test_maths_is_mathml_with_the_tex_kept() -> None:
    html = render_markdown(_body(FEATURES / "lessons" / "maths-in-monitoring.md"))
    assert html.count('<math display="block"') == 1
    assert html.count('<math display="inline"') == 5
    assert '<annotation encoding="application/x-tex">a\\,b</annotation>' in html
    assert '<mspace width="0.167em"></mspace>' in html
    assert "A price of $5 stays a price" in html and "from $10 to $20" in html
    assert "<code>\\,</code>" in html  # in code, TeX is text
    off = render_markdown("$x$ and $$y$$", maths=False)
    assert "<math" not in off and "$x$" in off


def test_tex_that_cannot_be_read_is_shown_as_tex() -> None:
    assert mathml(r"\frac{1}{", False).startswith('<code class="math-tex">')
    assert mathml(r"\frac{1}{2}", True).startswith('<math display="block"')


def test_fence_titles_and_languages() -> None:
    assert fence_info("python numpy_arrays.py") == fence_info('python title="numpy_arrays.py"')
    assert fence_info("python numpy_arrays.py").title == "numpy_arrays.py"
    assert fence_info("js @eval").title == ""
    assert fence_info("").language == ""
    assert "<span" not in code_block("x = 1\n", "no-such-language")
    assert code_block("<b>\n", "").startswith('<pre class="hl" tabindex="0"><code>&lt;b&gt;')


def test_plain_text_of_inline_markdown() -> None:
    assert plain_text("**Precision** of *CSV* `rows`") == "Precision of CSV rows"
    assert plain_text(r"$\frac{1+\sqrt5}{2}$") == r"\frac{1+\sqrt5}{2}"
    assert plain_text("[the docs](https://example.org) ~~old~~") == "the docs old"
    assert plain_text("Plain text stays") == "Plain text stays"


_CONTRAST_RULE = re.compile(r"^\.hl [^{]*\{ color: (#[0-9a-f]{6});", re.MULTILINE)


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_code_colours_meet_wcag_aa_on_the_code_background() -> None:
    css = (REPO_ROOT / "src" / "lmspack" / "render" / "static" / "lmspack.css").read_text()
    panel = re.search(r"--panel: (#[0-9a-f]{6})", css)
    assert panel is not None
    colours = _CONTRAST_RULE.findall(css)
    assert len(colours) >= 10
    assert {c: round(contrast(c, panel.group(1)), 2) for c in colours
            if contrast(c, panel.group(1)) < 4.5} == {}
    assert contrast("#999999", panel.group(1)) < 4.5  # the check does fail on a faint colour


def test_placement_directive_splits_the_body() -> None:
    parts = render_body("One.\n\n<!-- lmspack: quiz -->\n\nTwo.\n\n<!-- lmspack: widget 2 -->\n")
    assert [(html.strip(), place) for html, place in parts] == [
        ("<p>One.</p>", "quiz"), ("<p>Two.</p>", "widget 2"), ("", None)]
    flow = page_flow(parts, ["W1", "W2"], quiz=True)  # type: ignore[list-item]
    assert [kind if value is None else (kind, value) for kind, value in flow] == [
        ("prose", "<p>One.</p>\n"), "quiz", ("prose", "<p>Two.</p>\n"), ("widget", "W2"),
        ("widget", "W1")]
    # without directives, today's order: body, widgets, quiz
    plain = page_flow(render_body("Text."), ["W1"], quiz=True)  # type: ignore[list-item]
    assert [kind for kind, _ in plain] == ["prose", "widget", "quiz"]


def test_init_writes_a_lesson_that_shows_every_feature(tmp_path: Path) -> None:
    from lmspack.authoring.scaffold import init_course
    from lmspack.authoring.tour import TOUR_LESSON

    init_course(tmp_path)
    report = check(tmp_path)
    assert report.diagnostics == []
    body = _body(tmp_path / "lessons" / f"{TOUR_LESSON}.md")
    parts = render_body(body)
    assert [place for _, place in parts] == ["quiz", None]
    html = "".join(h for h, _ in parts)
    for marker in ('class="callout callout-note"', 'class="callout callout-tip"',
                   '<li class="task task-done">', "<s>struck out</s>", 'class="align-center"',
                   "<dt>Front-matter</dt>", "<details>", "<figcaption><code>numpy_arrays.py",
                   '<span class="kn">import</span>', '<math display="block"',
                   '<sup class="footnote-ref">', "<strong>bold</strong>"):
        assert marker in html, marker


@pytest.mark.parametrize("tex", [r"\frac{1}{2}", r"\frac{1}{", "x^", r"\left( x",
                                 r"\sqrt{2}\,x", r"\begin{matrix}a\end{matrix}", r"\sqrt"])
def test_validator_and_renderer_agree_on_which_maths_renders(tex: str) -> None:
    from lmspack.render.maths import readable
    from lmspack.validate.dialects import tex_problem

    assert (tex_problem(tex) is None) == readable(tex)


def test_front_matter_links_are_rewritten_like_body_links() -> None:
    from lmspack.render import render_pages

    course = check(FEATURES).course
    assert course is not None
    page = render_pages(course, {}).files["lessons/github-flavoured.html"].decode()
    assert ('<li>Get ready for <a href="maths-in-monitoring.html" rel="noopener noreferrer">'
            "the maths behind the alerts</a></li>") in page


ALL_LESSONS = sorted({*LESSONS, *FIXTURES.glob("**/lessons/*.md"),
                      *(REPO_ROOT / "tests" / "fixtures").glob("**/lessons/**/*.md")})


@pytest.mark.parametrize("maths", [True, False])
def test_a_body_is_read_as_with_every_plug_in(maths: bool,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 20: a body is parsed without the plug-ins whose syntax it cannot hold (it pays
    only for what it uses); every lesson in the repository reads to the same tokens, and the
    page to the same HTML, as with every plug-in."""
    import lmspack.render.markdown as render
    from lmspack.source.markdown import PLUG_INS, new_parser, parse, plug_ins_for

    full = new_parser(maths)
    skipped = 0
    for lesson in ALL_LESSONS:
        try:
            body = _body(lesson)
        except Exception:  # fixtures without front-matter (or not UTF-8) hold no body
            continue
        chosen = plug_ins_for(body, maths)
        skipped += len(set(PLUG_INS) - chosen)
        assert [t.as_dict() for t in parse(body, maths)] == \
            [t.as_dict() for t in full.parse(body, {})], lesson
        page = render_markdown(body, maths=maths)
        with monkeypatch.context() as patch:
            patch.setattr(render, "plug_ins_for", lambda _t, _m: frozenset(PLUG_INS))
            assert page == render_markdown(body, maths=maths), lesson
    assert skipped > 0  # the choice is made: some lessons do without some plug-ins


def test_plug_ins_are_chosen_by_the_syntax_present() -> None:
    from lmspack.source.markdown import plug_ins_for

    assert plug_ins_for("Plain words, nothing else.") == frozenset()
    assert plug_ins_for("Costs $5.", maths=False) == frozenset()
    assert plug_ins_for("Term\n> : def\n[^1] ~~x~~ | www.x.org $x$") == frozenset(
        {"table", "strikethrough", "footnote", "deflist", "autolink", "maths"})


def test_rules_are_left_out_by_the_syntax_present() -> None:
    """Issue 20, round three: markdown-it's own rules that cannot match in a text are left
    out of the parser that reads it (each needs a character or run the text lacks)."""
    from lmspack.source.markdown import rules_off

    everything = frozenset({"code", "fence", "blockquote", "hr", "reference", "html_block",
                            "html_inline", "autolink", "heading", "lheading", "escape",
                            "entity", "text_join", "backticks", "image", "link", "emphasis"})
    assert rules_off("Plain words, nothing else.") == everything
    assert rules_off("# T\n\n> q\n\n    code\n\n```\nx\n```\n\n---\n\nS\r===\r[a]: /u\n"
                     "<b>&amp;\\* `c` ![i](i.png) *e*") == frozenset()
    assert "lheading" in rules_off("- a\n- b") and "hr" not in rules_off("- - -")
    assert "lheading" not in rules_off("> T\n> ---") and "code" not in rules_off("-\tx")


COURSES = sorted({REPO_ROOT, *(p.parent for p in FIXTURES.glob("**/lessons")
                                if p.is_dir() and not p.is_symlink())})


def test_validate_finds_the_same_with_the_full_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fixture course and the example course: ``check`` reports exactly the same
    diagnostics when every text is read by the parser with every plug-in and rule."""
    import lmspack.source.markdown as source
    from lmspack.source.markdown import new_parser

    assert len(COURSES) > 20 and REPO_ROOT in COURSES
    fast = {root: [repr(d) for d in check(root).diagnostics] for root in COURSES}
    monkeypatch.setattr(source, "_reader", lambda _text, maths: new_parser(maths))
    for root in COURSES:
        assert [repr(d) for d in check(root).diagnostics] == fast[root], root
    assert sum(map(len, fast.values())) > 100  # the courses do have findings to compare
