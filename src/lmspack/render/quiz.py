"""The quiz as plain HTML, and the machine-readable lesson description for a runtime.

DOM contract (kept stable for the tracking runtime and the browser tests):

* ``<form class="quiz-form" id="lmspack-quiz">`` holds one ``<fieldset class="question"
  id="q1">`` per question (``q1``, ``q2``, ... in order) with a ``<legend>``;
* each option is ``<input type="radio" name="q1" value="a" id="q1-a">`` (values ``a``, ``b``,
  ... in the author's order) with ``<label for="q1-a">``, followed by its feedback
  ``<p class="feedback feedback-right|feedback-wrong">``, hidden with ``display:none`` until
  that option is checked (CSS ``input:checked ~ .feedback``): before a choice, no
  feedback is visible or in the accessibility tree;
* ``<script type="application/json" id="lmspack-lesson">`` (a data block, never executed)
  holds ``{"id", "title", "course", "passMark", "quiz": [{"id": "q1", "options": ["a",
  ...], "correct": "b"}]}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from lmspack.model.course import Course, LessonEntry
from lmspack.model.quiz import letter, question_id, runtime_quiz
from lmspack.render.sanitize import UrlRewriter
from lmspack.source.locale import N_

__all__ = ["DATA_ID", "OptionView", "QuestionView", "lesson_data", "letter", "quiz_view"]

DATA_ID = "lmspack-lesson"
_EMPTY = Markup("")


@dataclass(frozen=True)
class OptionView:
    value: str
    input_id: str
    text: str
    """The option as the author wrote it (inline Markdown)."""
    right: bool
    html: Markup = _EMPTY
    """The option as the page shows it."""
    label: str | None = None
    """A plain-text name for the radio button when the option holds maths (axe-core and
    older assistive tools compute no name from MathML): the TeX."""


@dataclass(frozen=True)
class QuestionView:
    id: str
    number: int
    text: str
    """The question as the author wrote it (inline Markdown)."""
    options: tuple[OptionView, ...]
    explain: str | None
    html: Markup = _EMPTY
    explain_html: Markup | None = None


def quiz_view(entry: LessonEntry, maths: bool = True,
              rewrite_url: UrlRewriter | None = None) -> list[QuestionView]:
    """The lesson's questions, each text also rendered as inline Markdown (``html``; local
    links mapped by ``rewrite_url``)."""
    from lmspack.render.markdown import render_inline
    from lmspack.source.markdown import plain_text

    def inline(text: str) -> Markup:
        return Markup(render_inline(text, rewrite_url, maths=maths))

    out = []
    for number, question in enumerate(entry.lesson.quiz, start=1):
        qid = question_id(number)
        options = tuple(OptionView(letter(k), f"{qid}-{letter(k)}", text, k == question.answer,
                                   html, plain_text(text, maths) if "<math" in html else None)
                        for k, text in enumerate(question.options)
                        for html in (inline(text),))
        out.append(QuestionView(qid, number, question.q, options, question.explain,
                                inline(question.q),
                                inline(question.explain) if question.explain else None))
    return out


RESTORED_NOTICE = N_("This page was restored from your browser’s history after you left "
                     "it, so it no longer reports to the LMS. To record your answers, open "
                     "the lesson again from the LMS.")
"""The tracking runtime's one notice (``RESTORED_NOTICE`` in ``lmspack-runtime.js``, which
shows the English text itself)."""


def lesson_data(course: Course, entry: LessonEntry) -> Markup:
    """The ``<script type="application/json">`` body: JSON with ``<``, ``>`` and ``&``
    escaped so no text in it can close the element. A page in another language than
    English also carries the runtime's notices in that language (``notices``)."""
    from lmspack.source.locale import interface_language, translations

    data: dict[str, object] = {
        "id": entry.id,
        "title": entry.lesson.title,
        "course": course.id,
        "passMark": course.pass_mark_for(entry),
        "quiz": runtime_quiz(entry),
    }
    language = course.language_for(entry)
    if interface_language(language) != "en":
        data["notices"] = {"restored": translations(language).gettext(RESTORED_NOTICE)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
