"""Raw HTML inside a lesson (an ``html_block`` or a paragraph's inline HTML), read with the
standard library's tolerant parser: links, images, tables, headings, inline colours and
``lang`` attributes, each with its position in the text given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from lmspack.validate.a11y.contrast import (
    AA_LARGE_TEXT,
    AA_TEXT,
    RGB,
    contrast,
    hex_colour,
    parse_colour,
)
from lmspack.validate.a11y.found import (
    GENERIC_ALT,
    Found,
    normalise,
    repeats_file_name,
)

LANG_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
"""A BCP 47 language tag's shape (as the course file's ``language``)."""

THEME_TEXT, THEME_BACKGROUND = (0x1B, 0x1B, 0x1B), (0xFF, 0xFF, 0xFF)
"""lmspack's theme colours (``--text`` and ``--bg`` in lmspack.css; a test keeps them in step)."""

_VOID = frozenset({"img", "br", "hr", "wbr", "input", "meta", "link", "source", "col", "area"})


@dataclass
class _Open:
    tag: str
    line: int
    column: int
    text: list[str] = field(default_factory=list)
    colours: tuple[RGB, RGB] = (THEME_TEXT, THEME_BACKGROUND)
    headers: int = 0
    caption: bool = False
    label: bool = False
    lang: bool = False


@dataclass
class HtmlFindings:
    """What one piece of HTML holds besides problems: headings (level, line, column) and
    whether an element with a ``lang`` attribute is still open at its end."""

    found: list[Found] = field(default_factory=list)
    headings: list[tuple[int, int, int]] = field(default_factory=list)
    lang_open: int = 0
    has_lang: bool = False


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = HtmlFindings()
        self.stack: list[_Open] = []

    def _here(self) -> tuple[int, int]:
        line, offset = self.getpos()
        return line - 1, offset + 1

    def _add(self, code: str, message: str, hint: str, where: tuple[int, int]) -> None:
        self.out.found.append(Found(where[0], where[1], code, message, hint))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        where = self._here()
        parent = self.stack[-1].colours if self.stack else (THEME_TEXT, THEME_BACKGROUND)
        colours = self._colours(tag, values, parent, where)
        self._lang(values, where)
        if tag == "img":
            self._image(values, where)
            return
        if tag in _VOID:
            return
        item = _Open(tag, *where, colours=colours,
                     label=bool(values.get("aria-label", "").strip()), lang="lang" in values)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.headings.append((int(tag[1]), *where))
        self._table_part(tag)
        self.out.lang_open += item.lang
        self.stack.append(item)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1].tag == tag:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        for item in self.stack:
            item.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not any(item.tag == tag for item in self.stack):
            if tag in ("div", "span", "p", "section", "blockquote"):
                self.out.lang_open -= 1  # closes an element opened in an earlier block
            return
        while self.stack:
            item = self.stack.pop()
            self._closed(item)
            if item.tag == tag:
                return

    def _closed(self, item: _Open) -> None:
        text = "".join(item.text).strip()
        where = (item.line, item.column)
        self.out.lang_open -= item.lang
        if item.tag == "a" and not text and not item.label:
            self._add("A001", "link has no text: screen readers announce only 'link'",
                      "put words in the link, or give its image an alt text that says where "
                      "the link goes", where)
        elif item.tag == "th" and not text and not item.label:
            self._add("A106", "table header cell is empty",
                      "name the column (or row) it heads, e.g. 'Metric'", where)
        elif item.tag == "table":
            self._table_done(item, where)

    def _table_part(self, tag: str) -> None:
        table = next((i for i in reversed(self.stack) if i.tag == "table"), None)
        if table is not None and tag == "th":
            table.headers += 1
        elif table is not None and tag == "caption":
            table.caption = True

    def _table_done(self, item: _Open, where: tuple[int, int]) -> None:
        if not item.headers:
            self._add("A105", "table has no header cells (<th>): screen readers cannot say "
                      "which column or row a value belongs to",
                      "make the first row's cells <th> (or use a Markdown table, whose first "
                      "row is the header); a table only for layout belongs in CSS", where)
        elif not item.caption:
            self._add("A107", "data table has no <caption>",
                      "add <caption>what the table shows</caption> after <table>", where)

    def _image(self, values: dict[str, str], where: tuple[int, int]) -> None:
        alt = values.get("alt")
        for item in self.stack:
            item.text.append(alt or "")
        if alt:
            for found in image_alt_problems(alt, values.get("src", "")):
                self._add(*found, where)

    def _colours(self, tag: str, values: dict[str, str], parent: tuple[RGB, RGB],
                 where: tuple[int, int]) -> tuple[RGB, RGB]:
        style = inline_style(values.get("style", ""))
        fg = parse_colour(style["color"]) if "color" in style else None
        bg = parse_colour(style.get("background-color") or style.get("background") or "")
        colours = (fg or parent[0], bg or parent[1])
        if fg is None and bg is None:
            return colours
        need = AA_LARGE_TEXT if _large(style, tag) else AA_TEXT
        ratio = contrast(*colours)
        if ratio < need:
            self._add("A110", f"text colour {hex_colour(colours[0])} on "
                      f"{hex_colour(colours[1])} has a contrast of {ratio:.2f}:1, below the "
                      f"{need:g}:1 WCAG AA asks for",
                      "darken the text or lighten the background (lmspack pages drop inline "
                      "styles, but the lesson shows these colours wherever else it is read); "
                      "prefer Markdown emphasis to colour", where)
        return colours

    def _lang(self, values: dict[str, str], where: tuple[int, int]) -> None:
        if "lang" not in values:
            return
        self.out.has_lang = True
        if not LANG_TAG.match(values["lang"]):
            self._add("A002", f"lang=\"{values['lang']}\" is not a language tag",
                      "use a BCP 47 tag such as lang=\"de\", lang=\"fr\" or lang=\"pt-BR\"",
                      where)


