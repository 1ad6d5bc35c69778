"""What goes into a SCORM package, independent of how the pages were made.

The page renderer hands the packager a :class:`PackagePlan`: one :class:`ScoPlan` per lesson
(in prerequisite order), the shared files every lesson uses, and the bytes of every file.
This module also owns the identifiers the manifests use, so the 1.2 and 2004 builders and the
package checker agree on them, and :func:`plan_problems`, which refuses a plan that would
produce a package an LMS rejects (a missing launch file, an unknown prerequisite, ...).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from lmspack.errors import NotXmlText
from lmspack.source.filestore import frozen_files
from lmspack.source.xmltext import require_xml_text

MANIFEST_NAME = "imsmanifest.xml"

# One distinct prefix per kind of identifier: a lesson id can then never make an item id
# equal to a resource id, and only two lessons whose ids sanitize alike can collide.
MANIFEST_PREFIX = "MANIFEST-"
ORGANIZATION_PREFIX = "ORG-"
ITEM_PREFIX = "ITEM-"
RESOURCE_PREFIX = "RES-"
SHARED_RESOURCE_ID = "SHARED-ASSETS"

# ASCII only, and none of the aicc_script operators (& | ~ ( ) = < > * { } ,): an identifier
# must read as one token in Moodle's prerequisite parser as well as being an NCName.
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_ID_START = re.compile(r"[A-Za-z_]")
# Conservative package paths: no spaces or percent signs means href == zip entry name, with
# no URL-encoding question for the LMS to get wrong.
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9._~+@-]+")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
# imscp_rootv1p1p2.xsd limits manifest@version to 20 characters.
MAX_VERSION_LENGTH = 20


@dataclass(frozen=True)
class ScoPlan:
    """One lesson, packaged as one SCO.

    ``href`` is the launch file; ``files`` is every file the SCO uses, launch file included,
    shared files excluded. ``prerequisites`` are lesson ids that must come earlier in the plan.
    ``mastery_score`` (0-100) overrides the course default and only matters when ``has_quiz``.
    """

    lesson_id: str
    title: str
    href: str
    files: tuple[str, ...]
    prerequisites: tuple[str, ...] = ()
    mastery_score: float | None = None
    has_quiz: bool = False


@dataclass(frozen=True)
class PackagePlan:
    """A whole course: metadata, SCOs in prerequisite order, shared files and all bytes.

    ``files`` maps package-relative paths (forward slashes) to content; it is copied into a
    read-only mapping so the plan cannot change after it was checked.
    """

    course_id: str
    title: str
    version: str
    language: str
    mastery_score: float | None
    scos: tuple[ScoPlan, ...]
    shared_files: tuple[str, ...]
    files: Mapping[str, bytes] = field(hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", frozen_files(self.files))

    def mastery_for(self, sco: ScoPlan) -> float | None:
        """The mastery score (0-100) that applies to ``sco``; ``None`` without a quiz."""
        if not sco.has_quiz:
            return None
        return sco.mastery_score if sco.mastery_score is not None else self.mastery_score


def xml_id(raw: str, prefix: str = "") -> str:
    """Derive an XML identifier (an ``xsd:ID``, so an NCName) from ``raw``, deterministically.

    Characters outside ``[A-Za-z0-9._-]`` become ``_``; a result that would not start with a
    letter or ``_`` (a lesson id such as ``4-intro``) gets a leading ``_``. Two raw ids can
    map to the same identifier (``a b`` and ``a_b``): :func:`check_unique_ids` catches that.
    """
    candidate = prefix + _ID_UNSAFE.sub("_", raw)
    if not candidate or not _ID_START.match(candidate):
        candidate = "_" + candidate
    return candidate


def check_unique_ids(ids: Iterable[str]) -> list[str]:
    """One problem per identifier that occurs more than once, in sorted order."""
    counts = Counter(ids)
    return [
        f"identifier {ident!r} is used {count} times; identifiers must be unique"
        for ident, count in sorted(counts.items())
        if count > 1
    ]


@dataclass(frozen=True)
class PackageIds:
    """Every identifier a manifest for one plan uses, computed in one place."""

    manifest: str
    organization: str
    shared_resource: str
    items: Mapping[str, str]
    resources: Mapping[str, str]

    @classmethod
    def for_plan(cls, plan: PackagePlan) -> PackageIds:
        lessons = [sco.lesson_id for sco in plan.scos]
        return cls(
            manifest=xml_id(plan.course_id, MANIFEST_PREFIX),
            organization=xml_id(plan.course_id, ORGANIZATION_PREFIX),
            shared_resource=SHARED_RESOURCE_ID,
            items=MappingProxyType({lid: xml_id(lid, ITEM_PREFIX) for lid in lessons}),
            resources=MappingProxyType({lid: xml_id(lid, RESOURCE_PREFIX) for lid in lessons}),
        )

    def all_ids(self) -> list[str]:
        """Every identifier, including duplicates, for :func:`check_unique_ids`."""
        return [
            self.manifest,
            self.organization,
            self.shared_resource,
            *self.items.values(),
            *self.resources.values(),
        ]


def path_problem(path: str) -> str | None:
    """Why ``path`` is not a safe package path, or ``None`` when it is."""
    if not path or path.startswith("/") or path.endswith("/"):
        return f"package path {path!r} must be relative and name a file"
    if path == MANIFEST_NAME:
        return f"{MANIFEST_NAME} is written by the packager and cannot be a content file"
    for segment in path.split("/"):
        if segment in ("", ".", ".."):
            return f"package path {path!r} has an empty, '.' or '..' segment"
        if not _PATH_SEGMENT.fullmatch(segment):
            return (
                f"package path {path!r} has characters outside [A-Za-z0-9._~+@-]; "
                "rename it so the manifest href needs no URL-encoding"
            )
    return None


def plan_problems(plan: PackagePlan) -> list[str]:
    """Every reason ``plan`` cannot become a valid package; empty when it can."""
    return [
        *_metadata_problems(plan),
        *_mastery_problems(plan),
        *_lesson_problems(plan),
        *_file_problems(plan),
        *check_unique_ids(PackageIds.for_plan(plan).all_ids()),
    ]


def _metadata_problems(plan: PackagePlan) -> list[str]:
    problems = []
    if not plan.course_id.strip():
        problems.append("course_id is empty")
    if not plan.title.strip():
        problems.append("course title is empty")
    if len(plan.version) > MAX_VERSION_LENGTH:
        problems.append(f"version {plan.version!r} is longer than {MAX_VERSION_LENGTH} characters")
    if plan.language and not _LANGUAGE.fullmatch(plan.language):
        problems.append(f"language {plan.language!r} is not a language tag such as 'en' or 'de-CH'")
    if not plan.scos:
        problems.append("the plan has no lessons")
    texts = [("course title", plan.title), ("version", plan.version),
             *((f"lesson {sco.lesson_id!r} title", sco.title) for sco in plan.scos)]
    for what, text in texts:  # lmspack validate reports these first (S006)
        try:
            require_xml_text(text, what)
        except NotXmlText as problem:
            problems.append(str(problem))
    return problems


def _mastery_problems(plan: PackagePlan) -> list[str]:
    scores = [("course", plan.mastery_score)]
    scores += [(f"lesson {sco.lesson_id!r}", sco.mastery_score) for sco in plan.scos]
    return [
        f"{owner} mastery score {score} is outside 0-100"
        for owner, score in scores
        if score is not None and not 0 <= score <= 100
    ]


def _lesson_problems(plan: PackagePlan) -> list[str]:
    problems = [
        f"lesson id {lesson!r} appears {count} times"
        for lesson, count in sorted(Counter(s.lesson_id for s in plan.scos).items())
        if count > 1
    ]
    seen: set[str] = set()
    known = {sco.lesson_id for sco in plan.scos}
    for sco in plan.scos:
        problems += _prerequisite_problems(sco, seen, known)
        if sco.href not in sco.files:
            problems.append(
                f"lesson {sco.lesson_id!r}: launch file {sco.href!r} is not in its files"
            )
        seen.add(sco.lesson_id)
    return problems


def _prerequisite_problems(sco: ScoPlan, earlier: set[str], known: set[str]) -> list[str]:
    problems = []
    for prereq in sco.prerequisites:
        if prereq not in known:
            problems.append(f"lesson {sco.lesson_id!r}: unknown prerequisite {prereq!r}")
        elif prereq not in earlier:
            # Items appear in the order given; a later (or own) prerequisite means a cycle or
            # a caller that did not sort, and an LMS would show a lesson that can never open.
            problems.append(
                f"lesson {sco.lesson_id!r}: prerequisite {prereq!r} does not come before it"
            )
    return problems


def _file_problems(plan: PackagePlan) -> list[str]:
    used = {path for sco in plan.scos for path in sco.files} | set(plan.shared_files)
    problems = [p for p in (path_problem(path) for path in sorted(used | set(plan.files))) if p]
    problems += [
        f"file {path!r} is listed but has no content" for path in sorted(used - set(plan.files))
    ]
    problems += [
        f"file {path!r} has content but no lesson uses it and it is not shared"
        for path in sorted(set(plan.files) - used)
    ]
    shared = set(plan.shared_files)
    for sco in plan.scos:
        problems += [
            f"lesson {sco.lesson_id!r}: {path!r} is a shared file; "
            "leave it out of the lesson's files"
            for path in sorted(shared.intersection(sco.files))
        ]
    problems += _case_clash_problems(used | set(plan.files))
    return problems


def _case_clash_problems(paths: set[str]) -> list[str]:
    # Canvas and Moodle serve paths case-sensitively, but a zip unpacked on macOS or Windows
    # folds case: two paths differing only in case would overwrite each other there.
    by_folded: dict[str, list[str]] = {}
    for path in sorted(paths):
        by_folded.setdefault(path.casefold(), []).append(path)
    return [
        f"paths {', '.join(map(repr, group))} differ only in letter case"
        for group in by_folded.values()
        if len(group) > 1
    ]
