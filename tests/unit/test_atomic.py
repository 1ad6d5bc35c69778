"""The one atomic writer: all or nothing, and the permissions the umask allows."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from lmspack.source.atomic import umask, write_bytes, write_tree


@pytest.fixture
def strict_umask() -> Iterator[int]:
    previous = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(previous)


def test_the_umask_is_read_without_changing_it(strict_umask: int) -> None:
    assert umask() == strict_umask
    assert umask() == strict_umask


def test_files_get_what_the_umask_allows(tmp_path: Path, strict_umask: int) -> None:
    target = write_bytes(tmp_path / "out" / "result.json", b"{}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # not mkstemp's 0600
    assert target.read_bytes() == b"{}\n"
    assert [p.name for p in target.parent.iterdir()] == ["result.json"]


def test_trees_get_what_the_umask_allows(tmp_path: Path, strict_umask: int) -> None:
    out = write_tree({"index.html": b"<p>", "lessons/a.html": b"<p>"}, tmp_path / "site")
    assert stat.S_IMODE(out.stat().st_mode) == 0o750  # not mkdtemp's 0700
    assert stat.S_IMODE((out / "lessons" / "a.html").stat().st_mode) == 0o640


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = write_bytes(tmp_path / "result.json", b"old")

    class Boom(Exception):
        pass

    def failing(handle: object) -> None:
        raise Boom

    from lmspack.source.atomic import write_with

    with pytest.raises(Boom):
        write_with(target, failing)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_precompute_results_follow_the_umask(tmp_path: Path, strict_umask: int) -> None:
    from lmspack import check
    from lmspack.precompute import precompute

    course = check(Path(__file__).resolve().parents[2]).course
    assert course is not None
    for result in precompute(course, tmp_path).values():
        assert stat.S_IMODE(result.output.stat().st_mode) == 0o640
