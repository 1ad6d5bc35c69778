"""The SCORM data-model limits: the rules that check them per version, and proofs that the
limits without a rule cannot be reached by any course the schema accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.cli.test_scorm_limits_cli import options_course

from lmspack import RULES, check
from lmspack.build import BuildRequest, build
from lmspack.errors import ContentError
from lmspack.exports.scorm12.limits import CHOICES_12
from lmspack.exports.scorm2004.limits import DESCRIPTION_2004, js_length
from lmspack.formats.registry import require_format
from lmspack.model.quiz import letter
from lmspack.validate import Settings

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
# SCORM 1.2 CMIIdentifier: up to 255 characters, no spaces; 2004 long_identifier_type: a URN
# (or another URI) up to 4000 characters; short_identifier_type: up to 250.
IDENTIFIER_12 = re.compile(r"[!-~]{1,255}")
LONG_IDENTIFIER_2004 = re.compile(r"urn:[A-Za-z0-9-]{1,31}:\S{1,3995}")
SHORT_IDENTIFIER_2004 = re.compile(r"[\w\-().+:=@;$!*'%/#]{1,250}")


def test_each_p_rule_is_documented_by_its_format() -> None:
    """Each data-model rule is one format's, and that format's docs name it."""
    owners = {"P001": "scorm12", "P101": "scorm2004"}
    assert {code for code in RULES if code.startswith("P")} == set(owners)
    for code, name in owners.items():
        assert f"`{code}`" in require_format(name).limits


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
    both = ("scorm12", "scorm2004")
    codes = {names: sorted(d.code for d in check(root, Settings(formats=names)).diagnostics)
             for names in [("scorm12",), ("scorm2004",), (), ("site", "xapi"), both]}
    assert codes == {("scorm12",): ["P001"], ("scorm2004",): ["P101"], (): [],
                     ("site", "xapi"): [], both: ["P001", "P101"]}
    assert sorted(d.code for d in check(root).diagnostics) == ["P001", "P101"]


def test_export_checks_the_version_it_builds(tmp_path: Path) -> None:
    root = options_course(tmp_path / "c", 37)
    with pytest.raises(ContentError, match="error"):
        build(root, BuildRequest(("scorm12",), out_dir=tmp_path / 'out', epoch=0))
    assert not list((tmp_path / "out").glob("*.zip"))
    result = build(root, BuildRequest(("scorm2004",), out_dir=tmp_path / 'out', epoch=315532800))
    assert [p.format for p in result.packages] == ["scorm2004"]
