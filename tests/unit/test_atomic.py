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


HOLD = """
import sys, time
from pathlib import Path
from lmspack.source.atomic import StagedFiles
staged = StagedFiles()
staged.add(Path(sys.argv[1]), lambda handle: handle.write(b"half"))
print("staged", flush=True)
time.sleep(60)
"""


def test_stale_temporaries_go_and_a_living_runs_stay(tmp_path: Path) -> None:
    """What a killed run left (nobody holds its lock) is removed; the temporary of a run
    going on now (another process holding it) is not, nor a file that only looks hidden."""
    import subprocess
    import sys

    from lmspack.source.atomic import remove_stale_temporaries

    (tmp_path / ".pkg.zip.abc123_x.part").write_bytes(b"killed mid-write")
    (tmp_path / ".site.tmp-q1w2e3").mkdir()
    (tmp_path / ".site.tmp-q1w2e3" / "index.html").write_bytes(b"<p>")
    (tmp_path / ".site.old-zz9").mkdir()
    (tmp_path / ".gitignore").write_bytes(b"*\n")
    (tmp_path / "pkg.zip").write_bytes(b"PK")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "live.zip")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "staged"
        live = [p.name for p in tmp_path.glob(".live.zip.*.part")]
        removed = remove_stale_temporaries(tmp_path)
        assert sorted(removed) == [".pkg.zip.abc123_x.part", ".site.old-zz9",
                                   ".site.tmp-q1w2e3"]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [".gitignore", "pkg.zip", *live])
        assert len(live) == 1
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert remove_stale_temporaries(tmp_path) == live  # its run is dead now


def test_a_temporary_removed_before_it_is_locked_is_made_again(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """The instant between mkstemp and the lock: a cleaning run may remove the new file;
    the writer notices (no link left) and makes another."""
    import tempfile

    from lmspack.source import atomic

    made: list[str] = []
    real = tempfile.mkstemp

    def racing_mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, path = real(*args, **kwargs)  # type: ignore[call-overload]
        made.append(path)
        if len(made) == 1:
            os.unlink(path)  # removed by a cleaner before the writer locks it
        return fd, path

    monkeypatch.setattr(atomic.tempfile, "mkstemp", racing_mkstemp)
    target = write_bytes(tmp_path / "r.json", b"{}")
    assert target.read_bytes() == b"{}" and len(made) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]
