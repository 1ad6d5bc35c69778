"""SCORM 2004 4th Edition ``imsmanifest.xml``: items with sequencing for prerequisites.

Every lesson's primary objective writes a global objective ``urn:lmspack:<course>:<lesson>``:
its satisfied status through ``imsss:mapInfo`` and its completion status through
``adlseq:mapInfo`` (the 4th Edition extension). A lesson with prerequisites maps each of them
to a local objective that reads that global objective, and a precondition rule disables the
lesson while any of them is not completed (the pattern of ADL test packages CO-01/CO-07a).

Moodle caveat
-------------
Moodle's 2004 parser reads ``imsss:mapInfo`` but has no branch for ``adlseq:objectives``, so
it never learns a prerequisite's *completion*: the ``completed`` rule alone does not gate
anything there. :func:`build_manifest_2004` therefore adds, by default, a second
precondition rule on ``satisfied``, whose status travels through ``imsss:mapInfo``, which
Moodle does read. Why this and not the alternatives:

* It validates: it is the same ``preConditionRule`` shape with another enumerated condition.
* It changes nothing a learner should notice in a conformant LMS. A lesson without a quiz is
  satisfied when its attempt ends (``deliveryControls objectiveSetByContent`` defaults to
  false, so the LMS sets satisfied if the SCO did not), and a quiz lesson is satisfied once
  its score reaches the mastery score. "Completed and satisfied" is also what SCORM 1.2's
  ``aicc_script`` gives: there a failed quiz blocks the next lesson too.
* ``flow``/``forwardOnly`` ordering instead would block free navigation between finished
  lessons everywhere, not only in Moodle.

``moodle_satisfied_rule=False`` drops the extra rule for a strictly minimal manifest.
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from lmspack.packaging.plan import PackageIds, PackagePlan, ScoPlan, xml_id
from lmspack.packaging.scorm12 import (
    XSI_NS,
    ManifestDialect,
    add_item,
    add_resources,
    decimal_text,
    new_manifest,
    require_valid,
    serialize,
)

SCORM2004 = ManifestDialect(
    version="2004",
    # Exact text: Moodle matches ^2004 (3rd|4th) Edition$ and falls back to 1.2 otherwise.
    schemaversion="2004 4th Edition",
    namespaces={
        None: "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
        "xsi": XSI_NS,
    },
    schema_locations=(
        ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
        ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
    ),
    scormtype_attribute="scormType",
)

PREREQUISITE_PREFIX = "PREREQ-"


def build_manifest_2004(plan: PackagePlan, *, moodle_satisfied_rule: bool = True) -> bytes:
    """The SCORM 2004 4th Edition ``imsmanifest.xml`` for ``plan``, as UTF-8 bytes.

    ``moodle_satisfied_rule`` adds the ``satisfied`` precondition rule explained in the
    module docstring. Raises :class:`~lmspack.packaging.plan.PackagingError` when the plan is
    inconsistent.
    """
    require_valid(plan)
    ids = PackageIds.for_plan(plan)
    root, organization = new_manifest(plan, ids, SCORM2004)
    # Scope global objectives to this course; otherwise every course on the LMS shares them.
    organization.set(_q("adlseq", "objectivesGlobalToSystem"), "false")
    for sco in plan.scos:
        item = add_item(organization, SCORM2004, ids, sco)
        item.append(_item_sequencing(plan, sco, moodle_satisfied_rule))
    organization.append(_organization_sequencing())
    add_resources(root, plan, ids, SCORM2004)
    return serialize(root)


def global_objective_id(course_id: str, lesson_id: str) -> str:
    """``urn:lmspack:<course>:<lesson>``, each part percent-encoded so ``:`` stays a separator."""
    return f"urn:lmspack:{quote(course_id, safe='')}:{quote(lesson_id, safe='')}"


def primary_objective_id(lesson_id: str) -> str:
    """The local ID of a lesson's primary objective."""
    return xml_id(lesson_id)


def prerequisite_objective_id(lesson_id: str) -> str:
    """The local ID under which a lesson reads the global objective of prerequisite
    ``lesson_id``."""
    return xml_id(lesson_id, PREREQUISITE_PREFIX)


