"""The accessibility rules over a lesson body's markdown-it token stream (the renderer's own
reading, :mod:`lmspack.source.markdown`): headings, links, images, tables, raw HTML and
passages in another language, each found at its line and column.

Block tokens carry their line range (``map``); inside a paragraph the line is the block's
first line plus the line breaks before the token, and the column is where the token's
markup appears on that source line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from lmspack.validate.a11y import language
from lmspack.validate.a11y.found import (
    DECORATIVE,
    GENERIC_LINK_TEXT,
    Found,
    is_bare_url,
    normalise,
)
from lmspack.validate.a11y.html import HtmlFindings, image_alt_problems, scan_html

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_IMG_ALT = re.compile(r"""<img\b[^>]*\balt\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


@dataclass
class BodyReading:
    """What one walk over the tokens gathers: problems, headings (level, line, column) and
    the prose passages (line, text, inside an element with ``lang``) for the language rules."""

    lines: Sequence[str]
    found: list[Found] = field(default_factory=list)
    headings: list[tuple[int, int, int]] = field(default_factory=list)
    passages: list[tuple[int, str, bool]] = field(default_factory=list)
    lang_depth: int = 0
    _cursor: dict[int, int] = field(default_factory=dict)

    def column(self, line: int, needle: str) -> int:
        """1-based column of ``needle`` on ``line``, after earlier finds on that line."""
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        start = self._cursor.get(line, 0)
        at = self._find(text, needle, start)
        if at < 0:
            at = self._find(text, needle, 0)
        if at < 0:
            return len(text) - len(text.lstrip()) + 1
        self._cursor[line] = at + len(needle)
        return at + 1

    @staticmethod
    def _find(text: str, needle: str, start: int) -> int:
        at = text.find(needle, start) if needle else -1
        while needle == "[" and at > 0 and text[at - 1] == "!":  # an image, not a link
            at = text.find(needle, at + 1)
        return at

    def add(self, line: int, needle: str, code: str, message: str, hint: str) -> None:
        self.found.append(Found(line, self.column(line, needle), code, message, hint))

    def html(self, text: str, line: int) -> HtmlFindings:
        found = scan_html(text)
        for item in found.found:
            self.found.append(Found(line + item.line, self._html_column(line + item.line,
                                                                        item), item.code,
                                    item.message, item.hint))
        self.headings += [(level, line + at, column) for level, at, column in found.headings]
        return found

    def _html_column(self, line: int, item: Found) -> int:
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        # The scanner's column is within the text it read (a paragraph's content has its
        # container prefixes removed): look for the tag from there on the source line.
        at = text.find("<", max(item.column - 1, 0))
        return at + 1 if at >= 0 else item.column


def read_body(tokens: list[Token], lines: Sequence[str]) -> BodyReading:
    """Walk the block tokens once: headings, tables, HTML blocks and inline content."""
    reading = BodyReading(lines)
    in_table = in_header = False
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "heading_open":
            reading.headings.append((int(token.tag[1]), line,
                                     reading.column(line, token.markup or "#")))
        elif token.type == "html_block":
            found = reading.html(token.content, line)
            reading.lang_depth = max(reading.lang_depth + found.lang_open, 0)
        elif token.type == "table_open":
            in_table = True
        elif token.type == "table_close":
            in_table = False
        elif token.type in ("th_open", "th_close"):
            in_header = token.type == "th_open"
        elif token.type == "inline":
            _inline(reading, token, line, in_table, in_header)
    return reading


def _inline(reading: BodyReading, token: Token, line: int, in_table: bool,
            header_cell: bool) -> None:
    children = token.children or []
    if header_cell and not token.content.strip():
        reading.add(line, "|", "A106", "table header cell is empty",
                    "name the column it heads, e.g. 'Metric' (an empty corner cell above "
                    "row names too)")
    has_html = any(child.type == "html_inline" for child in children)
    found = reading.html(_CODE_SPAN.sub(lambda m: " " * len(m.group()), token.content),
                         line) if has_html else None
    if not in_table:
        marked = reading.lang_depth > 0 or (found is not None and found.has_lang)
        words = " ".join(c.content for c in children if c.type == "text")
        reading.passages.append((line, words, marked))
    _links_and_images(reading, children, line)


@dataclass
class _Link:
    href: str
    line: int
    column: int
    autolink: bool
    text: list[str] = field(default_factory=list)
    images: int = 0


def _links_and_images(reading: BodyReading, children: list[Token], line: int) -> None:
    link: _Link | None = None
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            if link is not None:
                link.text.append(" ")
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            needle = "<" if child.markup == "autolink" else "["
            link = _Link(href, line, reading.column(line, needle), child.markup == "autolink")
        elif child.type == "link_close" and link is not None:
            _link_done(reading, link)
            link = None
        elif child.type == "image":
            _image(reading, child, line)
            if link is not None:
                link.images += 1
                link.text.append(child.content)
        elif link is not None and child.type in ("text", "code_inline"):
            link.text.append(child.content)
        elif link is not None and child.type == "html_inline":
            link.text += [m.group(1).strip("\"'") for m in _IMG_ALT.finditer(child.content)]


def _link_done(reading: BodyReading, link: _Link) -> None:
    text = "".join(link.text).strip()
    where = Found(link.line, link.column, "", "")
    if not text:
        what = "its image has no alt text" if link.images else "it has no text"
        _at(reading, where, "A001", f"link to '{link.href[:60]}' has no name: {what}",
            "give the image an alt text that says where the link goes: "
            "[![Build status](badge.svg)](https://ci.example.org)" if link.images else
            "put words that say where the link goes between the brackets")
    elif normalise(text) in GENERIC_LINK_TEXT:
        _at(reading, where, "A103", f"link text '{text}' does not say where the link goes",
            "name the destination: 'the scikit-learn user guide' instead of 'click here'")
    elif is_bare_url(text, link.href):
        _at(reading, where, "A104", f"link text is a bare URL ('{text[:60]}')",
            "screen readers spell URLs out: write [what the page is](" + link.href[:40] + ")")


def _at(reading: BodyReading, where: Found, code: str, message: str, hint: str) -> None:
    reading.found.append(Found(where.line, where.column, code, message, hint))


def _image(reading: BodyReading, token: Token, line: int) -> None:
    alt, src = token.content, str(token.attrs.get("src", ""))
    if not alt.strip() or token.attrs.get("title") == DECORATIVE:
        return  # no alt: T103 (or decorative, as marked)
    column = reading.column(line, "![")
    for code, message, hint in image_alt_problems(alt, src):
        reading.found.append(Found(line, column, code, message, hint))


def passages_in_other_language(reading: BodyReading, page_lang: str
                               ) -> Iterator[tuple[int, str]]:
    """(line, detected language) of unmarked paragraphs that read as another language."""
    for line, text, marked in reading.passages:
        found = language.detect(text)
        if not marked and found is not None and found != language.primary(page_lang):
            yield line, found
