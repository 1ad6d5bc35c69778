"""Check a package against its manifest: the semantic layer on top of XSD validation.

:func:`check_package` finds what the official schemas cannot (the tests validate against
those separately): every ``file@href`` exists, every entry is listed, identifiers and
references resolve, literal namespace prefixes, the exact ``schemaversion``, the 1.2 mastery
range and the 2004 objective maps. lxml is imported only when a check runs.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lmspack.packaging.plan import MANIFEST_NAME, check_unique_ids
from lmspack.packaging.zipwriter import entry_problem

if TYPE_CHECKING:
    from lxml import etree

    from lmspack.packaging.scorm12 import ManifestDialect

_CONTROL_SUFFIXES = (".xsd", ".dtd")


def check_package(
    package: Path | str | Mapping[str, bytes], manifest_bytes: bytes | None = None
) -> list[str]:
    """Every problem found in a package; an empty list means none.

    ``package`` is a zip file or a mapping of entry names to bytes. ``manifest_bytes``
    defaults to the package's own ``imsmanifest.xml``; when given, the package need not
    contain it (a mapping of content files can be checked before zipping).
    """
    try:
        names, problems = _entry_names(package)
    except zipfile.BadZipFile:
        # Moodle's "badarchive": nothing else can be checked.
        return [f"{package} is not a valid zip file"]
    if manifest_bytes is None:
        manifest_bytes = _read_manifest(package, names)
        if manifest_bytes is None:
            return [*problems, *_missing_manifest_problems(names)]
    root, dialect, parse_problems = _parse_manifest(manifest_bytes)
    if root is None or dialect is None:
        return [*problems, *parse_problems]
    problems += _metadata_problems(root, dialect)
    problems += _prefix_problems(root, dialect)
    problems += _identifier_problems(root, dialect)
    problems += _resource_problems(root, dialect, names)
    if dialect.version == "1.2":
        problems += _scorm12_item_problems(root, dialect)
    else:
        problems += _scorm2004_sequencing_problems(root, dialect)
    return problems


def _entry_names(package: Path | str | Mapping[str, bytes]) -> tuple[set[str], list[str]]:
    if isinstance(package, Mapping):
        names = list(package)
    else:
        with zipfile.ZipFile(package) as zf:
            names = zf.namelist()
    problems = [problem for problem in map(entry_problem, names) if problem]
    problems += [f"zip entry {name!r} occurs more than once" for name in _duplicates(names)]
    return set(names), problems


def _duplicates(names: Iterable[str]) -> list[str]:
    return sorted(name for name, count in Counter(names).items() if count > 1)


def _read_manifest(package: Path | str | Mapping[str, bytes], names: set[str]) -> bytes | None:
    if MANIFEST_NAME not in names:
        return None
    if isinstance(package, Mapping):
        return package[MANIFEST_NAME]
    with zipfile.ZipFile(package) as zf:
        return zf.read(MANIFEST_NAME)


def _missing_manifest_problems(names: set[str]) -> list[str]:
    nested = sorted(name for name in names if name.endswith("/" + MANIFEST_NAME))
    if nested:
        # Moodle's "badimsmanifestlocation": usually the parent folder was zipped.
        return [f"{MANIFEST_NAME} must be at the zip root, found {nested[0]!r}"]
    return [f"no {MANIFEST_NAME} in the package"]


def _dialects() -> dict[str, ManifestDialect]:
    from lmspack.packaging.scorm12 import SCORM12
    from lmspack.packaging.scorm2004 import SCORM2004

    return {dialect.namespaces[None]: dialect for dialect in (SCORM12, SCORM2004)}


def _parse_manifest(
    manifest_bytes: bytes,
) -> tuple[etree._Element | None, ManifestDialect | None, list[str]]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(manifest_bytes, parser)
    except etree.XMLSyntaxError as error:
        return None, None, [f"{MANIFEST_NAME} is not well-formed XML: {error}"]
    dialect = _dialects().get(etree.QName(root).namespace or "")
    if dialect is None or etree.QName(root).localname != "manifest":
        return root, None, [f"{MANIFEST_NAME} root is {root.tag!r}, not a SCORM 1.2/2004 manifest"]
    return root, dialect, []


def _cp(root: etree._Element, dialect: ManifestDialect, path: str) -> list[etree._Element]:
    """Elements matching ``path``, where ``cp:`` is the dialect's content-packaging namespace."""
    from lxml import etree

    namespaces = {prefix or "cp": uri for prefix, uri in dialect.namespaces.items()}
    found = root.xpath(path, namespaces=namespaces)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def _metadata_problems(root: etree._Element, dialect: ManifestDialect) -> list[str]:
    problems = []
    schema = [e.text for e in _cp(root, dialect, "cp:metadata/cp:schema")]
    version = [e.text for e in _cp(root, dialect, "cp:metadata/cp:schemaversion")]
    if schema != ["ADL SCORM"]:
        problems.append(f"metadata/schema is {schema!r}, expected ['ADL SCORM']")
    if version != [dialect.schemaversion]:
        # Moodle reads anything it does not recognise as SCORM 1.2.
        problems.append(
            f"metadata/schemaversion is {version!r}, expected [{dialect.schemaversion!r}]"
        )
    return problems