def _q(prefix: str, local: str) -> str:
    return SCORM2004.tag(prefix, local)


def _sub(parent: etree._Element, prefix: str, local: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _q(prefix, local))
    for name, value in attrs.items():
        element.set(name, value)
    return element


def _organization_sequencing() -> etree._Element:
    sequencing = etree.Element(_q("imsss", "sequencing"))
    _sub(sequencing, "imsss", "controlMode", choice="true", flow="true")
    return sequencing


def _item_sequencing(plan: PackagePlan, sco: ScoPlan, moodle_rule: bool) -> etree._Element:
    # Child order is fixed by imsss_v1p0.xsd: controlMode, sequencingRules, limitConditions,
    # auxiliaryResources, rollupRules, objectives, randomizationControls, deliveryControls,
    # then the adlseq extensions (adlseq:objectives).
    sequencing = etree.Element(_q("imsss", "sequencing"))
    if sco.prerequisites:
        rules = _sub(sequencing, "imsss", "sequencingRules")
        conditions = ("completed", "satisfied") if moodle_rule else ("completed",)
        for condition in conditions:
            _add_disabled_unless(rules, sco, condition)
    _add_imsss_objectives(sequencing, plan, sco)
    _add_adlseq_objectives(sequencing, plan, sco)
    return sequencing


def _add_disabled_unless(rules: etree._Element, sco: ScoPlan, condition: str) -> None:
    """A precondition rule: ``disabled`` while any prerequisite objective is not ``condition``."""
    rule = _sub(rules, "imsss", "preConditionRule")
    conditions = _sub(rule, "imsss", "ruleConditions", conditionCombination="any")
    for prereq in sco.prerequisites:
        _sub(
            conditions,
            "imsss",
            "ruleCondition",
            referencedObjective=prerequisite_objective_id(prereq),
            operator="not",
            condition=condition,
        )
    _sub(rule, "imsss", "ruleAction", action="disabled")


def _add_imsss_objectives(sequencing: etree._Element, plan: PackagePlan, sco: ScoPlan) -> None:
    objectives = _sub(sequencing, "imsss", "objectives")
    primary = _sub(objectives, "imsss", "primaryObjective")
    primary.set("objectiveID", primary_objective_id(sco.lesson_id))
    mastery = plan.mastery_for(sco)
    if mastery is not None:
        # The LMS judges the quiz: satisfied once cmi.score.scaled >= mastery / 100, and the
        # SCO can read the threshold back as cmi.scaled_passing_score.
        primary.set("satisfiedByMeasure", "true")
        _sub(primary, "imsss", "minNormalizedMeasure").text = decimal_text(mastery / 100)
    _sub(
        primary,
        "imsss",
        "mapInfo",
        targetObjectiveID=global_objective_id(plan.course_id, sco.lesson_id),
        readSatisfiedStatus="false",
        writeSatisfiedStatus="true",
    )
    for prereq in sco.prerequisites:
        objective = _sub(objectives, "imsss", "objective")
        objective.set("objectiveID", prerequisite_objective_id(prereq))
        _sub(
            objective,
            "imsss",
            "mapInfo",
            targetObjectiveID=global_objective_id(plan.course_id, prereq),
            readSatisfiedStatus="true",
        )


def _add_adlseq_objectives(sequencing: etree._Element, plan: PackagePlan, sco: ScoPlan) -> None:
    objectives = _sub(sequencing, "adlseq", "objectives")
    own = _sub(objectives, "adlseq", "objective", objectiveID=primary_objective_id(sco.lesson_id))
    _sub(
        own,
        "adlseq",
        "mapInfo",
        targetObjectiveID=global_objective_id(plan.course_id, sco.lesson_id),
        readCompletionStatus="false",
        writeCompletionStatus="true",
    )
    for prereq in sco.prerequisites:
        read = _sub(
            objectives, "adlseq", "objective", objectiveID=prerequisite_objective_id(prereq)
        )
        _sub(
            read,
            "adlseq",
            "mapInfo",
            targetObjectiveID=global_objective_id(plan.course_id, prereq),
            readCompletionStatus="true",
        )
