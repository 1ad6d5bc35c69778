"""SCORM 1.2 manifest: official XSD validation, the spec's traps, and the plan checks."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.unit.scorm_plans import LESSONS, SHARED
from tests.unit.scorm_plans import example_plan as shared_plan

from lmspack.errors import PackagingError
from lmspack.packaging.check import check_package
from lmspack.packaging.plan import (
    PackageIds,
    PackagePlan,
    ScoPlan,
    check_unique_ids,
    plan_problems,
    xml_id,
)
from lmspack.packaging.scorm12 import SCORM12, build_manifest_12, control_files

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS = {"cp": CP, "adlcp": ADLCP}


def example_plan(**changes: object) -> PackagePlan:
    """The shared four-lesson plan, with an image per lesson and a title to escape."""
    return shared_plan("img/figure.svg", reverse_files=True,
                       **{"title": "AI Builder & Friends", **changes})


@pytest.fixture(scope="module")
def schema(xsd_dir: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(xsd_dir / "scorm12" / "adlcp_rootv1p2.xsd")))


@pytest.fixture(scope="module")
def manifest() -> bytes:
    return build_manifest_12(example_plan())


def tree(manifest: bytes) -> etree._Element:
    return etree.fromstring(manifest)


# --- the official XSDs, and proof that they reject what they should -----------------------


@pytest.mark.shared
def test_manifest_validates_against_official_xsd(schema: etree.XMLSchema, manifest: bytes) -> None:
    assert schema.validate(tree(manifest)), schema.error_log


@pytest.mark.shared
@pytest.mark.parametrize(
    ("sample", "valid"), [("scorm12_valid.xml", True), ("scorm12_broken.xml", False)]
)
def test_shipped_samples(schema: etree.XMLSchema, xsd_dir: Path, sample: str, valid: bool) -> None:
    assert schema.validate(etree.parse(str(xsd_dir / "samples" / sample))) is valid


@pytest.mark.shared
@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'adlcp:scormtype="sco"', b'adlcp:scormType="sco"'),  # the 2004 spelling
        (b'adlcp:scormtype="sco"', b'adlcp:scormtype="lesson"'),
        (b' type="aicc_script"', b""),
        (b'isvisible="true"', b'isvisible="yes"'),
        (b"<organizations ", b'<organizations bogus="1" '),
    ],
)
def test_xsd_rejects_broken_variants(
    schema: etree.XMLSchema, manifest: bytes, old: bytes, new: bytes
) -> None:
    assert old in manifest
    assert not schema.validate(tree(manifest.replace(old, new)))


# --- the spec's traps, in the serialized bytes --------------------------------------------


def test_exact_schema_and_schemaversion(manifest: bytes) -> None:
    root = tree(manifest)
    assert root.xpath("cp:metadata/cp:schema/text()", namespaces=NS) == ["ADL SCORM"]
    assert root.xpath("cp:metadata/cp:schemaversion/text()", namespaces=NS) == ["1.2"]


def test_literal_prefixes_and_lowercase_scormtype(manifest: bytes) -> None:
    assert f'xmlns="{CP}"'.encode() in manifest
    assert f'xmlns:adlcp="{ADLCP}"'.encode() in manifest
    assert manifest.count(b'adlcp:scormtype="sco"') == 4
    assert manifest.count(b'adlcp:scormtype="asset"') == 1
    assert b"scormType" not in manifest


def test_schema_location_names_the_control_files(manifest: bytes) -> None:
    location = tree(manifest).get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    assert location is not None
    assert location.split()[1::2] == [
        "imscp_rootv1p1p2.xsd",
        "imsmd_rootv1p2p1.xsd",
        "adlcp_rootv1p2.xsd",
    ]


def test_prerequisites_are_aicc_script_joined_by_escaped_ampersand(manifest: bytes) -> None:
    assert (
        b'<adlcp:prerequisites type="aicc_script">'
        b"ITEM-ai-builder-ch4-lesson1 &amp; ITEM-ai-builder-ch4-lesson2"
        b"</adlcp:prerequisites>"
    ) in manifest
    by_item = {
        item.get("identifier"): item.xpath("adlcp:prerequisites/text()", namespaces=NS)
        for item in tree(manifest).iterfind(f".//{{{CP}}}item")
    }
    assert by_item == {
        "ITEM-ai-builder-ch4-lesson1": [],
        "ITEM-ai-builder-ch4-lesson2": [],
        "ITEM-ai-builder-ch4-lesson3": [
            "ITEM-ai-builder-ch4-lesson1 & ITEM-ai-builder-ch4-lesson2"
        ],
        "ITEM-ai-builder-ch4-lesson4": ["ITEM-ai-builder-ch4-lesson3"],
    }


def test_masteryscore_only_on_quiz_lessons(manifest: bytes) -> None:
    scores = tree(manifest).xpath(
        "//cp:item[adlcp:masteryscore]/@identifier | //adlcp:masteryscore/text()", namespaces=NS
    )
    assert scores == ["ITEM-ai-builder-ch4-lesson3", "80"]


def test_course_mastery_default_applies_to_quiz_lessons_only() -> None:
    plan = example_plan(mastery_score=72.5)
    scos = tuple(
        ScoPlan(s.lesson_id, s.title, s.href, s.files, s.prerequisites, None, s.has_quiz)
        for s in plan.scos
    )
    root = tree(build_manifest_12(example_plan(mastery_score=72.5, scos=scos)))
    assert root.xpath("//adlcp:masteryscore/text()", namespaces=NS) == ["72.5"]


@pytest.mark.parametrize("score", [-1.0, 100.5])
def test_masteryscore_outside_0_100_is_refused(score: float) -> None:
    with pytest.raises(PackagingError, match="outside 0-100"):
        build_manifest_12(example_plan(mastery_score=score))


def test_masteryscore_range_is_checked_where_the_xsd_does_not(manifest: bytes) -> None:
    # The XSD types masteryscore as a string: only our own check catches 180.
    broken = manifest.replace(b">80<", b">180<")
    problems = check_package(example_plan().files, broken)
    assert problems == [
        "item 'ITEM-ai-builder-ch4-lesson3': masteryscore '180' is not a number in 0-100"
    ]


def test_launch_resource_first_and_launch_file_listed_first(manifest: bytes) -> None:
    resources = tree(manifest).findall(f"{{{CP}}}resources/{{{CP}}}resource")
    assert [r.get("identifier") for r in resources] == [
        *(f"RES-{lesson}" for lesson in LESSONS),
        "SHARED-ASSETS",
    ]
    for resource, lesson in zip(resources, LESSONS, strict=False):
        files = [f.get("href") for f in resource.iterfind(f"{{{CP}}}file")]
        assert resource.get("href") == files[0] == f"{lesson}/index.html"
        assert files == [f"{lesson}/index.html", f"{lesson}/img/figure.svg"]
        assert [d.get("identifierref") for d in resource.iterfind(f"{{{CP}}}dependency")] == [
            "SHARED-ASSETS"
        ]
    assert resources[-1].get("href") is None
    assert [f.get("href") for f in resources[-1]] == list(SHARED)


def test_every_file_listed_and_every_listed_file_present(manifest: bytes) -> None:
    plan = example_plan()
    listed = tree(manifest).xpath("//cp:file/@href", namespaces=NS)
    assert sorted(listed) == sorted(plan.files)
    assert check_package(plan.files, manifest) == []


def test_title_is_escaped_not_mangled(manifest: bytes) -> None:
    assert b"<title>AI Builder &amp; Friends</title>" in manifest


def test_output_is_deterministic() -> None:
    assert build_manifest_12(example_plan()) == build_manifest_12(example_plan())


# --- identifiers and the plan -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "prefix", "expected"),
    [
        ("ai-builder-ch4-lesson3", "", "ai-builder-ch4-lesson3"),
        ("4-intro", "", "_4-intro"),
        ("-dash", "", "_-dash"),
        ("", "", "_"),
        ("a b:c&d", "", "a_b_c_d"),
        ("4-intro", "ITEM-", "ITEM-4-intro"),
        ("léçon", "", "l__on"),
    ],
)
def test_xml_id_is_an_ncname(raw: str, prefix: str, expected: str) -> None:
    assert xml_id(raw, prefix) == expected
    assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9._-]*", expected)


def test_check_unique_ids_reports_each_duplicate_once() -> None:
    assert check_unique_ids(["a", "b", "a", "a"]) == [
        "identifier 'a' is used 3 times; identifiers must be unique"
    ]
    assert check_unique_ids(["a", "b"]) == []


def test_lesson_ids_that_sanitize_alike_are_refused() -> None:
    base = example_plan()
    twins = tuple(
        ScoPlan(lesson, "T", s.href, s.files)
        for lesson, s in zip(["a b", "a_b"], base.scos[:2], strict=True)
    )
    files = {p: base.files[p] for s in twins for p in s.files} | {p: b"" for p in SHARED}
    problems = plan_problems(example_plan(scos=twins, files=files))
    assert "identifier 'ITEM-a_b' is used 2 times; identifiers must be unique" in problems
    assert "identifier 'RES-a_b' is used 2 times; identifiers must be unique" in problems


def test_identifier_kinds_cannot_collide() -> None:
    ids = PackageIds.for_plan(example_plan())
    assert check_unique_ids(ids.all_ids()) == []
    assert ids.items[LESSONS[0]] == "ITEM-ai-builder-ch4-lesson1"


def _replace_sco(plan: PackagePlan, index: int, **changes: Any) -> tuple[ScoPlan, ...]:
    scos = list(plan.scos)
    scos[index] = dataclasses.replace(scos[index], **changes)
    return tuple(scos)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"prerequisites": ("nope",)},
            "lesson 'ai-builder-ch4-lesson1': unknown prerequisite 'nope'",
        ),
        (
            {"prerequisites": (LESSONS[3],)},
            f"lesson '{LESSONS[0]}': prerequisite '{LESSONS[3]}' does not come before it",
        ),
        (
            {"href": "elsewhere.html"},
            f"lesson '{LESSONS[0]}': launch file 'elsewhere.html' is not in its files",
        ),
        ({"mastery_score": 101.0}, f"lesson '{LESSONS[0]}' mastery score 101.0 is outside 0-100"),
    ],
)
def test_plan_problems_for_bad_lessons(changes: dict[str, object], expected: str) -> None:
    plan = example_plan()
    assert expected in plan_problems(example_plan(scos=_replace_sco(plan, 0, **changes)))


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"stray.txt": b""},
            "file 'stray.txt' has content but no lesson uses it and it is not shared",
        ),
        ({"a b.html": b""}, "package path 'a b.html' has characters outside [A-Za-z0-9._~+@-]"),
        ({"../up.html": b""}, "package path '../up.html' has an empty, '.' or '..' segment"),
        ({"imsmanifest.xml": b""}, "imsmanifest.xml is written by the packager"),
        ({"Shared/Style.css": b""}, "differ only in letter case"),
    ],
)
def test_plan_problems_for_bad_files(files: dict[str, bytes], expected: str) -> None:
    problems = plan_problems(example_plan(files={**example_plan().files, **files}))
    assert any(expected in problem for problem in problems), problems


def test_plan_without_content_for_a_listed_file() -> None:
    files = dict(example_plan().files)
    del files[SHARED[0]]
    assert plan_problems(example_plan(files=files)) == [
        f"file {SHARED[0]!r} is listed but has no content"
    ]


def test_plan_files_are_frozen() -> None:
    files = dict(example_plan().files)
    plan = example_plan(files=files)
    files["late.txt"] = b""
    assert "late.txt" not in plan.files
    with pytest.raises(TypeError):
        plan.files["x"] = b""  # type: ignore[index]


def test_overlong_prerequisite_script_is_refused() -> None:
    plan = example_plan()
    long_ids = [f"lesson-with-a-rather-long-identifier-{n}" for n in range(6)]
    scos = tuple(
        ScoPlan(lesson, "T", f"{lesson}.html", (f"{lesson}.html",), tuple(long_ids[:n]))
        for n, lesson in enumerate(long_ids)
    )
    files = {f"{lesson}.html": b"" for lesson in long_ids} | {p: plan.files[p] for p in SHARED}
    with pytest.raises(PackagingError, match=r"over the SCORM 1\.2 limit of 200"):
        build_manifest_12(example_plan(scos=scos, files=files))


# --- XSD control files: opt-in, from the user's folder ------------------------------------


@pytest.mark.shared
def test_control_files_come_from_the_user_folder(xsd_dir: Path) -> None:
    files = control_files(SCORM12, xsd_dir / "scorm12")
    assert sorted(files) == [
        "adlcp_rootv1p2.xsd",
        "ims_xml.xsd",
        "imscp_rootv1p1p2.xsd",
        "imsmd_rootv1p2p1.xsd",
    ]
    assert files["ims_xml.xsd"] == (xsd_dir / "scorm12" / "ims_xml.xsd").read_bytes()


def test_missing_control_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(PackagingError, match=r"'adlcp_rootv1p2\.xsd' not found"):
        control_files(SCORM12, tmp_path)
