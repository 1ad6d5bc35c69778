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
    "tr", "u", "ul", "var", "wbr", *(MATHML := frozenset({
        "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
        "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
        "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror",
        "mmultiscripts", "mprescripts", "none",
    })),
})
"""Allowed elements. No ``h1``: the lesson title is the page's only one. MathML is what
:mod:`lmspack.render.maths` writes (MathML Core elements)."""

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "id", "class"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "class"},
    "th": {"colspan", "rowspan", "scope", "class"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "code": {"class"},
    "pre": {"class", "tabindex"},
    "div": {"class"},
    "p": {"class"},
    "li": {"class", "id"},
    "span": {"class", "aria-hidden"},
    "sup": {"class"},
    "figure": {"class"},
    "math": {"display", "alttext"},
    "annotation": {"encoding"},
    "mspace": {"width"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "form", "largeop",
           "movablelimits", "accent", "symmetric", "minsize", "maxsize"},
    "mi": {"mathvariant"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mfrac": {"linethickness"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"},
    "mtd": {"columnalign", "columnspan", "rowspan"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "menclose": {"notation"},
}
"""Allowed attributes per element; ``class`` is further limited by :func:`_keep_class`."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes allowed in ``href``/``src``; relative URLs are rewritten by the caller."""

DROP_WITH_CONTENT = frozenset({"script", "style", "template"})
"""Elements removed together with their text (a script's source is not lesson text)."""

_CLASSES = re.compile(r"^(language-[A-Za-z0-9_+-]{1,40}|align-(left|center|right)|hl|code|"
                      r"callout|callout-(note|tip|important|warning|caution)|callout-title|"
                      r"math-block|math-tex|footnotes|footnotes-title|footnote-ref|"
                      r"footnote-back|task|task-done|task-box|visually-hidden)$")
# Pygments' token classes (`k` keyword, `s2` string, `nf` function name, ...): on spans only.
_TOKEN_CLASS = re.compile(r"^[a-z]{1,3}[0-9]?$")
_FOOTNOTE_ID = re.compile(r"^fn(ref)?-[0-9]{1,5}(-[0-9]{1,5})?$")
_FIXED_VALUES = {("pre", "tabindex"): "0", ("span", "aria-hidden"): "true"}

UrlRewriter = Callable[[str, str], str | None]
"""``(element, url) -> new url``, or ``None`` to drop the attribute."""


def _keep_class(value: str, element: str = "") -> str | None:
    kept = [name for name in value.split() if _CLASSES.match(name)
            or (element == "span" and _TOKEN_CLASS.match(name))]
    return " ".join(kept) or None


_IMG = re.compile(r"<img\b([^>]*)>")
_ATTR_VALUE = re.compile(r'([a-z-]+)="([^"]*)"')  # nh3 writes every value double-quoted


def remote_images_as_links(html: str, gettext: Callable[[str], str] = str) -> str:
    """Pages load nothing from other sites (their Content-Security-Policy blocks it), so an
    image on another site would show as a broken image: it becomes a link to the image,
    labelled with its alt text and the site, instead. ``html`` is :func:`clean`'s output."""
    def replace(match: re.Match[str]) -> str:
        attributes = dict(_ATTR_VALUE.findall(match.group(1)))
        src = attributes.get("src", "")
        if not src.lower().startswith(("http://", "https://")):
            return match.group(0)
        host = urlsplit(unescape(src)).hostname or gettext("another site")
        label = attributes.get("alt") or escape(gettext("Image"))  # alt: escaped already
        text = gettext("{alt} (image on {host})").format(alt=label, host=escape(host))
        return f'<a href="{src}" class="remote-image" rel="noopener noreferrer">{text}</a>'

    return _IMG.sub(replace, html)


def clean(html: str, rewrite_url: UrlRewriter | None = None) -> str:
    """Sanitise ``html`` with the allow-list; ``rewrite_url`` maps every ``href``/``src``."""
    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        if attribute == "class":
            return _keep_class(value, element)
        if attribute == "id":  # footnotes only: no author id can clash with the page's
            return value if _FOOTNOTE_ID.match(value) else None
        if (element, attribute) in _FIXED_VALUES:
            return _FIXED_VALUES[element, attribute] if value == _FIXED_VALUES[
                element, attribute] else None
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