def _large(style: dict[str, str], tag: str) -> bool:
    size = re.match(r"^([\d.]+)(px|pt|em|rem)$", style.get("font-size", "").strip())
    px = 0.0
    if size:
        px = float(size.group(1)) * {"px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0}[
            size.group(2)]
    bold = style.get("font-weight", "").strip() in ("bold", "bolder", "700", "800", "900") \
        or tag in ("b", "strong", "h1", "h2", "h3", "th")
    return px >= 24 or (bold and px >= 18.66)


def inline_style(style: str) -> dict[str, str]:
    """``color: red; background: #fff`` -> {"color": "red", "background": "#fff"}."""
    out = {}
    for part in style.split(";"):
        key, _, value = part.partition(":")
        if value.strip():
            out[key.strip().lower()] = value.strip()
    return out


def image_alt_problems(alt: str, src: str) -> list[tuple[str, str, str]]:
    """(code, message, hint) for an image's alt text that does not describe it."""
    if repeats_file_name(alt, src):
        return [("A108", f"alt text '{alt}' is the image's file name",
                 "describe what the image shows, as you would to someone on the phone")]
    if normalise(alt) in GENERIC_ALT:
        return [("A109", f"alt text '{alt}' names the kind of image, not what it shows",
                 "say what it shows (\"PSI per feature: only fare drifts\"), or mark a "
                 "decorative image: ![](file.png \"decorative\")")]
    return []


# A "<" whose next "<", ">" or quote is another "<" opens no tag that could close: the
# standard library's parser rescans the rest of the text for each one (a line of 20,000
# "<p " took 31 s, found by scripts/fuzz.py). Each such "<" is read as a space, which keeps
# every line and column; the lookahead stops at the next delimiter, so this is linear.
_NEVER_A_TAG = re.compile(r"<(?=[^<>\"']*<)")


def scan_html(text: str) -> HtmlFindings:
    """Findings in ``text`` (lines and columns relative to it)."""
    scanner = _Scanner()
    scanner.feed(_NEVER_A_TAG.sub(" ", text))
    scanner.close()
    return scanner.out
