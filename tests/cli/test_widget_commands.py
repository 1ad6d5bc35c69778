"""`lmspack precompute` and `lmspack drift` end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "widgets" / "data"


def test_precompute_writes_then_reuses(lmspack, tmp_path: Path) -> None:
    code, out, _ = lmspack("precompute", "--out", str(tmp_path))
    assert code == 0
    assert out.count("computed widgets/") == 3
    code, out, _ = lmspack("precompute", "--out", str(tmp_path))
    assert code == 0 and out.count("reused   widgets/") == 3
    code, out, _ = lmspack("precompute", "--out", str(tmp_path), "--force")
    assert out.count("computed widgets/") == 3


def test_precompute_refuses_while_validation_finds_errors(lmspack, tmp_path: Path) -> None:
    course = REPO / "tests" / "fixtures" / "invalid" / "widget-data"
    code, out, err = lmspack("precompute", "--out", str(tmp_path / "out"), cwd=course)
    assert code == 1 and out == ""
    assert "not run, because lmspack validate finds errors" in err
    assert "widgets/drift.json:14:76: D006" in err
    assert not (tmp_path / "out").exists()


def test_drift_text(lmspack) -> None:
    code, out, _ = lmspack("drift", str(DATA / "titanic_reference.csv"),
                       str(DATA / "titanic_current.csv"), "--column", "sex")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["column", "kind", "method", "score", "threshold", "drift"]
    assert [line.split()[2] for line in lines[1:6]] == ["psi", "kl_div", "jensenshannon",
                                                        "chisquare", "z"]
    assert lines[-1].startswith("Dataset drift: no (0 of 1 columns drifted")


def test_drift_text_numbers_are_ascii_so_they_paste_into_programs(lmspack) -> None:
    code, out, _ = lmspack("drift", str(DATA / "titanic_reference.csv"),
                           str(DATA / "titanic_current.csv"), "--column", "pclass")
    assert code == 0 and out.isascii(), [c for c in out if not c.isascii()]
    scores = [line.split()[3] for line in out.splitlines()[1:3]]
    assert scores == ["9.91e-5", "4.95e-5"]  # the PSI and KL of the issue, ASCII minus
    assert [float(score) for score in scores] == [9.91e-5, 4.95e-5]


def test_drift_json_records_follow_the_spec(lmspack) -> None:
    code, out, _ = lmspack("drift", str(DATA / "titanic_reference.csv"),
                       str(DATA / "titanic_current.csv"), "--column", "age",
                       "--method", "ks", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["version"] == 1
    (record,) = document["records"]
    assert record["method"] == "ks" and record["comparison"] == "<="
    assert record["n_reference"] + record["n_missing_reference"] == 891
    assert document["dataset"]["n_features"] == 1


def test_drift_reports_bad_rows_with_their_line_and_exits_1(lmspack, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,a\n2\n3,b\n4,a\n", encoding="utf-8")
    code, out, err = lmspack("drift", str(bad), str(bad), "--column", "y")
    assert code == 1
    assert f"{bad}:3:" in err
    assert "Dataset drift" in out


@pytest.mark.parametrize("args,message", [
    (("--column", "nope"), "column 'nope' is not in"),
    (("--method", "magic"), "unknown method 'magic'"),
    (("--kind", "age=ordinal"), "is not numerical or categorical"),
    (("--threshold", "psi"), "expects NAME=VALUE"),
])
def test_drift_usage_errors_exit_2(lmspack, args: tuple[str, ...], message: str) -> None:
    code, _, err = lmspack("drift", str(DATA / "titanic_reference.csv"),
                       str(DATA / "titanic_current.csv"), *args)
    assert code == 2 and message in err


def test_example_course_copy_without_dist(lmspack, tmp_path: Path) -> None:
    for name in ("lessons", "widgets"):
        shutil.copytree(REPO / name, tmp_path / name)
    code, _out, _ = lmspack("precompute", cwd=tmp_path)
    result = tmp_path / "dist" / "precompute" / "drift_detection.titanic.json"
    assert code == 0 and result.is_file()
