"""Markdown body -> safe HTML: CommonMark (markdown-it-py, tables on), headings shifted
under the page's ``h1``, local URLs rewritten, then the allow-list sanitiser.

Headings: the lesson title is the page's only ``h1``, so the body's shallowest heading
becomes ``h2``, and no heading is more than one level below the one before it (an author's
``##`` then ``####`` becomes ``h2`` then ``h3``): screen-reader users navigate by level.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lmspack.render.regions import label_regions, prepare_tokens
from lmspack.render.sanitize import UrlRewriter, clean, remote_images_as_links
from lmspack.source.markdown import parser as source_parser

TOP_LEVEL = 2
"""The level the body's shallowest heading is shifted to."""

def parser() -> MarkdownIt:
    """CommonMark with GitHub-style tables; raw HTML is parsed, then sanitised (the same
    reading ``lmspack validate`` walks: :func:`lmspack.source.markdown.parser`)."""
    return source_parser()


def heading_levels(levels: Sequence[int], top: int = TOP_LEVEL) -> list[int]:
    """New levels for headings found at ``levels``, in document order (see module doc).

    Each heading goes one level below the nearest earlier heading that the author wrote at
    a higher level (its parent in the outline), or to ``top`` when there is none, so
    siblings stay siblings and nothing skips a level.
    """
    out: list[int] = []
    parents: list[tuple[int, int]] = []  # (author level, new level) of the open outline
    for level in levels:
        while parents and parents[-1][0] >= level:
            parents.pop()
        new = min(parents[-1][1] + 1, 6) if parents else top
        parents.append((level, new))
        out.append(new)
    return out


def _shift_headings(tokens: list[Token]) -> None:
    opens = [t for t in tokens if t.type == "heading_open"]
    levels = heading_levels([int(t.tag[1]) for t in opens])
    closes = [t for t in tokens if t.type == "heading_close"]
    for open_, close, level in zip(opens, closes, levels, strict=True):
        open_.tag = close.tag = f"h{level}"


def _align_classes(tokens: list[Token]) -> None:
    # markdown-it writes style="text-align:..."; a class keeps style attributes out of the
    # allow-list entirely.
    for token in tokens:
        style = token.attrs.get("style") if token.type in ("th_open", "td_open") else None
        if isinstance(style, str) and style.startswith("text-align:"):
            del token.attrs["style"]
            token.attrs["class"] = "align-" + style.split(":", 1)[1]


def render_markdown(text: str, rewrite_url: UrlRewriter | None = None) -> str:
    """Sanitised HTML for a lesson body; ``rewrite_url`` maps local links and images."""
    md = parser()
    tokens = md.parse(text)
    _shift_headings(tokens)
    _align_classes(tokens)
    tokens = prepare_tokens(md, tokens)
    html = remote_images_as_links(clean(md.renderer.render(tokens, md.options, {}),
                                        rewrite_url))
    return label_regions(html)
