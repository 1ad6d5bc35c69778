"""The published schemas are exactly what the models generate, and jsonschema applied to the
published files flags the same values the validator does, on every fixture document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lmspack import check
from lmspack.model.schemas import SCHEMAS, file_name, render, schema_dir
from lmspack.source import yamlpos
from lmspack.source.files import MissingFrontMatter, UnclosedFrontMatter, split_front_matter
from lmspack.widgets import WidgetKind, result_schema, widget_schema
from lmspack.widgets.registry import builtin_kinds

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
# Diagnostics that come from the schema layer (the rest are semantic checks beyond a schema).
SCHEMA_CODES = {"S001", "S002", "S003", "S004", "S005", "Q002", "Q003", "W001"}


def test_generated_files_are_up_to_date() -> None:
    """Schemas, .pre-commit-hooks.yaml and the README rule table match their sources."""
    proc = subprocess.run([sys.executable, "scripts/generate.py", "--check"], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr + "\nrun: python scripts/generate.py"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_generated_from_the_model(name: str) -> None:
    committed = (REPO / "schemas" / file_name(name)).read_text(encoding="utf-8")
    assert committed == render(name, sorted(KINDS)), "run: python scripts/generate.py"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_published_schema_is_valid_2020_12(name: str) -> None:
    schema = json.loads((schema_dir() / file_name(name)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def _pointer(parts: Any) -> str:
    return yamlpos.make_pointer(list(parts))


def jsonschema_pointers(schema: dict[str, Any], data: Any) -> set[str]:
    """Pointers of every value jsonschema rejects (missing/extra keys point at the key)."""
    return _pointers(jsonschema.Draft202012Validator(schema).iter_errors(data))


def _pointers(errors: Any) -> set[str]:
    out: set[str] = set()
    for error in errors:
        base = list(error.absolute_path)
        if error.validator == "anyOf":
            # `X | None`: the error is whatever made the non-null branch fail
            out |= _pointers(e for e in error.context
                             if not (e.validator == "type" and e.validator_value == "null"))
        elif error.validator == "oneOf" and error.context:
            # a tagged union: whatever made the branch of the value's tag fail
            branches: dict[Any, list[Any]] = {}
            for sub in error.context:
                branches.setdefault(sub.relative_schema_path[0], []).append(sub)
            tagged = [b for b in branches.values() if not any(e.validator == "const" for e in b)]
            out |= _pointers(tagged[0]) if len(tagged) == 1 else {_pointer(base)}
        elif error.validator == "required":
            out |= {_pointer([*base, k]) for k in error.validator_value if k not in error.instance}
        elif error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            out |= {_pointer([*base, k]) for k in error.instance if k not in known}
        else:
            out.add(_pointer(base))
    return out


def parseable_lessons() -> list[tuple[Path, dict[str, Any]]]:
    """Fixture and example lessons whose front-matter parses to a mapping (the others are
    the business of the file-level rules, F001-F006)."""
    out = []
    for lesson in sorted(FIXTURES.glob("*/*/lessons/*.md")) + sorted(REPO.glob("lessons/*.md")):
        if not lesson.is_file():  # the symlink-loop case: a link that reaches no file
            continue
        try:
            split = split_front_matter(lesson.read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, MissingFrontMatter, UnclosedFrontMatter):
            continue
        doc = yamlpos.load(split.front_matter)
        if isinstance(doc, yamlpos.YamlDocument) and isinstance(doc.data, dict):
            out.append((lesson, doc.data))
    return out


LESSONS = parseable_lessons()


def test_the_agreement_test_sees_every_schema_error_kind() -> None:
    # guards the test below against silently comparing only clean documents
    codes = {d.code for case in (FIXTURES / "invalid").iterdir() for d in check(case).diagnostics}
    assert SCHEMA_CODES <= codes
    assert len(LESSONS) >= 20


@pytest.mark.parametrize("lesson,data", LESSONS,
                         ids=[f"{p.parent.parent.name}/{p.name}" for p, _ in LESSONS])
def test_validator_and_published_schema_agree(lesson: Path, data: dict[str, Any]) -> None:
    schema = json.loads((schema_dir() / "lesson.schema.json").read_text(encoding="utf-8"))
    course_root = lesson.parent.parent
    rel = lesson.relative_to(course_root).as_posix()
    ours = {d.pointer for d in check(course_root).diagnostics
            if d.path == rel and d.code in SCHEMA_CODES}
    assert ours == jsonschema_pointers(schema, data)


KINDS = {kind.name: kind for kind in builtin_kinds()}


def published_widget_schema(kind: WidgetKind) -> dict[str, Any]:
    """The schema file a kind publishes in its folder."""
    return json.loads(kind.folder().joinpath(kind.schema_file).read_text(encoding="utf-8"))


def widget_files() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in sorted(FIXTURES.glob("*/*/widgets/*.json")) + sorted(REPO.glob("widgets/*.json")):
        if path.is_symlink():  # the symlink-outside case: lmspack refuses to read it
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(data, dict) and str(data.get("type")) in KINDS:
            out.append((path, data))
    return out


WIDGETS = widget_files()


def test_the_widget_agreement_test_sees_schema_errors() -> None:
    assert len(WIDGETS) >= 8
    seen = {(p.name, d.code) for p, _ in WIDGETS for d in check(p.parent.parent).diagnostics
            if d.path == p.relative_to(p.parent.parent).as_posix()}
    assert {("drift.json", "S001"), ("alerts.json", "S005")} <= seen


@pytest.mark.parametrize("widget,data", WIDGETS,
                         ids=[f"{p.parent.parent.name}/{p.name}" for p, _ in WIDGETS])
def test_validator_and_published_widget_schema_agree(widget: Path, data: dict[str, Any]) -> None:
    schema = published_widget_schema(KINDS[data["type"]])
    course_root = widget.parent.parent
    rel = widget.relative_to(course_root).as_posix()
    ours = {d.pointer for d in check(course_root).diagnostics
            if d.path == rel and d.code in SCHEMA_CODES}
    assert ours == jsonschema_pointers(schema, data)


def test_every_builtin_kind_publishes_its_generated_schemas() -> None:
    assert set(KINDS) == {"drift_detection_lab", "model_monitoring_dashboard",
                          "alert_configurator"}
    lesson = json.loads((schema_dir() / "lesson.schema.json").read_text(encoding="utf-8"))
    assert lesson["$defs"]["Widget"]["properties"]["type"]["enum"] == sorted(KINDS)
    for kind in KINDS.values():
        committed = kind.folder().joinpath(kind.schema_file).read_text(encoding="utf-8")
        assert committed == widget_schema(kind), "run: python scripts/generate.py"
        assert kind.result_model is not None and kind.result_schema_file is not None
        results = kind.folder().joinpath(kind.result_schema_file).read_text(encoding="utf-8")
        assert results == result_schema(kind), "run: python scripts/generate.py"
        for name in (kind.schema_file, kind.result_schema_file):
            assert name is not None
            jsonschema.Draft202012Validator.check_schema(
                json.loads(kind.folder().joinpath(name).read_text(encoding="utf-8")))


def course_files() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in [p for p in [*sorted(FIXTURES.glob("*/*/course.yaml")), REPO / "course.yaml"]
                 if p.is_file()]:
        doc = yamlpos.load(path.read_text(encoding="utf-8"))
        if isinstance(doc, yamlpos.YamlDocument) and isinstance(doc.data, dict):
            out.append((path, doc.data))
    return out


COURSES = course_files()


def test_the_course_agreement_test_sees_schema_errors() -> None:
    codes = {d.code for p, _ in COURSES for d in check(p.parent).diagnostics
             if d.path == "course.yaml"}
    assert len(COURSES) >= 4 and "S005" in codes


@pytest.mark.parametrize("course,data", COURSES,
                         ids=[p.parent.name for p, _ in COURSES])
def test_validator_and_published_course_schema_agree(course: Path,
                                                     data: dict[str, Any]) -> None:
    schema = json.loads((schema_dir() / "course.schema.json").read_text(encoding="utf-8"))
    ours = {d.pointer for d in check(course.parent).diagnostics
            if d.path == "course.yaml" and d.code in SCHEMA_CODES}
    assert ours == jsonschema_pointers(schema, data)
