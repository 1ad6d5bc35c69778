"""TeX -> MathML at build time (latex2mathml), so formulas read right with JavaScript off,
in every current browser (MathML Core) and in screen readers.

Each formula keeps its TeX as ``<annotation encoding="application/x-tex">`` inside
``<semantics>``: copy-paste and assistive tools that prefer TeX still get it, exactly as
written (``\\,`` included). A formula latex2mathml cannot read is shown as its TeX in
``<code>`` rather than dropped.
"""

from __future__ import annotations

import functools
import re
from html import escape

_MATH_OPEN = re.compile(r"^<math\b[^>]*>")


@functools.lru_cache(maxsize=4096)
def mathml(tex: str, display: bool) -> str:
    """The MathML of ``tex`` (``display``: a block formula), with the TeX as annotation."""
    from latex2mathml.converter import convert

    try:
        converted = convert(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many types for TeX it cannot read
        return failed(tex, display)
    opened = _MATH_OPEN.match(converted)
    if opened is None or not converted.endswith("</math>"):
        return failed(tex, display)
    inner = converted[opened.end():-len("</math>")]
    mode = "block" if display else "inline"
    return (f'<math display="{mode}" alttext="{escape(tex)}"><semantics><mrow>{inner}</mrow>'
            f'<annotation encoding="application/x-tex">{escape(tex, quote=False)}</annotation>'
            "</semantics></math>")


def failed(tex: str, display: bool) -> str:
    """What the page shows for TeX that cannot be converted: the TeX itself, as code."""
    code = f'<code class="math-tex">{escape(tex)}</code>'
    return f"<pre>{code}</pre>" if display else code


def readable(tex: str) -> bool:
    """Whether latex2mathml converts ``tex`` (the validator's check, T110)."""
    return not mathml(tex, False).startswith("<code")
