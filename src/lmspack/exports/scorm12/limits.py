"""SCORM 1.2's data-model limit a lesson must fit (rule ``P001``, checked by validate).

The tracking runtime reports each quiz question as one ``choice`` interaction, whose
responses are single characters in SCORM 1.2 (``0-9``, ``a-z``): the option at index *i*
is reported as ``a``..``z`` then ``0``..``9``, so a question has at most 36 options in a
1.2 package (**P001**, error: the export refuses it). Validate checks it for every format
by default; ``lmspack validate --scorm 2004`` (another format) leaves it out, and
``lmspack export --scorm V`` checks the version it builds. The message starts with the
version it is about (``[SCORM 1.2]``).

Limits no lesson can reach have no rule: interaction ids are ``q1``, ``q2``, ...
(CMIIdentifier: 255 characters, no spaces), from ids the schema limits to 100 characters
of ``[a-z0-9-]``; responses and patterns are one character. tests/unit/test_scorm_limits.py
proves these bounds from the published schema. The resume-state budget
(``cmi.suspend_data``) is checked by the export (:meth:`ScormFormat.preflight`).
"""

from __future__ import annotations

from typing import Any

from lmspack.diagnostics import Diagnostic
from lmspack.diagnostics.rules import emit
from lmspack.source.yamlpos import YamlDocument

CHOICES_12 = 36  # single characters 0-9 and a-z


def check_options(path: str, data: dict[str, Any], doc: YamlDocument) -> list[Diagnostic]:
    """``P001`` for each question of one lesson with more options than 1.2 can report."""
    quiz = data.get("quiz")
    if not isinstance(quiz, list):
        return []
    out: list[Diagnostic] = []
    for index, question in enumerate(quiz):
        options = question.get("options") if isinstance(question, dict) else None
        if isinstance(options, list) and len(options) > CHOICES_12:
            pointer = f"/quiz/{index}/options"
            out.append(emit(
                "P001", path, doc.position(pointer),
                f"[SCORM 1.2] question {index + 1} has {len(options)} options; a SCORM 1.2 "
                f"choice interaction can report at most {CHOICES_12} (single characters "
                "0-9, a-z)",
                hint="split the question, or ship SCORM 2004 only (lmspack export --scorm "
                     "2004; lmspack validate --scorm 2004)", pointer=pointer))
    return out
