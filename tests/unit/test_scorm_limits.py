"""The SCORM data-model limits: the rules that check them per version, and proofs that the
limits without a rule cannot be reached by any course the schema accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.cli.test_scorm_limits_cli import options_course

from lmspack import RULES, check
from lmspack.build import export_course
from lmspack.errors import ContentError
from lmspack.model.quiz import letter
from lmspack.packaging import SCORM_VERSIONS
from lmspack.validate import Settings
from lmspack.validate.scorm_limits import (
    CHOICES_12,
    DESCRIPTION_2004,
    RULE_VERSIONS,
    VERSIONS,
    js_length,
)

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
# SCORM 1.2 CMIIdentifier: up to 255 characters, no spaces; 2004 long_identifier_type: a URN
# (or another URI) up to 4000 characters; short_identifier_type: up to 250.
IDENTIFIER_12 = re.compile(r"[!-~]{1,255}")
LONG_IDENTIFIER_2004 = re.compile(r"urn:[A-Za-z0-9-]{1,31}:\S{1,3995}")
SHORT_IDENTIFIER_2004 = re.compile(r"[\w\-().+:=@;$!*'%/#]{1,250}")


def test_versions_agree_with_the_packaging_registry() -> None:
    assert VERSIONS == tuple(SCORM_VERSIONS)
    assert set(RULE_VERSIONS.values()) <= set(VERSIONS)
    assert {code for code in RULES if code.startswith("P")} == set(RULE_VERSIONS)


def _max_id_length(schema: str) -> int:
    data = json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))
    node = data["properties"]["id"]
    return max(int(branch.get("maxLength", 0)) for branch in node.get("anyOf", [node]))


def test_interaction_ids_always_fit() -> None:
    """The runtime's ids: ``qN`` (1.2) and ``urn:lmspack:<course>:<lesson>:qN`` (2004).
    Course ids come from the course file (schema) or a folder name (up to 255 bytes)."""
    course = max(_max_id_length("course.schema.json"), 255 + len("lesson-"))
    lesson = _max_id_length("lesson.schema.json")
    question = "q" + "9" * 7  # ten million questions
    assert IDENTIFIER_12.fullmatch(question)
    worst = f"urn:lmspack:{'c' * course}:{'l' * lesson}:{question}"
    assert LONG_IDENTIFIER_2004.fullmatch(worst), len(worst)


def test_responses_and_patterns_always_fit() -> None:
    # 2004: one option value per response and pattern, a..z, aa..; 1.2: one character.
    assert SHORT_IDENTIFIER_2004.fullmatch(letter(10**7))
    assert len({letter(k) for k in range(1000)}) == 1000
    assert CHOICES_12 == len("0123456789abcdefghijklmnopqrstuvwxyz")


def test_the_description_limit_counts_as_javascript_does() -> None:
    assert DESCRIPTION_2004 == 250
    assert js_length("abc") == 3 and js_length("\U0001f600") == 2 and js_length("é") == 1


def test_checked_versions_are_a_setting(tmp_path: Path) -> None:
    root = options_course(tmp_path / "c", 37, question="Why? " * 60)
    codes = {version: sorted(d.code for d in check(root, Settings(scorm_versions=version))
                             .diagnostics) for version in [("1.2",), ("2004",), (), VERSIONS]}
    assert codes == {("1.2",): ["P001"], ("2004",): ["P101"], (): [],
                     VERSIONS: ["P001", "P101"]}
    assert sorted(d.code for d in check(root).diagnostics) == ["P001", "P101"]


def test_export_checks_the_version_it_builds(tmp_path: Path) -> None:
    root = options_course(tmp_path / "c", 37)
    with pytest.raises(ContentError, match="error"):
        export_course(root, tmp_path / "out", scorm="1.2", epoch=0)
    assert not list((tmp_path / "out").glob("*.zip"))
    result = export_course(root, tmp_path / "out", scorm="2004", epoch=315532800)
    assert [p.version for p in result.packages] == ["2004"]
