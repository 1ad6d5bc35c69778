"""The one Markdown reading: the markdown-it configuration the renderer uses, shared with the
checks that walk the same token stream (accessibility rules, :mod:`lmspack.validate.a11y`).

Kept in the source layer so ``lmspack validate`` can read a body exactly as the page will
be built without importing the renderer (Jinja2, nh3). markdown-it-py costs about 17 ms
to import, so callers import this module lazily, only for a body that has something to read.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


def parser() -> MarkdownIt:
    """CommonMark with GitHub-style tables; raw HTML is parsed, then sanitised."""
    return MarkdownIt("commonmark").enable("table")


@lru_cache(maxsize=1)
def _shared() -> MarkdownIt:
    return parser()


def tokens(body: str) -> list[Token]:
    """The token stream of a lesson body (block tokens carry 0-based ``map`` line ranges)."""
    return _shared().parse(body)
