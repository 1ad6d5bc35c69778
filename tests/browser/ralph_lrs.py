"""A real LRS for the xAPI/cmi5 tests: ralph-malph 5.1.0 (``ralph runserver -b fs``).

Installed by ``scripts/test.sh`` into ``.venv-ralph/`` (``tests/lrs/requirements.txt`` says
why it has a venv of its own); ``$LMSPACK_RALPH_VENV`` names another one. :func:`start_ralph`
creates credentials with ``ralph auth ... -w`` in a temporary ``RALPH_APP_DIR``, starts the
server on 127.0.0.1 (its own process group, cwd in the temporary folder) and waits for its
heartbeat; :meth:`Ralph.stop` ends the group. A timer stops it anyway after a while.

ralph's file store in 5.1.0 writes each POST to one file and refuses to write a file that
exists (``operation_type`` create), so only the first POST would be stored. The store's
file name is therefore a glob, ``statements*.jsonl``: ralph writes the literal file of that
name, reads every file the glob matches, and :meth:`Ralph.post_statements` (one POST at a
time) renames the file it just wrote to a numbered one, so the next POST can write again.
Statements are validated and stored by ralph itself; the tests GET every one back.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import REPO_ROOT

RALPH_LIFETIME_S = 600.0
STORE_GLOB = "statements*.jsonl"
XAPI_VERSION = "1.0.3"


def ralph_venv() -> Path:
    return Path(os.environ.get("LMSPACK_RALPH_VENV", REPO_ROOT / ".venv-ralph"))


def ralph_missing() -> str | None:
    """Why ralph cannot run here, or ``None``."""
    executable = ralph_venv() / "bin" / "ralph"
    if not executable.is_file():
        return (f"{executable} not found (scripts/test.sh installs ralph-malph from "
                "tests/lrs/requirements.txt into .venv-ralph)")
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Ralph:
    """A running ralph LRS: its xAPI base URL and the credentials the test LMS uses."""

    url: str
    username: str
    password: str
    store: Path
    process: subprocess.Popen[bytes]
    log: Path
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _batches: int = 0

    @property
    def authorization(self) -> str:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return f"Basic {token}"

    def request(self, method: str, path: str, body: Any = None,
                params: str = "") -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}xAPI/{path}{'?' + params if params else ''}", data=data, method=method,
            headers={"Authorization": self.authorization, "X-Experience-API-Version": XAPI_VERSION,
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post_statements(self, statements: Any) -> tuple[int, bytes]:
        """POST statements to ralph, then move the written file aside (module docstring)."""
        with self._lock:
            status, body = self.request("POST", "statements", statements)
            written = self.store / STORE_GLOB
            if written.is_file():
                self._batches += 1
                written.rename(self.store / f"statements-{self._batches:06d}.jsonl")
            return status, body

    def get_statement(self, statement_id: str) -> tuple[int, Any]:
        """ralph's answer to ``GET statements?statementId=``: the statement, or the error.
        (ralph 5.1.0 wraps the one statement in a StatementResult; the spec says bare.)"""
        status, body = self.request("GET", "statements", params=f"statementId={statement_id}")
        if status != 200:
            return status, body.decode(errors="replace")
        found = json.loads(body)
        if isinstance(found, dict) and "statements" in found:
            if len(found["statements"]) != 1:
                return 404, f"{len(found['statements'])} statements with id {statement_id}"
            found = found["statements"][0]
        return status, found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


def start_ralph(work: Path) -> Ralph:
    """Credentials, then ``ralph runserver -b fs`` on 127.0.0.1; returns once it answers."""
    bin_dir = ralph_venv() / "bin"
    app_dir, store = work / "ralph-app", work / "ralph-store"
    app_dir.mkdir()
    env = {**os.environ, "RALPH_APP_DIR": str(app_dir), "RALPH_RUNSERVER_BACKEND": "fs"}
    username, password = "lmspack-test-lms", secrets.token_urlsafe(16)
    subprocess.run([str(bin_dir / "ralph"), "auth", "-u", username, "-p", password, "-s", "all",
                    "-M", "mailto:test-lms@example.org", "-w"],
                   env=env, cwd=work, check=True, capture_output=True, timeout=120)
    port = _free_port()
    log = work / "ralph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(bin_dir / "ralph"), "runserver", "-b", "fs", "-h", "127.0.0.1", "-p", str(port),
             "--fs-default-directory-path", str(store), "--fs-default-lrs-file", STORE_GLOB],
            env=env, cwd=work, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    ralph = Ralph(f"http://127.0.0.1:{port}/", username, password, store, process, log)
    stop = threading.Timer(RALPH_LIFETIME_S, ralph.stop)
    stop.daemon = True
    stop.start()
    _wait_for_heartbeat(ralph)
    return ralph


def _wait_for_heartbeat(ralph: Ralph, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ralph.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{ralph.url}__heartbeat__", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    ralph.stop()
    raise RuntimeError(f"ralph did not start:\n{ralph.log.read_text(errors='replace')[-3000:]}")
