"""Browser-test plumbing: the tools they need, the example course's site, node drivers.

Needs Debian's ``/usr/bin/chromium`` (``$LMSPACK_CHROMIUM`` overrides), ``node`` and the
npm packages from ``package-lock.json`` (``npm ci``: playwright-core, vnu-jar, axe-core).
Without them the tests skip with the reason; under ``LMSPACK_REQUIRE_BROWSER=1`` they fail.
Every test module launches the browser once (one node process) and asserts on its JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO_ROOT, skip_or_fail

REQUIRE = "LMSPACK_REQUIRE_BROWSER"
NODE_MODULES = REPO_ROOT / "node_modules"
HERE = Path(__file__).resolve().parent
SERVER_LIFETIME_S = 300.0  # a test server never outlives this, even if a test hangs


def chromium_path() -> str:
    return os.environ.get("LMSPACK_CHROMIUM", "/usr/bin/chromium")


def _missing_tools(packages: tuple[str, ...]) -> list[str]:
    missing = []
    if not Path(chromium_path()).exists():
        missing.append(f"{chromium_path()} (apt-get install chromium)")
    if shutil.which("node") is None:
        missing.append("node")
    missing += [f"node_modules/{name} (npm ci)" for name in packages
                if not (NODE_MODULES / name / "package.json").is_file()]
    return missing


def require_tools(*packages: str, chromium: bool = True) -> None:
    """Skip (or fail under LMSPACK_REQUIRE_BROWSER=1) when Chromium, node or one of the
    npm ``packages`` is missing (``chromium=False``: a test that needs no browser)."""
    missing = [m for m in _missing_tools(packages) if chromium or "chromium" not in m]
    if missing:
        skip_or_fail("browser tests need " + ", ".join(missing), REQUIRE)


def run_node(script: str, config: dict[str, Any], work: Path, timeout: float = 150) -> Any:
    """Run ``tests/browser/<script>`` with ``config`` and return the JSON it prints."""
    config_path = work / f"{Path(script).stem}-config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.run(["node", str(HERE / script), str(config_path)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, f"{script} failed:\n{proc.stderr[-4000:]}"
    return json.loads(proc.stdout)


def example_results(course: Any, work: Path) -> dict[str, Any]:
    """The example course's real widget results, from the precompute stage."""
    from lmspack.precompute import precompute

    done = precompute(course, work / "dist", reuse=False)
    return {source: result.document for source, result in done.items()}


@pytest.fixture(scope="session")
def example_course() -> Any:
    from lmspack import check

    course = check(REPO_ROOT).course
    assert course is not None and course.lessons
    return course


@pytest.fixture(scope="session")
def example_site(example_course: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example course built as a site (default options) into a temporary ``dist/``."""
    from tests.rendering import write_site

    work = tmp_path_factory.mktemp("site")
    out = work / "dist" / "site"
    site = write_site(example_course, example_results(example_course, work), out)
    assert site.missing_results == ()
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class LmsStore:
    """What the test LMS's server received, by run name and kind (``commit``: the CMI data a
    SCORM API posted to its ``lmsCommitUrl``, as an LMS stores it; ``call``: the API call log
    the test LMS page sends by beacon, so that calls made while a window closes are kept)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._posts: dict[tuple[str, str], list[Any]] = {}

    def add(self, kind: str, run: str, body: Any) -> None:
        with self._lock:
            self._posts.setdefault((kind, run), []).append(body)

    def get(self, kind: str, run: str) -> list[Any]:
        with self._lock:
            return list(self._posts.get((kind, run), []))


class _LmsHandler(_QuietHandler):
    """Static files, plus ``POST /lms/<kind>/<run>`` (stored; answers as a SCORM commit
    endpoint does) and ``GET /lms/<kind>/<run>`` (what was stored, as JSON)."""

    store: LmsStore

    def _lms_path(self) -> tuple[str, str] | None:
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        return (parts[1], parts[2]) if len(parts) == 3 and parts[0] == "lms" and \
            parts[1] in ("commit", "call") else None

    def do_POST(self) -> None:
        where = self._lms_path()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace")
        if where is None:
            self.send_error(404)
            return
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw
        self.store.add(where[0], where[1], body)
        self._reply(b'{"result":"true","errorCode":0}')

    def do_GET(self) -> None:
        where = self._lms_path()
        if where is None:
            super().do_GET()
            return
        self._reply(json.dumps(self.store.get(*where)).encode("utf-8"))

    def _reply(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def serve(directory: Path, store: LmsStore | None = None) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (ephemeral port) and yield its base URL; the server
    shuts itself down after SERVER_LIFETIME_S at the latest, and on leaving in any case.
    With ``store``, the server is also the test LMS's back end (see :class:`_LmsHandler`)."""
    if store is not None:
        handler: Any = partial(type("_Lms", (_LmsHandler,), {"store": store}),
                               directory=str(directory))
    else:
        handler = partial(_QuietHandler, directory=str(directory))
    with serve_handler(handler) as url:
        yield url


@contextmanager
def serve_handler(handler: Any) -> Iterator[str]:
    """Run ``handler`` (a request handler class or factory) as :func:`serve` does."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stop = threading.Timer(SERVER_LIFETIME_S, server.shutdown)
    stop.daemon = True
    stop.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        stop.cancel()
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def loopback_server(example_site: Path) -> Iterator[str]:
    """The example site on a loopback server, for the module's tests."""
    with serve(example_site) as url:
        yield url
