"""xAPI (TinCan) and cmi5 packages of the example course: cmi5.xml against the official
XSD, tincan.xml's structure, stable activity ids, and the checks that refuse bad ones."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lmspack import check
from lmspack.build import BuildRequest, BuildResult, build
from lmspack.errors import PackagingError
from lmspack.formats.registry import require_format
from lmspack.packaging.activities import (
    CourseActivities,
    activity_problems,
    default_base_iri,
    iri_problem,
    lesson_iri,
    question_iri,
)
from lmspack.packaging.cmi5 import CMI5_NS, cmi5_problems, mastery_decimal
from lmspack.packaging.tincan import TINCAN_NS, tincan_problems
from lmspack.packaging.xapi import xapi_entries

REPO = Path(__file__).resolve().parents[2]
BASE = "https://lmspack.example.org/courses/ai-builder-ch4"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
TC = {"tc": TINCAN_NS}
C5 = {"c5": CMI5_NS}


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("xapi")
    return build(REPO, BuildRequest(("xapi", "cmi5"), out_dir=out, epoch=1700000000))


@pytest.fixture(scope="module")
def tincan(exported: BuildResult) -> dict[str, bytes]:
    return entries(next(p.path for p in exported.packages if p.format == "xapi"))


@pytest.fixture(scope="module")
def cmi5(exported: BuildResult) -> dict[str, bytes]:
    return entries(next(p.path for p in exported.packages if p.format == "cmi5"))


@pytest.fixture(scope="module")
def cmi5_schema(xsd_dir: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(xsd_dir / "cmi5" / "CourseStructure.xsd")))


# --- activity ids --------------------------------------------------------------------------


def test_example_course_sets_its_base_iri_so_export_warns_nothing(
        exported: BuildResult) -> None:
    assert exported.course.base_iri == BASE
    assert exported.diagnostics == ()


def test_activity_ids_follow_the_documented_scheme() -> None:
    assert lesson_iri(BASE, "intro") == f"{BASE}/lessons/intro"
    assert question_iri(BASE, "intro", "q2") == f"{BASE}/lessons/intro/questions/q2"
    assert default_base_iri("ai-builder-ch4") == "urn:lmspack:ai-builder-ch4"


@pytest.mark.parametrize("iri", ["https://x.org/c", "urn:lmspack:c/lessons/a",
                                 "http://x.org/c/lessons/a%20b"])
def test_valid_iris_pass(iri: str) -> None:
    assert iri_problem(iri) is None


@pytest.mark.parametrize("iri", ["courses/c", "https://x.org/a b", "https://x.org/c#top",
                                 "", "https://x.org/<c>"])
def test_invalid_iris_are_refused(iri: str) -> None:
    assert iri_problem(iri) is not None


def test_duplicate_and_invalid_activity_ids_stop_the_build(tincan: dict[str, bytes]) -> None:
    activities = CourseActivities(BASE, "T", "T", "en", (), (), False)
    assert activity_problems(activities) == []
    clash = dataclasses.replace(activities, iri="not an iri")
    assert any("not an absolute IRI" in p for p in activity_problems(clash))


def test_build_refuses_a_package_whose_ids_collide(exported: BuildResult) -> None:
    from lmspack.packaging.activities import course_activities
    from lmspack.packaging.scorm import scorm_plan
    from lmspack.packaging.tracking import RUNTIME_PATH
    from lmspack.render import RenderOptions, render_pages

    course = exported.course
    options = RenderOptions(mode="package", runtime_script=RUNTIME_PATH)
    plan = scorm_plan(render_pages(course, {}, options), b"")
    activities = course_activities(course, plan)
    first = activities.lessons[0]
    twin = dataclasses.replace(activities.lessons[1], iri=first.iri)
    broken = dataclasses.replace(activities, lessons=(first, twin, *activities.lessons[2:]))
    with pytest.raises(PackagingError, match="used 2 times"):
        fmt = require_format("cmi5")
        xapi_entries(plan, broken, "cmi5.xml", fmt.manifest, fmt.problems)  # type: ignore[attr-defined]


def test_two_builds_give_the_same_bytes(exported: BuildResult, tmp_path: Path) -> None:
    again = build(exported.course, BuildRequest(("xapi", "cmi5"), out_dir=tmp_path,
                                                epoch=1700000000))
    for first, second in zip(exported.packages, again.packages, strict=True):
        assert first.path.read_bytes() == second.path.read_bytes(), first.format


def test_unset_base_iri_warns_c101_and_uses_the_default(tmp_path: Path) -> None:
    course = check(REPO).course
    assert course is not None
    bare = dataclasses.replace(course, base_iri=None)
    result = build(bare, BuildRequest(("cmi5",), out_dir=tmp_path, epoch=1700000000))
    assert [(d.code, d.path) for d in result.diagnostics] == [("C101", "course.yaml")]
    structure = etree.fromstring(entries(result.packages[0].path)["cmi5.xml"])
    assert structure.find("c5:course", C5).get("id") == "urn:lmspack:ai-builder-ch4"


def test_scorm_only_export_does_not_warn_about_the_base_iri(tmp_path: Path) -> None:
    course = check(REPO).course
    assert course is not None
    result = build(dataclasses.replace(course, base_iri=None),
                   BuildRequest(("scorm12",), out_dir=tmp_path, epoch=1700000000))
    assert result.diagnostics == ()


# --- cmi5.xml ------------------------------------------------------------------------------


def test_cmi5_xml_is_valid_against_the_official_xsd(cmi5: dict[str, bytes],
                                                     cmi5_schema: etree.XMLSchema) -> None:
    document = etree.fromstring(cmi5["cmi5.xml"])
    assert cmi5_schema.validate(document), cmi5_schema.error_log
    assert cmi5_problems(cmi5) == []


@pytest.mark.parametrize(("attribute", "value"), [("masteryScore", "75"),
                                                  ("moveOn", "Complete"),
                                                  ("launchMethod", "NewWindow")])
def test_the_xsd_test_fails_on_a_broken_au(cmi5: dict[str, bytes],
                                           cmi5_schema: etree.XMLSchema, attribute: str,
                                           value: str) -> None:
    document = etree.fromstring(cmi5["cmi5.xml"])
    document.find(".//c5:au", C5).set(attribute, value)
    assert not cmi5_schema.validate(document)


def test_cmi5_has_one_au_per_lesson_in_order_with_mastery_from_the_pass_mark(
        cmi5: dict[str, bytes], exported: BuildResult) -> None:
    course = exported.course
    aus = etree.fromstring(cmi5["cmi5.xml"]).findall(".//c5:au", C5)
    assert [au.get("id") for au in aus] == [f"{BASE}/lessons/{e.id}" for e in course.lessons]
    for au, entry in zip(aus, course.lessons, strict=True):
        assert au.findtext("c5:url", namespaces=C5) == f"lessons/{entry.id}.html"
        assert au.get("moveOn") == "Passed"
        assert au.get("masteryScore") == mastery_decimal(course.pass_mark_for(entry))
        assert au.get("launchMethod") == "AnyWindow"
    assert mastery_decimal(75) == "0.75" and mastery_decimal(100) == "1"


def test_cmi5_blocks_follow_the_course_files_modules(tmp_path: Path,
                                                     cmi5_schema: etree.XMLSchema) -> None:
    from lmspack.model.course import ModuleEntry

    course = check(REPO).course
    assert course is not None
    ids = [entry.id for entry in course.lessons]
    modules = (ModuleEntry("serving", "Serving", tuple(ids[:2])),
               ModuleEntry("operating", "Operating", tuple(ids[2:])))
    result = build(dataclasses.replace(course, modules=modules),
                   BuildRequest(("cmi5",), out_dir=tmp_path, epoch=1700000000))
    document = etree.fromstring(entries(result.packages[0].path)["cmi5.xml"])
    assert cmi5_schema.validate(document), cmi5_schema.error_log
    blocks = document.findall("c5:block", C5)
    assert [b.get("id") for b in blocks] == [f"{BASE}/modules/serving", f"{BASE}/modules/operating"]
    assert [len(b.findall("c5:au", C5)) for b in blocks] == [2, 2]


def test_cmi5_check_finds_a_missing_launch_file(cmi5: dict[str, bytes]) -> None:
    broken = {k: v for k, v in cmi5.items() if not k.endswith("lesson2.html")}
    assert any("lesson2.html" in p for p in cmi5_problems(broken))


# --- tincan.xml ----------------------------------------------------------------------------


def test_tincan_xml_structure(tincan: dict[str, bytes], exported: BuildResult) -> None:
    assert tincan_problems(tincan) == []
    activities = etree.fromstring(tincan["tincan.xml"]).findall("tc:activities/tc:activity", TC)
    course = activities[0]
    assert course.get("id") == BASE
    assert course.get("type") == "http://adlnet.gov/expapi/activities/course"
    assert course.findtext("tc:launch", namespaces=TC) == "index.html"
    lessons = [a for a in activities if a.get("type").endswith("/lesson")]
    assert [a.get("id") for a in lessons] == [f"{BASE}/lessons/{e.id}"
                                              for e in exported.course.lessons]
    for lesson in lessons:
        assert lesson.findtext("tc:launch", namespaces=TC) in tincan
    questions = [a for a in activities if a.get("type") == INTERACTION]
    assert len(questions) == sum(len(e.lesson.quiz) for e in exported.course.lessons)


def test_tincan_question_carries_its_interaction_definition(tincan: dict[str, bytes],
                                                            exported: BuildResult) -> None:
    entry = exported.course.lessons[0]
    question = entry.lesson.quiz[0]
    iri = f"{BASE}/lessons/{entry.id}/questions/q1"
    root = etree.fromstring(tincan["tincan.xml"])
    activity = root.find(f"tc:activities/tc:activity[@id='{iri}']", TC)
    assert activity.get("type") == INTERACTION
    assert activity.findtext("tc:description", namespaces=TC) == question.q
    assert activity.findtext("tc:interactionType", namespaces=TC) == "choice"
    components = activity.findall("tc:choices/tc:component", TC)
    assert [c.findtext("tc:description", namespaces=TC) for c in components] == question.options
    correct = activity.findtext("tc:correctResponsePatterns/tc:correctResponsePattern",
                                namespaces=TC)
    assert correct == "abcdefgh"[question.answer]


@pytest.mark.parametrize("damage", ["no-launch-file", "bad-type", "wrong-answer", "nested"])
def test_tincan_check_fails_on_broken_packages(tincan: dict[str, bytes], damage: str) -> None:
    broken = dict(tincan)
    text = broken["tincan.xml"].decode()
    if damage == "no-launch-file":
        del broken["index.html"]
    elif damage == "bad-type":
        broken["tincan.xml"] = text.replace("activities/lesson", "activities/lessen", 1).encode()
    elif damage == "wrong-answer":
        broken["tincan.xml"] = text.replace("<correctResponsePattern>",
                                            "<correctResponsePattern>z", 1).encode()
    else:
        broken["course/tincan.xml"] = broken.pop("tincan.xml")
    assert tincan_problems(broken) != []


def test_pages_may_reach_an_lrs_only_in_xapi_packages(tincan: dict[str, bytes],
                                                      cmi5: dict[str, bytes],
                                                      tmp_path: Path) -> None:
    page = "lessons/ai-builder-ch4-lesson1.html"
    assert b"connect-src https: http:" in tincan[page]
    assert b"connect-src https: http:" in cmi5[page]
    # the xAPI course index launches the runtime too, so a launch survives the first click
    assert b'src="assets/lmspack-runtime.js"' in tincan["index.html"]


def test_a_failing_package_leaves_nothing_written(tmp_path: Path) -> None:
    from lmspack.errors import ContentError

    course = check(REPO).course
    assert course is not None
    broken = dataclasses.replace(course, base_iri="courses/no scheme")  # past validation
    with pytest.raises(ContentError, match="not an absolute IRI"):
        build(broken, BuildRequest(("scorm12", "cmi5"), out_dir=tmp_path, epoch=1700000000))
    assert list(tmp_path.glob("*.zip")) == []


def test_a_package_failing_after_another_was_streamed_out_changes_nothing(
        tmp_path: Path) -> None:
    """The SCORM zip is written to a temporary file before the cmi5 package fails: the old
    SCORM zip stays as it was and no temporary file is left."""
    from lmspack.errors import ContentError

    course = check(REPO).course
    assert course is not None
    first = build(course, BuildRequest(("scorm12",), out_dir=tmp_path, epoch=1700000000))
    old = first.packages[0].path
    old.write_bytes(b"the package from an earlier build")
    broken = dataclasses.replace(course, base_iri="courses/no scheme")
    with pytest.raises(ContentError, match="not an absolute IRI"):
        build(broken, BuildRequest(("scorm12", "cmi5"), out_dir=tmp_path, epoch=1700000001))
    assert old.read_bytes() == b"the package from an earlier build"
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".zip", ".part")] == [old.name]


def test_every_zip_is_the_same_bytes_serial_pooled_cached_and_rerun(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``export --all``'s zips (SCORM, xAPI, cmi5) from one serial uncached build, and from
    builds whose pages and zip entries go through worker pools and the build cache (cold,
    then warm): the same bytes."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from lmspack.packaging import zipwriter
    from lmspack.render import site
    from lmspack.source import workers

    def zips(out: Path) -> dict[str, bytes]:
        result = build(REPO, BuildRequest(("scorm12", "xapi", "cmi5", "site"), out_dir=out,
                                          epoch=1700000000))
        assert {p.format for p in result.packages} == {"scorm12", "xapi", "cmi5", "site"}
        return {p.path.name: p.path.read_bytes() for p in result.packages if not p.folder}

    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    serial = zips(tmp_path / "serial")
    pools: list[object] = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(self)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(zipwriter, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(site, "POOL_MIN_PAGES", 1)
    # Both pools (pages, zip entries) are made by one function (issue 22: workers that die
    # with their parent), which makes them here.
    monkeypatch.setattr(workers, "ProcessPoolExecutor", CountedPool)
    cold = zips(tmp_path / "pooled")
    assert len(pools) >= 6  # pages and entries of each package kind went through a pool
    warm = zips(tmp_path / "pooled")  # every page and entry from the cache
    assert cold == serial and warm == serial


def test_markdown_in_quiz_and_goals_reaches_xapi_and_cmi5_as_plain_text(tmp_path: Path) -> None:
    """Issue 19: the page renders inline Markdown; formats that hold text get plain text
    (emphasis and code markers dropped, maths as its TeX)."""
    import shutil

    root = tmp_path / "course"
    shutil.copytree(REPO / "tests" / "fixtures" / "valid" / "markdown-features", root)
    with (root / "course.yaml").open("a", encoding="utf-8") as stream:
        stream.write("base_iri: https://courses.example.org/markdown\n")
    result = build(root, BuildRequest(("xapi", "cmi5"), out_dir=tmp_path / "dist",
                                      epoch=1700000000))
    xapi = entries(result.package("xapi").path)
    tincan_xml = xapi["tincan.xml"].decode("utf-8")
    assert "Which statistic compares two whole distributions of a numeric feature?" in tincan_xml
    assert "mean difference" in tincan_xml and "The Kolmogorov-Smirnov statistic" in tincan_xml
    assert "\\frac{1+\\sqrt5}{2}" in tincan_xml and "**" not in tincan_xml
    assert "`" not in tincan_xml and "~~" not in tincan_xml
    cmi5_xml = entries(result.package("cmi5").path)["cmi5.xml"].decode("utf-8")
    assert "Tell data drift from concept drift" in cmi5_xml and "**" not in cmi5_xml
