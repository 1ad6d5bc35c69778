"""Cartridges and question banks of the example course and of a course written to stress
them (tests/fixtures/cartridge/mixed), each built once for the cartridge tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from lmspack import check
from lmspack.build import BuildRequest, build
from lmspack.model.course import Course

REPO = Path(__file__).resolve().parents[2]
MIXED = REPO / "tests" / "fixtures" / "cartridge" / "mixed"
EPOCH = 1700000000


@dataclass(frozen=True)
class Built:
    course: Course
    cartridge: Path
    moodle_xml: Path
    gift: Path


def _build(root: Path, out: Path) -> Built:
    course = check(root).course
    assert course is not None
    result = build(course, BuildRequest(("cc11", "moodle_xml", "gift"), out_dir=out,
                                         epoch=EPOCH))
    paths = {package.format: package.path for package in result.packages}
    return Built(course, paths["cc11"], paths["moodle_xml"], paths["gift"])


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(REPO, tmp_path_factory.mktemp("cc-example"))


@pytest.fixture(scope="session")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(MIXED, tmp_path_factory.mktemp("cc-mixed"))


@pytest.fixture(scope="session", params=["example", "mixed"])
def built(request: pytest.FixtureRequest) -> Built:
    """Each of the two courses' outputs, built once per session."""
    value: Built = request.getfixturevalue(request.param)
    return value


@pytest.fixture(scope="session")
def cc11_dir(xsd_dir: Path) -> Path:
    return xsd_dir / "cc11"


@dataclass(frozen=True)
class BuiltCanvas:
    course: Course
    cartridge: Path


def _build_canvas(root: Path, out: Path) -> BuiltCanvas:
    course = check(root).course
    assert course is not None
    result = build(course, BuildRequest(("cc11",), target="canvas", out_dir=out, epoch=EPOCH))
    return BuiltCanvas(course, result.packages[0].path)


@pytest.fixture(scope="session")
def canvas_example(tmp_path_factory: pytest.TempPathFactory) -> BuiltCanvas:
    return _build_canvas(REPO, tmp_path_factory.mktemp("canvas-example"))


@pytest.fixture(scope="session")
def canvas_mixed(tmp_path_factory: pytest.TempPathFactory) -> BuiltCanvas:
    return _build_canvas(MIXED, tmp_path_factory.mktemp("canvas-mixed"))


@pytest.fixture(scope="session", params=["canvas_example", "canvas_mixed"])
def canvas_built(request: pytest.FixtureRequest) -> BuiltCanvas:
    value: BuiltCanvas = request.getfixturevalue(request.param)
    return value
