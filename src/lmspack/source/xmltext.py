"""Text an XML document can hold: the one definition validate and every package writer share.

XML 1.0 (its ``Char`` production) has no room for NUL, the other C0 control characters
except tab, line feed and carriage return, or lone surrogates (half of a UTF-16 pair: not
a character at all); lxml refuses them with "All strings must be XML compatible". The
66 Unicode noncharacters (U+FDD0..U+FDEF and the last two code points of every plane,
U+FFFE and U+FFFF among them) are refused too: U+FFFE/U+FFFF are outside ``Char`` and the
others are "discouraged" by XML 1.0 (section 2.2) and meant never to be interchanged.

Every text that reaches a manifest, ``tincan.xml``, ``cmi5.xml`` or a quiz bank comes
from the front-matter, the course file or a widget file, so ``lmspack validate`` checks
every string in them once (:mod:`lmspack.validate.xml_text`, rule S006) and a writer that
meets such text anyway (a format wired in later) can call :func:`require_xml_text` and fail
with a message naming the character instead of lxml's.
"""

from __future__ import annotations

import re

from lmspack.errors import NotXmlText

_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
NOT_XML_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff" + _NONCHARACTERS + "]")
"""One character XML text cannot hold (see the module docstring)."""


def first_non_xml(text: str) -> int | None:
    """Index of the first character of ``text`` XML cannot hold, or None when all can."""
    if text.isascii() and text.isprintable():  # the common case: one C-level scan
        return None
    match = NOT_XML_TEXT.search(text)
    return None if match is None else match.start()


def yaml_may_hold_non_xml(source: str) -> bool:
    """False when no string a YAML (or JSON) text ``source`` stands for can hold a character
    XML cannot: the source itself holds none, and no backslash escape (the only way a YAML
    or JSON scalar holds a character its source does not) can write one. Then the
    per-string walk of :func:`lmspack.validate.xml_text.check_xml_text` can be skipped."""
    if source.isascii():  # the common case: a one-byte class, much faster to scan
        return _ASCII_ESCAPE_OR_NON_XML.search(source) is not None
    return "\\" in source or first_non_xml(source) is not None


_ASCII_ESCAPE_OR_NON_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\\\\]")


def describe(char: str) -> str:
    """``U+0000 (a control character)``: a character named so every report can print it."""
    code = ord(char)
    what = "a control character" if code < 0x20 else \
        "half of a surrogate pair" if 0xD800 <= code <= 0xDFFF else "a noncharacter"
    return f"U+{code:04X} ({what})"


def require_xml_text(text: str, what: str) -> str:
    """``text`` unchanged, or :class:`NotXmlText` naming ``what`` and the character; the
    guard a package writer calls before it hands author text to an XML library."""
    index = first_non_xml(text)
    if index is not None:
        raise NotXmlText(f"{what}: character {index + 1} is {describe(text[index])}, "
                         "which XML cannot hold")
    return text
