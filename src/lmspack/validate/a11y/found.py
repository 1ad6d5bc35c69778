"""What an accessibility check finds, before it becomes a :class:`Diagnostic`, and the
word lists the link and image rules judge text by."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """A problem at a 0-based ``line`` of the text that was read, 1-based ``column``."""

    line: int
    column: int
    code: str
    message: str
    hint: str | None = None


DECORATIVE = "decorative"
"""The image title that marks a Markdown image as decorative: ``![](rule.png "decorative")``
(rendered with ``alt=""`` and no title, so screen readers skip it)."""

GENERIC_LINK_TEXT = frozenset({
    "click here", "click", "here", "read more", "more", "learn more", "more info",
    "more information", "link", "this link", "this", "this page", "page", "see here",
    "go", "go here", "continue", "details", "website", "click this", "download", "source",
})
"""Link texts that say nothing about where the link goes when read out of context (screen
readers list a page's links by their text alone: WCAG 2.4.4)."""

GENERIC_ALT = frozenset({
    "image", "picture", "photo", "photograph", "img", "graphic", "icon", "figure",
    "screenshot", "chart", "diagram", "logo", "spacer", "decorative", "alt", "alt text",
    "placeholder", "untitled", "badge",
})
"""Alt texts that name the kind of thing instead of what it shows (WCAG 1.1.1)."""

_BARE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+$", re.IGNORECASE)
_FILE_NAME = re.compile(r"^[\w ()~+-]*\.(?:png|jpe?g|gif|svg|webp|avif|bmp|tiff?)$|"
                        r"^(?:img|dsc|image|screenshot|screen shot)[ _-]?\d[\w -]*$",
                        re.IGNORECASE)


def normalise(text: str) -> str:
    """Lower case, punctuation at the ends and repeated spaces removed."""
    return " ".join(text.split()).strip(" .,:;!?-–—()[]»«\"'").lower()


def is_bare_url(text: str, href: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and (stripped == href or bool(_BARE_URL.match(stripped)))


def repeats_file_name(alt: str, src: str) -> bool:
    """``alt`` is the image's file name (with or without its extension) or looks like one
    (``IMG_2041.jpg``, ``Screenshot 2024-03-01``)."""
    name = src.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    key = alt.strip().lower()
    return bool(key) and (key in (name.lower(), stem.lower(), stem.lower().replace("_", " "),
                                  stem.lower().replace("-", " "))
                          or bool(_FILE_NAME.match(key)))
