"""SCORM data-model limits checked at build time: ``lmspack validate`` reports them with the
lesson's line for the SCORM versions asked for (both by default, ``--scorm`` narrows), and
``lmspack export`` refuses a package whose version cannot hold the course."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Call = Callable[..., tuple[int, str, str]]


def options_course(root: Path, options: int, question: str = "Pick one") -> Path:
    """A valid course of one lesson whose one question has ``options`` options."""
    values = ", ".join(f"choice {n}" for n in range(options))
    (root / "lessons").mkdir(parents=True)
    (root / "lessons" / "wide.md").write_text(
        f"---\nid: wide\ntitle: Wide\nquiz:\n  - q: {question}\n    options: [{values}]\n"
        f"    answer: {options - 1}\n---\n\nText.\n", encoding="utf-8")
    (root / "course.yaml").write_text("id: wide\ntitle: Wide\nversion: '1'\n", encoding="utf-8")
    return root


def test_a_37_option_question_is_refused_for_12(lmspack: Call, tmp_path: Path) -> None:
    root = options_course(tmp_path / "c", 37)
    code, out, _ = lmspack("validate", cwd=root)
    assert code == 1
    assert "lessons/wide.md:6:14: P001 [error] [SCORM 1.2] question 1 has 37 options" in out
    code, out, err = lmspack("export", "--scorm", "1.2", cwd=root)
    assert code == 1 and out == "" and "P001" in err
    assert not list(root.glob("dist/*.zip"))


def test_a_37_option_question_is_fine_for_2004(lmspack: Call, tmp_path: Path) -> None:
    root = options_course(tmp_path / "c", 37)
    code, out, _ = lmspack("validate", "--scorm", "2004", cwd=root)
    assert code == 0 and "P001" not in out
    code, out, err = lmspack("export", "--scorm", "2004", cwd=root)
    assert code == 0, err
    assert list(root.glob("dist/*-scorm2004.zip"))


def test_36_options_fit_both_versions(lmspack: Call, tmp_path: Path) -> None:
    root = options_course(tmp_path / "c", 36)
    code, out, _ = lmspack("validate", cwd=root)
    assert code == 0 and "P001" not in out
    code, _, err = lmspack("export", "--scorm", "1.2", cwd=root)
    assert code == 0, err


def test_a_long_question_is_a_2004_warning(lmspack: Call, tmp_path: Path) -> None:
    root = options_course(tmp_path / "c", 2, question="Why? " * 60)  # YAML drops the last space
    code, out, _ = lmspack("validate", cwd=root)
    assert code == 0 and "P101 [warning] [SCORM 2004] question 1's text is 299 characters" in out
    code, _, _ = lmspack("validate", "--strict", cwd=root)
    assert code == 1
    code, out, _ = lmspack("validate", "--scorm", "1.2", cwd=root)
    assert code == 0 and "P101" not in out


def test_an_unknown_version_is_a_usage_error(lmspack: Call, tmp_path: Path) -> None:
    root = options_course(tmp_path / "c", 2)
    code, _, err = lmspack("validate", "--scorm", "1.3", cwd=root)
    assert code == 2 and "1.3" in err
