"""SCORM 1.2 ``imsmanifest.xml``, plus the content-packaging parts 2004 shares with it.

Both manifests are IMS Content Packaging documents with the same skeleton (metadata,
one organization, one item and one ``sco`` resource per lesson, one ``asset`` resource for
the shared files); they differ in namespaces, the ``scormtype``/``scormType`` spelling and
what goes inside an item. :class:`ManifestDialect` captures the difference, the helpers
below build the skeleton, and :mod:`lmspack.packaging.scorm2004` reuses them.

XSD control files
-----------------
The CAM wants the XSDs named by ``xsi:schemaLocation`` at the package root, but this
repository must not carry copies of the ADL/IMS schema files (``../shared/xsd`` is reference
data, with its own provenance). Moodle, scormhost and the Open edX xblock never read them
and Canvas's SCORM tool works without them, so by default no control file is shipped: the
package stays reproducible from repository content alone. A strict validator (the ADL
conformance suite) does look for them, so :func:`control_files` ships them on request from
a folder the *user* supplies (``xsd_dir``), taking exactly the files the schemaLocation
names plus everything they import or include by relative path.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from lmspack.errors import PackagingError
from lmspack.packaging.plan import PackageIds, PackagePlan, ScoPlan, plan_problems

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# adlcp_rootv1p2.xsd: the text of adlcp:prerequisites is at most 200 characters.
MAX_PREREQUISITES_LENGTH = 200
_XSD_NS = "http://www.w3.org/2001/XMLSchema"


@dataclass(frozen=True)
class ManifestDialect:
    """What differs between the SCORM 1.2 and 2004 manifests at the packaging level."""

    version: str
    schemaversion: str
    namespaces: Mapping[str | None, str]
    schema_locations: tuple[tuple[str, str], ...]
    scormtype_attribute: str

    def tag(self, prefix: str | None, local: str) -> str:
        """Clark notation ``{uri}local`` for ``prefix:local`` (``None``: the CP namespace)."""
        return f"{{{self.namespaces[prefix]}}}{local}"

    @property
    def schema_location(self) -> str:
        return " ".join(f"{uri} {filename}" for uri, filename in self.schema_locations)


SCORM12 = ManifestDialect(
    version="1.2",
    schemaversion="1.2",
    namespaces={
        None: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "xsi": XSI_NS,
    },
    # The imsmd pair is the customary fourth control file of a 1.2 package, even with no
    # inline LOM (which the XSDs reject anyway, see the spec).
    schema_locations=(
        ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
        ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
    ),
    scormtype_attribute="scormtype",
)


def build_manifest_12(plan: PackagePlan) -> bytes:
    """The SCORM 1.2 ``imsmanifest.xml`` for ``plan``, as UTF-8 bytes.

    Each lesson becomes an item (with ``adlcp:prerequisites`` in ``aicc_script``, joined by
    ``&`` only, and ``adlcp:masteryscore`` for quiz lessons) pointing at a ``sco`` resource.
    Raises :class:`PackagingError` when the plan is inconsistent.
    """
    require_valid(plan)
    ids = PackageIds.for_plan(plan)
    root, organization = new_manifest(plan, ids, SCORM12)
    for sco in plan.scos:
        _add_adlcp_elements(add_item(organization, SCORM12, ids, sco), plan, ids, sco)
    add_resources(root, plan, ids, SCORM12)
    return serialize(root)


def prerequisites_script(sco: ScoPlan, ids: PackageIds) -> str:
    """``ITEM-a & ITEM-b``: an aicc_script over item identifiers, joined by ``&`` only.

    Moodle's parser understands ``&``, ``|``, ``~`` and parentheses, but "all of these" is
    all lmspack means, and the older ``n*{...}`` set forms are not parsed by current Moodle.
    """
    script = " & ".join(ids.items[prereq] for prereq in sco.prerequisites)
    if len(script) > MAX_PREREQUISITES_LENGTH:
        problem = (
            f"lesson {sco.lesson_id!r}: prerequisites script is {len(script)} characters, "
            f"over the SCORM 1.2 limit of {MAX_PREREQUISITES_LENGTH}; list only the direct "
            "prerequisites or shorten the lesson ids"
        )
        raise PackagingError([problem])
    return script


def _add_adlcp_elements(
    item: etree._Element, plan: PackagePlan, ids: PackageIds, sco: ScoPlan
) -> None:
    # Order as in the CAM: prerequisites, maxtimeallowed, timelimitaction, datafromlms,
    # masteryscore (the XSD does not check it, some LMS parsers are positional).
    if sco.prerequisites:
        prerequisites = etree.SubElement(item, SCORM12.tag("adlcp", "prerequisites"))
        prerequisites.set("type", "aicc_script")
        prerequisites.text = prerequisites_script(sco, ids)
    mastery = plan.mastery_for(sco)
    if mastery is not None:
        etree.SubElement(item, SCORM12.tag("adlcp", "masteryscore")).text = decimal_text(mastery)


# --- the content-packaging skeleton shared with 2004 -------------------------------------


def require_valid(plan: PackagePlan) -> None:
    """Raise :class:`PackagingError` listing every plan problem, if there is any."""
    problems = plan_problems(plan)
    if problems:
        raise PackagingError(problems)


def new_manifest(
    plan: PackagePlan, ids: PackageIds, dialect: ManifestDialect
) -> tuple[etree._Element, etree._Element]:
    """The ``<manifest>`` root with metadata and an empty organization; returns both."""
    # nsmap fixes the literal prefixes: Moodle matches upper-cased prefixed tag names.
    root = etree.Element(dialect.tag(None, "manifest"), nsmap=dict(dialect.namespaces))
    root.set("identifier", ids.manifest)
    if plan.version:
        root.set("version", plan.version)
    if plan.language:
        root.set(f"{{{XML_NS}}}lang", plan.language)
    root.set(f"{{{XSI_NS}}}schemaLocation", dialect.schema_location)
    metadata = etree.SubElement(root, dialect.tag(None, "metadata"))
    etree.SubElement(metadata, dialect.tag(None, "schema")).text = "ADL SCORM"
    etree.SubElement(metadata, dialect.tag(None, "schemaversion")).text = dialect.schemaversion
    organizations = etree.SubElement(root, dialect.tag(None, "organizations"))
    organizations.set("default", ids.organization)
    organization = etree.SubElement(organizations, dialect.tag(None, "organization"))
    organization.set("identifier", ids.organization)
    etree.SubElement(organization, dialect.tag(None, "title")).text = plan.title
    return root, organization


def add_item(
    organization: etree._Element, dialect: ManifestDialect, ids: PackageIds, sco: ScoPlan
) -> etree._Element:
    """Append the launchable ``<item>`` for ``sco`` (identifier, resource ref, title)."""
    item = etree.SubElement(organization, dialect.tag(None, "item"))
    item.set("identifier", ids.items[sco.lesson_id])
    item.set("identifierref", ids.resources[sco.lesson_id])
    item.set("isvisible", "true")
    etree.SubElement(item, dialect.tag(None, "title")).text = sco.title
    return item


def add_resources(
    root: etree._Element, plan: PackagePlan, ids: PackageIds, dialect: ManifestDialect
) -> None:
    """Append ``<resources>``: SCO resources first, then one ``asset`` for shared files.

    The Open edX xblock launches the first ``resource@href``, so a SCO must come first; the
    shared asset has no href, and every SCO depends on it.
    """
    resources = etree.SubElement(root, dialect.tag(None, "resources"))
    for sco in plan.scos:
        resource = _resource(resources, dialect, ids.resources[sco.lesson_id], "sco")
        resource.set("href", sco.href)
        _add_files(resource, dialect, ordered_files(sco))
        if plan.shared_files:
            dependency = etree.SubElement(resource, dialect.tag(None, "dependency"))
            dependency.set("identifierref", ids.shared_resource)
    if plan.shared_files:
        shared = _resource(resources, dialect, ids.shared_resource, "asset")
        _add_files(shared, dialect, sorted(set(plan.shared_files)))


def ordered_files(sco: ScoPlan) -> list[str]:
    """The launch file first, then the SCO's other files sorted, each once."""
    return [sco.href, *sorted(set(sco.files) - {sco.href})]


