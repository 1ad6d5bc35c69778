"""The ``imsmanifest.xml`` of a Common Cartridge 1.1, from a :class:`CartridgePlan`.

What the importers require of it (docs/common-cartridge.md; tests/cc_checker.py checks each):

* the CC 1.1 namespace is the **default** namespace of ``<manifest>``, declared first,
  within the first 500 bytes: Moodle recognises a CC 1.1 cartridge by that alone;
* ``<schema>IMS Common Cartridge</schema>``, ``<schemaversion>1.1.0</schemaversion>`` and
  a ``lomimscc:lom`` naming the course (Moodle's course name);
* one ``organization structure="rooted-hierarchy"`` whose one root item has no title; a
  titled item per module under it (a Moodle section, a Canvas module) holds the lessons'
  items, each lesson's quiz right after its page;
* no ``href`` on an assessment resource (CC 1.1 profile) and none on the shared files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from lxml import etree

from lmspack.packaging.cc.plan import CartridgePlan


class Resource(Protocol):
    """A resource beyond the plan's (the Canvas flavour's)."""

    @property
    def identifier(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def href(self) -> str | None: ...
    @property
    def files(self) -> tuple[str, ...]: ...

CC_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_MANIFEST_NS = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOM_RESOURCE_NS = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    (CC_NS, "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd"),
    (LOM_MANIFEST_NS, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/"
                      "ccv1p1_lommanifest_v1p0.xsd"),
    (LOM_RESOURCE_NS, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/"
                      "ccv1p1_lomresource_v1p0.xsd"),
)
WEBCONTENT = "webcontent"
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"


def _cp(parent: etree._Element, tag: str, text: str | None = None,
        **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CC_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _lom(parent: etree._Element, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{LOM_MANIFEST_NS}}}{tag}")


def _metadata(root: etree._Element, plan: CartridgePlan) -> None:
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "IMS Common Cartridge")
    _cp(metadata, "schemaversion", "1.1.0")
    general = _lom(_lom(metadata, "lom"), "general")
    title = _lom(_lom(general, "title"), "string")
    title.text = plan.title
    title.set("language", plan.language)
    _lom(general, "language").text = plan.language
    description = _lom(_lom(general, "description"), "string")
    description.text = f"{plan.title}, version {plan.version}: exported by lmspack."
    description.set("language", plan.language)


def _organization(root: etree._Element, plan: CartridgePlan) -> None:
    organizations = _cp(root, "organizations")
    organization = _cp(organizations, "organization", identifier=plan.ids.organization,
                       structure="rooted-hierarchy")
    top = _cp(organization, "item", identifier=plan.ids.root_item)
    for module in plan.modules:
        section = _cp(top, "item", identifier=module.item)
        _cp(section, "title", module.title)
        for lesson in module.lessons:
            page = _cp(section, "item", identifier=lesson.item, identifierref=lesson.resource)
            _cp(page, "title", lesson.title)
            if lesson.quiz is not None:
                quiz = _cp(section, "item", identifier=lesson.quiz.item,
                           identifierref=lesson.quiz.resource)
                _cp(quiz, "title", lesson.quiz.title)


def _resources(root: etree._Element, plan: CartridgePlan, extra: Sequence[Resource],
               dependencies: Mapping[str, str]) -> None:
    resources = _cp(root, "resources")
    for lesson in plan.lessons():
        page = _cp(resources, "resource", identifier=lesson.resource, type=WEBCONTENT,
                   href=lesson.href)
        for path in lesson.files:
            _cp(page, "file", href=path)
        _cp(page, "dependency", identifierref=plan.ids.shared_resource)
    for lesson in plan.lessons():
        if lesson.quiz is not None:
            quiz = _cp(resources, "resource", identifier=lesson.quiz.resource, type=ASSESSMENT)
            _cp(quiz, "file", href=lesson.quiz.href)
            if lesson.quiz.resource in dependencies:
                _cp(quiz, "dependency", identifierref=dependencies[lesson.quiz.resource])
    shared = _cp(resources, "resource", identifier=plan.ids.shared_resource, type=WEBCONTENT)
    for path in plan.shared_files:
        _cp(shared, "file", href=path)
    for resource in extra:
        attributes = {"identifier": resource.identifier, "type": resource.type}
        if resource.href is not None:
            attributes["href"] = resource.href
        node = _cp(resources, "resource", **attributes)
        for path in resource.files:
            _cp(node, "file", href=path)


def build_manifest(plan: CartridgePlan, extra: Sequence[Resource] = (),
                   dependencies: Mapping[str, str] | None = None) -> bytes:
    """The cartridge's ``imsmanifest.xml`` as UTF-8 bytes; ``extra`` resources follow the
    plan's, and ``dependencies`` maps a quiz's resource to one it depends on."""
    root = etree.Element(f"{{{CC_NS}}}manifest", nsmap={
        None: CC_NS, "lomimscc": LOM_MANIFEST_NS, "lom": LOM_RESOURCE_NS, "xsi": XSI_NS})
    root.set("identifier", plan.ids.manifest)
    root.set(f"{{{XSI_NS}}}schemaLocation",
             " ".join(f"{uri} {location}" for uri, location in SCHEMA_LOCATIONS))
    _metadata(root, plan)
    _organization(root, plan)
    _resources(root, plan, extra, dependencies or {})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
