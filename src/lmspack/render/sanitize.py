"""The allow-list sanitiser every piece of author HTML passes through (nh3).

Author Markdown is trusted for content, not for code: whatever markdown-it produces,
raw HTML included, keeps only the elements and attributes below. Everything that can run
script (``<script>``, ``on*`` attributes, ``javascript:`` URLs, ``<iframe>``, ``<object>``,
``<svg>``, ``<style>``) is dropped. ``lmspack validate`` warns about the same things with
their line (rule T102), so nothing disappears silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from urllib.parse import urlsplit

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "wbr",
})
"""Allowed elements. No ``h1``: the lesson title is the page's only one."""

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "class"},
    "th": {"colspan", "rowspan", "scope", "class"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "code": {"class"},
}
"""Allowed attributes per element; ``class`` is further limited by :func:`_keep_class`."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes allowed in ``href``/``src``; relative URLs are rewritten by the caller."""

DROP_WITH_CONTENT = frozenset({"script", "style", "template"})
"""Elements removed together with their text (a script's source is not lesson text)."""

_CLASSES = re.compile(r"^(language-[A-Za-z0-9_+-]{1,40}|align-(left|center|right))$")

UrlRewriter = Callable[[str, str], str | None]
"""``(element, url) -> new url``, or ``None`` to drop the attribute."""


def _keep_class(value: str) -> str | None:
    kept = [name for name in value.split() if _CLASSES.match(name)]
    return " ".join(kept) or None


_IMG = re.compile(r"<img\b([^>]*)>|<a\b[^>]*>|</a>")
_ATTR_VALUE = re.compile(r'([a-z-]+)="([^"]*)"')  # nh3 writes every value double-quoted


def remote_images_as_links(html: str) -> str:
    """Pages load nothing from other sites (their Content-Security-Policy blocks it), so an
    image on another site would show as a broken image: it becomes a link to the image,
    labelled with its alt text and the site, instead. Inside a link (a badge) it becomes
    that text alone, so the link keeps its own target and its name, and no link is nested
    in another. ``html`` is :func:`clean`'s output."""
    depth = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal depth
        if match.group(1) is None:
            depth += 1 if match.group(0) != "</a>" else -1
            return match.group(0)
        attributes = dict(_ATTR_VALUE.findall(match.group(1)))
        src = attributes.get("src", "")
        if not src.lower().startswith(("http://", "https://")):
            return match.group(0)
        host = urlsplit(unescape(src)).hostname or "another site"
        label = attributes.get("alt") or "Image"  # already escaped by the sanitiser
        if depth > 0:
            return f'<span class="remote-image">{label} (image on {escape(host)})</span>'
        return (f'<a href="{src}" class="remote-image" rel="noopener noreferrer">{label} '
                f"(image on {escape(host)})</a>")

    return _IMG.sub(replace, html)


def clean(html: str, rewrite_url: UrlRewriter | None = None) -> str:
    """Sanitise ``html`` with the allow-list; ``rewrite_url`` maps every ``href``/``src``."""
    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        if attribute == "class":
            return _keep_class(value)
        if attribute in ("href", "src") and rewrite_url is not None:
            return rewrite_url(element, value)
        return value

    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=attribute_filter,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )
