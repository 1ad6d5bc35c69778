"""Checks on a lesson's Markdown body: unsafe HTML, local files, images without alt text.

This runs on every ``lmspack validate``, so it stays light: a line scanner with regular
expressions, no Markdown parser and no sanitiser (the renderer uses markdown-it and nh3; a
test keeps them off this path). It skips fenced code blocks and inline code spans, where
markup is shown as text and never reaches a page as HTML.

:func:`lmspack.source.paths.resolve_local` is shared with the renderer, so the validator and
the build agree on which local references are allowed and where they point.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.source.paths import resolve_local

# Elements that run code, load other documents or change how the page resolves URLs. The
# sanitiser removes them; the warning tells the author before the page silently differs.
UNSAFE_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "form", "noscript", "template",
})
_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data(?!:image/(png|gif|jpeg|webp);))\s*:",
                            re.IGNORECASE)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
# Attribute names and unquoted values never contain '<' (as in CommonMark's raw HTML, which
# is what markdown-it passes through): a tag that is never closed then stops at the next
# '<', so each attempt is short and a line costs linear time, even `<p <p <p ...`.
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s\"'<>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|"
                  r"[^\s\"'=<>`]+))?)*)\s*/?>")
_ATTR = re.compile(r"([^\s\"'<>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
# An inline link or image: [text](dest "title") / ![alt](<dest with spaces>). Nested
# brackets one level deep cover `[![badge](a.png)](b.html)`.
_INLINE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)"
                     r"[^\s()]*)*)(?:\s+(\"decorative\"|'decorative'))?")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^<>\n]*>|\S+)")
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href"})


def _candidate(line: str) -> bool:
    return "<" in line or "](" in line or "]:" in line


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(0-based line index, text) of lines outside fenced code that may hold HTML or a
    link, inline code blanked out (same length, so columns stay right)."""
    fence: str | None = None
    for index, line in enumerate(body.split("\n")):
        match = _FENCE.match(line) if line.lstrip(" ")[:3] in ("```", "~~~") else None
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            continue
        if match:
            fence = match.group(1)
        elif _candidate(line):
            yield index, _CODE_SPAN.sub(lambda m: " " * len(m.group()), line) if "`" in line \
                else line


@dataclass(frozen=True)
class _Found:
    line: int
    column: int
    code: str
    message: str
    hint: str | None = None


def _scan_html(line: str, number: int) -> Iterator[_Found]:
    for tag in _TAG.finditer(line):
        name = tag.group(1).lower()
        if name in UNSAFE_ELEMENTS:
            yield _Found(number, tag.start() + 1, "T102",
                         f"raw HTML <{name}> is removed from the page",
                         "lessons cannot run scripts or embed other documents; use Markdown, "
                         "or a widget for interactive content")
        for attr in _ATTR.finditer(tag.group(2) or ""):
            column = tag.start(2) + attr.start() + 1
            key, value = attr.group(1).lower(), _unquote_attr(attr.group(2))
            if key.startswith("on"):
                yield _Found(number, column, "T102",
                             f"event-handler attribute '{key}' on <{name}> is removed",
                             "pages work without JavaScript: remove the attribute")
            elif key in _URL_ATTRS - {"src", "href"} and _UNSAFE_SCHEME.match(_clean_url(value)):
                yield _Found(number, column, "T102",
                             f"'{key}' with a script URL on <{name}> is removed",
                             "link to a page (https://...) or a file in the course instead")


def _unquote_attr(raw: str | None) -> str:
    if raw and raw[0] in "\"'":
        return raw[1:-1]
    return raw or ""


def _clean_url(value: str) -> str:
    # Browsers ignore entities, control characters and spaces inside a scheme
    # ("java&#x09;script:"), so the check does too.
    return re.sub(r"[\x00-\x20]", "", unescape(unquote(value)))


def _urls(line: str) -> Iterator[tuple[int, str, bool, str | None]]:
    """(0-based column, url, is_image, alt text) of Markdown links and HTML src/href; alt is
    None for an HTML image without an alt attribute (``alt=""`` marks a decorative one)."""
    for match in _INLINE.finditer(line):
        # ![](file.png "decorative") marks a decorative image (see rule A109)
        alt = "decorative" if match.group(4) else match.group(2)
        yield match.start(3), match.group(3), match.group(1) == "!", alt
    reference = _REFERENCE.match(line)
    if reference:
        yield reference.start(1), reference.group(1), False, ""
    for tag in _TAG.finditer(line):
        name = tag.group(1).lower()
        attrs = {a.group(1).lower(): a for a in _ATTR.finditer(tag.group(2) or "")}
        for key in ("src", "href"):
            if key in attrs:
                attr = attrs[key]
                alt = _unquote_attr(attrs["alt"].group(2)) if "alt" in attrs else None
                yield (tag.start(2) + attr.start(), _unquote_attr(attr.group(2)),
                       name == "img", "decorative" if alt == "" else alt)


def _scan_urls(root: Path, path: str, line: str, number: int) -> Iterator[_Found]:
    for column, url, is_image, alt in _urls(line):
        if _UNSAFE_SCHEME.match(_clean_url(url.strip("<>"))):
            yield _Found(number, column + 1, "T102", f"script URL '{url[:40]}' is removed",
                         "link to a page (https://...) or a file in the course instead")
            continue
        if is_image and not (alt or "").strip():
            yield _Found(number, column + 1, "T103", "image has no alt text",
                         "describe the image: ![what it shows](file.png), or mark a "
                         "decorative image: ![](file.png \"decorative\")")
        ref = resolve_local(root, path, url)
        if is_image and ref.kind == "external" and \
                url.strip("<>").lower().startswith(("http://", "https://")):
            yield _Found(number, column + 1, "M003",
                         f"image '{url[:60]}' is on another site: the page shows a link to it "
                         "instead, because pages load nothing from other sites",
                         "download the image into the course and use a relative path")
        if ref.kind == "outside":
            yield _Found(number, column + 1, "M002",
                         f"'{url}' is outside the course",
                         "refer to files inside the course with a path relative to the "
                         "lesson, e.g. ../media/figure.png")
        elif ref.kind == "missing":
            yield _Found(number, column + 1, "M001", f"local file '{ref.path}' does not exist",
                         "correct the path (relative to the lesson file) or add the file")


def check_markdown(root: Path, path: str, body: str, body_line: int) -> list[Diagnostic]:
    """Diagnostics for the Markdown ``body`` of lesson ``path`` (which starts on file line
    ``body_line``): T102 unsafe HTML, T103 images without alt text, M001/M002 local files,
    M003 images on other sites."""
    if not _candidate(body):
        return []  # the common prose-only body costs three substring scans
    out: list[Diagnostic] = []
    for index, line in _prose_lines(body):
        number = body_line + index
        for found in (*_scan_html(line, number), *_scan_urls(root, path, line, number)):
            out.append(emit(found.code, path, Position(found.line, found.column),
                            found.message, hint=found.hint))
    return out
