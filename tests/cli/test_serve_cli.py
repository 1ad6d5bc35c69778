"""`lmspack serve` as a user runs it: a subprocess on a free loopback port, edited while it
runs, stopped with Ctrl-C (SIGINT). Every wait is a bounded loop; nothing is timed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from lmspack.authoring.scaffold import init_course

ATTEMPTS = 200  # x 0.1 s polls: generous on a loaded 2-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, root: Path, port: int) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lmspack", "serve", "--port", str(port)], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, predicate, what: str) -> None:  # type: ignore[no-untyped-def]
        for _ in range(ATTEMPTS):
            if predicate():
                return
            if self.process.poll() is not None and not predicate():
                break
            threading.Event().wait(0.1)
        raise AssertionError(f"gave up waiting for {what}; output: {self.lines}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
            raise
        finally:
            self._reader.join(timeout=30)  # the pipe ends with the process
            assert self.process.stdout is not None
            self.process.stdout.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    root = tmp_path / "course"
    init_course(root, "Preview")
    (root / "lessons" / "second.md").write_text(
        "---\nid: second\ntitle: Second\nprereqs: [welcome]\n---\nSecond body.\n")
    (root / "course.yaml").write_text((root / "course.yaml").read_text().replace(
        "  - welcome\n", "  - welcome\n  - second\n"))
    running = Server(root, free_port())
    try:
        yield running, root
    finally:
        running.stop()


def test_serve_builds_serves_rebuilds_what_changed_and_stops_on_ctrl_c(server) -> None:
    running, root = server
    running.wait_for(lambda: any(line.startswith("Serving") for line in running.lines),
                     "the listening line")
    assert running.lines[-1].endswith(f"at {running.url} (Ctrl-C to stop; reload the page "
                                      "after a change)")
    status, index = running.get("")
    assert status == 200 and "Welcome" in index and "Second" in index
    assert running.get("lessons/second.html")[0] == 200
    assert running.get("no/such/page.html")[0] == 404

    lesson = root / "lessons" / "second.md"
    lesson.write_text(lesson.read_text().replace("Second body.", "Edited body."))
    running.wait_for(lambda: "Edited body." in running.get("lessons/second.html")[1],
                     "the edited page")
    running.wait_for(lambda: any(line.startswith("rebuilt") for line in running.lines),
                     "the rebuild line")
    rebuilt = [line for line in running.lines if line.startswith("rebuilt")]
    assert rebuilt == ["rebuilt 1 page: lessons/second.html"]  # only what changed

    lesson.write_text(lesson.read_text().replace("prereqs: [welcome]", "prereqs: [nobody]"))
    running.wait_for(lambda: any("not rebuilt" in line for line in running.lines),
                     "the validation report")
    assert any("L002" in line for line in running.lines)
    assert "Edited body." in running.get("lessons/second.html")[1]  # last good build stays

    assert running.stop() == 0
    running.wait_for(lambda: "Stopped." in running.lines, "the stop line")
    with pytest.raises(OSError):
        urllib.request.urlopen(running.url, timeout=5)
