"""What the page needs from a lesson body to stay accessible whatever the author wrote:

- a paragraph ``Table: ...`` right before a Markdown table becomes its ``<caption>`` (as in
  Pandoc; CommonMark tables have no caption syntax),
- an empty Markdown header cell is written as a data cell (a ``<th>`` without text names
  nothing: axe's ``empty-table-header``; validate reports it as A106),
- an image marked ``![](file.png "decorative")`` gets ``alt=""`` and no title,
- every table sits in a focusable region with its own label, so a keyboard user can scroll
  one that is wider than the page (``scrollable-region-focusable``) and screen readers list
  them by distinct names (``landmark-unique``): the table's caption, else "Table N" and the
  heading above it. A code block is a focusable ``<pre>`` itself
  (:func:`lmspack.render.highlight.code_block`); a ``<pre>`` that is not (raw HTML) gets a
  region "Code example N" like a table; a maths block (it scrolls when wide) takes focus.
"""

from __future__ import annotations

import re
from html import escape, unescape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

CAPTION_PREFIX = "Table:"
DECORATIVE = "decorative"


def prepare_tokens(md: MarkdownIt, tokens: list[Token]) -> list[Token]:
    """The token stream with captions, empty header cells and decorative images handled."""
    out: list[Token] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open" and _caption_before(out):
            inline = out[-2]
            out[-3:] = []
            out.append(token)
            out.append(_caption(md, inline))
            continue
        if token.type == "th_open" and _empty_cell(tokens, index):
            token.tag = "td"
            tokens[index + 2].tag = "td"
        if token.type == "inline":
            for child in token.children or []:
                _decorative(child)
        out.append(token)
    return out


def _caption_before(out: list[Token]) -> bool:
    return len(out) >= 3 and out[-1].type == "paragraph_close" and out[-3].type == \
        "paragraph_open" and out[-2].content.startswith(CAPTION_PREFIX) and \
        not out[-2].content[len(CAPTION_PREFIX):].strip() == ""


def _caption(md: MarkdownIt, inline: Token) -> Token:
    children = list(inline.children or [])
    if children and children[0].type == "text":
        first = children[0].copy()
        first.content = first.content[len(CAPTION_PREFIX):].lstrip()
        children[0] = first
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    html = renderer.renderInline(children, md.options, {})
    token = Token("html_block", "", 0)
    token.content = f"<caption>{html}</caption>\n"
    return token


def _empty_cell(tokens: list[Token], index: int) -> bool:
    return index + 2 < len(tokens) and tokens[index + 1].type == "inline" and \
        not tokens[index + 1].content.strip() and tokens[index + 2].type == "th_close"


def _decorative(token: Token) -> None:
    if token.type == "image" and token.attrs.get("title") == DECORATIVE:
        del token.attrs["title"]
        token.children = []
        token.content = ""


_PARTS = re.compile(r"<h([2-6])\b[^>]*>(.*?)</h\1>|<(table|pre)\b([^>]*)>|</(table|pre)>|"
                    r'<div class="math-block">', re.DOTALL)
_MATH_BLOCK = '<div class="math-block">'
_TAGS = re.compile(r"<[^>]+>")
_CAPTION = re.compile(r"\s*<caption\b[^>]*>(.*?)</caption>", re.DOTALL)
_LANGUAGE = re.compile(r'<code class="language-([A-Za-z0-9_+-]+)')


def _text(html: str) -> str:
    return " ".join(unescape(_TAGS.sub("", html)).split())


def label_regions(html: str, table_word: str = "Table") -> str:
    """Wrap each table and each code block that cannot take focus of sanitised ``html`` in a
    labelled, focusable region; ``table_word``: "Table" in the page's language."""
    heading = ""
    counts = {"table": 0, "pre": 0}
    open_regions: dict[str, list[bool]] = {"table": [], "pre": []}
    used: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        nonlocal heading
        if match.group(0) == _MATH_BLOCK:  # a wide formula scrolls: it takes focus too
            return '<div class="math-block" tabindex="0">'
        if match.group(1):
            heading = _text(match.group(2))
            return match.group(0)
        closing = match.group(5)
        if closing:
            return match.group(0) + "</div>" if open_regions[closing].pop() else match.group(0)
        kind = match.group(3)
        if kind == "pre" and "tabindex" in match.group(4):
            open_regions[kind].append(False)
            return match.group(0)
        open_regions[kind].append(True)
        counts[kind] += 1
        label = _label(kind, counts[kind], heading, html[match.end():match.end() + 400],
                       table_word)
        if label in used:
            label = f"{label} ({counts[kind]})"
        used.add(label)
        css = "table-wrap" if kind == "table" else "code-wrap"
        return (f'<div class="{css}" role="region" aria-label="{escape(label)}" tabindex="0">'
                + match.group(0))

    return _PARTS.sub(replace, html)


def _label(kind: str, number: int, heading: str, after: str, table_word: str) -> str:
    if kind == "table":
        caption = _CAPTION.match(after)
        if caption and _text(caption.group(1)):
            return _text(caption.group(1))
        return f"{table_word} {number}" + (f": {heading}" if heading else "")
    language = _LANGUAGE.match(after)
    return f"Code example {number}" + (f" ({language.group(1)})" if language else "") + \
        (f": {heading}" if heading else "")
