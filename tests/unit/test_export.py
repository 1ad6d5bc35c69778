"""``build``: the example course as SCORM 1.2 / 2004 packages (official XSDs, every
file listed and present, byte-identical rebuilds), the plan it feeds the manifest builders,
presets, refusals, and the zip timestamp rules."""

from __future__ import annotations

import os
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from lmspack import check
from lmspack.build import BuildRequest, build, source_epoch
from lmspack.errors import ConfigError, ContentError, PackagingError, UsageError
from lmspack.formats import FormatOptions
from lmspack.model.course import Course
from lmspack.packaging import check_package
from lmspack.packaging.scorm import scorm_plan
from lmspack.packaging.targets import TARGETS
from lmspack.packaging.tracking import RUNTIME_PATH, runtime_script
from lmspack.packaging.zipwriter import ZIP_MIN_EPOCH
from lmspack.render import RenderOptions, render_pages

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC
CP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
IMSSS = "http://www.imsglobal.org/xsd/imsss"


def write_course(root: Path, lessons: dict[str, str], course_yaml: str | None = None,
                 files: dict[str, bytes] | None = None) -> Path:
    """A course on disk: ``lessons`` maps ids to full lesson text; ``files`` any others."""
    (root / "lessons").mkdir(parents=True)
    for lesson_id, text in lessons.items():
        (root / "lessons" / f"{lesson_id}.md").write_text(text, encoding="utf-8")
    if course_yaml is not None:
        (root / "course.yaml").write_text(course_yaml, encoding="utf-8")
    for rel, data in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def zip_bytes(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


@pytest.fixture(scope="module")
def example_course() -> Course:
    course = check(REPO).course
    assert course is not None
    return course


@pytest.fixture(scope="module")
def exported(example_course: Course,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example course exported once per SCORM version (fixed epoch)."""
    out = tmp_path_factory.mktemp("export") / "dist"
    return {version: build(example_course, BuildRequest(("scorm" + version.replace(".", ""),),
                                                        out_dir=out, epoch=EPOCH))
            .packages[0].path for version in ("1.2", "2004")}


# --- the example course's packages -------------------------------------------------------


def test_file_names_carry_course_id_version_and_scorm_version(
        exported: dict[str, Path], example_course: Course) -> None:
    stem = f"{example_course.id}-{example_course.version}"
    assert exported["1.2"].name == f"{stem}-scorm12.zip"
    assert exported["2004"].name == f"{stem}-scorm2004.zip"
    assert sorted(p.name for p in exported["1.2"].parent.iterdir()) == \
        sorted([".cache", exported["1.2"].name, exported["2004"].name, "precompute",
                "accessibility.json", "accessibility.md"])


def test_12_manifest_validates_against_the_official_xsd(exported: dict[str, Path],
                                                         xsd_dir: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(xsd_dir / "scorm12" / "adlcp_rootv1p2.xsd")))
    manifest = etree.fromstring(zip_bytes(exported["1.2"], "imsmanifest.xml"))
    assert schema.validate(manifest), schema.error_log


def test_2004_manifest_validates_against_the_official_xsd(exported: dict[str, Path],
                                                           xsd_dir: Path) -> None:
    schema = etree.XMLSchema(
        etree.parse(str(xsd_dir / "scorm2004" / "scorm2004_4ed_all.xsd")))
    manifest = etree.fromstring(zip_bytes(exported["2004"], "imsmanifest.xml"))
    assert schema.validate(manifest), schema.error_log


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_every_file_listed_and_every_listed_file_present(exported: dict[str, Path],
                                                         version: str) -> None:
    assert check_package(exported[version]) == []
    with zipfile.ZipFile(exported[version]) as zf:
        names = set(zf.namelist())
    manifest = etree.fromstring(zip_bytes(exported[version], "imsmanifest.xml"))
    listed = {e.get("href") for e in manifest.iter() if etree.QName(e).localname == "file"}
    assert listed == names - {"imsmanifest.xml"}


def test_12_manifest_has_course_title_version_order_prerequisites_mastery(
        exported: dict[str, Path], example_course: Course) -> None:
    root = etree.fromstring(zip_bytes(exported["1.2"], "imsmanifest.xml"))
    ns = {"cp": CP12, "adlcp": ADLCP12}
    assert root.get("version") == example_course.version
    assert root.findtext("cp:organizations/cp:organization/cp:title", namespaces=ns) == \
        example_course.title
    items = root.findall("cp:organizations/cp:organization/cp:item", ns)
    assert [i.findtext("cp:title", namespaces=ns) for i in items] == \
        [e.lesson.title for e in example_course.lessons]
    for item, entry in zip(items, example_course.lessons, strict=True):
        script = item.findtext("adlcp:prerequisites", namespaces=ns)
        wanted = " & ".join(f"ITEM-{p}" for p in entry.lesson.prereqs)
        assert (script or "") == wanted
        assert item.findtext("adlcp:masteryscore", namespaces=ns) == \
            str(example_course.pass_mark_for(entry))


def test_2004_manifest_mastery_becomes_min_normalized_measure(
        exported: dict[str, Path], example_course: Course) -> None:
    root = etree.fromstring(zip_bytes(exported["2004"], "imsmanifest.xml"))
    measures = root.findall(f".//{{{IMSSS}}}minNormalizedMeasure")
    assert [m.text for m in measures] == \
        [f"{example_course.pass_mark_for(e) / 100:g}" for e in example_course.lessons]
    # The generic preset keeps the Moodle 'satisfied' rule next to 'completed'.
    conditions = {c.get("condition") for c in root.iter(f"{{{IMSSS}}}ruleCondition")}
    assert conditions == {"completed", "satisfied"}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_each_sco_is_its_page_and_shares_stylesheet_and_runtime(
        exported: dict[str, Path], version: str,
        example_course: Course) -> None:
    root = etree.fromstring(zip_bytes(exported[version], "imsmanifest.xml"))
    cp = CP12 if version == "1.2" else CP2004
    resources = root.findall(f"{{{cp}}}resources/{{{cp}}}resource")
    hrefs = [[f.get("href") for f in r.findall(f"{{{cp}}}file")] for r in resources]
    pages = [f"lessons/{e.id}.html" for e in example_course.lessons]
    assert hrefs == [[page] for page in pages] + [[RUNTIME_PATH, "assets/lmspack.css"]]
    page = zip_bytes(exported[version], pages[0]).decode()
    assert f'<script src="../{RUNTIME_PATH}" defer></script>' in page


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_runtime_in_the_package_is_configured_for_its_version(exported: dict[str, Path],
                                                               version: str) -> None:
    shipped = zip_bytes(exported[version], RUNTIME_PATH)
    transport = "scorm" + version.replace(".", "")
    assert shipped == runtime_script(TARGETS["generic"].runtime_settings(transport))


def test_identical_input_gives_byte_identical_zips(example_course: Course, tmp_path: Path,
                                                   exported: dict[str, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    again = build(example_course, BuildRequest(("scorm12",), out_dir=tmp_path / 'a', epoch=EPOCH))
    assert again.packages[0].path.read_bytes() == exported["1.2"].read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = build(REPO, BuildRequest(("scorm2004",), out_dir=tmp_path / "b")).packages[0].path
    second = build(REPO, BuildRequest(("scorm2004",), out_dir=tmp_path / "c")).packages[0].path
    assert first.read_bytes() == second.read_bytes() == exported["2004"].read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert {info.date_time for info in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_nothing_but_the_package_is_left_in_the_out_folder(example_course: Course,
                                                           tmp_path: Path) -> None:
    result = build(example_course, BuildRequest(("scorm12", "site"), out_dir=tmp_path,
                                                 epoch=EPOCH))
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        sorted([".cache", result.packages[0].path.name, "precompute", "site",
                "accessibility.json", "accessibility.md"])
    assert not list((tmp_path / ".cache").rglob("*.tmp"))  # no half-written cache entry
    site = result.package("site")
    assert site is not None and site.folder and site.path == tmp_path / "site"
    assert (tmp_path / "site" / "index.html").is_file()
    # The site is a site: no tracking script, navigation on.
    page = (tmp_path / "site" / "lessons" / f"{example_course.lessons[0].id}.html").read_text()
    assert "lmspack-runtime" not in page


# --- presets -----------------------------------------------------------------------------


def test_canvas_preset_builds_2004_without_the_moodle_rule(example_course: Course,
                                                           tmp_path: Path) -> None:
    [package] = build(example_course, BuildRequest(("scorm2004",), target="canvas",
                                                   out_dir=tmp_path, epoch=EPOCH)).packages
    assert (package.format, package.target) == ("scorm2004", "canvas")
    assert package.path.name.endswith("-scorm2004-canvas.zip")
    root = etree.fromstring(zip_bytes(package.path, "imsmanifest.xml"))
    assert {c.get("condition") for c in root.iter(f"{{{IMSSS}}}ruleCondition")} == \
        {"completed"}
    assert zip_bytes(package.path, RUNTIME_PATH) == \
        runtime_script(TARGETS["canvas"].runtime_settings("scorm2004"))
    assert check_package(package.path) == []


def test_moodle_preset_and_explicit_version(example_course: Course, tmp_path: Path) -> None:
    [package] = build(example_course, BuildRequest(("scorm12",), target="moodle", out_dir=tmp_path,
                                                   epoch=EPOCH)).packages
    assert package.format == "scorm12" and package.path.name.endswith("-scorm12-moodle.zip")
    [explicit] = build(example_course, BuildRequest(("scorm2004",), target="moodle",
                                                    out_dir=tmp_path, epoch=EPOCH)).packages
    assert explicit.path.name.endswith("-scorm2004-moodle.zip")


def test_unknown_target_or_version_is_a_config_error(example_course: Course,
                                                     tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown target"):
        build(example_course, BuildRequest(("scorm12",), target="blackboard", out_dir=tmp_path))
    with pytest.raises(ConfigError, match="unknown package format 'scorm13'"):
        build(example_course, BuildRequest(("scorm13",), out_dir=tmp_path))
    assert list(tmp_path.iterdir()) == []


# --- refusals ----------------------------------------------------------------------------


def test_course_with_errors_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"the course has \d+ errors?: run lmspack validate"):
        build(FIXTURES / "invalid" / "quiz", BuildRequest(("scorm12",), out_dir=tmp_path / "dist"))
    assert not (tmp_path / "dist").exists()


def test_nothing_asked_for_is_refused(example_course: Course, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nothing to export"):
        build(example_course, BuildRequest((), out_dir=tmp_path / "dist"))


def test_lesson_whose_answers_could_overflow_suspend_data_is_named(tmp_path: Path) -> None:
    from tests.unit.test_runtime import huge_quiz_course

    root = huge_quiz_course(tmp_path / "course", 2100)
    with pytest.raises(ContentError) as caught:
        build(root, BuildRequest(("scorm12",), out_dir=tmp_path / "dist"))
    [problem] = caught.value.problems
    assert "lesson 'huge-quiz'" in problem and "4209" in problem and "4096" in problem
    assert not (tmp_path / "dist").exists()
    [package] = build(root, BuildRequest(("scorm2004",), out_dir=tmp_path / "dist",
                                         epoch=EPOCH)).packages
    assert [(s.lesson_id, s.used, s.limit) for s in package.measures] == \
        [("huge-quiz", 4209, 64000)]


def test_course_file_order_against_prerequisites_is_refused(tmp_path: Path) -> None:
    # validation reports it (rule C005), so export refuses before packaging starts
    root = write_course(tmp_path / "course", {
        "a": "---\nid: a\ntitle: A\n---\n\nText.\n",
        "b": "---\nid: b\ntitle: B\nprereqs: [a]\n---\n\nText.\n",
    }, course_yaml="id: order\ntitle: Order\nlessons: [b, a]\n")
    assert [d.code for d in check(root).diagnostics] == ["C005"]
    with pytest.raises(ContentError) as caught:
        build(root, BuildRequest(("scorm12",), out_dir=tmp_path / "dist", epoch=EPOCH))
    assert caught.value.problems == (
        "the course has 1 error: run lmspack validate and fix them first",)
    assert not list((tmp_path / "dist").glob("*.zip"))


# --- lesson files ------------------------------------------------------------------------

LESSON = """---
id: {id}
title: {title}
{extra}---

{body}
"""


def test_sco_files_are_its_page_and_the_media_it_uses(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", {
        "charts": LESSON.format(id="charts", title="Charts", extra="",
                                body="![A chart](img/chart.svg)\n\nSee [notes](notes.md)."),
        "notes": LESSON.format(id="notes", title="Notes", extra="prereqs: [charts]\n",
                               body="Plain."),
    }, files={"lessons/img/chart.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>"})
    [package] = build(root, BuildRequest(("scorm12",), out_dir=tmp_path / "dist",
                                         epoch=EPOCH)).packages
    manifest = etree.fromstring(zip_bytes(package.path, "imsmanifest.xml"))
    files = {r.get("identifier"): [f.get("href") for f in r.findall(f"{{{CP12}}}file")]
             for r in manifest.iter(f"{{{CP12}}}resource")}
    assert files["RES-charts"] == ["lessons/charts.html", "media/lessons/img/chart.svg"]
    assert files["RES-notes"] == ["lessons/notes.html"]
    assert check_package(package.path) == []


def test_a_page_refers_to_what_the_renderer_copied(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", {
        "charts": LESSON.format(id="charts", title="Charts", extra="",
                                body="![A chart](img/chart.svg) [site](https://example.org/x) "
                                     "[top](#top) ![dot](data:image/png;base64,AA==)"),
    }, files={"lessons/img/chart.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>"})
    course = check(root).course
    assert course is not None
    rendered = render_pages(course, {}, RenderOptions(mode="package",
                                                      runtime_script=RUNTIME_PATH))
    [page] = rendered.lesson_pages()
    assert page.files == ("assets/lmspack-runtime.js", "assets/lmspack.css",
                          "media/lessons/img/chart.svg")
    assert set(page.files) - {RUNTIME_PATH} <= set(rendered.files)


def test_packaging_refuses_a_page_whose_file_is_not_in_the_package(tmp_path: Path) -> None:
    root = write_course(tmp_path / "course", {
        "a": LESSON.format(id="a", title="A", extra="", body="Text."),
    })
    course = check(root).course
    assert course is not None
    rendered = render_pages(course, {}, RenderOptions(mode="package",
                                                      runtime_script=RUNTIME_PATH))
    [page] = rendered.lesson_pages()
    broken = replace(rendered, pages=(replace(page, files=(*page.files, "media/Chart.svg")),))
    with pytest.raises(PackagingError) as caught:
        scorm_plan(broken, b"")
    assert caught.value.problems == ("lesson 'a': its page refers to 'media/Chart.svg', which "
                                     "is not in the package",)


def test_pass_marks_reach_the_manifest(tmp_path: Path) -> None:
    course = check(FIXTURES / "valid" / "full").course
    assert course is not None
    [package] = build(course, BuildRequest(("scorm12",), out_dir=tmp_path, epoch=EPOCH)).packages
    manifest = etree.fromstring(zip_bytes(package.path, "imsmanifest.xml"))
    scores = {i.get("identifier"): i.findtext(f"{{{ADLCP12}}}masteryscore")
              for i in manifest.iter(f"{{{CP12}}}item")}
    # intro overrides the course's 70 with 50; lessons without a quiz have no mastery score.
    assert scores == {"ITEM-intro": "50", "ITEM-details": None, "ITEM-wrap-up": None}


def test_xsd_control_files_on_request(example_course: Course, tmp_path: Path,
                                      xsd_dir: Path) -> None:
    request = BuildRequest(("scorm12",), out_dir=tmp_path, epoch=EPOCH,
                           options=FormatOptions(xsd_dir=xsd_dir / "scorm12"))
    [package] = build(example_course, request).packages
    with zipfile.ZipFile(package.path) as zf:
        assert {"imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd"} <= set(zf.namelist())
    assert check_package(package.path) == []


# --- timestamps --------------------------------------------------------------------------


def test_epoch_from_source_date_epoch_first(tmp_path: Path) -> None:
    assert source_epoch(tmp_path, {"SOURCE_DATE_EPOCH": "1234567890"}) == 1234567890
    with pytest.raises(ConfigError, match="not an integer"):
        source_epoch(tmp_path, {"SOURCE_DATE_EPOCH": "yesterday"})


def test_epoch_outside_git_is_1980(tmp_path: Path) -> None:
    assert source_epoch(tmp_path, {}) == ZIP_MIN_EPOCH


def test_epoch_in_a_git_checkout_is_the_last_commit(tmp_path: Path) -> None:
    """A repository made here, with a commit at a known time: the date comes from it. Git
    refusing the repository (no git, "dubious ownership") fails the test; it used to skip."""
    env = {**os.environ, "GIT_AUTHOR_DATE": "@1700000000 +0000",
           "GIT_COMMITTER_DATE": "@1700000123 +0000", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    for command in (["init", "-q"], ["-c", "user.name=T", "-c", "user.email=t@example.org",
                                     "commit", "-q", "--allow-empty", "-m", "c"]):
        done = subprocess.run(["git", "-C", str(tmp_path), *command], env=env,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert source_epoch(tmp_path, {}) == 1700000123  # the committer's time


def test_epoch_of_this_checkout_is_its_last_commit() -> None:
    """This repository's own last commit, when it is a git checkout (a source tarball has no
    history, and only then may the test skip): git refusing it is a failure, not a skip."""
    if not (REPO / ".git").exists():
        pytest.skip("a source tree without git history (not a checkout)")
    done = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%ct"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip(), f"git refused: {done.stderr}"
    assert source_epoch(REPO, {}) == int(done.stdout)


def test_progress_names_each_step_once(example_course: Course, tmp_path: Path) -> None:
    """``progress`` hears of every widget computed, the package and the site, in order: as
    many calls as the command line counts steps for its progress bar."""
    from lmspack.precompute import widget_sources

    steps: list[str] = []
    build(example_course, BuildRequest(("scorm2004", "site"), out_dir=tmp_path / "dist",
                                       epoch=EPOCH), progress=steps.append)
    widgets = widget_sources(example_course)
    assert widgets and steps == [*widgets, "packaging SCORM 2004", "writing the static site"]
    steps.clear()
    build(example_course, BuildRequest(("site",), out_dir=tmp_path / "dist"), progress=steps.append)
    assert steps == [*widgets, "writing the static site"]  # results reused: still one step each
