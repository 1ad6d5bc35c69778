"""Nothing lost (issue 10): an export killed with SIGKILL while it writes, or stopped with
Ctrl-C, leaves the previous dist/ exactly as it was, and the next run builds normally;
two exports at the same time both succeed and leave one complete build. Nothing left
behind (issue 22): no worker process outlives a killed export, and the next run removes
the killed run's temporary files.

The exports run as real processes (``python -m lmspack``) on the example course with a
24 MB picture, so writing the SCORM zip takes long enough to be caught in the act: the
test waits (bounded) until the zip's temporary file exists and is growing, then signals,
and checks that the temporary was there, incomplete, when the signal went."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEMPORARY = re.compile(r"^\.(site\.(tmp|old)-\w+|.+\.\w+\.part)$")  # what atomic.py names
WAIT = 180.0  # seconds: an upper bound for a slow shared machine, never an assertion


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """The example course with a big picture in lesson 1, built once into dist/ and then
    changed (so a build that completed would show)."""
    from lmspack.build import BuildRequest, build

    root = tmp_path / "course"
    for name in ("lessons", "widgets"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "course.yaml", root)
    (root / "media").mkdir()
    (root / "media" / "big.png").write_bytes(random.Random(10).randbytes(24_000_000))
    lesson = root / "lessons" / "ai-builder-ch4-lesson1.md"
    lesson.write_text(lesson.read_text(encoding="utf-8")
                      + "\n![A big picture](../media/big.png)\n", encoding="utf-8")
    build(root, BuildRequest(("scorm12", "site"), epoch=1700000000))
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nA sentence added later.\n",
                      encoding="utf-8")
    return root


def digests(folder: Path, *, hidden: bool = False) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and hidden == any(part.startswith(".") for part in p.relative_to(folder).parts)}


def leftovers(dist: Path) -> list[str]:
    """Hidden names in ``dist``, but not the build cache (dist/.cache), which is meant to stay."""
    return sorted(p.name for p in dist.rglob(".*")
                  if p.relative_to(dist).parts[0] != ".cache")


def export(root: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.Popen([sys.executable, "-m", "lmspack", "export", "--scorm", "--html",
                             "--root", str(root)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


ZIP = "ai-builder-ch4-1.0.0-scorm12.zip"
ZIP_TEMPORARY = re.compile(rf"^\.{re.escape(ZIP)}\.\w+\.part$")


def growing_zip_temporary(proc: subprocess.Popen[bytes], dist: Path) -> tuple[str, int]:
    """Wait until the SCORM zip's temporary file exists in ``dist`` and has grown since the
    last look (its bytes are being written now); its name and size then."""
    sizes: dict[str, int] = {}
    deadline = time.monotonic() + WAIT
    while proc.poll() is None and time.monotonic() < deadline:
        for path in dist.iterdir():
            if not ZIP_TEMPORARY.match(path.name):
                continue
            try:
                size = path.stat().st_size
            except FileNotFoundError:  # moved into place meanwhile
                continue
            if 0 < sizes.get(path.name, size) < size:
                return path.name, size
            sizes[path.name] = size
        time.sleep(0.002)
    proc.kill()
    pytest.fail("the export finished (or hung) before its zip was seen being written")


def signal_while_writing(proc: subprocess.Popen[bytes], dist: Path,
                         signum: int) -> tuple[str, int]:
    """Send ``signum`` while the zip's temporary file is being written; its name and the
    size it had a moment before the signal."""
    name, size = growing_zip_temporary(proc, dist)
    proc.send_signal(signum)
    proc.wait(timeout=WAIT)
    return name, size


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":  # a zombie is dead, only not yet reaped
            parents[int(stat_file.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            out.add(pid)
    return out


def gone_within(pids: set[int], seconds: float) -> set[int]:
    """The processes of ``pids`` still alive after waiting up to ``seconds`` (then killed,
    so that the test leaves none behind)."""
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = alive(pids)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def test_an_export_killed_while_writing_leaves_dist_as_it_was(course: Path) -> None:
    dist = course / "dist"
    before = digests(dist)
    proc = export(course)
    temporary, size = growing_zip_temporary(proc, dist)  # being written now
    workers = descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=WAIT)
    assert gone_within(workers, 10.0) == set()  # no process of the export left behind
    assert proc.returncode == -signal.SIGKILL
    assert digests(dist) == before  # every file complete and unchanged, none added
    assert temporary in leftovers(dist)  # the zip being written when the kill came
    assert all(TEMPORARY.match(name) for name in leftovers(dist))  # only hidden temporaries

    assert export(course).wait(timeout=WAIT) == 0
    assert leftovers(dist) == []  # the next run removed what the killed one left
    assert 0 < size < (dist / ZIP).stat().st_size  # the kill came mid-write
    after = digests(dist)
    assert sorted(after) == sorted(before)
    assert after["site/lessons/ai-builder-ch4-lesson1.html"] \
        != before["site/lessons/ai-builder-ch4-lesson1.html"]  # the change is built now
    assert "A sentence added later." in (dist / "site" / "lessons" /
                                         "ai-builder-ch4-lesson1.html").read_text("utf-8")


def test_no_worker_outlives_a_killed_export(course: Path) -> None:
    """The zip's entries are deflated by worker processes; ``kill -9`` of the export while
    they work leaves none of them running (they used to live on, for good)."""
    proc = export(course)
    growing_zip_temporary(proc, course / "dist")
    workers = descendants(proc.pid)
    proc.kill()
    proc.wait(timeout=WAIT)
    assert workers  # the kill came while the pool was working
    assert gone_within(workers, 10.0) == set()


def test_ctrl_c_while_writing_leaves_dist_as_it_was_and_no_temporary(course: Path) -> None:
    dist = course / "dist"
    before = digests(dist)
    proc = export(course)
    signal_while_writing(proc, dist, signal.SIGINT)
    assert proc.returncode == 2
    assert digests(dist) == before
    assert leftovers(dist) == []  # an interrupted Python process cleans up after itself


def test_two_exports_at_once_leave_one_complete_build(course: Path) -> None:
    shutil.rmtree(course / "dist")
    runs = [export(course), export(course)]
    assert [run.wait(timeout=WAIT) for run in runs] == [0, 0]
    dist = course / "dist"
    both = digests(dist)
    assert leftovers(dist) == []
    shutil.rmtree(dist)
    assert export(course).wait(timeout=WAIT) == 0
    assert digests(dist) == both


def test_no_body_reading_worker_outlives_a_killed_validate(tmp_path: Path) -> None:
    """``lmspack validate`` reads a big course's lesson bodies in worker processes
    (lmspack.validate.bodycache); ``kill -9`` of the validate while they work leaves none."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: validate reads every body in its own process")
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "course.yaml").write_text("id: big\ntitle: Big\nversion: 1.0.0\n", "utf-8")
    lesson = (REPO / "lessons" / "ai-builder-ch4-lesson3.md").read_text("utf-8")
    body = lesson.split("\n---\n", 1)[1]
    for n in range(600):
        (root / "lessons" / f"l{n:04}.md").write_text(f"---\nid: l{n:04}\ntitle: L{n}\n---\n"
                                                      f"{body}\nLesson {n}.\n", "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "lmspack", "validate", "--no-cache",
                             "--root", str(root)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + WAIT
    workers: set[int] = set()
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = descendants(proc.pid)
        time.sleep(0.02)
    proc.kill()
    proc.wait(timeout=WAIT)
    assert len(workers) >= 2  # the kill came while the pool was reading (2 workers or more)
    assert gone_within(workers, 10.0) == set()
