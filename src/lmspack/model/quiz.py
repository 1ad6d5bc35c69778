"""A lesson's quiz as the page and the tracking runtime number it: questions ``q1``, ``q2``,
... and options ``a``, ``b``, ... in the author's order. The renderer writes this view into
every page and the packager sizes the runtime's saved state from it, so both take it from
here rather than one reading the other's output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from lmspack.model.course import LessonEntry


def letter(index: int) -> str:
    """Option value for a 0-based index: a..z, then aa, ab, ..."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def question_id(number: int) -> str:
    """The id of the ``number``-th question (1-based)."""
    return f"q{number}"


def runtime_quiz(entry: LessonEntry) -> list[dict[str, Any]]:
    """The quiz as the runtime sees it: ``[{"id": "q1", "options": ["a", ...], "correct":
    "b"}]``; a question whose answer is no option is left out (validation reports it)."""
    return [{"id": question_id(number), "options": [letter(k) for k in range(len(q.options))],
             "correct": letter(q.answer)}
            for number, q in enumerate(entry.lesson.quiz, start=1)
            if q.answer < len(q.options)]


ChoiceShape = Literal["multiple_choice", "true_false", "multiple_response"]
"""How a question travels in a Common Cartridge 1.1 (QTI 1.2) quiz and a question bank."""

_TRUE_FALSE = {"true": "true", "false": "false"}


def true_false_idents(options: Sequence[str]) -> tuple[str, str] | None:
    """``("true", "false")`` (in the options' order) when a question's two options are
    the words True and False in any letter case; ``None`` otherwise."""
    if len(options) != 2:
        return None
    idents = tuple(_TRUE_FALSE.get(option.strip().casefold(), "") for option in options)
    return (idents[0], idents[1]) if set(idents) == {"true", "false"} else None


def choice_shape(options: Sequence[str]) -> ChoiceShape:
    """The CC 1.1 profile a question takes: three or more options are a multiple-choice
    item; two options that read True/False are a true/false item; any other two options
    fit neither (the CC 1.1 profile wants at least three options for multiple choice), so
    they travel as a multiple-response item with one correct option (rule ``K101``)."""
    if len(options) >= 3:
        return "multiple_choice"
    return "true_false" if true_false_idents(options) else "multiple_response"


def quiz_title(lesson_title: str, language: str = "en") -> str:
    """What a lesson's quiz is called where it is an activity of its own (a cartridge's
    QTI assessment), in the lesson's ``language``; the lesson page names it the same way."""
    from lmspack.source.locale import translations

    return translations(language).gettext("Quiz: %(title)s") % {"title": lesson_title}
