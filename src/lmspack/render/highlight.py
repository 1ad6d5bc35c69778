"""Fenced code highlighted at build time with Pygments: no script runs in the page, and
the colours are classes styled in ``lmspack.css`` (``.hl .k`` and so on), each checked for
WCAG AA contrast (4.5:1) on the code background by the tests.

A fence names its language (```` ```python ````) and may add a title
(```` ```python numpy_arrays.py ````): the title becomes the code's caption. An unknown or
missing language gets no colours, the code is shown as written.
"""

from __future__ import annotations

import functools
from html import escape
from typing import Any

from lmspack.source.markdown import fence_info


@functools.cache
def _formatter() -> object:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


def _lexer(language: str) -> Any:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def highlighted(code: str, language: str) -> str:
    """``code`` as HTML: Pygments' spans when ``language`` is known, else escaped text."""
    lexer = _lexer(language) if language else None
    if lexer is None:
        return escape(code, quote=False)
    from pygments import highlight

    return str(highlight(code, lexer, _formatter()))


def code_block(code: str, info: str) -> str:
    """A fenced code block: ``<pre>`` (focusable, as it may scroll), in a ``<figure>`` with
    the title as caption when the fence gives one."""
    fence = fence_info(info)
    language = fence.language if fence.language.replace("-", "").replace("+", "").isalnum() \
        else ""
    cls = f' class="language-{escape(language)}"' if language else ""
    pre = (f'<pre class="hl" tabindex="0"><code{cls}>{highlighted(code, language)}</code>'
           "</pre>\n")
    if not fence.title:
        return pre
    return (f'<figure class="code"><figcaption><code>{escape(fence.title)}</code>'
            f"</figcaption>{pre}</figure>\n")
