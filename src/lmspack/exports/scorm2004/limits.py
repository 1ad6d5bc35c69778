"""SCORM 2004's data-model limit a lesson should fit (rule ``P101``, checked by validate).

``cmi.interactions.n.description`` (localized_string_type, SPM 250) carries the question
text. A longer text reaches the LMS cut to 249 characters and "…" (**P101**, warning).
The message starts with the version it is about (``[SCORM 2004]``).

Limits no lesson can reach have no rule: interaction ids are
``urn:lmspack:<course>:<lesson>:<qN>`` (long_identifier_type, up to 4000), from ids the
schema limits to 100 characters of ``[a-z0-9-]``; responses and patterns are one option
value (at most a few letters: short_identifier_type, 250). tests/unit/test_scorm_limits.py
proves these bounds from the published schema.
"""

from __future__ import annotations

from typing import Any

from lmspack.diagnostics import Diagnostic
from lmspack.diagnostics.rules import emit
from lmspack.source.yamlpos import YamlDocument

DESCRIPTION_2004 = 250  # cmi.interactions.n.description, characters (UTF-16 code units)


def js_length(text: str) -> int:
    """Length as JavaScript (and scorm-again) counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def question_text(text: str) -> str:
    """The question as the page shows it and the runtime reads it: whitespace folded."""
    return " ".join(text.split())


def check_descriptions(path: str, data: dict[str, Any],
                       doc: YamlDocument) -> list[Diagnostic]:
    """``P101`` for each question of one lesson whose text a 2004 LMS would cut."""
    quiz = data.get("quiz")
    if not isinstance(quiz, list):
        return []
    out: list[Diagnostic] = []
    for index, question in enumerate(quiz):
        text = question.get("q") if isinstance(question, dict) else None
        if not isinstance(text, str):
            continue
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
