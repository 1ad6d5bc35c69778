"""A lesson's quiz as the page and the tracking runtime number it: questions ``q1``, ``q2``,
... and options ``a``, ``b``, ... in the author's order. The renderer writes this view into
every page and the packager sizes the runtime's saved state from it, so both take it from
here rather than one reading the other's output."""

from __future__ import annotations

from typing import Any

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
