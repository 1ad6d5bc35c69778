"""The tracking runtime shipped in SCORM packages, and the resume-state limit checked at build.

``lmspack/packaging/runtime/lmspack-runtime.js`` (package data; the folder holds no Python,
so this module, not the folder, is what ``import lmspack.packaging.tracking`` finds) is one
hand-written script: a core that observes the quiz, scores it, times it and keeps the
resume state, and transports (``scorm12``, ``scorm2004``) that map the core's events to an
LMS API. :func:`runtime_script` returns it with the package's settings written in, so one
file serves every lesson of a package and the pages stay the same for every version.

Resume state (``cmi.suspend_data``): ``"L1"`` + a 7-character quiz signature + ``":"`` +
the chosen option of each question in quiz order, joined by ``","``, trailing unanswered
questions left out (``L10ab12cd:b,,a``). :func:`encode_state` is the same encoding as the
script's ``encodeState`` (a test runs both); :func:`worst_case_state` is the longest state a
lesson can produce, every question answered with its longest option value, which must fit
the format's limit (``ScormFormat.suspend_data_limit``) or the export fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from lmspack.model.course import Course, LessonEntry
from lmspack.model.quiz import runtime_quiz

RUNTIME_FILE = "lmspack-runtime.js"
# Package path of the script, beside the stylesheet; every lesson page loads it (defer).
RUNTIME_PATH = f"assets/{RUNTIME_FILE}"

# Each package format names its transport (the script's TRANSPORTS table has the same
# names) and its cmi.suspend_data limit: lmspack.exports.<format>.

STATE_PREFIX = "L1"
_SIGNATURE_LENGTH = 7
_SETTINGS = re.compile(r"/\*lmspack:settings\*/.*?/\*lmspack:end\*/")

CommitPolicy = Literal["answer", "exit"]
NoQuizStatus = Literal["completed", "passed"]
ScorePolicy = Literal["final", "always"]


@dataclass(frozen=True)
class RuntimeSettings:
    """What the script is told at build time (written into the file as JSON).

    ``transports``: transport names to try, in order. ``commit``: ``"answer"`` commits after
    every change, ``"exit"`` only when the page is left. ``no_quiz_status``: what a lesson
    without a quiz reports. ``score``: ``"final"`` reports the score once every question is
    answered or the mark is reached, ``"always"`` after every answer.
    """

    transports: tuple[str, ...]
    commit: CommitPolicy = "answer"
    no_quiz_status: NoQuizStatus = "completed"
    score: ScorePolicy = "final"
    activity_base: str | None = None
    """xAPI and cmi5 only: the course's base IRI, from which the script derives the lesson
    and question activity ids (:mod:`lmspack.packaging.activities`)."""

    def to_json(self) -> str:
        data: dict[str, Any] = {"commit": self.commit, "noQuizStatus": self.no_quiz_status,
                                "score": self.score, "transports": list(self.transports)}
        if self.activity_base is not None:
            data["activityBase"] = self.activity_base
        return json.dumps(data, sort_keys=True, separators=(",", ":"))


def runtime_source() -> str:
    """The script as shipped in lmspack, with its default settings."""
    return resources.files("lmspack.packaging").joinpath("runtime", RUNTIME_FILE).read_text(
        encoding="utf-8")


def runtime_script(settings: RuntimeSettings) -> bytes:
    """The script with ``settings`` written in, as the bytes a package ships."""
    source = runtime_source()
    marker = f"/*lmspack:settings*/{settings.to_json()}/*lmspack:end*/"
    text, count = _SETTINGS.subn(lambda _: marker, source, count=1)
    if count != 1:
        raise RuntimeError(f"{RUNTIME_FILE} lost its settings marker")
    return text.encode("utf-8")


# --- resume state ------------------------------------------------------------------------

Quiz = Sequence[Mapping[str, Any]]


def quiz_signature(quiz: Quiz) -> str:
    """FNV-1a (32 bit, over UTF-16 code units as JavaScript sees them) of the quiz's ids
    and option values, as 7 base-36 digits: the script's ``quizSignature``."""
    text = ";".join(f"{q['id']}={' '.join(q['options'])}" for q in quiz)
    units = text.encode("utf-16-le")
    value = 0x811C9DC5
    for index in range(0, len(units), 2):
        value ^= units[index] | units[index + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    return _base36(value).rjust(_SIGNATURE_LENGTH, "0")


def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
        if not value:
            return out


def encode_state(quiz: Quiz, answers: Mapping[str, str]) -> str:
    """The resume state for ``answers`` (question id -> option value): ``encodeState``."""
    values = [answers.get(str(q["id"]), "") for q in quiz]
    while values and values[-1] == "":
        values.pop()
    return f"{STATE_PREFIX}{quiz_signature(quiz)}:{','.join(values)}"


def worst_case_state(quiz: Quiz) -> str:
    """The longest state ``quiz`` can produce: every question answered with its longest
    option value (a..z are one character, aa.. two)."""
    longest = {str(q["id"]): max(q["options"], key=len) for q in quiz if q["options"]}
    return encode_state(quiz, longest)


def lesson_quiz(course: Course, entry: LessonEntry) -> list[dict[str, Any]]:
    """The quiz as the lesson page gives it to the script (its JSON data block)."""
    del course  # the quiz is the lesson's own
    return runtime_quiz(entry)


@dataclass(frozen=True)
class StateSize:
    """One lesson's worst-case resume state against a SCORM version's limit."""

    lesson_id: str
    questions: int
    worst_case: int
    limit: int

    @property
    def fits(self) -> bool:
        return self.worst_case <= self.limit

    def problem(self, label: str, hint: str = "") -> str:
        """Why the state does not fit a package of the format ``label`` (``hint``: what
        else the author can do, e.g. " or export with --scorm 2004")."""
        return (f"lesson {self.lesson_id!r}: its saved answers can take {self.worst_case} "
                f"characters of cmi.suspend_data, over the {label} limit of "
                f"{self.limit} ({self.questions} questions); split the quiz across lessons"
                + hint)


def state_sizes(course: Course, limit: int) -> list[StateSize]:
    """Worst-case resume state of every lesson with a quiz, in course order, against a
    ``cmi.suspend_data`` of ``limit`` characters."""
    sizes = []
    for entry in course.lessons:
        quiz = lesson_quiz(course, entry)
        if quiz:
            sizes.append(StateSize(entry.id, len(quiz), len(worst_case_state(quiz)), limit))
    return sizes
