"""Checks on a lesson's Markdown body: unsafe HTML, local files, images without alt text,
and syntax of other Markdown dialects that would reach the learner as typed text.

The body is read once, by the parser the renderer uses (:mod:`lmspack.source.markdown`):
the checks walk its token stream, so a link is checked exactly when the page has that link
(a footnote definition ``[^1]: The note.`` is no link, code is never HTML), and nothing the
page shows is missed (an image inside a link, a reference-style link). Inline tokens carry
no columns: each URL is found in its block's source text, in order.

:func:`lmspack.source.paths.resolve_local` is shared with the renderer, so the validator and
the build agree on which local references are allowed and where they point.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lmspack.commandline import counted
from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.source.paths import LocalRef, resolve_local
from lmspack.validate.dialects import Found, check_dialects

if TYPE_CHECKING:
    from markdown_it.token import Token

Resolver = Callable[[Path, str, str], LocalRef]
"""Where a URL written in a lesson points: :func:`~lmspack.source.paths.resolve_local`."""

# Elements that run code, load other documents or change how the page resolves URLs. The
# sanitiser removes them; the warning tells the author before the page silently differs.
UNSAFE_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "form", "noscript", "template",
})
_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data(?!:image/(png|gif|jpeg|webp);))\s*:",
                            re.IGNORECASE)
# Attribute names and unquoted values never contain '<' (as in CommonMark's raw HTML, which
# is what markdown-it passes through): a tag that is never closed then stops at the next
# '<', so each attempt is short and a line costs linear time, even `<p <p <p ...`.
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s\"'<>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|"
                  r"[^\s\"'=<>`]+))?)*)\s*/?>")
_ATTR = re.compile(r"([^\s\"'<>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href"})
# A Markdown link whose URL markdown-it refuses (a script URL) stays text on the page.
_REFUSED_LINK = re.compile(r"\]\(\s*<?((?:javascript|vbscript|data|file)\s*:[^\s)>]*)",
                           re.IGNORECASE)


class Locator:
    """Turns offsets in a lesson body into file positions, and finds a token's source text
    within its block (inline tokens have a block's line range, not a column)."""

    def __init__(self, body: str, body_line: int) -> None:
        self.text = body
        self.body_line = body_line
        self.starts = [0, *(m.end() for m in re.finditer("\n", body))]
        self._cursors: dict[int, int] = {}

    def position(self, offset: int) -> Position:
        index = bisect.bisect_right(self.starts, offset) - 1
        return Position(self.body_line + index, offset - self.starts[index] + 1)

    def line_start(self, index: int) -> int:
        return self.starts[min(index, len(self.starts) - 1)]

    def find(self, block: tuple[int, int], needles: tuple[str, ...],
             skips: tuple[int, ...] = ()) -> Position:
        """Where the first of ``needles`` next occurs in the block of body lines
        ``block`` (after earlier finds in the same block), ``skips[i]`` characters into a
        match of ``needles[i]``; else anywhere in the body (a reference definition); else
        the block start."""
        start, end = self.line_start(block[0]), self.line_start(block[1])
        if block[1] >= len(self.starts):
            end = len(self.text)
        cursor = max(self._cursors.get(block[0], start), start)
        for scope in ((cursor, end), (0, len(self.text))):
            for index, needle in enumerate(needles):
                at = self.text.find(needle, *scope) if needle else -1
                if at >= 0:
                    if scope[0] == cursor:
                        self._cursors[block[0]] = at + len(needle)
                    return self.position(at + (skips[index] if index < len(skips) else 0))
        return self.position(start)


def _unquote_attr(raw: str | None) -> str:
    if raw and raw[0] in "\"'":
        return raw[1:-1]
    return raw or ""


def _clean_url(value: str) -> str:
    # Browsers ignore entities, control characters and spaces inside a scheme
    # ("java&#x09;script:"), so the check does too.
    return re.sub(r"[\x00-\x20]", "", unescape(unquote(value)))


def _scan_html(line: str, where: Position) -> Iterator[_Url | Found]:
    """T102 for unsafe elements and attributes in a line of raw HTML starting at ``where``,
    and the URLs of its ``src``/``href`` attributes checked as links and images."""
    def at(column: int) -> Position:
        return Position(where.line, where.column + column)

    for tag in _TAG.finditer(line):
        name = tag.group(1).lower()
        if name in UNSAFE_ELEMENTS:
            yield Found(at(tag.start()), "T102", f"raw HTML <{name}> is removed from the page",
                        "lessons cannot run scripts or embed other documents; use Markdown, "
                        "or a widget for interactive content")
        attrs: dict[str, tuple[int, str]] = {}
        for attr in _ATTR.finditer(tag.group(2) or ""):
            column = tag.start(2) + attr.start()
            key, value = attr.group(1).lower(), _unquote_attr(attr.group(2))
            attrs.setdefault(key, (column, value))
            if key.startswith("on"):
                yield Found(at(column), "T102",
                            f"event-handler attribute '{key}' on <{name}> is removed",
                            "pages work without JavaScript: remove the attribute")
            elif key in _URL_ATTRS - {"src", "href"} and _UNSAFE_SCHEME.match(_clean_url(value)):
                yield Found(at(column), "T102", f"'{key}' with a script URL on <{name}> is removed",
                            "link to a page (https://...) or a file in the course instead")
        for key in ("src", "href"):
            if key in attrs:
                alt = attrs["alt"][1] if "alt" in attrs else None
                yield _Url(at(attrs[key][0]), attrs[key][1], name == "img",
                           "decorative" if alt == "" else alt)


@dataclass(frozen=True)
class _Url:
    """A URL the page will hold: a link, or an image with its alt text (``None``: an HTML
    image without ``alt``)."""

    where: Position
    url: str
    is_image: bool
    alt: str | None
    in_link: bool = False
    as_text: bool = False
    """A Markdown link markdown-it refuses (a script or ``file:`` URL): the page shows it as
    typed text."""


def _check_url(root: Path, path: str, found: _Url,
               resolve: Resolver = resolve_local) -> Iterator[Found]:
    url, where = found.url, found.where
    if _UNSAFE_SCHEME.match(_clean_url(url.strip("<>"))):
        yield Found(where, "T102", f"script URL '{url[:40]}' is removed",
                    "link to a page (https://...) or a file in the course instead")
        return
    if found.is_image and not (found.alt or "").strip():
        yield Found(where, "T103", "image has no alt text",
                    "describe the image: ![what it shows](file.png), or mark a "
                    "decorative image: ![](file.png \"decorative\")")
    ref = resolve(root, path, url)
    if found.is_image and ref.kind == "external" and \
            url.strip("<>").lower().startswith(("http://", "https://")):
        yield Found(where, "M003",
                    f"image '{url[:60]}' is on another site: the page shows "
                    + ("its alt text inside the link instead" if found.in_link else
                       "a link to it instead") + ", because pages load nothing from other sites",
                    "download the image into the course and use a relative path")
    if ref.kind == "outside":
        yield Found(where, "M002", f"'{url}' is outside the course",
                    "refer to files inside the course with a path relative to the "
                    "lesson, e.g. ../media/figure.png")
    elif ref.kind == "missing":
        yield Found(where, "M001", f"local file '{ref.path}' does not exist",
                    "correct the path (relative to the lesson file) or add the file")


def _needles(url: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """How a URL markdown-it normalised may be written in the source, most specific first,
    and how far into each the URL starts."""
    raw = unquote(url)
    forms = [(f"({u}", 1) for u in (url, raw)] + [(f"(<{u}", 2) for u in (url, raw)] + \
        [(f"]: {u}", 3) for u in (url, raw)] + [(f"<{url}", 1), (url, 0), (raw, 0)]
    return tuple(f for f, _ in forms), tuple(k for _, k in forms)


def _inline(token: Token, block: tuple[int, int], locator: Locator) -> Iterator[_Url | Found]:
    depth = 0
    for child in token.children or ():
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            yield _Url(locator.find(block, *_needles(href)), href, False, "")
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            # ![](file.png "decorative") marks a decorative image (rule A109)
            alt = "decorative" if child.attrs.get("title") == "decorative" else child.content
            yield _Url(locator.find(block, *_needles(src)), src, True, alt,
                       in_link=depth > 0)
        elif child.type == "html_inline":
            yield from _scan_html(child.content, locator.find(block, (child.content,)))
    if "](" in token.content:
        # markdown-it makes no link of a script or file: URL; the page shows it as typed
        for match in _REFUSED_LINK.finditer(token.content):
            yield _Url(locator.find(block, (match.group(1),)), match.group(1), False, "",
                       as_text=True)


def _html_block(token: Token, locator: Locator) -> Iterator[_Url | Found]:
    assert token.map is not None
    for index, line in enumerate(token.content.split("\n")):
        if "<" not in line:
            continue
        number = token.map[0] + index
        source = locator.text[locator.line_start(number):locator.line_start(number + 1)]
        column = max(source.find(line), 0) if line else 0
        yield from _scan_html(line, locator.position(locator.line_start(number) + column))


def _items(tokens: list[Token], locator: Locator) -> Iterator[_Url | Found]:
    block = (0, 1)
    for token in tokens:
        if token.map is not None:
            block = (token.map[0], token.map[1])
        if token.type == "inline" and token.children:
            yield from _inline(token, block, locator)
        elif token.type == "html_block":
            yield from _html_block(token, locator)


def _findings(root: Path, path: str, tokens: list[Token], locator: Locator,
              resolve: Resolver = resolve_local) -> Iterator[Found]:
    for item in _items(tokens, locator):
        yield from _check_url(root, path, item, resolve) if isinstance(item, _Url) else (item,)


def references(body: str, maths: bool = True) -> list[tuple[str, bool, bool]]:
    """``(url, is_image, inside a link)`` of every link and image the page of ``body`` holds,
    as the checks see them (the test that validator and renderer agree reads this)."""
    from lmspack.source.markdown import parse

    return [(i.url, i.is_image, i.in_link) for i in _items(parse(body, maths), Locator(body, 1))
            if isinstance(i, _Url) and not i.as_text]


def _placements(tokens: list[Token], locator: Locator,
                front: dict[str, Any] | None) -> Iterator[Found]:
    """T002 for a placement directive that names nothing the lesson has, or a place twice."""
    from lmspack.source.markdown import placement, placement_target

    placed: set[str] = set()
    widgets = front.get("widgets") if front else None
    count = len(widgets) if isinstance(widgets, list) else 0
    quiz = bool(front.get("quiz")) if front else False
    for token in tokens:
        what = placement(token)
        if what is None or token.map is None:
            continue
        where = locator.find((token.map[0], token.map[1]), ("lmspack",))
        target = placement_target(what)
        if target is None:
            problem = f"'{what[:40]}' is not a place lmspack knows"
        elif target in placed:
            problem = f"'{target}' is placed twice"
        elif target == "quiz" and not quiz:
            problem = "the lesson has no quiz to place"
        elif target.startswith("widget") and int(target.split()[1]) > count:
            problem = f"the lesson has {counted(count, 'widget')}, so there is no {target}"
        else:
            placed.add(target)
            continue
        yield Found(where, "T002", f"placement directive: {problem}",
                    "write <!-- lmspack: quiz --> or <!-- lmspack: widget N --> (N counts the "
                    "lesson's widgets from 1), once each")


def _front_matter_texts(front: dict[str, Any]) -> Iterator[tuple[str, object, bool]]:
    """(JSON pointer, text, is a key) of every front-matter text read as inline Markdown."""
    def listed(name: str) -> list[Any]:
        value = front.get(name)
        return value if isinstance(value, list) else []

    for n, question in enumerate(listed("quiz")):
        if isinstance(question, dict):
            yield f"/quiz/{n}/q", question.get("q"), False
            yield f"/quiz/{n}/explain", question.get("explain"), False
            options = question.get("options")
            for k, option in enumerate(options if isinstance(options, list) else []):
                yield f"/quiz/{n}/options/{k}", option, False
    for name in ("goals", "reflection"):
        for n, text in enumerate(listed(name)):
            yield f"/{name}/{n}", text, False
    for n, card in enumerate(listed("flashcards")):
        for term, definition in card.items() if isinstance(card, dict) else ():
            pointer = f"/flashcards/{n}/{str(term).replace('~', '~0').replace('/', '~1')}"
            yield pointer, term, True
            yield pointer, definition, False


def check_front_matter_markdown(root: Path, path: str, front: dict[str, Any],
                                doc: Any, maths: bool = True) -> list[Diagnostic]:
    """The links and images in the front-matter's inline Markdown (quiz texts, goals,
    flashcards, reflection prompts), checked as in the body (T102, T103, M001-M003), each
    reported at its YAML value."""
    from lmspack.source.markdown import parse_inline

    out = []
    for pointer, text, is_key in _front_matter_texts(front):
        if not isinstance(text, str) or not ("](" in text or "<" in text):
            continue
        tokens = parse_inline(text, maths)
        locator = Locator(text, 1)
        where = doc.position(pointer, key=is_key)
        for item in _items(tokens, locator):
            for found in (_check_url(root, path, item) if isinstance(item, _Url) else (item,)):
                out.append(emit(found.code, path, where, found.message, hint=found.hint,
                                pointer=pointer))
    return out


def check_markdown(root: Path, path: str, body: str, body_line: int, maths: bool = True,
                   front: dict[str, Any] | None = None,
                   tokens: list[Token] | None = None,
                   resolve: Resolver = resolve_local) -> list[Diagnostic]:
    """Diagnostics for the Markdown ``body`` of lesson ``path`` (which starts on file line
    ``body_line``): T102 unsafe HTML, T103 images without alt text, M001/M002 local files,
    M003 images on other sites, T002 placement directives (checked against the lesson's
    front-matter ``front``), and the other dialects' syntax
    (:mod:`lmspack.validate.dialects`). ``maths``: whether ``$`` starts maths. ``tokens``:
    the body already parsed (the one reading the accessibility rules walk too).
    ``resolve``: where local references point (:func:`~lmspack.source.paths.resolve_local`,
    or a recording of it: :mod:`lmspack.validate.bodycache`)."""
    if not body.strip():
        return []
    from lmspack.source.markdown import parse

    tokens = parse(body, maths) if tokens is None else tokens
    locator = Locator(body, body_line)
    found = [*_findings(root, path, tokens, locator, resolve),
             *check_dialects(tokens, locator, maths),
             *_placements(tokens, locator, front)]
    return [emit(f.code, path, f.where, f.message, hint=f.hint) for f in found]
