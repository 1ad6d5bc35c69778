"""Reproducible, atomic zips; ``check_package``; SCORM zips built through the formats."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from lmspack.errors import ConfigError
from lmspack.formats.registry import require_format
from lmspack.packaging import (
    PackagePlan,
    PackagingError,
    ScoPlan,
    checked_entries,
    zipwriter,
)
from lmspack.packaging.check import check_package
from lmspack.packaging.targets import TARGETS
from lmspack.packaging.zipstream import Deflated
from lmspack.packaging.zipwriter import ZIP_MIN_EPOCH, write_zip, zip_timestamp

LESSONS = [f"ai-builder-ch4-lesson{n}" for n in range(1, 5)]
SHARED = ("shared/lmspack-runtime.js", "shared/style.css")
ENTRIES = {"b.txt": b"bbb" * 100, "a/z.txt": b"z", "a/b/c.html": b"<p>c</p>", "A.txt": b"A"}
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z


def example_plan() -> PackagePlan:
    """Four lessons; 3 needs 1 and 2, 4 needs 3; lesson 3 has a quiz with mastery 80."""
    prerequisites = {3: tuple(LESSONS[:2]), 4: (LESSONS[2],)}
    files = {path: b"/* shared */" for path in SHARED}
    scos = []
    for number, lesson in enumerate(LESSONS, start=1):
        href = f"lessons/{lesson}/index.html"
        files[href] = f"<h1>Lesson {number}</h1>".encode()
        scos.append(
            ScoPlan(
                lesson,
                f"Lesson {number}",
                href,
                (href,),
                prerequisites.get(number, ()),
                80.0 if number == 3 else None,
                number == 3,
            )
        )
    return PackagePlan("ai-builder", "AI Builder", "1.0", "en", None, tuple(scos), SHARED, files)


# --- reproducible -------------------------------------------------------------------------


def test_identical_input_gives_identical_bytes(tmp_path: Path) -> None:
    first = write_zip(ENTRIES, tmp_path / "one.zip", epoch=EPOCH).read_bytes()
    second = write_zip(dict(reversed(ENTRIES.items())), tmp_path / "two.zip", epoch=EPOCH)
    assert first == second.read_bytes()


def test_source_date_epoch_sets_the_timestamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    early = write_zip(ENTRIES, tmp_path / "early.zip").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 86_400))
    late = write_zip(ENTRIES, tmp_path / "late.zip")
    assert early != late.read_bytes()
    with zipfile.ZipFile(late) as zf:
        assert {info.date_time for info in zf.infolist()} == {(2023, 11, 15, 22, 13, 20)}


def test_explicit_epoch_beats_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert zip_timestamp(EPOCH) == (2023, 11, 14, 22, 13, 20)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, (1980, 1, 1, 0, 0, 0)),
        ({"SOURCE_DATE_EPOCH": "0"}, (1980, 1, 1, 0, 0, 0)),  # clamped up to the zip minimum
        ({"SOURCE_DATE_EPOCH": " 1700000000 "}, (2023, 11, 14, 22, 13, 20)),
        ({"SOURCE_DATE_EPOCH": "99999999999"}, (2107, 12, 31, 23, 59, 58)),
    ],
)
def test_timestamp_from_environment(environ: dict[str, str], expected: tuple[int, ...]) -> None:
    assert zip_timestamp(environ=environ) == expected
    assert time.gmtime(ZIP_MIN_EPOCH)[:6] == (1980, 1, 1, 0, 0, 0)


def test_invalid_source_date_epoch_is_an_error() -> None:
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH='yesterday' is not an integer"):
        zip_timestamp(environ={"SOURCE_DATE_EPOCH": "yesterday"})


def test_entries_sorted_files_only_fixed_mode_deflated(tmp_path: Path) -> None:
    with zipfile.ZipFile(write_zip(ENTRIES, tmp_path / "p.zip", epoch=EPOCH)) as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == sorted(ENTRIES)
        assert not any(i.is_dir() for i in infos)
        assert {i.create_system for i in infos} == {3}
        assert {stat.S_IMODE(i.external_attr >> 16) for i in infos} == {0o644}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert {name: zf.read(name) for name in zf.namelist()} == ENTRIES


def test_bytes_do_not_depend_on_the_build_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = write_zip(ENTRIES, tmp_path / "here.zip", epoch=EPOCH).read_bytes()
    monkeypatch.setattr(sys, "platform", "win32")  # zipfile would record MS-DOS as creator
    assert write_zip(ENTRIES, tmp_path / "win.zip", epoch=EPOCH).read_bytes() == here


@pytest.mark.parametrize("name", ["../evil.txt", "/abs.txt", "a\\b.txt", "dir/", "a//b", "C:x"])
def test_unsafe_entry_names_are_refused_before_writing(tmp_path: Path, name: str) -> None:
    with pytest.raises(PackagingError, match="zip entry"):
        write_zip({name: b"x"}, tmp_path / "p.zip")
    assert list(tmp_path.iterdir()) == []


# --- atomic -----------------------------------------------------------------------------


def test_failure_mid_write_keeps_the_old_package_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "course.zip"
    target.write_bytes(b"previous package")
    real_deflate = zipwriter.deflate
    calls = []

    def failing_deflate(content: bytes, level: int) -> Deflated:
        calls.append(content)
        if len(calls) == 2:  # the first entry is already written out by then
            raise OSError("disk full")
        return real_deflate(content, level)

    monkeypatch.setattr(zipwriter, "deflate", failing_deflate)
    with pytest.raises(OSError, match="disk full"):
        write_zip(ENTRIES, target, epoch=EPOCH, workers=1)
    assert len(calls) == 2  # the failure really happened mid-write
    assert target.read_bytes() == b"previous package"
    assert list(tmp_path.iterdir()) == [target]


def test_success_replaces_the_old_package_readably(tmp_path: Path) -> None:
    target = tmp_path / "course.zip"
    target.write_bytes(b"previous package")
    write_zip(ENTRIES, target, epoch=EPOCH)
    assert zipfile.is_zipfile(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert list(tmp_path.iterdir()) == [target]


# --- SCORM zips end to end ------------------------------------------------------------------


def scorm_entries(plan: PackagePlan, name: str,
                  xsd_dir: Path | None = None) -> dict[str, bytes]:
    """The entries the format ``name`` (``scorm12``, ``scorm2004``) makes of ``plan``."""
    fmt = require_format(name)
    manifest = fmt.manifest(plan, TARGETS["generic"])  # type: ignore[attr-defined]
    control = fmt.control_files(xsd_dir) if xsd_dir else {}  # type: ignore[attr-defined]
    # A copy the tests may edit: checked_entries returns a read-only FileSet.
    return dict(checked_entries(plan, {"imsmanifest.xml": manifest, **control}))


def scorm_zip(plan: PackagePlan, name: str, out: Path, xsd_dir: Path | None = None) -> Path:
    """The zip the format ``name`` makes of ``plan``."""
    return write_zip(scorm_entries(plan, name, xsd_dir), out, epoch=EPOCH)


@pytest.mark.parametrize("version", ["scorm12", "scorm2004"])
def test_built_package_is_clean_and_reproducible(tmp_path: Path, version: str) -> None:
    out = scorm_zip(example_plan(), version, tmp_path / "a.zip")
    again = scorm_zip(example_plan(), version, tmp_path / "b.zip")
    assert out.read_bytes() == again.read_bytes()
    assert check_package(out) == []
    with zipfile.ZipFile(out) as zf:
        assert "imsmanifest.xml" in zf.namelist()  # at the root
        assert zf.namelist() == sorted(zf.namelist())
        assert not any(name.endswith(".xsd") for name in zf.namelist())  # opt-in only


@pytest.mark.shared
@pytest.mark.parametrize(
    ("version", "folder", "root_xsd"),
    [
        ("scorm12", "scorm12", "scorm12/adlcp_rootv1p2.xsd"),
        ("scorm2004", "scorm2004", "scorm2004/scorm2004_4ed_all.xsd"),
    ],
)
def test_package_with_control_files_validates(
    tmp_path: Path, xsd_dir: Path, version: str, folder: str, root_xsd: str
) -> None:
    out = scorm_zip(example_plan(), version, tmp_path / "p.zip", xsd_dir / folder)
    assert check_package(out) == []
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        manifest = zf.read("imsmanifest.xml")
    location = etree.fromstring(manifest).get(
        "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
    )
    assert location is not None and set(location.split()[1::2]) <= set(names)
    schema = etree.XMLSchema(etree.parse(str(xsd_dir / root_xsd)))
    assert schema.validate(etree.fromstring(manifest)), schema.error_log


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown package format 'scorm3'"):
        require_format("scorm3")


def test_entries_without_a_manifest_are_refused() -> None:
    with pytest.raises(PackagingError, match=r"no imsmanifest\.xml"):
        checked_entries(example_plan(), {})


def test_importing_the_package_does_not_import_lxml() -> None:
    code = "import sys, lmspack.packaging; sys.exit('lxml' in sys.modules)"
    repo = Path(__file__).parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=repo, env={"PYTHONPATH": "src"}
    )
    assert result.returncode == 0


# --- check_package finds what is wrong ------------------------------------------------------


def _entries() -> dict[str, bytes]:
    return scorm_entries(example_plan(), "scorm12")


Mutation = Callable[[dict[str, bytes]], None]


def _edit_manifest(old: bytes, new: bytes) -> Mutation:
    def mutate(entries: dict[str, bytes]) -> None:
        assert old in entries["imsmanifest.xml"]
        entries["imsmanifest.xml"] = entries["imsmanifest.xml"].replace(old, new, 1)

    return mutate


def _rebind_adlcp(entries: dict[str, bytes]) -> None:
    manifest = entries["imsmanifest.xml"].replace(b"xmlns:adlcp=", b"xmlns:ad=")
    entries["imsmanifest.xml"] = manifest.replace(b"adlcp:", b"ad:")  # same URI, other prefix


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda e: e.pop(SHARED[0]), f"<file href={SHARED[0]!r}> is not in the package"),
        (lambda e: e.update({"notes.txt": b""}), "package entry 'notes.txt' is not listed"),
        (
            lambda e: e.update({"course/imsmanifest.xml": e.pop("imsmanifest.xml")}),
            "imsmanifest.xml must be at the zip root, found 'course/imsmanifest.xml'",
        ),
        (
            _edit_manifest(
                b'identifier="RES-ai-builder-ch4-lesson2"',
                b'identifier="RES-ai-builder-ch4-lesson1"',
            ),
            "identifier 'RES-ai-builder-ch4-lesson1' is used 2 times",
        ),
        (
            _edit_manifest(b'identifierref="RES-ai-builder-ch4-lesson4"', b'identifierref="RES-x"'),
            "identifierref 'RES-x' does not resolve",
        ),
        (_edit_manifest(b">80<", b">-5<"), "masteryscore '-5' is not a number in 0-100"),
        (
            _edit_manifest(b"<schemaversion>1.2<", b"<schemaversion>1.2 <"),
            "schemaversion is ['1.2 ']",
        ),
        (
            _edit_manifest(b'adlcp:scormtype="sco"', b'adlcp:scormType="sco"'),
            "spells it adlcp:scormtype",
        ),
        (_rebind_adlcp, "is bound to prefix 'ad'; use prefix 'adlcp'"),
        (
            _edit_manifest(b"ITEM-ai-builder-ch4-lesson1 &amp;", b"ITEM-gone &amp;"),
            "prerequisite 'ITEM-gone' is not an item identifier",
        ),
        (_edit_manifest(b' type="aicc_script"', b""), "prerequisites type must be 'aicc_script'"),
        (
            _edit_manifest(b'<file href="lessons/ai-builder-ch4-lesson1/index.html"/>', b""),
            "launch file 'lessons/ai-builder-ch4-lesson1/index.html' is not listed as <file>",
        ),
        (lambda e: e.update({"imsmanifest.xml": b"<manifest"}), "is not well-formed XML"),
        (
            lambda e: e.update({"schema.xsd": b""}),
            "'imscp_rootv1p1p2.xsd' (named by xsi:schemaLocation) is missing",
        ),
    ],
)
def test_check_package_reports(mutate: Mutation, expected: str) -> None:
    entries = _entries()
    assert check_package(entries) == []
    mutate(entries)
    problems = check_package(entries)
    assert any(expected in problem for problem in problems), problems


def test_check_package_reads_a_zip_with_a_nested_manifest(tmp_path: Path) -> None:
    entries = {f"course/{name}": data for name, data in _entries().items()}
    out = write_zip(entries, tmp_path / "nested.zip")
    assert check_package(out) == [
        "imsmanifest.xml must be at the zip root, found 'course/imsmanifest.xml'"
    ]


def test_first_resource_must_be_a_sco() -> None:
    plan = example_plan()
    root = etree.fromstring(scorm_entries(plan, "scorm2004")["imsmanifest.xml"])
    resources = root[-1]
    resources.insert(0, resources[-1])  # the shared asset, which has no href, goes first
    assert check_package(plan.files, etree.tostring(root)) == [
        "the first <resource> must be a SCO with an href (its launch file)"
    ]


def test_check_package_on_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    bogus = tmp_path / "course.zip"
    bogus.write_bytes(b"<html>not a zip</html>")
    assert check_package(bogus) == [f"{bogus} is not a valid zip file"]
