"""The one definition of text XML can hold (lmspack.source.xmltext) and S006 at validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from lmspack import check
from lmspack.diagnostics.reporters import REPORTERS
from lmspack.errors import NotXmlText
from lmspack.source.xmltext import first_non_xml, require_xml_text

NOT_XML = [*(chr(c) for c in range(0x20) if c not in (9, 10, 13)), "\ud800", "\udfff",
           *(chr(c) for c in range(0xFDD0, 0xFDF0)),
           *(chr(p * 0x10000 + e) for p in range(17) for e in (0xFFFE, 0xFFFF))]
XML_OK = ["\t", "\n", "\r", " ", "\x7f", "\x85", "\ud7ff", "\ue000", "\ufffd", "\U00010000",
          "\U0010fffd", "é", "\u0661"]


@pytest.mark.parametrize("char", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_every_character_xml_cannot_hold_is_found(char: str) -> None:
    assert first_non_xml("ab" + char + "c") == 2
    with pytest.raises(NotXmlText, match=f"U\\+{ord(char):04X}"):
        require_xml_text("ab" + char, "course title")


@pytest.mark.parametrize("char", XML_OK, ids=lambda c: f"U+{ord(c):04X}")
def test_text_xml_holds_passes_and_lxml_agrees(char: str) -> None:
    assert first_non_xml("a" + char) is None
    element = etree.Element("t")
    element.text = "a" + char  # lxml would raise for a character it cannot hold
    assert require_xml_text("a" + char, "x") == "a" + char


def test_lxml_refuses_what_lxml_cannot_hold() -> None:
    """The C0 controls, lone surrogates and U+FFFE/U+FFFF are refused by lxml itself (the
    other noncharacters are XML-legal but discouraged, and refused by policy)."""
    for char in [c for c in NOT_XML if (not 0xFDD0 <= ord(c) <= 0xFDEF
                 and ord(c) & 0xFFFE != 0xFFFE) or ord(c) in (0xFFFE, 0xFFFF)]:
        with pytest.raises(ValueError):
            etree.Element("t").text = "a" + char


def test_a_lone_surrogate_in_widget_json_is_s006_and_every_reporter_prints(
        tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "widgets").mkdir()
    (tmp_path / "lessons" / "a.md").write_text("---\nid: a\ntitle: A\n---\n", encoding="utf-8")
    (tmp_path / "widgets" / "w.json").write_text(
        '{"type": "drift_detection_lab", "title": "half \\ud800", "\\udfff": 1}\n',
        encoding="utf-8")
    report = check(tmp_path)
    s006 = [d for d in report.diagnostics if d.code == "S006"]
    assert [(d.line, d.column) for d in s006] == [(1, 42), (1, 57)]
    assert "U+D800" in s006[0].message and "\\udfff" in (s006[1].pointer or "")
    for name, reporter in REPORTERS.items():
        text = reporter([report], tmp_path)
        text.encode("utf-8")  # a lone surrogate would not encode
        if name in ("json", "sarif"):
            json.loads(text)


def test_a_package_writer_given_such_text_refuses_it_by_name() -> None:
    """Defence in depth: a plan that did not pass validate still fails as a packaging
    problem naming the field, not as lxml's "All strings must be XML compatible"."""
    from lmspack.packaging.plan import PackagePlan, ScoPlan, plan_problems

    plan = PackagePlan("c", "Course \x00", "1.0\uffff", "en", None,
                       (ScoPlan("a", "A\x01", "a.html", ("a.html",)),), (), {"a.html": b""})
    problems = [p for p in plan_problems(plan) if "XML" in p]
    assert problems == [
        "course title: character 8 is U+0000 (a control character), which XML cannot hold",
        "version: character 4 is U+FFFF (a noncharacter), which XML cannot hold",
        "lesson 'a' title: character 2 is U+0001 (a control character), which XML cannot hold"]
