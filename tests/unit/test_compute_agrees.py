"""What validate passes, precompute computes (issue 10): every valid fixture course, and the
example course, precompute without an error. Their mirror image, settings validate must
refuse because the computation cannot use them, is tests/fixtures/invalid/compute-agree/."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack import check
from lmspack.build import BuildRequest, build
from lmspack.precompute import precompute

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_a_valid_course_precomputes_and_exports(case: Path, tmp_path: Path) -> None:
    report = check(case)
    assert report.errors == 0 and report.course is not None
    results = precompute(report.course, tmp_path)
    assert all(result.output.is_file() for result in results.values())
    built = build(report.course, BuildRequest(("scorm12", "site"), out_dir=tmp_path,
                                              epoch=1700000000))
    assert built.package("site") is not None
    assert all(p.path.is_dir() if p.folder else p.path.is_file() for p in built.packages)


def test_csv_header_names_are_read_stripped_by_the_computation(tmp_path: Path) -> None:
    report = check(FIXTURES / "valid" / "csv-header-spaces")
    assert report.course is not None
    results = precompute(report.course, tmp_path)
    drift = results["widgets/drift.json"].document
    assert "fare" in repr(drift) and "age" in repr(drift)


def test_the_validator_judges_free_text_as_the_drift_engine_does() -> None:
    from lmspack.kinds.drift_detection_lab.checks import TEXT_DISTINCT_SHARE as CHECKED
    from lmspack.stats.drift.kinds import TEXT_DISTINCT_SHARE as COMPUTED

    assert CHECKED == COMPUTED


def test_the_course_version_limit_is_the_packages() -> None:
    import json

    from lmspack.model.schemas import render
    from lmspack.packaging.plan import MAX_VERSION_LENGTH

    schema = json.loads(render("course", ()))
    assert schema["properties"]["version"]["maxLength"] == MAX_VERSION_LENGTH
