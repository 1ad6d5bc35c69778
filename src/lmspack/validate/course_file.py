"""The optional course file: load it, check it, and check its lesson order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lmspack.diagnostics import FILE_START, Diagnostic
from lmspack.diagnostics.rules import RULES, emit
from lmspack.model.lesson import CourseFile
from lmspack.source import yamlpos
from lmspack.source.files import read_text
from lmspack.validate.schema import validate_model
from lmspack.validate.xml_text import check_xml_text


def load_course_file(root: Path, rel: str | None
                     ) -> tuple[CourseFile, yamlpos.YamlDocument | None, list[Diagnostic]]:
    """The course file's settings (defaults for whatever is missing or broken)."""
    if rel is None:
        return CourseFile(), None, []
    text = read_text(root, rel, line_ends=True)
    if not isinstance(text, str):
        return CourseFile(), None, [text]
    doc = yamlpos.load(text)
    if isinstance(doc, yamlpos.YamlError):
        return CourseFile(), None, [emit("F004", rel, doc.position, doc.message)]
    if doc.data is None:
        return CourseFile(), doc, []
    if not isinstance(doc.data, dict):
        return CourseFile(), doc, [emit("F005", rel, FILE_START,
                                        "the course file must be a mapping of settings")]
    diagnostics = duplicate_keys(rel, doc) + check_xml_text(rel, doc.data, doc)
    model, errors = validate_model(CourseFile, doc.data, rel, doc)
    diagnostics += errors + _check_rules(rel, doc.data.get("rules"), doc)
    config = model if isinstance(model, CourseFile) else _salvage(doc.data)
    diagnostics += check_language(rel, doc.data, doc)
    return config, doc, diagnostics


def check_language(path: str, data: dict[str, Any], doc: yamlpos.YamlDocument) -> list[Diagnostic]:
    """C102 when the ``language`` of a course file or lesson has no interface catalog."""
    from lmspack.source.locale import catalog_language, languages

    language = data.get("language")
    if not isinstance(language, str) or catalog_language(language) is not None:
        return []
    return [emit("C102", path, doc.position("/language"),
                 f"lmspack has no interface strings in '{language}': the pages' headings, "
                 "buttons and feedback are shown in English",
                 hint=f"languages with a catalog: {', '.join(languages())}; add a catalog "
                      "(src/lmspack/locale/) or set `rules: {C102: off}` to accept English",
                 pointer="/language")]


def _salvage(data: dict[str, Any]) -> CourseFile:
    """Keep the valid top-level settings of a course file that has errors elsewhere,
    so one bad setting does not make the rest of the run use defaults."""
    kept: dict[str, Any] = {}
    for name in CourseFile.model_fields:
        if name in data:
            try:
                CourseFile.model_validate({name: data[name]})
            except ValidationError:
                continue
            kept[name] = data[name]
    return CourseFile.model_validate(kept)


def duplicate_keys(path: str, doc: yamlpos.YamlDocument) -> list[Diagnostic]:
    return [emit("F006", path, doc.mark(dup),
                 f"duplicate key '{dup.value}' (first defined on line {doc.mark(first).line}); "
                 "the later value silently replaces the earlier one",
                 hint="remove one of the two")
            for dup, first in doc.duplicates]


def _check_rules(path: str, rules: Any, doc: yamlpos.YamlDocument) -> list[Diagnostic]:
    if not isinstance(rules, dict):
        return []
    return [emit("C003", path, doc.position(f"/rules/{code}", key=True),
                 f"unknown rule code '{code}' in rules", hint="`lmspack rules` lists the codes",
                 pointer=f"/rules/{code}")
            for code in rules if isinstance(code, str) and code not in RULES]


def check_order(path: str | None, config: CourseFile, doc: yamlpos.YamlDocument | None,
                prereqs: Mapping[str, Sequence[str]]) -> list[Diagnostic]:
    """The course file's `lessons`/`modules` against the lessons that exist (``prereqs``
    maps each lesson id to its prerequisites)."""
    lesson_ids = set(prereqs)
    if path is None or doc is None:
        return []
    if config.lessons is not None and config.modules is not None:
        return [emit("S005", path, doc.position("/modules", key=True),
                     "give either 'lessons' or 'modules', not both", pointer="/modules")]
    listed: list[tuple[str, str]] = []
    if config.lessons is not None:
        listed = [(f"/lessons/{n}", i) for n, i in enumerate(config.lessons)]
    elif config.modules is not None:
        listed = [(f"/modules/{m}/lessons/{n}", i) for m, module in enumerate(config.modules)
                  for n, i in enumerate(module.lessons)]
    else:
        return []
    out, seen = [], set()
    position = {lesson_id: n for n, (_, lesson_id) in reversed(list(enumerate(listed)))}
    for number, (pointer, lesson_id) in enumerate(listed):
        if lesson_id not in lesson_ids:
            out.append(emit("C001", path, doc.position(pointer),
                            f"'{lesson_id}' is not a lesson of this course", pointer=pointer))
        elif lesson_id in seen:
            out.append(emit("C004", path, doc.position(pointer),
                            f"'{lesson_id}' is listed more than once", pointer=pointer))
        else:
            later = [p for p in prereqs[lesson_id] if position.get(p, -1) > number]
            if later:
                out.append(emit("C005", path, doc.position(pointer),
                                f"'{lesson_id}' comes before its prerequisite "
                                f"{', '.join(repr(p) for p in later)}",
                                hint="move it after its prerequisites", pointer=pointer))
        seen.add(lesson_id)
    key = "/lessons" if config.lessons is not None else "/modules"
    out += [emit("C002", path, doc.position(key, key=True),
                 f"lesson '{missing}' is not in the course order and will not be exported",
                 pointer=key) for missing in sorted(lesson_ids - seen)]
    return out
