"""Question banks: every quiz of the course as one file a question bank imports.

* :mod:`~lmspack.packaging.banks.moodlexml`: Moodle XML (``lmspack export --moodle-xml``,
  Moodle's Question bank, Import, "Moodle XML format"): one category per lesson, each
  question a single-answer ``multichoice`` with general and per-option feedback;
* :mod:`~lmspack.packaging.banks.gift`: GIFT (``lmspack export --gift``), the same
  categories and questions in Moodle's plain-text format.

Both write what the page shows: the question, the options in the author's order, the
correct one, and ``explain`` as feedback ("Correct." / "Not quite." before it, as on the
page). Texts are plain text made HTML (escaped), so ``<`` and ``&`` arrive as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lmspack.model.course import Course
from lmspack.model.lesson import Question

__all__ = ["RIGHT", "WRONG", "BankQuestion", "bank_questions", "category_path",
           "option_feedback"]

RIGHT = "Correct."
WRONG = "Not quite."


@dataclass(frozen=True)
class BankQuestion:
    """One question with the names a bank gives it."""

    category: str
    name: str
    question: Question
    language: str = "en"
    """The lesson's language: the feedback words lmspack adds are in it."""


def category_path(course: Course, lesson_title: str) -> str:
    """``$course$/top/<course title>/<lesson title>``: Moodle reads ``/`` as the category
    separator and ``//`` as a slash inside a name, so slashes in titles are doubled."""
    def part(name: str) -> str:
        return " ".join(name.split()).replace("/", "//")

    return f"$course$/top/{part(course.title)}/{part(lesson_title)}"


def option_feedback(question: Question, index: int, language: str = "en") -> str:
    """The feedback of option ``index``, as the page shows it under that option (in the
    lesson's ``language``)."""
    from lmspack.source.locale import translations

    _ = translations(language).gettext
    if index == question.answer:
        return f"{_(RIGHT)} {question.explain}" if question.explain else _(RIGHT)
    return f"{_(WRONG)} {question.explain or _('Try another option.')}"


def bank_questions(course: Course) -> Iterator[BankQuestion]:
    """Every quiz question of the course, lesson by lesson in course order."""
    for entry in course.lessons:
        from lmspack.source.locale import translations

        category = category_path(course, entry.lesson.title)
        language = course.language_for(entry)
        for number, question in enumerate(entry.lesson.quiz, start=1):
            name = translations(language).gettext("%(title)s: question %(number)s") % {
                "title": entry.lesson.title, "number": number}
            yield BankQuestion(category, " ".join(name.split()), question, language)

