"""What a Common Cartridge would lose or alter in a lesson's quiz (rules ``K101``-``K104``,
warnings, reported by ``lmspack validate --cc``: the format is not checked by default).

A cartridge carries each quiz as QTI 1.2 (``lmspack.packaging.cc.qti``) and the question
banks carry the same texts: plain text, HTML-escaped. Three things in a lesson come out
different in the LMS, and each is reported where the author wrote it:

* **K101** a question with two options that are not True/False: CC 1.1 wants three or more
  options for multiple choice, so it travels as multiple response (tick boxes, one
  correct) — :func:`lmspack.model.quiz.choice_shape` decides, for the exporter too;
* **K102** a ``%`` followed by two hex digits in a question: Open edX's cc2olx URL-decodes
  the question text (``%41`` becomes ``A``); the exporter puts an empty HTML comment
  after the ``%`` so it survives, and warns, because an HTML comment in a question is
  something an author may trip over when editing it in the LMS;
* **K103** Markdown or HTML in a question, option or feedback: QTI ``mattext`` holds the
  text as it is, so LMSs show ``**``, backticks or ``[text](url)`` literally (as the
  lesson page does), and Open edX reads ``<tag>`` and ``&name;`` as HTML;
* **K104** ``<``, ``>`` or ``&`` in an option: options are HTML in a cartridge (escaped,
  so Moodle and Canvas show them as written), but Open edX's cc2olx copies an option's
  HTML as plain text, so its learners see ``&lt;`` or ``&amp;``.

What no cartridge can carry whatever the content (prerequisites, pass marks, tracking,
flashcards as such) is the fidelity table of docs/common-cartridge.md, not a warning.
"""

from __future__ import annotations

import re
from typing import Any

from lmspack.diagnostics import Diagnostic
from lmspack.diagnostics.rules import emit
from lmspack.model.quiz import choice_shape
from lmspack.source.yamlpos import YamlDocument

_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_MARKUP = re.compile(r"\*\*|__|`|\[[^\]\n]+\]\([^)\n]+\)|</?[A-Za-z][^<>\n]*>|&(#\d+|[A-Za-z]+);")
_TEXTS = (("q", "text"), ("explain", "feedback"))


def check_cartridge_fidelity(path: str, data: dict[str, Any],
                             doc: YamlDocument) -> list[Diagnostic]:
    """``K101``-``K104`` for the quiz of one lesson (its front-matter ``data``)."""
    quiz = data.get("quiz")
    if not isinstance(quiz, list):
        return []
    found: list[tuple[str, str, str, str]] = []  # (code, pointer, message, hint)
    for index, question in enumerate(quiz):
        if isinstance(question, dict):
            found += _question_findings(index, question)
    return [emit(code, path, doc.position(pointer), message, hint=hint, pointer=pointer)
            for code, pointer, message, hint in found]


def _question_findings(index: int, question: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    number = index + 1
    found = []
    options = question.get("options")
    options = options if isinstance(options, list) else []
    texts = [o for o in options if isinstance(o, str)]
    if len(options) == 2 and len(texts) == 2 and choice_shape(texts) == "multiple_response":
        found.append(("K101", f"/quiz/{index}/options",
                      f"question {number} has two options that are not True/False: in a "
                      "Common Cartridge it becomes a multiple-response question (tick boxes, "
                      "one correct)", "add a third option, or make the options True and False"))
    text = question.get("q")
    if isinstance(text, str) and (match := _PERCENT.search(text)):
        found.append(("K102", f"/quiz/{index}/q",
                      f"question {number} contains {match.group()!r}: Open edX's cartridge "
                      "import URL-decodes question texts, so the cartridge separates the '%' "
                      "from the digits with an empty HTML comment",
                      "write the percent sign apart from the digits (e.g. '50 % AB')"))
    for pointer, label, value in _texts(index, question):
        if match := _MARKUP.search(value):
            found.append(("K103", pointer,
                          f"question {number}'s {label} contains {match.group()!r}, Markdown "
                          "or HTML: quiz texts are plain text in a cartridge and the question "
                          "banks, so LMSs show it literally (and Open edX reads HTML in it)",
                          "write the text without Markdown or HTML markup"))
        if label.startswith("option") and (match := re.search(r"[<>&]", value)):
            found.append(("K104", pointer,
                          f"question {number}'s {label} contains {match.group()!r}: Open edX's "
                          "cartridge import shows it as an HTML entity (e.g. '&lt;')",
                          "write it in words ('less than', 'and') if the course goes to "
                          "Open edX"))
    return found


def _texts(index: int, question: dict[str, Any]) -> list[tuple[str, str, str]]:
    found = [(f"/quiz/{index}/{key}", label, question[key]) for key, label in _TEXTS
             if isinstance(question.get(key), str)]
    options = question.get("options")
    if isinstance(options, list):
        found += [(f"/quiz/{index}/options/{k}", f"option {k + 1}", text)
                  for k, text in enumerate(options) if isinstance(text, str)]
    return found
