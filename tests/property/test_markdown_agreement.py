"""Property: on any Markdown put together from the pieces authors use (links, images, linked
images, footnotes, code, maths, callouts, raw HTML, other dialects' syntax), the validator
checks exactly the links and images the rendered page holds, never raises, and every
diagnostic it reports points inside the body."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from lmspack.render.markdown import render_markdown
from lmspack.validate.markdown import check_markdown, references

URLS = st.sampled_from(["a.md", "media/x.png", "https://example.org/p", "../up.txt",
                        "https://img.example.org/b.svg", "#top", "The", "x%20y.png",
                        "<with space.png>", "/abs.png", "mailto:a@example.org"])
WORDS = st.sampled_from(["text", "**bold**", "*em*", "~~old~~", "`code [x](y)`", "$x\\,y$",
                         "$5", "[^1]", "{% tag %}", "\\(x\\)", "[( )]", "[(X)]", "<b>b</b>",
                         "<img src=\"h.png\">", "[[X]]", "&amp;", "www.example.org"])


@st.composite
def inline(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["word", "link", "image", "linked-image", "ref"]))
    url = draw(URLS)
    if kind == "link":
        return f"[{draw(WORDS)}]({url})"
    if kind == "image":
        return f"![{draw(st.sampled_from(['', 'alt']))}]({url})"
    if kind == "linked-image":
        return f"[![badge]({url})]({draw(URLS)})"
    if kind == "ref":
        return "[see][r]"
    return draw(WORDS)


@st.composite
def block(draw: st.DrawFn) -> str:
    line = " ".join(draw(st.lists(inline(), min_size=1, max_size=5)))
    shape = draw(st.sampled_from(["p", "list", "task", "quote", "callout", "fence", "maths",
                                  "footnote", "refdef", "table", "html", "details", "heading"]))
    return {
        "p": line, "list": f"- {line}", "task": f"- [x] {line}", "quote": f"> {line}",
        "callout": f"> [!WARNING]\n> {line}", "fence": f"```python t.py\n{line}\n```",
        "maths": "$$\n\\frac{a}{b}\n$$", "footnote": f"[^1]: {line}",
        "refdef": f"[r]: {draw(URLS)}", "table": f"| a | b |\n|:--|--:|\n| {line} | x |",
        "html": f"<div>\n{line}\n</div>", "details": f"<details>\n\n{line}\n\n</details>",
        "heading": f"## {line} {{#id}}",
    }[shape]


@given(st.lists(block(), min_size=1, max_size=6))
def test_validator_checks_what_the_page_holds(blocks: list[str]) -> None:
    body = "\n\n".join(blocks) + "\n"
    seen: list[str] = []

    def record(element: str, url: str) -> str | None:
        seen.append(url)
        return url

    render_markdown(body, record)
    rendered = sorted(u for u in seen if not u.startswith(("#fn-", "#fnref-")))
    expected = sorted(url for url, image, in_link in references(body)
                      if not (image and in_link and url.startswith(("http:", "https:"))))
    assert rendered == expected
    lines = body.count("\n") + 1
    for found in check_markdown(Path("/nonexistent-course"), "lessons/l.md", body, 5):
        assert 5 <= found.line < 5 + lines and found.column >= 1
