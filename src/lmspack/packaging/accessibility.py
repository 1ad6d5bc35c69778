"""The accessibility report written beside every export: ``accessibility.json`` and
``accessibility.md`` in ``dist/``, a draft a course team can hand on as the start of a
conformance report (WCAG 2.1 AA).

For each success criterion (:data:`lmspack.packaging.wcag.CRITERIA`): checked automatically
(with each lesson's findings of the rules that test it), met by the theme by design (with
the test that proves the statement), or for a person to check (with what to look at, and
the lessons concerned). Findings are computed here for every lesson, whatever the course
file turns off: a rule switched off is still a criterion someone must answer for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lmspack._version import __version__
from lmspack.diagnostics import Diagnostic
from lmspack.model.course import Course, LessonEntry
from lmspack.packaging.wcag import CRITERIA, Criterion
from lmspack.source.atomic import write_bytes
from lmspack.source.paths import resolve_local
from lmspack.validate.bodycache import body_job, read_findings

REPORT_VERSION = 1
JSON_NAME, MARKDOWN_NAME = "accessibility.json", "accessibility.md"


@dataclass(frozen=True)
class Finding:
    code: str
    line: int
    column: int
    message: str


def lesson_findings(course: Course, entry: LessonEntry) -> list[Finding]:
    """Every accessibility finding of one lesson (rules A and T103), by position."""
    lesson = entry.lesson
    body = entry.findings if entry.findings is not None else _read_body(course, entry)
    found = [Finding(d.code, d.line, d.column, d.message) for d in body]
    video = lesson.video
    if video is not None and not video.captions and not video.transcript:
        found.append(Finding("A111", _key_line(course, entry, "video"), 1,
                             "the video has neither captions nor a transcript"))
    if video is not None and video.transcript and resolve_local(
            course.root, entry.path, video.transcript).kind in ("missing", "outside"):
        found.append(Finding("A003", _key_line(course, entry, "video"), 1,
                             f"transcript '{video.transcript}' is not a file in the course"))
    return sorted(found, key=lambda f: (f.line, f.column, f.code))


def _read_body(course: Course, entry: LessonEntry) -> tuple[Diagnostic, ...]:
    """The body's findings for an entry made without validation (which hands them on),
    read as validation reads them."""
    job = body_job(entry.path, entry.body, entry.body_line, course.maths, course.language,
                   {"language": entry.lesson.language})
    return read_findings(course.root, job).accessibility()


def _key_line(course: Course, entry: LessonEntry, key: str) -> int:
    """The line of a top-level front-matter ``key`` (the model keeps no positions)."""
    try:
        text = (course.root / entry.path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1
    lines = text.splitlines()[: max(entry.body_line - 1, 0)]
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)


def _lesson_result(criterion: Criterion, entry: LessonEntry,
                   findings: list[Finding]) -> dict[str, Any]:
    mine = [f for f in findings if f.code in criterion.rules]
    return {"lesson": entry.id, "path": entry.path,
            "result": "fail" if mine else "pass",
            "findings": [{"code": f.code, "line": f.line, "column": f.column,
                          "message": f.message} for f in mine]}


def report(course: Course) -> dict[str, Any]:
    """The report as a JSON-ready document (fields: docs/accessibility-report.md)."""
    findings = {entry.id: lesson_findings(course, entry) for entry in course.lessons}
    with_video = [entry.id for entry in course.lessons if entry.lesson.video is not None]
    criteria = []
    for criterion in CRITERIA:
        item: dict[str, Any] = {
            "id": criterion.id, "name": criterion.name, "level": criterion.level,
            "how": criterion.how, "statement": criterion.statement,
            "rules": list(criterion.rules), "person_checks": criterion.look or None,
            "evidence": criterion.evidence or None,
        }
        if criterion.how == "automatic":
            item["lessons"] = [_lesson_result(criterion, entry, findings[entry.id])
                               for entry in course.lessons
                               if not criterion.video_only or entry.id in with_video]
        if criterion.video_only:
            item["applies_to"] = with_video
        criteria.append(item)
    counts = {how: sum(c.how == how for c in CRITERIA)
              for how in ("automatic", "theme", "person")}
    failing = sorted({c["id"] for c in criteria if any(
        r["result"] == "fail" for r in c.get("lessons", []))})
    return {"report_version": REPORT_VERSION, "standard": "WCAG 2.1", "level": "AA",
            "generator": f"lmspack {__version__}",
            "course": {"id": course.id, "title": course.title, "version": course.version,
                       "language": course.language},
            "lessons": [entry.id for entry in course.lessons],
            "summary": {"criteria": len(CRITERIA), **counts,
                        "automatic_failing": failing},
            "criteria": criteria}


def markdown(document: dict[str, Any]) -> str:
    """The report for people: one section per criterion, in WCAG order."""
    course, summary = document["course"], document["summary"]
    lines = [f"# Accessibility report: {course['title']}", "",
             f"WCAG 2.1 level AA, course version {course['version']}, made by "
             f"{document['generator']}. A draft for the course's conformance report: lmspack "
             "checks {automatic} success criteria on every lesson, its page theme meets "
             "{theme} by design, and {person} need a person.".format(**summary), ""]
    if summary["automatic_failing"]:
        lines += ["Criteria with findings: " + ", ".join(summary["automatic_failing"]) + ".",
                  ""]
    else:
        lines += ["No automatic check found a problem.", ""]
    labels = {"automatic": "checked automatically", "theme": "met by the theme by design",
              "person": "needs a person"}
    for item in document["criteria"]:
        lines += [f"## {item['id']} {item['name']} (level {item['level']}): "
                  f"{labels[item['how']]}", "", item["statement"], ""]
        for result in item.get("lessons", []):
            if result["result"] == "pass":
                lines.append(f"- {result['lesson']}: pass")
            for f in result["findings"]:
                lines.append(f"- {result['lesson']}: **{f['code']}** {result['path']}:"
                             f"{f['line']}:{f['column']}: {f['message']}")
        if item.get("lessons"):
            lines.append("")
        if item["person_checks"]:
            where = item.get("applies_to")
            scope = (" Lessons: " + ", ".join(where) + "." if where else
                     " No lesson has a video.") if where is not None else ""
            lines += [f"A person checks: {item['person_checks']}{scope}", ""]
        if item["evidence"]:
            lines += [f"Evidence: `{item['evidence']}`.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_report(course: Course, out: Path) -> tuple[Path, Path]:
    """Write ``accessibility.json`` and ``accessibility.md`` into ``out`` (atomically)."""
    document = report(course)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return (write_bytes(out / JSON_NAME, text.encode("utf-8")),
            write_bytes(out / MARKDOWN_NAME, markdown(document).encode("utf-8")))
