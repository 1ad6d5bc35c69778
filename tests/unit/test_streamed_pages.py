"""Pages are handed from the render stage to the package stage one at a time (issue 20).

The bound is checked by memory, not by the clock: the same course at N and 4N lessons is
rendered and zipped in this process under ``tracemalloc``, and the peak of what Python
holds may grow by only a small part of the extra HTML. When every page is handed over in
one mapping (the code before issue 20), the peak grows by at least the extra HTML.
Worker processes are not traced; what they send back is.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from lmspack import check
from lmspack.formats import FileSet, FormatJob, Output, merge_files
from lmspack.formats.registry import require_format
from lmspack.model.course import Course
from lmspack.packaging.zipwriter import write_zip
from lmspack.precompute import precompute
from lmspack.source.atomic import write_tree
from lmspack.source.buildcache import BuildCache
from lmspack.source.filestore import Lazy, SpillFile

REPO = Path(__file__).resolve().parents[2]
SMALL = 16  # the render pool starts at 16 pages (site.POOL_MIN_PAGES): both sizes use it
GROWTH = 4
ALLOWED = 0.25
"""Of the extra HTML of the bigger course, the part the peak may grow by (page records,
the zip's central directory, the course model itself grow with the course)."""


def _course(root: Path, lessons: int) -> Course:
    """The benchmarks' generated course (about 300 KB of HTML a page)."""
    subprocess.run([sys.executable, str(REPO / "bench" / "coursegen.py"), str(root),
                    "--lessons", str(lessons)], check=True, capture_output=True)
    course = check(root).course
    assert course is not None
    return course


def _export(course: Course, results: dict[str, Any], fmt_name: str, out: Path) -> tuple[int, int]:
    """Peak traced bytes while ``fmt_name`` renders and writes ``course``; bytes of its
    lesson pages."""
    fmt = require_format(fmt_name)
    cache = BuildCache(out / ".cache")
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        output = fmt.build(FormatJob(course, results, "generic", cache=cache))
        target = out / output.name
        if fmt.output == "zip":
            write_zip(output.files, target, cache=cache)
        else:
            write_tree(output.files, target)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    if fmt.output == "zip":
        with zipfile.ZipFile(target) as package:
            pages = sum(info.file_size for info in package.infolist()
                        if info.filename.startswith("lessons/"))
    else:
        pages = sum(path.stat().st_size for path in (target / "lessons").iterdir())
    return peak, pages


Courses = tuple[Course, Course, dict[str, Any]]


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory) -> Courses:
    """The course at N and 4N lessons, and their widgets' results (the same widget files:
    computed once, used by both)."""
    root = tmp_path_factory.mktemp("streamed")
    small = _course(root / "small", SMALL)
    big = _course(root / "big", SMALL * GROWTH)
    return small, big, precompute(small, root / "precomputed").documents()


@pytest.mark.parametrize("fmt_name", ["scorm12", "site"])
def test_export_memory_does_not_grow_with_the_pages(tmp_path: Path, courses: Courses,
                                                    fmt_name: str) -> None:
    small, big, results = courses
    peak_small, html_small = _export(small, results, fmt_name, tmp_path / "out-small")
    peak_big, html_big = _export(big, results, fmt_name, tmp_path / "out-big")
    extra_html = html_big - html_small
    assert extra_html > 10_000_000  # the pages are big enough for the bound to show
    grown = peak_big - peak_small
    assert grown < ALLOWED * extra_html, (
        f"{fmt_name}: the peak grew by {grown:,} bytes from {SMALL} to {SMALL * GROWTH} "
        f"lessons, for {extra_html:,} bytes of extra pages: the pages are held at once")


class _Counted(Lazy):
    """A lazy content that counts how often it is read."""

    def __init__(self, content: bytes) -> None:
        self.content, self.loads = content, 0

    def load(self) -> bytes:
        self.loads += 1
        return self.content

    @property
    def size(self) -> int:
        return len(self.content)


def test_files_are_read_once_when_written_and_never_before(tmp_path: Path) -> None:
    lazies = {f"lessons/{n}.html": _Counted(b"<p>%d</p>" % n * 1000) for n in range(20)}
    files = merge_files(FileSet(lazies), {"imsmanifest.xml": b"<manifest/>"})
    output = Output("a.zip", files, 20)
    assert output.files is files and len(files) == 21  # kept as it is, nothing read
    assert sum(files.size(name) for name in files) > 0
    assert all(lazy.loads == 0 for lazy in lazies.values())
    write_zip(output.files, tmp_path / "a.zip")
    assert [lazy.loads for lazy in lazies.values()] == [1] * 20
    with zipfile.ZipFile(tmp_path / "a.zip") as package:
        assert package.read("lessons/3.html") == lazies["lessons/3.html"].content
    assert files == {**{name: lazy.content for name, lazy in lazies.items()},
                     "imsmanifest.xml": b"<manifest/>"}


def test_spill_file_has_no_name_and_reads_back(tmp_path: Path) -> None:
    spill = SpillFile(tmp_path)
    first, second = spill.put(b"a" * 70_000), spill.put(b"")
    third = spill.put(b"xyz")
    assert list(tmp_path.iterdir()) == []  # nothing named: nothing left if the build dies
    assert (first.load(), second.load(), third.load()) == (b"a" * 70_000, b"", b"xyz")
    assert (first.size, third.size) == (70_000, 3)
    spill.close()
    assert list(tmp_path.iterdir()) == []
