"""``cmi5.xml`` (cmi5 "Quartz" course structure) of a cmi5 package, and its checks.

One AU per lesson, in course order, inside one block per module when the course file gives
modules. Per AU:

* ``id``: the lesson's activity IRI (the *publisher* id; the LMS launches the AU with an
  ``activityId`` of its own and passes this one in the context template);
* ``moveOn``: ``Passed`` for a lesson with a quiz (the runtime sends ``passed`` once the
  correct answers reach the mastery score), ``Completed`` for one without (``completed`` at
  launch);
* ``masteryScore``: the pass mark as a decimal in 0..1 (80 -> ``0.8``), only with a quiz;
* ``launchMethod``: ``AnyWindow``: the pages work in an LMS frame as well as in a window.

cmi5 has no sequencing: prerequisites cannot lock an AU. lmspack keeps the lessons in
prerequisite order (every lesson after the lessons it needs) and names the prerequisites in
each AU's description; an LMS shows the AUs in that order and lets the learner open any of
them. Validated against the official ``CourseStructure.xsd`` in the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from lmspack.packaging.activities import CourseActivities, LessonActivity, iri_problem

if TYPE_CHECKING:
    from lxml import etree

CMI5_NAME = "cmi5.xml"
CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
LAUNCH_METHOD = "AnyWindow"
MOVE_ON_VALUES = ("NotApplicable", "Passed", "Completed", "CompletedAndPassed",
                  "CompletedOrPassed")


def _q(local: str) -> str:
    return f"{{{CMI5_NS}}}{local}"


def mastery_decimal(percent: float) -> str:
    """A pass mark in percent as cmi5's decimal 0..1, without float noise (75 -> 0.75)."""
    text = f"{percent / 100:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def move_on(lesson: LessonActivity) -> str:
    """The AU's ``moveOn``: passing the quiz, or having opened a lesson without one."""
    return "Passed" if lesson.questions else "Completed"


def build_cmi5(activities: CourseActivities) -> bytes:
    """``cmi5.xml`` for ``activities``, as UTF-8 bytes."""
    from lxml import etree

    root = etree.Element(_q("courseStructure"), nsmap={None: CMI5_NS})
    course = etree.SubElement(root, _q("course"), id=activities.iri)
    lang = activities.language
    _langstring(course, "title", activities.title, lang)
    _langstring(course, "description", activities.description, lang)
    titles = {lesson.lesson_id: lesson.title for lesson in activities.lessons}
    lessons = {lesson.lesson_id: lesson for lesson in activities.lessons}
    if not activities.blocks:
        for lesson in activities.lessons:
            _au(root, lesson, titles, lang)
    for block in activities.blocks:
        element = etree.SubElement(root, _q("block"), id=block.iri)
        _langstring(element, "title", block.title, lang)
        _langstring(element, "description", block.title, lang)
        for lesson_id in block.lesson_ids:
            _au(element, lessons[lesson_id], titles, lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _au(parent: etree._Element, lesson: LessonActivity, titles: Mapping[str, str],
        lang: str) -> None:
    from lxml import etree

    au = etree.SubElement(parent, _q("au"), id=lesson.iri, moveOn=move_on(lesson))
    if lesson.questions and lesson.mastery is not None:
        au.set("masteryScore", mastery_decimal(lesson.mastery))
    au.set("launchMethod", LAUNCH_METHOD)
    _langstring(au, "title", lesson.title, lang)
    description = lesson.description
    if lesson.prerequisites:
        from lmspack.source.locale import translations

        needs = ", ".join(titles.get(p, p) for p in lesson.prerequisites)
        description = translations(lang).gettext(
            "%(description)s (take first: %(lessons)s)") % {"description": description,
                                                            "lessons": needs}
    _langstring(au, "description", description, lang)
    etree.SubElement(au, _q("url")).text = lesson.href


def _langstring(parent: etree._Element, local: str, text: str, lang: str) -> None:
    from lxml import etree

    holder = etree.SubElement(parent, _q(local))
    etree.SubElement(holder, _q("langstring"), lang=lang).text = text


def cmi5_problems(entries: Mapping[str, bytes]) -> list[str]:
    """What the XSD does not check in the cmi5 package ``entries``: the file at the root,
    every AU's ``url`` in the package, ids valid and unique, masteryScore only with a
    quiz-like moveOn. (The tests validate against the XSD as well.)"""
    from lmspack.packaging.xapi import manifest_root

    root, problems = manifest_root(entries, CMI5_NAME, _q("courseStructure"))
    if root is None:
        return problems
    ids: list[str] = []
    for element in root.iter(_q("course"), _q("block"), _q("au")):
        ids.append(element.get("id", ""))
        problems += [p for p in [iri_problem(ids[-1])] if p]
    problems += [f"id {i!r} is used more than once" for i in sorted(set(ids))
                 if ids.count(i) > 1]
    aus = list(root.iter(_q("au")))
    if not aus:
        problems.append(f"{CMI5_NAME} has no AU")
    for au in aus:
        problems += _au_problems(au, entries)
    return problems


def _au_problems(au: etree._Element, entries: Mapping[str, bytes]) -> list[str]:
    iri = au.get("id")
    url = (au.findtext(_q("url")) or "").strip()
    problems = []
    if url.split("?")[0] not in entries:
        problems.append(f"AU {iri!r}: url {url!r} is not in the package")
    mastery = au.get("masteryScore")
    if mastery is not None and not 0 <= float(mastery) <= 1:
        problems.append(f"AU {iri!r}: masteryScore {mastery} is outside 0..1")
    if au.get("moveOn", "NotApplicable") not in MOVE_ON_VALUES:
        problems.append(f"AU {iri!r}: moveOn {au.get('moveOn')!r} is not a cmi5 value")
    return problems
