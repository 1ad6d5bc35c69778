"""`--format sarif` and `--format junit` against the formats' published schemas.

The schemas are vendored and pinned in tests/schemas/ (README.md there says where each one
comes from): the OASIS SARIF 2.1.0 JSON Schema and the JUnit XSD of Jenkins' xUnit plug-in.
Each report is made from fixture courses with every kind of diagnostic (errors, warnings,
whole-file positions, author text with quotes and control characters), and each schema is
shown to reject a report with a typical mistake, so the check can fail. SARIF is validated
with format checking (``uri-reference`` by rfc3986-validator, pinned in the test extra), so
file names with spaces, ``%`` or other scripts must be percent-encoded (issue 22).
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = ["quiz", "text", "files", "hostile-paths", "widget-data", "empty-course"]
PINNED = {  # sha256 of the vendored files, as listed in tests/schemas/README.md
    "sarif-schema-2.1.0.json": "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e",
    "junit-10.xsd": "a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6",
}


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    checker = jsonschema.FormatChecker()
    assert checker.conforms("a%20b.md", "uri-reference")
    assert not checker.conforms("a b.md", "uri-reference")  # the checker is really there
    return jsonschema.Draft4Validator(schema, format_checker=checker)


@pytest.fixture(scope="module")
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))


def _sarif_errors(validator: jsonschema.Draft4Validator, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)]


def _junit_errors(schema: etree.XMLSchema, text: str) -> list[str]:
    schema.validate(etree.fromstring(text.encode("utf-8")))
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def test_the_vendored_schemas_are_the_pinned_ones() -> None:
    for name, digest in PINNED.items():
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("case", CASES)
def test_sarif_report_is_valid_sarif_2_1_0(lmspack, sarif_validator: Any, case: str) -> None:
    _, out, _ = lmspack("validate", "--format", "sarif", cwd=FIXTURES / "invalid" / case)
    document = json.loads(out)
    assert document["runs"][0]["results"], "the case must produce results to check"
    assert _sarif_errors(sarif_validator, document) == []


def test_sarif_report_of_a_clean_course_is_valid(lmspack, sarif_validator: Any) -> None:
    _, out, _ = lmspack("validate", "--format", "sarif", cwd=FIXTURES / "valid" / "full")
    document = json.loads(out)
    assert document["runs"][0]["results"] == []
    assert _sarif_errors(sarif_validator, document) == []


def test_the_sarif_schema_rejects_a_broken_report(lmspack, sarif_validator: Any) -> None:
    _, out, _ = lmspack("validate", "--format", "sarif", cwd=FIXTURES / "invalid" / "quiz")
    good = json.loads(out)
    bad_level, no_message, bad_line = (copy.deepcopy(good) for _ in range(3))
    bad_level["runs"][0]["results"][0]["level"] = "fatal"
    del no_message["runs"][0]["results"][0]["message"]
    region = bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    region["startLine"] = 0
    for broken in (bad_level, no_message, bad_line):
        assert _sarif_errors(sarif_validator, broken) != []


def test_sarif_uris_of_awkward_file_names_are_percent_encoded(
        lmspack, sarif_validator: Any, tmp_path: Path) -> None:
    """Spaces, ``%``, other scripts and a ``:`` in file names: each result's ``uri`` is a
    valid URI reference that decodes back to the file's path."""
    names = ["a b.md", "100%.md", "\u00e9t\u00e9 \u0661.md", "x:y.md", "#h?q.md"]
    (tmp_path / "lessons").mkdir()
    for name in names:
        (tmp_path / "lessons" / name).write_text("---\nid: some-id\ntitle: T\n---\n",
                                                 encoding="utf-8")
    _, out, _ = lmspack("validate", "--format", "sarif", cwd=tmp_path)
    document = json.loads(out)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]}
    assert {unquote(uri) for uri in uris} == {f"lessons/{name}" for name in names}
    assert "lessons/a%20b.md" in uris and "lessons/100%25.md" in uris
    assert _sarif_errors(sarif_validator, document) == []
    broken = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"] = "lessons/a b.md"
    assert _sarif_errors(sarif_validator, broken) != []  # what the reporter used to write


@pytest.mark.parametrize("case", CASES)
def test_junit_report_is_valid_junit(lmspack, junit_schema: Any, case: str) -> None:
    _, out, _ = lmspack("validate", "--format", "junit", cwd=FIXTURES / "invalid" / case)
    assert "<failure " in out, "the case must produce failures to check"
    assert _junit_errors(junit_schema, out) == []


def test_junit_report_of_a_clean_course_is_valid(lmspack, junit_schema: Any) -> None:
    _, out, _ = lmspack("validate", "--format", "junit", cwd=FIXTURES / "valid" / "full")
    assert "<failure " not in out
    assert _junit_errors(junit_schema, out) == []


def test_the_junit_schema_rejects_a_broken_report(lmspack, junit_schema: Any) -> None:
    _, out, _ = lmspack("validate", "--format", "junit", cwd=FIXTURES / "invalid" / "quiz")
    no_name = out.replace('<testsuite name="lmspack validate" ', "<testsuite ", 1)
    stray = out.replace("<failure ", "<problem ", 1).replace("</failure>", "</problem>", 1)
    for broken in (no_name, stray):
        assert broken != out
        assert _junit_errors(junit_schema, broken) != []
