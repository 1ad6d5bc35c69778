"""`lmspack validate` keeps per lesson only what the cross-file checks need (issue 20).

A lesson is read, checked and let go; what stays until the course-wide checks run is its
link data (path, id, prerequisites, next, and where those values are) and its diagnostics.
Before, the link data held the lesson's front-matter text, and the whole node tree of every
lesson that had looked up a position (any lesson with a diagnostic): about 17 KB a lesson
on the generated course, which made validate's peak grow 2.5x from 2,000 to 10,000 lessons.
"""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest

from lmspack import validate
from lmspack.source import yamlpos
from lmspack.validate import Settings, check
from lmspack.validate.links import LinkInfo, LinkPositions

REPO = Path(__file__).resolve().parents[2]
MAX_KEPT_PER_LESSON = 1_500
"""Bytes of Python objects kept per lesson once every lesson has been checked: link data
and diagnostics (measured: 550 B on this course; the front-matter alone is about 4 KB)."""


def _course(root: Path, count: int) -> Path:
    """``count`` lessons with the example lessons' front-matter (quiz, goals, flashcards,
    a video without captions: a diagnostic with a position), linked in a chain, with
    short bodies so the test stays quick."""
    heads = [p.read_text(encoding="utf-8").removeprefix("---\n").split("\n---\n", 1)[0]
             for p in sorted((REPO / "lessons").glob("*.md"))]
    (root / "lessons").mkdir(parents=True)
    for n in range(count):
        head = re.sub(r"(?m)^(prereqs|next|widgets):.*\n((?:  .*\n)*)", "",
                      heads[n % len(heads)] + "\n")
        head = re.sub(r"(?m)^id: .*$", f"id: l{n:04d}", head)
        links = f"prereqs: [l{n - 1:04d}]\n" if n else "prereqs: []\n"
        links += f"next: l{n + 1:04d}\n" if n + 1 < count else ""
        (root / "lessons" / f"l{n:04d}.md").write_text(
            f"---\n{head}{links}---\n\n## Start\n\nA short body with *one* paragraph.\n",
            encoding="utf-8")
    return root


def _kept(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Bytes traced as kept when the link checks start (every lesson read), and lessons."""
    seen: dict[str, int] = {}
    real = validate.check_links

    def measured(infos: list[LinkInfo]) -> object:
        seen["kept"] = tracemalloc.get_traced_memory()[0] - seen["before"]
        seen["lessons"] = len(infos)
        return real(infos)

    monkeypatch.setattr(validate, "check_links", measured)
    tracemalloc.start()
    try:
        seen["before"] = tracemalloc.get_traced_memory()[0]
        report = check(root, Settings(keep_course=False))
    finally:
        tracemalloc.stop()
    assert report.warnings and not report.errors  # A111 on the video lessons, nothing else
    return seen["kept"], seen["lessons"]


def test_validate_keeps_little_per_lesson(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The growth of what is kept from 50 to 200 lessons, per lesson, is bounded. Shown
    failing on the old link data (front-matter text and node trees kept): 14.3 KB a lesson.
    A first run on the big course warms one-off tables (interned names) out of the count."""
    small, big = _course(tmp_path / "small", 50), _course(tmp_path / "big", 200)
    _kept(big, monkeypatch)
    kept_small, n_small = _kept(small, monkeypatch)
    kept_big, n_big = _kept(big, monkeypatch)
    assert (n_small, n_big) == (50, 200)
    per_lesson = (kept_big - kept_small) / (n_big - n_small)
    assert per_lesson <= MAX_KEPT_PER_LESSON, f"{per_lesson:.0f} B kept per lesson"


def test_link_positions_are_the_documents_own() -> None:
    """The few positions kept for the link checks are those the document gives, and no
    other pointer is answered (a check asking for one would be a bug, not a guess)."""
    text = ("id: a\ntitle: T\nprereqs:\n  - b\n  - 3\n  -   c\nnext:   d\n"
            "video: {id: x}\nprereqs: [again]\n")
    doc = yamlpos.load(text, 1)
    assert isinstance(doc, yamlpos.YamlDocument)
    pairs = ((0, "b"), (2, "c"))
    kept = LinkPositions.of(doc, pairs, "d")
    for pointer, key in [("/id", False), ("/prereqs", True), ("/prereqs/0", False),
                         ("/prereqs/2", False), ("/next", False)]:
        assert kept.position(pointer, key=key) == doc.position(pointer, key=key), pointer
    for pointer, key in [("/prereqs/1", False), ("/video", False), ("/id", True),
                         ("/prereqs", False), ("/title", False)]:
        with pytest.raises(KeyError):
            kept.position(pointer, key=key)
    no_next = LinkPositions.of(doc, (), None)
    with pytest.raises(KeyError):
        no_next.position("/next")
    assert no_next.position("/prereqs", key=True) == doc.position("/prereqs", key=True)