def _prefix_problems(root: etree._Element, dialect: ManifestDialect) -> list[str]:
    """Known namespaces must use their literal prefixes: Moodle matches ``ADLCP:...`` names."""
    from lxml import etree

    expected = {uri: prefix for prefix, uri in dialect.namespaces.items()}
    problems: set[str] = set()
    for element in root.iter(etree.Element):
        for prefix, uri in element.nsmap.items():
            if uri in expected and prefix != expected[uri]:
                want = f"prefix {expected[uri]!r}" if expected[uri] else "the default namespace"
                problems.add(f"namespace {uri} is bound to prefix {prefix!r}; use {want}")
    return sorted(problems)


def _identifier_problems(root: etree._Element, dialect: ManifestDialect) -> list[str]:
    def ids(path: str) -> list[str]:
        return [e.get("identifier", "") for e in _cp(root, dialect, path)]

    organizations, items, resources = (
        ids("cp:organizations/cp:organization"),
        ids("cp:organizations/cp:organization//cp:item"),
        ids("cp:resources/cp:resource"),
    )
    problems = check_unique_ids([root.get("identifier", ""), *organizations, *items, *resources])
    refs = [
        ("organizations@default", e.get("default"), organizations)
        for e in _cp(root, dialect, "cp:organizations")
    ]
    refs += [
        (f"item {e.get('identifier')!r} identifierref", e.get("identifierref"), resources)
        for e in _cp(root, dialect, "cp:organizations/cp:organization//cp:item")
    ]
    refs += [
        (f"dependency in {e.getparent().get('identifier')!r}", e.get("identifierref"), resources)  # type: ignore[union-attr]
        for e in _cp(root, dialect, "cp:resources/cp:resource/cp:dependency")
    ]
    problems += [
        f"{what} {ref!r} does not resolve"
        for what, ref, targets in refs
        if ref and ref not in targets
    ]
    return problems


def _resource_problems(
    root: etree._Element, dialect: ManifestDialect, names: set[str]
) -> list[str]:
    problems: list[str] = []
    resources = _cp(root, dialect, "cp:resources/cp:resource")
    for resource in resources:
        problems += _scormtype_problems(resource, dialect)
        problems += _launch_problems(resource, dialect)
    first = resources[0] if resources else None
    if first is None or first.get("href") is None or _scormtype(first, dialect) != "sco":
        # The Open edX xblock launches the first resource that has an href.
        problems.append("the first <resource> must be a SCO with an href (its launch file)")
    listed = {
        unquote(e.get("href", "")) for e in _cp(root, dialect, "cp:resources/cp:resource/cp:file")
    }
    problems += [f"<file href={href!r}> is not in the package" for href in sorted(listed - names)]
    unlisted = names - listed - {MANIFEST_NAME}
    control = {name for name in unlisted if name.endswith(_CONTROL_SUFFIXES)}
    problems += [
        f"package entry {name!r} is not listed in the manifest"
        for name in sorted(unlisted - control)
    ]
    if control:
        needed = {filename for _, filename in dialect.schema_locations}
        problems += [
            f"XSD control files are shipped but {name!r} (named by xsi:schemaLocation) is missing"
            for name in sorted(needed - names)
        ]
    return problems


def _scormtype(resource: etree._Element, dialect: ManifestDialect) -> str | None:
    return resource.get(dialect.tag("adlcp", dialect.scormtype_attribute))


def _scormtype_problems(resource: etree._Element, dialect: ManifestDialect) -> list[str]:
    ident = resource.get("identifier")
    right = dialect.scormtype_attribute
    wrong = "scormType" if right == "scormtype" else "scormtype"
    if resource.get(dialect.tag("adlcp", wrong)) is not None:
        return [
            f"resource {ident!r} uses adlcp:{wrong}; "
            f"SCORM {dialect.version} spells it adlcp:{right}"
        ]
    value = _scormtype(resource, dialect)
    if value not in ("sco", "asset"):
        return [f"resource {ident!r} has adlcp:{right}={value!r}, expected 'sco' or 'asset'"]
    return []


