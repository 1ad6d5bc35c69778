"""SCORM data-model limits a lesson must fit, checked at build time (rules ``P001``, ``P101``).

The tracking runtime reports each quiz question as one interaction; what it can send is
bounded by the data model of the SCORM version the package is built for:

* SCORM 1.2 ``choice`` responses are single characters (``0-9``, ``a-z``). The runtime
  reports the option at index *i* as ``a``..``z`` then ``0``..``9``, so a question has at
  most 36 options in a 1.2 package (**P001**, error: the export refuses it).
* SCORM 2004 ``cmi.interactions.n.description`` (localized_string_type, SPM 250) carries the
  question text. A longer text reaches the LMS cut to 249 characters and "…" (**P101**,
  warning).

Which versions are checked is a validate setting (:attr:`Settings.scorm_versions`): both by
default, so ``lmspack validate`` in pre-commit warns about either; ``lmspack validate
--scorm 2004`` checks one, and ``lmspack export --scorm V`` checks the version it builds
(a course that ships only 2004 is not refused for a 1.2 limit). Each diagnostic's message
starts with the version it is about (``[SCORM 1.2]``).

Limits no lesson can reach have no rule: interaction ids are ``q1``, ``q2``, ... in 1.2
(CMIIdentifier: 255 characters, no spaces) and ``urn:lmspack:<course>:<lesson>:<qN>`` in
2004 (long_identifier_type, up to 4000), from ids the schema limits to 100 characters of
``[a-z0-9-]``; responses and patterns are one option value (a single character in 1.2, at
most a few letters in 2004: short_identifier_type, 250). tests/unit/test_scorm_limits.py
proves these bounds from the published schema. The resume-state budget (``suspend_data``)
is checked by the export (:mod:`lmspack.packaging.tracking`).
"""

from __future__ import annotations

from typing import Any

from lmspack.diagnostics import Diagnostic
from lmspack.diagnostics.rules import emit
from lmspack.source.yamlpos import YamlDocument

# The SCORM versions lmspack exports (lmspack.packaging.SCORM_VERSIONS; a test checks they
# agree: validate must not import the packaging code).
VERSIONS: tuple[str, ...] = ("1.2", "2004")
# Which version each rule is about.
RULE_VERSIONS: dict[str, str] = {"P001": "1.2", "P101": "2004"}
CHOICES_12 = 36  # single characters 0-9 and a-z
DESCRIPTION_2004 = 250  # cmi.interactions.n.description, characters (UTF-16 code units)


def js_length(text: str) -> int:
    """Length as JavaScript (and scorm-again) counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def question_text(text: str) -> str:
    """The question as the page shows it and the runtime reads it: whitespace folded."""
    return " ".join(text.split())


def check_scorm_limits(path: str, data: dict[str, Any], doc: YamlDocument,
                       versions: tuple[str, ...] = VERSIONS) -> list[Diagnostic]:
    """Diagnostics for the questions of one lesson that do not fit ``versions``."""
    quiz = data.get("quiz")
    if not isinstance(quiz, list):
        return []
    out: list[Diagnostic] = []
    for index, question in enumerate(quiz):
        if not isinstance(question, dict):
            continue
        options, text = question.get("options"), question.get("q")
        if "1.2" in versions and isinstance(options, list) and len(options) > CHOICES_12:
            pointer = f"/quiz/{index}/options"
            out.append(emit(
                "P001", path, doc.position(pointer),
                f"[SCORM 1.2] question {index + 1} has {len(options)} options; a SCORM 1.2 "
                f"choice interaction can report at most {CHOICES_12} (single characters "
                "0-9, a-z)",
                hint="split the question, or ship SCORM 2004 only (lmspack export --scorm "
                     "2004; lmspack validate --scorm 2004)", pointer=pointer))
        if "2004" in versions and isinstance(text, str):
            length = js_length(question_text(text))
            if length > DESCRIPTION_2004:
                pointer = f"/quiz/{index}/q"
                out.append(emit(
                    "P101", path, doc.position(pointer),
                    f"[SCORM 2004] question {index + 1}'s text is {length} characters; the "
                    f"LMS's interaction description holds {DESCRIPTION_2004}, so its reports "
                    f"show the first {DESCRIPTION_2004 - 1} and '\u2026'",
                    hint="shorten the question and move the detail into the lesson text",
                    pointer=pointer))
    return out
