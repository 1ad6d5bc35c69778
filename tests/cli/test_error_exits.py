"""Errors decided once: content problems exit 1 with a located line, usage and configuration
2, internal errors 2 with one line that names the file and how to report it; never a
traceback (unless LMSPACK_TRACEBACK=1 asks for it)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lmspack.kinds.drift_detection_lab import DriftDetectionLab

REPO = Path(__file__).resolve().parents[2]
Call = Callable[..., tuple[int, str, str]]


LAB = """{
  "type": "drift_detection_lab",
  "title": "Comments",
  "reference": {"csv": "/widgets/data/ref.csv"},
  "current": {"csv": "/widgets/data/cur.csv"},
  "features": [
    {"column": "age", "kind": "numerical"},
    {"column": "comment"}
  ],
  "scenarios": [{"id": "as-is", "title": "As is"}]
}
"""


def _free_text_lab(root: Path) -> Path:
    """A course whose drift lab compares a free-text column without declaring its kind:
    lmspack validate accepts it (any value is allowed), the computation cannot."""
    (root / "lessons").mkdir(parents=True)
    (root / "widgets" / "data").mkdir(parents=True)
    (root / "lessons" / "lab.md").write_text(
        "---\nid: lab\ntitle: Lab\nwidgets:\n  - type: drift_detection_lab\n"
        "    data: /widgets/lab.json\n---\n\nText.\n", encoding="utf-8")
    (root / "widgets" / "lab.json").write_text(LAB, encoding="utf-8")
    for name, offset in (("ref", 0), ("cur", 5)):
        rows = [f"{20 + n + offset},remark number {n} of {name}" for n in range(40)]
        (root / "widgets" / "data" / f"{name}.csv").write_text(
            "age,comment\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return root


def test_a_failing_widget_computation_in_export_is_located_and_exits_1(
        lmspack: Call, tmp_path: Path) -> None:
    root = _free_text_lab(tmp_path / "course")
    assert lmspack("validate", cwd=root)[0] == 0
    code, out, err = lmspack("export", "--scorm", "--html", cwd=root)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "lmspack export: widgets/lab.json:8:5: cannot compute the widget's results: column "
        "'comment' looks like free text; declare its kind (numerical or categorical)"]
    assert "Traceback" not in err
    assert not list(root.glob("dist/*.zip")) and not (root / "dist" / "site").exists()


def test_the_same_failure_under_precompute_is_the_same_line(lmspack: Call,
                                                            tmp_path: Path) -> None:
    root = _free_text_lab(tmp_path / "course")
    code, _, err = lmspack("precompute", cwd=root)
    assert code == 1
    assert err.startswith("lmspack precompute: widgets/lab.json:8:5: cannot compute")
    assert "looks like free text" in err and len(err.splitlines()) == 1


def test_an_internal_error_names_the_file_and_how_to_report_it(
        lmspack: Call, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "course"
    for name in ("lessons", "widgets"):
        shutil.copytree(REPO / name, root / name)

    def broken(self: DriftDetectionLab, widget: object, files: object) -> dict[str, object]:
        return {}["missing"]  # a bug: KeyError

    monkeypatch.setattr(DriftDetectionLab, "compute", broken)
    monkeypatch.delenv("LMSPACK_TRACEBACK", raising=False)
    code, out, err = lmspack("export", "--html", cwd=root)
    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert line.startswith("lmspack export: internal error while processing "
                           "widgets/drift_detection.titanic.json: KeyError: 'missing' (a bug "
                           "in lmspack; please report it")
    assert "lmspack --version" in line and "LMSPACK_TRACEBACK=1" in line
    monkeypatch.setenv("LMSPACK_TRACEBACK", "1")
    code, _, err = lmspack("export", "--html", cwd=root)
    assert code == 2 and "Traceback (most recent call last)" in err


def test_a_file_the_machine_refuses_is_one_line_and_exit_2(lmspack: Call,
                                                           tmp_path: Path) -> None:
    root = tmp_path / "course"
    for name in ("lessons", "widgets"):
        shutil.copytree(REPO / name, root / name)
    (root / "dist").write_text("a file where the output folder should be")
    code, _, err = lmspack("export", "--html", cwd=root)
    assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("lmspack export: ") and "dist" in err and "bug" not in err
