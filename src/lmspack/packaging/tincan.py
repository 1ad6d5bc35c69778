"""``tincan.xml`` of an xAPI (TinCan) package, and the structural check of one.

The file sits at the zip root (Moodle's mod_tincanlaunch, SCORM Cloud and most LMSs that
take TinCan packages read it there, and take the **first** activity's ``<launch>`` as the
package's launch page)::

    <tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
      <activity id="<base>" type=".../course">        name, description, launch index.html
      <activity id="<base>/lessons/<id>" type=".../lesson">     name, description, launch
      <activity id=".../questions/q1" type=".../cmi.interaction">
          name, description (the question), interactionType choice,
          correctResponsePatterns/correctResponsePattern, choices/component(id, description)

No official XSD for ``tincan.xml`` is published with a licence we could ship, so
:func:`tincan_problems` checks the structure consumers rely on instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from lmspack.packaging.activities import ACTIVITY_TYPES, CourseActivities, iri_problem

if TYPE_CHECKING:
    from lxml import etree

TINCAN_NAME = "tincan.xml"
TINCAN_NS = "http://projecttincan.com/tincan.xsd"
# The course activity launches the course index; every lesson launches its own page.
COURSE_LAUNCH = "index.html"


def _q(local: str) -> str:
    return f"{{{TINCAN_NS}}}{local}"


def build_tincan(activities: CourseActivities) -> bytes:
    """``tincan.xml`` for ``activities``, as UTF-8 bytes."""
    from lxml import etree

    from lmspack.source.locale import translations

    root = etree.Element(_q("tincan"), nsmap={None: TINCAN_NS})
    parent = etree.SubElement(root, _q("activities"))
    lang = activities.language
    course = _activity(parent, activities.iri, "course", activities.title,
                       activities.description, lang)
    _text(course, "launch", COURSE_LAUNCH, lang)
    for lesson in activities.lessons:
        element = _activity(parent, lesson.iri, "lesson", lesson.title, lesson.description,
                            lang)
        _text(element, "launch", lesson.href, lang)
        for number, question in enumerate(lesson.questions, start=1):
            name = translations(lang).gettext("%(title)s: question %(number)s") % {
                "title": lesson.title, "number": number}
            item = _activity(parent, question.iri, "question", name, question.text, lang)
            _text(item, "interactionType", "choice")
            patterns = etree.SubElement(item, _q("correctResponsePatterns"))
            _text(patterns, "correctResponsePattern", question.correct)
            choices = etree.SubElement(item, _q("choices"))
            for choice in question.choices:
                component = etree.SubElement(choices, _q("component"))
                _text(component, "id", choice.id)
                _text(component, "description", choice.text, lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _activity(parent: etree._Element, iri: str, kind: str, name: str, description: str,
              lang: str) -> etree._Element:
    from lxml import etree

    element = etree.SubElement(parent, _q("activity"), id=iri, type=ACTIVITY_TYPES[kind])
    _text(element, "name", name, lang)
    _text(element, "description", description, lang)
    return element


def _text(parent: etree._Element, local: str, value: str, lang: str | None = None
          ) -> etree._Element:
    from lxml import etree

    element = etree.SubElement(parent, _q(local))
    if lang is not None:
        element.set("lang", lang)
    element.text = value
    return element


def tincan_problems(entries: Mapping[str, bytes]) -> list[str]:
    """Every structural problem of the TinCan package ``entries`` (name -> bytes)."""
    from lmspack.packaging.xapi import manifest_root

    root, problems = manifest_root(entries, TINCAN_NAME, _q("tincan"))
    if root is None:
        return problems
    found = root.findall(f"{_q('activities')}/{_q('activity')}")
    if not found:
        return [f"{TINCAN_NAME} lists no activities"]
    if found[0].find(_q("launch")) is None:
        problems.append("the first activity must have a <launch> (LMSs launch that one)")
    seen: set[str] = set()
    for activity in found:
        problems += _activity_problems(activity, entries, seen)
    return problems


def _activity_problems(activity: etree._Element, entries: Mapping[str, bytes],
                       seen: set[str]) -> list[str]:
    iri = activity.get("id", "")
    problems = [p for p in [iri_problem(iri)] if p]
    if iri in seen:
        problems.append(f"activity id {iri!r} appears twice")
    seen.add(iri)
    if activity.get("type") not in ACTIVITY_TYPES.values():
        problems.append(f"activity {iri!r} has type {activity.get('type')!r}")
    if not (activity.findtext(_q("name")) or "").strip():
        problems.append(f"activity {iri!r} has no <name>")
    launch = activity.findtext(_q("launch"))
    if launch is not None and launch not in entries:
        problems.append(f"activity {iri!r} launches {launch!r}, which is not in the package")
    if activity.get("type") == ACTIVITY_TYPES["question"]:
        problems += _interaction_problems(activity, iri)
    return problems


def _interaction_problems(activity: etree._Element, iri: str) -> list[str]:
    components = activity.iterfind(f"{_q('choices')}/{_q('component')}")
    choices = [component.findtext(_q("id")) for component in components]
    patterns = [p.text for p in activity.iterfind(
        f"{_q('correctResponsePatterns')}/{_q('correctResponsePattern')}")]
    problems = []
    if activity.findtext(_q("interactionType")) != "choice":
        problems.append(f"question {iri!r} must have interactionType 'choice'")
    if len(choices) < 2 or len(set(choices)) != len(choices):
        problems.append(f"question {iri!r} needs two or more distinct choices")
    if len(patterns) != 1 or patterns[0] not in choices:
        problems.append(f"question {iri!r}: its correct response must be one of its choices")
    return problems
