"""`lmspack export` end to end, through the real entry point."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from lmspack.packaging import check_package
from lmspack.packaging.targets import TARGETS

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

Call = Callable[..., tuple[int, str, str]]


@pytest.fixture
def course(example_course: Path) -> Path:
    return example_course


def test_bare_scorm_writes_a_12_zip_to_dist(lmspack: Call, course: Path) -> None:
    code, out, err = lmspack("export", "--scorm", cwd=course)
    assert (code, err) == (0, "")
    package = course / "dist" / "ai-builder-ch4-1.0.0-scorm12.zip"
    assert out == (f"wrote {package.relative_to(course).as_posix()} (SCORM 1.2, target "
                   "generic, 4 lessons, 7 files)\n")
    assert check_package(package) == []
    with zipfile.ZipFile(package) as zf:
        manifest = zf.read("imsmanifest.xml").decode()
    assert "<title>AI Builder, Chapter 4: Deploying and Running ML Models</title>" in manifest
    assert 'version="1.0.0"' in manifest


def test_scorm_2004_and_html_together(lmspack: Call, course: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, _ = lmspack("export", "--scorm", "2004", "--html", "--root", str(course),
                           "--out", str(out_dir))
    assert code == 0
    assert (out_dir / "ai-builder-ch4-1.0.0-scorm2004.zip").is_file()
    assert (out_dir / "site" / "index.html").is_file()
    lines = out.splitlines()
    assert len(lines) == 2 and "SCORM 2004" in lines[0] and lines[1].startswith("wrote ")
    assert lines[1].endswith("files)") and "site/" in lines[1]


def test_html_alone(lmspack: Call, course: Path) -> None:
    code, out, _ = lmspack("export", "--html", cwd=course)
    assert code == 0 and out.startswith("wrote dist/site/ (")
    assert not list((course / "dist").glob("*.zip"))


def test_target_chooses_the_version_and_the_name(lmspack: Call, course: Path) -> None:
    code, out, _ = lmspack("export", "--scorm", "--target", "canvas", cwd=course)
    assert code == 0 and "SCORM 2004, target canvas" in out
    assert (course / "dist" / "ai-builder-ch4-1.0.0-scorm2004-canvas.zip").is_file()
    code, out, _ = lmspack("export", "--target", "moodle", "--scorm", cwd=course)
    assert code == 0
    assert (course / "dist" / "ai-builder-ch4-1.0.0-scorm12-moodle.zip").is_file()


def test_same_input_same_bytes(lmspack: Call, course: Path) -> None:
    package = course / "dist" / "ai-builder-ch4-1.0.0-scorm12.zip"
    assert lmspack("export", "--scorm", "1.2", cwd=course)[0] == 0
    first = package.read_bytes()
    assert lmspack("export", "--scorm", "1.2", cwd=course)[0] == 0
    assert package.read_bytes() == first


def test_refuses_a_course_with_errors(lmspack: Call, tmp_path: Path) -> None:
    root = tmp_path / "bad"
    shutil.copytree(FIXTURES / "invalid" / "quiz", root)
    code, out, err = lmspack("export", "--scorm", cwd=root)
    assert code == 1 and out == ""
    assert "Q001" in err
    assert "lmspack export: not run, because lmspack validate finds errors" in err
    assert not (root / "dist").exists()


def test_suspend_data_overflow_names_the_lesson(lmspack: Call, tmp_path: Path) -> None:
    from tests.unit.test_runtime import huge_quiz_course

    root = huge_quiz_course(tmp_path / "huge", 2100)
    code, out, err = lmspack("export", "--scorm", "1.2", cwd=root)
    assert code == 1 and out == ""
    assert err.startswith("lmspack export: lesson 'huge-quiz': its saved answers can take "
                          "4209 characters of cmi.suspend_data, over the SCORM 1.2 limit "
                          "of 4096")
    assert not list(root.glob("dist/*.zip"))


def test_nothing_asked_for_is_a_usage_error(lmspack: Call, course: Path) -> None:
    code, _, err = lmspack("export", cwd=course)
    assert code == 2 and "give --scorm [1.2|2004], --xapi, --cmi5, --cc, --moodle-xml, " \
        "--gift, --html" in err
    assert not (course / "dist").exists()


def test_choices_come_from_the_registries(lmspack: Call, course: Path) -> None:
    code, out, _ = lmspack("export", "--help")
    assert code == 0
    assert "--scorm [1.2|2004]" in out and "--xapi" in out and "--cmi5" in out
    assert f"--target [{'|'.join(TARGETS)}]" in out
    code, _, err = lmspack("export", "--scorm", "1.3", cwd=course)
    assert code == 2 and "'1.3' is not one of '1.2', '2004'" in err
    code, _, err = lmspack("export", "--scorm", "--target", "blackboard", cwd=course)
    assert code == 2 and "blackboard" in err


def test_malformed_source_date_epoch_is_a_usage_error(lmspack: Call, course: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, out, err = lmspack("export", "--scorm", cwd=course)
    assert (code, out) == (2, "")
    assert "SOURCE_DATE_EPOCH='yesterday' is not an integer" in err
    assert not (course / "dist").exists()


def test_all_writes_every_kind_in_one_run(lmspack: Call, course: Path) -> None:
    code, out, err = lmspack("export", "--all", cwd=course)
    assert (code, err) == (0, "")
    dist = course / "dist"
    names = sorted(p.name for p in dist.glob("*.zip"))
    assert names == ["ai-builder-ch4-1.0.0-cmi5.zip", "ai-builder-ch4-1.0.0-scorm12.zip",
                     "ai-builder-ch4-1.0.0-xapi.zip"]
    assert (dist / "site" / "index.html").is_file()
    lines = out.splitlines()
    assert ["SCORM 1.2, target" in lines[0], "xAPI (TinCan), target" in lines[1],
            "(cmi5, target" in lines[2], "site/" in lines[-1]] == [True] * 4
    # The cartridge and both question banks (issue 17).
    assert (dist / "ai-builder-ch4-1.0.0.imscc").is_file()
    assert (dist / "ai-builder-ch4-1.0.0-questions.xml").is_file()
    assert (dist / "ai-builder-ch4-1.0.0-questions.gift").is_file()
    assert ["Common Cartridge 1.1, target" in lines[3], "Moodle XML" in lines[4],
            "GIFT" in lines[5]] == [True] * 3
    with zipfile.ZipFile(dist / "ai-builder-ch4-1.0.0-xapi.zip") as zf:
        assert "tincan.xml" in zf.namelist() and "imsmanifest.xml" not in zf.namelist()
    with zipfile.ZipFile(dist / "ai-builder-ch4-1.0.0-cmi5.zip") as zf:
        assert "cmi5.xml" in zf.namelist()


def test_xapi_without_base_iri_warns_c101_and_still_exports(lmspack: Call,
                                                            course: Path) -> None:
    text = (course / "course.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("base_iri:")]
    (course / "course.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    code, out, err = lmspack("export", "--xapi", "--cmi5", cwd=course)
    assert code == 0 and "xAPI (TinCan)" in out
    assert err.startswith("course.yaml:1:1: C101 [warning] no base_iri in the course file")
    assert "hint: add base_iri:" in err
    code, _, err = lmspack("export", "--scorm", cwd=course)
    assert (code, err) == (0, "")


def test_cc_and_banks_alone_with_their_file_names(lmspack: Call, course: Path) -> None:
    code, out, err = lmspack("export", "--cc", "--moodle-xml", "--gift", cwd=course)
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (course / "dist").iterdir() if p.is_file()) == [
        "accessibility.json", "accessibility.md",  # issue 18: beside every export
        "ai-builder-ch4-1.0.0-questions.gift", "ai-builder-ch4-1.0.0-questions.xml",
        "ai-builder-ch4-1.0.0.imscc"]
    assert "(Moodle XML question bank" in out and "(GIFT question bank" in out
    # A bank is one file: the summary says so in the singular.
    assert "4 lessons, 1 file)" in out and "1 files" not in out
    code, out, err = lmspack("export", "--cc", "--target", "canvas", cwd=course)
    assert (code, err) == (0, "")
    assert (course / "dist" / "ai-builder-ch4-1.0.0-canvas.imscc").is_file()
    assert "(Common Cartridge 1.1, target canvas" in out


def test_no_cache_reads_and_writes_no_cache(lmspack: Call, course: Path, tmp_path: Path) -> None:
    """`export --no-cache` builds the same bytes without reading or writing OUT/.cache; a
    later run with the cache fills it, and `--no-cache` then leaves it as it is."""
    out = tmp_path / "out"
    code, _, err = lmspack("export", "--scorm", "--no-cache", "--out", str(out), cwd=course)
    assert (code, err) == (0, "")
    assert not (out / ".cache").exists()
    uncached = (out / "ai-builder-ch4-1.0.0-scorm12.zip").read_bytes()
    code, _, err = lmspack("export", "--scorm", "--out", str(out), cwd=course)
    assert (code, err) == (0, "")
    filled = sorted(p.name for p in (out / ".cache").rglob("*") if p.is_file())
    assert len(filled) > 5  # pages and body readings
    assert (out / "ai-builder-ch4-1.0.0-scorm12.zip").read_bytes() == uncached
    stamps = {p: p.stat().st_mtime_ns for p in (out / ".cache").rglob("*")}
    code, _, err = lmspack("export", "--scorm", "--no-cache", "--out", str(out), cwd=course)
    assert (code, err) == (0, "")
    assert {p: p.stat().st_mtime_ns for p in (out / ".cache").rglob("*")} == stamps
    assert (out / "ai-builder-ch4-1.0.0-scorm12.zip").read_bytes() == uncached
