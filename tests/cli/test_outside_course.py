"""Nothing from outside the course is read or published: a lesson that is a symbolic link
to a file outside the course root is refused (F007), and export publishes nothing of it."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from lmspack import check

Call = Callable[..., tuple[int, str, str]]
SECRET = "SECRET-TEXT-FROM-OUTSIDE-THE-COURSE"


def _link_a_lesson_outside(course: Path, outside: Path) -> Path:
    """Replace the first example lesson by a link to a copy of it outside the course."""
    lesson = course / "lessons" / "ai-builder-ch4-lesson1.md"
    outside.mkdir()
    target = outside / lesson.name
    target.write_text(lesson.read_text(encoding="utf-8") + f"\n{SECRET}\n", encoding="utf-8")
    lesson.unlink()
    os.symlink(target, lesson)
    return lesson


def test_a_lesson_linked_outside_is_refused_and_not_read(example_course: Path,
                                                         tmp_path: Path) -> None:
    _link_a_lesson_outside(example_course, tmp_path / "elsewhere")
    report = check(example_course)
    assert [(d.path, d.code) for d in report.diagnostics] == [
        ("lessons/ai-builder-ch4-lesson1.md", "F007")]
    assert report.course is not None
    assert "ai-builder-ch4-lesson1" not in [entry.id for entry in report.course.lessons]


def test_export_publishes_nothing_from_outside(lmspack: Call, example_course: Path,
                                               tmp_path: Path) -> None:
    _link_a_lesson_outside(example_course, tmp_path / "elsewhere")
    out_dir = tmp_path / "out"
    code, out, err = lmspack("export", "--scorm", "--html", "--out", str(out_dir),
                             cwd=example_course)
    assert code == 1, (out, err)
    assert "F007" in out + err and SECRET not in out + err
    published = [p for p in out_dir.rglob("*") if p.is_file()] if out_dir.exists() else []
    for path in published:
        data = path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        assert SECRET.encode() not in data, path