def _launch_problems(resource: etree._Element, dialect: ManifestDialect) -> list[str]:
    href = resource.get("href")
    files = [e.get("href") for e in _cp(resource, dialect, "cp:file")]
    if href is not None and href not in files:
        return [
            f"resource {resource.get('identifier')!r}: launch file {href!r} is not listed as <file>"
        ]
    return []


def _scorm12_item_problems(root: etree._Element, dialect: ManifestDialect) -> list[str]:
    items = _cp(root, dialect, "cp:organizations/cp:organization//cp:item")
    item_ids = {item.get("identifier") for item in items}
    problems: list[str] = []
    for item in items:
        ident = item.get("identifier")
        for score in _cp(item, dialect, "adlcp:masteryscore"):
            if not _in_range(score.text, 0, 100):
                problems.append(
                    f"item {ident!r}: masteryscore {score.text!r} is not a number in 0-100"
                )
        for prerequisites in _cp(item, dialect, "adlcp:prerequisites"):
            problems += _aicc_script_problems(ident, prerequisites, item_ids)
    return problems


def _in_range(text: str | None, low: float, high: float) -> bool:
    try:
        return low <= float(text or "") <= high
    except ValueError:
        return False


def _aicc_script_problems(
    ident: str | None, prerequisites: etree._Element, item_ids: set[str | None]
) -> list[str]:
    script = prerequisites.text or ""
    problems = []
    if prerequisites.get("type") != "aicc_script":
        problems.append(
            f"item {ident!r}: prerequisites type must be 'aicc_script' (Moodle ignores others)"
        )
    if len(script) > 200:
        problems.append(f"item {ident!r}: prerequisites script is longer than 200 characters")
    operands = [token.strip() for token in script.split("&")]
    problems += [
        f"item {ident!r}: prerequisite {token!r} is not an item identifier"
        for token in operands
        if token not in item_ids
    ]
    return problems


def _scorm2004_sequencing_problems(root: etree._Element, dialect: ManifestDialect) -> list[str]:
    problems = []
    for organization in _cp(root, dialect, "cp:organizations/cp:organization"):
        if organization.get(dialect.tag("adlseq", "objectivesGlobalToSystem")) != "false":
            problems.append(
                f"organization {organization.get('identifier')!r} lacks "
                "adlseq:objectivesGlobalToSystem='false'; its objectives would leak across courses"
            )
    written = {
        e.get("targetObjectiveID")
        for e in _cp(
            root,
            dialect,
            "//imsss:mapInfo[@writeSatisfiedStatus='true']"
            " | //adlseq:mapInfo[@writeCompletionStatus='true']",
        )
    }
    for sequencing in _cp(
        root, dialect, "cp:organizations/cp:organization//cp:item/imsss:sequencing"
    ):
        problems += _objective_problems(sequencing, dialect, written)
    return problems


def _objective_problems(
    sequencing: etree._Element, dialect: ManifestDialect, written: set[str | None]
) -> list[str]:
    owner = repr(sequencing.getparent().get("identifier"))  # type: ignore[union-attr]
    local = [
        e.get("objectiveID")
        for e in _cp(
            sequencing,
            dialect,
            "imsss:objectives/imsss:primaryObjective | imsss:objectives/imsss:objective",
        )
    ]
    problems = [f"item {owner}: {p}" for p in check_unique_ids(filter(None, local))]
    referenced = {
        e.get("referencedObjective") for e in _cp(sequencing, dialect, ".//imsss:ruleCondition")
    }
    problems += [
        f"item {owner}: rule references unknown objective {ref!r}"
        for ref in sorted(filter(None, referenced - set(local)))
    ]
    extended = [
        e.get("objectiveID") for e in _cp(sequencing, dialect, "adlseq:objectives/adlseq:objective")
    ]
    problems += [
        f"item {owner}: adlseq:objective {ref!r} has no imsss objective"
        for ref in extended
        if ref not in local
    ]
    read = {
        e.get("targetObjectiveID")
        for e in _cp(sequencing, dialect, ".//imsss:mapInfo | .//adlseq:mapInfo")
    }
    problems += [
        f"item {owner}: global objective {target!r} is read but no item writes it"
        for target in sorted(filter(None, read - written))
    ]
    return problems
