"""dist/accessibility.json and .md: every WCAG 2.1 A and AA success criterion once, each
answered (checked per lesson, met by the theme with the test that proves it, or for a
person with what to look at), and the per-lesson results agree with lmspack validate."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lmspack import RULES, check
from lmspack.packaging.accessibility import markdown, report
from lmspack.packaging.wcag import CRITERIA

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "invalid" / "accessibility"

# WCAG 2.1 level A and AA, typed from the W3C's list (not from lmspack.packaging.wcag).
WCAG21_A = ("1.1.1 1.2.1 1.2.2 1.2.3 1.3.1 1.3.2 1.3.3 1.4.1 1.4.2 2.1.1 2.1.2 2.1.4 2.2.1 "
            "2.2.2 2.3.1 2.4.1 2.4.2 2.4.3 2.4.4 2.5.1 2.5.2 2.5.3 2.5.4 3.1.1 3.2.1 3.2.2 "
            "3.3.1 3.3.2 4.1.1 4.1.2").split()
WCAG21_AA = ("1.2.4 1.2.5 1.3.4 1.3.5 1.4.3 1.4.4 1.4.5 1.4.10 1.4.11 1.4.12 1.4.13 2.4.5 "
             "2.4.6 2.4.7 3.1.2 3.2.3 3.2.4 3.3.3 3.3.4 4.1.3").split()


def test_every_wcag21_aa_criterion_is_answered_once() -> None:
    assert [c.id for c in CRITERIA if c.level == "A"] == WCAG21_A
    assert [c.id for c in CRITERIA if c.level == "AA"] == \
        [i for i in [c.id for c in CRITERIA] if i in WCAG21_AA]
    assert sorted(c.id for c in CRITERIA if c.level == "AA") == sorted(WCAG21_AA)
    for criterion in CRITERIA:
        assert criterion.how in ("automatic", "theme", "person"), criterion.id
        assert criterion.statement.endswith("."), criterion.id
        if criterion.how == "person":
            assert criterion.look, criterion.id
        if criterion.how == "theme":
            assert criterion.evidence, criterion.id
        if criterion.how == "automatic":
            assert criterion.rules and set(criterion.rules) <= set(RULES), criterion.id


def test_every_theme_statement_names_a_test_that_exists() -> None:
    for criterion in CRITERIA:
        if not criterion.evidence:
            continue
        path, _, name = criterion.evidence.partition("::")
        source = (REPO / path).read_text(encoding="utf-8")
        assert not name or re.search(rf"^def {name}\(", source, re.MULTILINE), \
            criterion.evidence


def test_every_accessibility_rule_answers_a_criterion() -> None:
    mapped = {rule for c in CRITERIA for rule in c.rules}
    assert {code for code in RULES if code.startswith("A")} | {"T103"} == mapped


def test_the_report_agrees_with_validate_on_the_fixture_lesson() -> None:
    validated = check(FIXTURE)
    assert validated.course is not None
    document = report(validated.course)
    from_report = {(r["path"], f["line"], f["column"], f["code"])
                   for c in document["criteria"] for r in c.get("lessons", [])
                   for f in r["findings"]}
    from_validate = {(d.path, d.line, d.column, d.code) for d in validated.diagnostics}
    # The report places front-matter findings at the `video:` key; validate at the key that
    # is wrong (the transcript).
    assert {f for f in from_validate if f[3] != "A003"} == \
        {f for f in from_report if f[3] != "A003"}
    assert {f[0] for f in from_report if f[3] == "A003"} == {"lessons/auf-deutsch.md"}
    by_id = {c["id"]: c for c in document["criteria"]}
    assert by_id["2.4.4"]["how"] == "automatic"
    mistakes = next(r for r in by_id["2.4.4"]["lessons"] if r["lesson"] == "mistakes")
    assert mistakes["result"] == "fail"
    assert sorted(f["code"] for f in mistakes["findings"]) == \
        ["A001", "A001", "A001", "A103", "A103", "A104", "A104"]
    other = next(r for r in by_id["2.4.4"]["lessons"] if r["lesson"] == "other")
    assert other == {"lesson": "other", "path": "lessons/other.md", "result": "pass",
                     "findings": []}
    assert by_id["1.2.2"]["applies_to"] == ["mistakes", "auf-deutsch"]
    assert [r["lesson"] for r in by_id["1.2.2"]["lessons"]] == ["mistakes", "auf-deutsch"]


def test_the_example_course_report_names_its_one_open_point() -> None:
    course = check(REPO).course
    assert course is not None
    document = report(course)
    assert document["summary"]["automatic_failing"] == ["1.2.2"]
    text = markdown(document)
    assert "Criteria with findings: 1.2.2." in text
    assert "- ai-builder-ch4-lesson3: **A111** lessons/ai-builder-ch4-lesson3.md:7:1:" in text
    assert text.count("\n## ") == 50
    assert "A person checks: For a video without speech" in text
    assert json.loads(json.dumps(document)) == document


def test_the_runtime_status_is_a_status() -> None:
    runtime = (REPO / "src" / "lmspack" / "packaging" / "runtime" /
               "lmspack-runtime.js").read_text(encoding="utf-8")
    assert "note.setAttribute('role', 'status');" in runtime


def test_every_field_is_documented() -> None:
    course = check(FIXTURE).course
    assert course is not None
    document = report(course)
    doc = (REPO / "docs" / "accessibility-report.md").read_text(encoding="utf-8")
    fields = set(document) | {k for c in document["criteria"] for k in c} | \
        {k for c in document["criteria"] for r in c.get("lessons", []) for k in r}
    fields |= set(document["summary"])
    assert [f for f in sorted(fields) if f"`{f}`" not in doc] == []


def _findings(document: dict[str, Any]) -> list[tuple[str, int, int, str, str]]:
    return sorted((r["path"], f["line"], f["column"], f["code"], f["message"])
                  for c in document["criteria"] for r in c.get("lessons", [])
                  for f in r["findings"])


def test_the_report_reads_no_body_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation hands each lesson's body findings forward: the report parses nothing,
    and says what reading the bodies again would say."""
    import lmspack.source.markdown as source_markdown

    validated = check(FIXTURE)
    assert validated.course is not None
    parsed: list[str] = []
    real = source_markdown.parse

    def counting(text: str, maths: bool = True) -> Any:
        parsed.append(text)
        return real(text, maths)

    monkeypatch.setattr(source_markdown, "parse", counting)
    handed_on = report(validated.course)
    assert parsed == []
    # The same course with entries made without validation: every body is read here.
    bare = replace(validated.course, lessons=tuple(
        replace(entry, findings=None) for entry in validated.course.lessons))
    read_again = report(bare)
    assert len(parsed) >= len(bare.lessons)
    assert _findings(handed_on) == _findings(read_again)
    assert handed_on == read_again


def test_the_report_reads_a_body_as_the_page_does_when_maths_is_off(tmp_path: Path) -> None:
    """With `maths: false` a dollar sign is text, so `$![](a.png)$` is an image without alt
    text on the page: validate and the report both say T103 (the report used to read
    bodies with maths on)."""
    (tmp_path / "lessons").mkdir()
    (tmp_path / "course.yaml").write_text(
        "id: c\ntitle: C\nversion: 1.0.0\nmaths: false\n", encoding="utf-8")
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "lessons" / "one.md").write_text(
        "---\nid: one\ntitle: One\n---\n\nCosts $![](../a.png)$ each.\n", encoding="utf-8")
    validated = check(tmp_path)
    assert validated.course is not None
    assert [(d.code, d.line) for d in validated.diagnostics if d.code == "T103"] == \
        [("T103", 6)]
    for course in (validated.course, replace(validated.course, lessons=tuple(
            replace(entry, findings=None) for entry in validated.course.lessons))):
        assert [(f[3], f[1]) for f in _findings(report(course))] == [("T103", 6)]
