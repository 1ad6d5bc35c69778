"""Pages of one build share their widgets' fallbacks: rendered once, same bytes as alone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT

from lmspack import check
from lmspack.precompute import precompute
from lmspack.render import pages as pages_module
from lmspack.render import render_pages
from lmspack.render.media import MediaFiles
from lmspack.render.options import RenderOptions
from lmspack.render.pages import PageSet, render_lesson


def test_each_widget_fallback_is_rendered_once_per_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "course"
    shutil.copytree(REPO_ROOT / "widgets", root / "widgets")
    (root / "lessons").mkdir()
    source = (REPO_ROOT / "lessons" / "ai-builder-ch4-lesson3.md").read_text(encoding="utf-8")
    for n in range(3):  # three lessons, each with the same three widgets
        text = re.sub(r"(?m)^id: .*$", f"id: copy-{n}", source, count=1)
        text = re.sub(r"(?m)^prereqs: .*$", "prereqs: []", text, count=1)
        (root / "lessons" / f"copy-{n}.md").write_text(text, encoding="utf-8")
    course = check(root).course
    assert course is not None and len(course.lessons) == 3
    results = precompute(course, tmp_path / "dist").documents()
    calls: list[str] = []
    real = pages_module.render_fallback

    def counting(widget_type: str, *args: object, **kwargs: object) -> object:
        calls.append(widget_type)
        return real(widget_type, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pages_module, "render_fallback", counting)
    rendered = render_pages(course, results, RenderOptions())
    assert sorted(calls) == sorted(w.type for w in course.lessons[0].lesson.widgets)
    monkeypatch.undo()
    # The shared fallbacks give the very bytes each page gets when rendered on its own.
    for entry, page in zip(course.lessons, [p for p in rendered.pages if p.lesson_id],
                           strict=True):
        alone = render_lesson(course, entry, results, RenderOptions(), MediaFiles(course))
        assert page.html == alone.encode("utf-8")
    assert PageSet(course, results).widgets(course.lessons[0])  # fallbacks, not notices
