"""Checks on one lesson's front-matter that a schema cannot express.

They read the raw YAML data defensively (a lesson with a schema error still gets them), so
one typo does not hide the other problems of the file.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, TypeGuard

from lmspack.diagnostics import Diagnostic
from lmspack.diagnostics.rules import emit
from lmspack.source.yamlpos import YamlDocument


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def check_lesson_data(path: str, data: dict[str, Any], doc: YamlDocument) -> list[Diagnostic]:
    return [*check_quiz(path, data.get("quiz"), doc),
            *check_video(path, data, doc),
            *check_id_matches_file(path, data.get("id"), doc)]


def check_quiz(path: str, quiz: Any, doc: YamlDocument) -> list[Diagnostic]:
    if not isinstance(quiz, list):
        return []
    out: list[Diagnostic] = []
    answers: list[int] = []
    for index, question in enumerate(quiz):
        if not isinstance(question, dict):
            continue
        options, answer = question.get("options"), question.get("answer")
        if isinstance(options, list):
            out += _duplicate_options(path, index, options, doc)
        if _is_int(answer) and answer >= 0:
            answers.append(answer)
            if isinstance(options, list) and answer >= len(options):
                pointer = f"/quiz/{index}/answer"
                out.append(emit("Q001", path, doc.position(pointer),
                                f"answer {answer} is out of range: question {index + 1} has "
                                f"{len(options)} options (0 to {len(options) - 1})",
                                hint="answer is the 0-based index of the correct option",
                                pointer=pointer))
    if len(answers) >= 3 and len(answers) == len(quiz) and len(set(answers)) == 1:
        out.append(emit("Q101", path, doc.position("/quiz", key=True),
                        f"all {len(answers)} quiz answers are at option position "
                        f"{answers[0]} (option {answers[0] + 1}): learners can game the quiz",
                        hint="reorder options so the correct answers vary", pointer="/quiz"))
    return out


def _duplicate_options(path: str, index: int, options: list[Any],
                       doc: YamlDocument) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for number, option in enumerate(options):
        if not isinstance(option, str) or not option.strip():
            continue
        key = " ".join(option.split()).casefold()
        if key in seen:
            pointer = f"/quiz/{index}/options/{number}"
            first = seen[key]
            out.append(emit("Q004", path, doc.position(pointer),
                            f"option {number} ({option!r}) of question {index + 1} repeats "
                            f"option {first} ({options[first]!r})", pointer=pointer))
        else:
            seen[key] = number
    return out


def check_video(path: str, data: dict[str, Any], doc: YamlDocument) -> list[Diagnostic]:
    video = data.get("video")
    if not isinstance(video, dict):
        return []
    start, end = video.get("start", 0), video.get("end")
    if not (_is_int(start) and _is_int(end)):
        return []
    if start >= end:
        return [emit("V001", path, doc.position("/video/end"),
                     f"video end ({end} s) must be after its start ({start} s)",
                     pointer="/video/end")]
    duration = data.get("duration_min")
    if _is_int(duration) and end - start > duration * 60:
        return [emit("V101", path, doc.position("/video/end"),
                     f"the video runs {_minutes(end - start)} but the lesson's duration_min is "
                     f"{duration}", hint="raise duration_min or trim the clip",
                     pointer="/video/end")]
    return []


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60:02d} s"


def check_id_matches_file(path: str, lesson_id: Any, doc: YamlDocument) -> list[Diagnostic]:
    stem = PurePosixPath(path).stem
    if isinstance(lesson_id, str) and lesson_id != stem:
        return [emit("L103", path, doc.position("/id"),
                     f"id '{lesson_id}' differs from the file name '{stem}.md'",
                     hint=f"rename the file to {lesson_id}.md", pointer="/id")]
    return []
