"""WCAG 2.x contrast: CSS colours parsed, relative luminance, contrast ratio, the AA bar.

Used by rule A101 on authors' inline styles and by the theme test on lmspack's own
stylesheet. Colours: ``#rgb``, ``#rrggbb`` (``#rgba``/``#rrggbbaa`` when opaque), ``rgb()``
with numbers or percentages, and the CSS named colours most often typed by hand; anything
else (``var()``, ``currentColor``, ``hsl()``, translucent colours) is not judged.
"""

from __future__ import annotations

import re

RGB = tuple[int, int, int]

AA_TEXT = 4.5
"""WCAG 1.4.3: the contrast ratio body text needs at level AA."""
AA_LARGE_TEXT = 3.0
"""WCAG 1.4.3: large text (24 px, or 18.66 px bold) needs 3:1."""

NAMED: dict[str, RGB] = {
    "black": (0, 0, 0), "white": (255, 255, 255), "red": (255, 0, 0), "green": (0, 128, 0),
    "blue": (0, 0, 255), "yellow": (255, 255, 0), "orange": (255, 165, 0),
    "purple": (128, 0, 128), "gray": (128, 128, 128), "grey": (128, 128, 128),
    "silver": (192, 192, 192), "lightgray": (211, 211, 211), "lightgrey": (211, 211, 211),
    "darkgray": (169, 169, 169), "darkgrey": (169, 169, 169), "gainsboro": (220, 220, 220),
    "whitesmoke": (245, 245, 245), "pink": (255, 192, 203), "lime": (0, 255, 0),
    "aqua": (0, 255, 255), "cyan": (0, 255, 255), "magenta": (255, 0, 255),
    "fuchsia": (255, 0, 255), "navy": (0, 0, 128), "teal": (0, 128, 128),
    "maroon": (128, 0, 0), "olive": (128, 128, 0), "gold": (255, 215, 0),
    "lightyellow": (255, 255, 224), "lightblue": (173, 216, 230),
    "lightgreen": (144, 238, 144), "darkblue": (0, 0, 139), "darkgreen": (0, 100, 0),
    "darkred": (139, 0, 0), "brown": (165, 42, 42), "beige": (245, 245, 220),
    "ivory": (255, 255, 240), "khaki": (240, 230, 140), "coral": (255, 127, 80),
    "tomato": (255, 99, 71), "salmon": (250, 128, 114), "violet": (238, 130, 238),
    "indigo": (75, 0, 130), "crimson": (220, 20, 60), "skyblue": (135, 206, 235),
    "lavender": (230, 230, 250), "linen": (250, 240, 230), "snow": (255, 250, 250),
    "dimgray": (105, 105, 105), "dimgrey": (105, 105, 105), "orangered": (255, 69, 0),
}

_HEX = re.compile(r"^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$")
_RGB_FN = re.compile(r"^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)"
                     r"(?:\s*[,/]\s*([\d.]+%?))?\s*\)$")


def parse_colour(value: str) -> RGB | None:
    """An opaque sRGB colour from a CSS value, or None when it cannot be judged."""
    text = value.strip().lower().removesuffix("!important").strip()
    if text in NAMED:
        return NAMED[text]
    if hex_match := _HEX.match(text):
        digits = hex_match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits)
        if len(digits) == 8 and digits[6:] != "ff":
            return None  # translucent: depends on what lies beneath
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    if fn := _RGB_FN.match(text):
        alpha = fn.group(4)
        if alpha is not None and _channel(alpha, 1.0) < 1.0:
            return None
        r, g, b = (round(_channel(fn.group(i), 255.0)) for i in (1, 2, 3))
        return min(r, 255), min(g, 255), min(b, 255)
    return None


def _channel(text: str, scale: float) -> float:
    return float(text[:-1]) / 100 * scale if text.endswith("%") else float(text)


def luminance(colour: RGB) -> float:
    """Relative luminance as WCAG 2.x defines it (sRGB, 0 for black to 1 for white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: RGB, two: RGB) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_colour(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)
