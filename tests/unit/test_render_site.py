"""The site written to disk (render_pages + write_tree, as the site format does):
deterministic bytes, atomic replacement, and the example course end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO_ROOT
from tests.rendering import pages, write_site
from tests.unit.test_render_pages import DETAILS, INTRO, write_course

from lmspack import check
from lmspack.model.course import Course
from lmspack.render import RenderOptions, render_pages
from lmspack.render import site as site_module


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return write_course(tmp_path / "course", {"intro": INTRO, "details": DETAILS})


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_input_same_bytes(course: Course, tmp_path: Path) -> None:
    first = write_site(course, {}, tmp_path / "dist" / "a")
    write_site(course, {}, tmp_path / "dist" / "b")
    assert _tree(tmp_path / "dist" / "a") == _tree(tmp_path / "dist" / "b")
    assert _tree(tmp_path / "dist" / "a") == dict(render_pages(course, {}).files)
    assert list(first.files) == sorted(first.files)
    assert pages(first) == ("index.html", "lessons/details.html", "lessons/intro.html")


def test_rebuild_replaces_the_previous_site(course: Course, tmp_path: Path) -> None:
    out = tmp_path / "dist" / "site"
    write_site(course, {}, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    write_site(course, {}, out)
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]  # no temp folder left
    assert oct(out.stat().st_mode & 0o777) == "0o755"


def test_failed_build_leaves_the_previous_output_intact(course: Course, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist" / "site"
    write_site(course, {}, out)
    before = _tree(out)
    calls = 0
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:  # fails half-way through the files
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("disk full")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError, match="disk full"):
        write_site(course, {}, out, RenderOptions(video="embed"))
    monkeypatch.undo()
    assert _tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_failed_render_writes_nothing(course: Course, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist" / "site"
    write_site(course, {}, out)
    before = _tree(out)
    real = site_module.render_lesson
    rendered: list[str] = []

    def second_lesson_fails(*args: Any) -> str:
        rendered.append(args[1].id)
        if len(rendered) == 2:
            raise RuntimeError("template bug")
        return real(*args)

    monkeypatch.setattr(site_module, "render_lesson", second_lesson_fails)
    with pytest.raises(RuntimeError, match="template bug"):
        write_site(course, {}, out)
    assert _tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_example_course_without_results_shows_notices(tmp_path: Path) -> None:
    course = check(REPO_ROOT).course
    assert course is not None
    out = tmp_path / "dist" / "site"
    site = write_site(course, {}, out)
    assert site.missing_results == ("widgets/model_monitoring.titanic.json",
                                    "widgets/drift_detection.titanic.json",
                                    "widgets/alert_config.titanic.json")
    page = (out / "lessons" / "ai-builder-ch4-lesson3.html").read_text("utf-8")
    assert page.count("were not precomputed") == 3
    assert len(pages(site)) == 1 + len(course.lessons)
