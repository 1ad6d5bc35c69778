"""SCORM 2004 4th Edition manifest: official XSDs, sequencing pattern, the Moodle caveat."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from tests.unit.scorm_plans import LESSONS
from tests.unit.scorm_plans import example_plan as shared_plan

from lmspack.packaging.check import check_package
from lmspack.packaging.plan import PackagePlan
from lmspack.packaging.scorm12 import control_files
from lmspack.packaging.scorm2004 import SCORM2004, build_manifest_2004, global_objective_id

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
NS = {
    "cp": CP,
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
SEQUENCING_ORDER = [
    "controlMode",
    "sequencingRules",
    "limitConditions",
    "auxiliaryResources",
    "rollupRules",
    "objectives",
    "randomizationControls",
    "deliveryControls",
]


def example_plan(**changes: object) -> PackagePlan:
    """The shared four-lesson plan, with a script per lesson and a regional language."""
    return shared_plan("quiz.js", **{"version": "2.1", "language": "en-GB", **changes})


@pytest.fixture(scope="module")
def schema(xsd_dir: Path) -> etree.XMLSchema:
    # The driver, not imscp_v1p1.xsd alone: that one checks imsss/adlseq content only laxly.
    return etree.XMLSchema(etree.parse(str(xsd_dir / "scorm2004" / "scorm2004_4ed_all.xsd")))


@pytest.fixture(scope="module")
def manifest() -> bytes:
    return build_manifest_2004(example_plan())


def xp(node: etree._Element, path: str) -> list[str]:
    found = node.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [str(value) for value in found]


def item(manifest: bytes, lesson: str) -> etree._Element:
    found = etree.fromstring(manifest).xpath(
        f"//cp:item[@identifier='ITEM-{lesson}']", namespaces=NS
    )
    assert isinstance(found, list) and len(found) == 1 and isinstance(found[0], etree._Element)
    return found[0]


# --- the official XSDs, and proof that they reject what they should -----------------------


@pytest.mark.shared
def test_manifest_validates_against_official_xsd(schema: etree.XMLSchema, manifest: bytes) -> None:
    assert schema.validate(etree.fromstring(manifest)), schema.error_log


@pytest.mark.shared
def test_manifest_without_moodle_rule_validates_too(schema: etree.XMLSchema) -> None:
    minimal = build_manifest_2004(example_plan(), moodle_satisfied_rule=False)
    assert schema.validate(etree.fromstring(minimal)), schema.error_log


@pytest.mark.shared
@pytest.mark.parametrize(
    ("sample", "valid"), [("scorm2004_valid.xml", True), ("scorm2004_broken.xml", False)]
)
def test_shipped_samples(schema: etree.XMLSchema, xsd_dir: Path, sample: str, valid: bool) -> None:
    assert schema.validate(etree.parse(str(xsd_dir / "samples" / sample))) is valid


def _move_rules_last(manifest: bytes) -> bytes:
    sequencing = item(manifest, LESSONS[2]).find("imsss:sequencing", NS)
    assert sequencing is not None
    rules = sequencing.find("imsss:sequencingRules", NS)
    assert rules is not None
    sequencing.append(rules)  # moves it after imsss:objectives and adlseq:objectives
    return etree.tostring(sequencing.getroottree())


@pytest.mark.shared
@pytest.mark.parametrize(
    "breaker",
    [
        lambda m: m.replace(b'action="disabled"', b'action="lock"', 1),
        lambda m: m.replace(b'condition="completed"', b'condition="done"', 1),
        lambda m: m.replace(b">0.8<", b">80<"),  # mastery not divided by 100
        lambda m: m.replace(b'objectivesGlobalToSystem="false"', b'objectivesGlobalToSystem="no"'),
        _move_rules_last,
    ],
    ids=["ruleAction-lock", "condition-done", "measure-80", "global-no", "element-order"],
)
def test_xsd_rejects_broken_variants(
    schema: etree.XMLSchema, manifest: bytes, breaker: object
) -> None:
    broken = breaker(manifest)  # type: ignore[operator]
    assert broken != manifest
    assert not schema.validate(etree.fromstring(broken))


# --- the spec's traps -----------------------------------------------------------------------


def test_exact_schemaversion(manifest: bytes) -> None:
    root = etree.fromstring(manifest)
    assert xp(root, "cp:metadata/cp:schema/text()") == ["ADL SCORM"]
    assert xp(root, "cp:metadata/cp:schemaversion/text()") == ["2004 4th Edition"]


def test_literal_prefixes(manifest: bytes) -> None:
    for prefix, uri in NS.items():
        declaration = f'xmlns="{uri}"' if prefix == "cp" else f'xmlns:{prefix}="{uri}"'
        assert declaration.encode() in manifest
    assert manifest.count(b'adlcp:scormType="sco"') == 4
    assert manifest.count(b'adlcp:scormType="asset"') == 1
    assert b"scormtype" not in manifest
    assert b"<imsss:sequencing>" in manifest and b"<adlseq:objectives>" in manifest
    assert b'adlseq:objectivesGlobalToSystem="false"' in manifest


def test_organization_control_mode(manifest: bytes) -> None:
    root = etree.fromstring(manifest)
    organization = root.find("cp:organizations/cp:organization", NS)
    assert organization is not None
    last = organization[-1]
    assert last.tag == f"{{{NS['imsss']}}}sequencing"
    assert [(etree.QName(c).localname, dict(c.attrib)) for c in last] == [
        ("controlMode", {"choice": "true", "flow": "true"})
    ]


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_writes_its_global_objective(manifest: bytes, lesson: str) -> None:
    node = item(manifest, lesson)
    target = f"urn:lmspack:ai-builder:{lesson}"
    assert xp(node, "imsss:sequencing/imsss:objectives/imsss:primaryObjective/@objectiveID") == [
        lesson
    ]
    satisfied = "imsss:sequencing/imsss:objectives/imsss:primaryObjective/imsss:mapInfo"
    assert xp(node, f"{satisfied}[@writeSatisfiedStatus='true']/@targetObjectiveID") == [target]
    completion = f"imsss:sequencing/adlseq:objectives/adlseq:objective[@objectiveID='{lesson}']"
    assert xp(
        node, f"{completion}/adlseq:mapInfo[@writeCompletionStatus='true']/@targetObjectiveID"
    ) == [target]


def test_quiz_lesson_is_satisfied_by_measure(manifest: bytes) -> None:
    primary = "imsss:sequencing/imsss:objectives/imsss:primaryObjective"
    quiz = item(manifest, LESSONS[2])
    assert xp(quiz, f"{primary}/@satisfiedByMeasure") == ["true"]
    assert xp(quiz, f"{primary}/imsss:minNormalizedMeasure/text()") == ["0.8"]
    for lesson in (LESSONS[0], LESSONS[1], LESSONS[3]):
        plain = item(manifest, lesson)
        assert (
            xp(plain, f"{primary}/@satisfiedByMeasure | {primary}/imsss:minNormalizedMeasure") == []
        )


def test_prerequisites_disable_until_completed_and_satisfied(manifest: bytes) -> None:
    node = item(manifest, LESSONS[2])
    rules = node.findall("imsss:sequencing/imsss:sequencingRules/imsss:preConditionRule", NS)
    summary = [
        (
            xp(rule, "imsss:ruleConditions/@conditionCombination"),
            xp(rule, "imsss:ruleConditions/imsss:ruleCondition/@condition"),
            xp(rule, "imsss:ruleConditions/imsss:ruleCondition/@operator"),
            xp(rule, "imsss:ruleConditions/imsss:ruleCondition/@referencedObjective"),
            xp(rule, "imsss:ruleAction/@action"),
        )
        for rule in rules
    ]
    refs = [f"PREREQ-{LESSONS[0]}", f"PREREQ-{LESSONS[1]}"]
    assert summary == [
        (["any"], ["completed", "completed"], ["not", "not"], refs, ["disabled"]),
        # The Moodle caveat rule: satisfaction travels through imsss:mapInfo, which Moodle reads.
        (["any"], ["satisfied", "satisfied"], ["not", "not"], refs, ["disabled"]),
    ]


def test_prerequisite_objectives_read_the_global_objectives(manifest: bytes) -> None:
    node = item(manifest, LESSONS[3])
    ref = f"PREREQ-{LESSONS[2]}"
    target = [f"urn:lmspack:ai-builder:{LESSONS[2]}"]
    imsss = f"imsss:sequencing/imsss:objectives/imsss:objective[@objectiveID='{ref}']/imsss:mapInfo"
    adlseq = (
        f"imsss:sequencing/adlseq:objectives/adlseq:objective[@objectiveID='{ref}']/adlseq:mapInfo"
    )
    assert xp(node, f"{imsss}[@readSatisfiedStatus='true']/@targetObjectiveID") == target
    assert xp(node, f"{adlseq}[@readCompletionStatus='true']/@targetObjectiveID") == target


def test_moodle_rule_can_be_left_out() -> None:
    minimal = build_manifest_2004(example_plan(), moodle_satisfied_rule=False)
    assert b'condition="satisfied"' not in minimal
    assert minimal.count(b'condition="completed"') == 3


def test_lessons_without_prerequisites_have_no_rules(manifest: bytes) -> None:
    for lesson in LESSONS[:2]:
        assert item(manifest, lesson).find(".//imsss:sequencingRules", NS) is None


@pytest.mark.parametrize("lesson", LESSONS)
def test_sequencing_children_in_xsd_order(manifest: bytes, lesson: str) -> None:
    sequencing = item(manifest, lesson).find("imsss:sequencing", NS)
    assert sequencing is not None
    names = [etree.QName(child) for child in sequencing]
    imsss = [name.localname for name in names if name.namespace == NS["imsss"]]
    assert imsss == sorted(imsss, key=SEQUENCING_ORDER.index)
    # adl extensions come after every imsss child
    assert sequencing[-1].tag == f"{{{NS['adlseq']}}}objectives"


def test_launch_resource_first_and_every_file_present(manifest: bytes) -> None:
    root = etree.fromstring(manifest)
    assert xp(root, "cp:resources/cp:resource[1]/@adlcp:scormType") == ["sco"]
    assert xp(root, "cp:resources/cp:resource[1]/@href") == [f"{LESSONS[0]}/index.html"]
    assert sorted(xp(root, "//cp:file/@href")) == sorted(example_plan().files)
    assert check_package(example_plan().files, manifest) == []


def test_global_objective_id_keeps_colon_as_separator() -> None:
    assert global_objective_id("ai-builder", "lesson3") == "urn:lmspack:ai-builder:lesson3"
    assert global_objective_id("org:course", "a b") == "urn:lmspack:org%3Acourse:a%20b"


def test_check_package_catches_2004_specific_mistakes(manifest: bytes) -> None:
    files = example_plan().files
    lowercase = manifest.replace(b'adlcp:scormType="sco"', b'adlcp:scormtype="sco"', 1)
    assert any("spells it adlcp:scormType" in p for p in check_package(files, lowercase))
    dangling = manifest.replace(b'referencedObjective="PREREQ-', b'referencedObjective="X-', 1)
    assert any("rule references unknown objective" in p for p in check_package(files, dangling))
    version = manifest.replace(b"2004 4th Edition", b"2004 4th edition")
    assert any("schemaversion" in p for p in check_package(files, version))
    leaky = manifest.replace(b' adlseq:objectivesGlobalToSystem="false"', b"")
    assert any("leak across courses" in p for p in check_package(files, leaky))


@pytest.mark.shared
def test_control_files_follow_includes(xsd_dir: Path) -> None:
    files = control_files(SCORM2004, xsd_dir / "scorm2004")
    assert {"imscp_v1p1.xsd", "imsss_v1p0.xsd", "imsss_v1p0util.xsd", "adlnav_v1p3.xsd"} <= set(
        files
    )
    assert "lom.xsd" not in files  # no LOM is referenced, so none is shipped
    assert all(name.endswith(".xsd") for name in files)