def _resource(
    resources: etree._Element, dialect: ManifestDialect, identifier: str, scorm_type: str
) -> etree._Element:
    resource = etree.SubElement(resources, dialect.tag(None, "resource"))
    resource.set("identifier", identifier)
    resource.set("type", "webcontent")
    resource.set(dialect.tag("adlcp", dialect.scormtype_attribute), scorm_type)
    return resource


def _add_files(resource: etree._Element, dialect: ManifestDialect, paths: list[str]) -> None:
    for path in paths:
        etree.SubElement(resource, dialect.tag(None, "file")).set("href", path)


def serialize(root: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration; lxml escapes ``&`` as ``&amp;``."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def decimal_text(value: float, places: int = 4) -> str:
    """``80.0`` -> ``"80"``, ``0.725`` -> ``"0.725"``: fixed-point, no exponent, no noise."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def control_files(dialect: ManifestDialect, xsd_dir: Path) -> dict[str, bytes]:
    """The XSD control files for ``dialect``, read from the user's ``xsd_dir``.

    Starts from the files ``xsi:schemaLocation`` names and follows ``xs:import``,
    ``xs:include`` and ``xs:redefine`` with relative locations (absolute URLs are left to the
    validator). Keys are package paths relative to the root. Raises
    :class:`PackagingError` when a needed file is missing from ``xsd_dir``.
    """
    found: dict[str, bytes] = {}
    pending = [filename for _, filename in dialect.schema_locations]
    missing: list[str] = []
    while pending:
        name = pending.pop()
        if name in found or name in missing:
            continue
        path = xsd_dir / name
        if not path.is_file():
            missing.append(name)
            continue
        found[name] = path.read_bytes()
        pending += _relative_references(name, found[name])
    if missing:
        raise PackagingError(
            f"XSD control file {name!r} not found in {xsd_dir}" for name in missing
        )
    return found


def _relative_references(name: str, content: bytes) -> list[str]:
    """Package paths of the schemas and DTD that schema ``name`` refers to by relative path."""
    # recover: libxml2 refuses ims_xml.xsd (it binds the XML namespace as the default one),
    # yet its import statements, the only thing read here, are intact.
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False, recover=True)
    tree = etree.fromstring(content, parser).getroottree()
    locations = [
        str(location)
        for location in tree.xpath(
            "/xs:schema/*[self::xs:import or self::xs:include or self::xs:redefine]"
            "/@schemaLocation",
            namespaces={"xs": _XSD_NS},
        )
    ]
    if tree.docinfo.system_url:
        locations.append(tree.docinfo.system_url)
    relative = [loc for loc in locations if loc and ":" not in loc and not loc.startswith("/")]
    paths = [posixpath.normpath(posixpath.join(posixpath.dirname(name), loc)) for loc in relative]
    # A reference that climbs above xsd_dir cannot sit inside the package root; skip it.
    return [path for path in paths if not path.startswith("..")]
