"""What an earlier run left in dist/ never stops the next one (issue 10): stale, corrupt or
misplaced results are recomputed, lmspack's own files and folders in the wrong shape are
replaced, leftovers of a killed run are ignored; an output folder that is a file is one
clear usage error. Two builds give the same bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

Call = Callable[..., tuple[int, str, str]]
WIDGET = "drift_detection.titanic.json"
ZIP = "ai-builder-ch4-1.0.0-scorm12.zip"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example course with dist/ from one export (SCORM 1.2 and the site)."""
    from lmspack.build import BuildRequest, build

    root = tmp_path_factory.mktemp("built") / "course"
    repo = Path(__file__).resolve().parents[2]
    for name in ("lessons", "widgets"):
        shutil.copytree(repo / name, root / name)
    shutil.copy(repo / "course.yaml", root)
    build(root, BuildRequest(("scorm12", "site"), epoch=1700000000))
    return root


@pytest.fixture
def course(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "course", symlinks=True))


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _truncated(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8")[:100], encoding="utf-8")


def _binary(path: Path) -> None:
    path.write_bytes(b"\xff\xfe\x00 not json")


def _other_shape(path: Path) -> None:
    path.write_text(json.dumps({"format": [], "inputs": ["sha256"]}), encoding="utf-8")


def _other_inputs(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    document["inputs"]["sha256"] = "0" * 64
    document["scenarios"] = "stale"
    path.write_text(json.dumps(document), encoding="utf-8")


def _other_source(path: Path) -> None:  # the same inputs, but another widget's document
    document = json.loads(path.read_text(encoding="utf-8"))
    document["source"] = "widgets/other.json"
    path.write_text(json.dumps(document), encoding="utf-8")


def _folder(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


@pytest.mark.parametrize("spoil", [_truncated, _binary, _other_shape, _other_inputs,
                                   _other_source, _folder], ids=lambda f: f.__name__[1:])
def test_a_spoilt_result_is_recomputed(lmspack: Call, course: Path,
                                       spoil: Callable[[Path], None]) -> None:
    result = course / "dist" / "precompute" / WIDGET
    before = result.read_bytes()
    spoil(result)
    code, out, err = lmspack("precompute", "--root", str(course))
    assert (code, err) == (0, "")
    assert f"computed widgets/{WIDGET}" in out
    assert "reused   widgets/alert_config.titanic.json" in out  # the others were intact
    assert result.read_bytes() == before


def test_a_file_where_the_results_folder_goes_is_replaced(lmspack: Call, course: Path) -> None:
    shutil.rmtree(course / "dist" / "precompute")
    (course / "dist" / "precompute").write_text("left over", encoding="utf-8")
    code, _, err = lmspack("export", "--scorm", "--html", "--root", str(course))
    assert (code, err) == (0, "")
    assert (course / "dist" / "precompute" / WIDGET).is_file()


def test_outputs_in_the_wrong_shape_are_replaced(lmspack: Call, course: Path) -> None:
    dist = course / "dist"
    expected = digests(dist)
    shutil.rmtree(dist / "site")
    (dist / "site").write_text("a file where the site goes", encoding="utf-8")
    (dist / ZIP).unlink()
    (dist / ZIP / "inside").mkdir(parents=True)
    code, _, err = lmspack("export", "--scorm", "--html", "--root", str(course))
    assert (code, err) == (0, "")
    assert digests(dist) == expected


def test_leftovers_of_a_killed_run_do_not_matter(lmspack: Call, course: Path) -> None:
    dist = course / "dist"
    leftovers = [dist / ".site.tmp-abc123" / "index.html", dist / ".site.old-abc123" / "site"
                 / "index.html", dist / f".{ZIP}.abc123.part", dist / "precompute" /
                 f".{WIDGET}.abc123.part"]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half", encoding="utf-8")
    code, _, err = lmspack("export", "--scorm", "--html", "--root", str(course))
    assert (code, err) == (0, "")
    # Nobody holds their locks (the run that made them is dead): the next run removes them
    # (issue 22; a running build's own temporaries are locked and stay, tests/unit/test_atomic).
    assert [path for path in leftovers if path.exists()] == []
    assert [p.name for p in dist.iterdir() if p.name.startswith(".")] == [".cache"]


def test_an_output_folder_that_is_a_file_is_one_usage_error(lmspack: Call,
                                                             course: Path) -> None:
    shutil.rmtree(course / "dist")
    (course / "dist").write_text("not a folder", encoding="utf-8")
    for command in (["precompute"], ["export", "--html"]):
        code, _, err = lmspack(*command, "--root", str(course))
        assert code == 2
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "dist is a file, not a folder" in err and "--out" in err
    assert (course / "dist").read_text(encoding="utf-8") == "not a folder"


def test_two_builds_give_the_same_bytes(lmspack: Call, course: Path) -> None:
    first = digests(course / "dist")
    shutil.rmtree(course / "dist")
    code, _, err = lmspack("export", "--scorm", "--html", "--root", str(course))
    assert (code, err) == (0, "")
    assert digests(course / "dist") == first
