"""Nothing lost (issue 10): an export killed with SIGKILL while it writes, or stopped with
Ctrl-C, leaves the previous dist/ exactly as it was, and the next run builds normally;
two exports at the same time both succeed and leave one complete build.

The exports run as real processes (``python -m lmspack``) on the example course with a
24 MB picture, so writing the SCORM zip takes long enough to be caught in the act: the
test waits (bounded) until a temporary output appears in dist/, then signals."""

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


def state(dist: Path) -> set[tuple[str, int, int]]:
    """Every path in ``dist`` with its size and modification time."""
    found = set()
    for path in dist.rglob("*"):
        try:
            info = path.stat()
        except FileNotFoundError:  # renamed away while we looked
            continue
        found.add((path.relative_to(dist).as_posix(), info.st_size, info.st_mtime_ns))
    return found


def signal_while_writing(proc: subprocess.Popen[bytes], dist: Path, signum: int) -> None:
    """Wait until the export has started writing in ``dist`` (anything there changed:
    a temporary output appeared, or, were it not atomic, a package began to change),
    then send ``signum``."""
    before = state(dist)
    deadline = time.monotonic() + WAIT
    while state(dist) == before:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the export finished (or hung) before it was seen writing")
        time.sleep(0.002)
    time.sleep(0.05)  # well inside the writing of a 24 MB zip
    proc.send_signal(signum)
    proc.wait(timeout=WAIT)


def test_an_export_killed_while_writing_leaves_dist_as_it_was(course: Path) -> None:
    dist = course / "dist"
    before = digests(dist)
    proc = export(course)
    signal_while_writing(proc, dist, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    assert digests(dist) == before  # every file complete and unchanged, none added
    assert all(TEMPORARY.match(name) for name in leftovers(dist))  # only hidden temporaries

    assert export(course).wait(timeout=WAIT) == 0
    after = digests(dist)
    assert sorted(after) == sorted(before)
    assert after["site/lessons/ai-builder-ch4-lesson1.html"] \
        != before["site/lessons/ai-builder-ch4-lesson1.html"]  # the change is built now
    assert "A sentence added later." in (dist / "site" / "lessons" /
                                         "ai-builder-ch4-lesson1.html").read_text("utf-8")


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
