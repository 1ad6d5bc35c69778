"""GIFT question bank (Moodle's plain-text format, https://docs.moodle.org/en/GIFT_format):
a ``$CATEGORY:`` line per lesson, then each question as ``::name::[html]text { ... }``
with ``=`` before the right option, ``~`` before the others, ``#`` per-option feedback and
``####`` general feedback.

GIFT gives ``~ = # { } :`` and the backslash a meaning, so each is escaped with a
backslash in every text; a line break becomes ``\\n`` (a blank line would end the
question). Texts are plain text made HTML (``[html]``, escaped), as in the Moodle XML bank.
"""

from __future__ import annotations

from html import escape

from lmspack.model.course import Course
from lmspack.packaging.banks import bank_questions, option_feedback

_SPECIAL = {ord(c): "\\" + c for c in "\\~=#{}:"}


def gift_escape(text: str, *, html: bool = True) -> str:
    """``text`` safe inside a GIFT question: HTML-escaped (``html``), GIFT's special
    characters backslash-escaped, line breaks written ``\\n``."""
    text = escape(text, quote=False) if html else text
    lines = text.translate(_SPECIAL).splitlines() or [""]
    return "\\n".join(lines)


def gift(course: Course) -> bytes:
    """The course's quizzes as one GIFT file (UTF-8, LF line ends)."""
    out: list[str] = []
    category = None
    for item in bank_questions(course):
        if item.category != category:
            category = item.category
            out += [f"$CATEGORY: {category}", ""]
        question = item.question
        out.append(f"::{gift_escape(item.name, html=False)}::[html]"
                   f"{gift_escape(question.q)} {{")
        for index, option in enumerate(question.options):
            mark = "=" if index == question.answer else "~"
            out.append(f"{mark}{gift_escape(option)}"
                       f"#{gift_escape(option_feedback(question, index, item.language))}")
        if question.explain:
            out.append(f"####{gift_escape(question.explain)}")
        out += ["}", ""]
    return "\n".join(out).encode("utf-8")
