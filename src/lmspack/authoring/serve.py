"""``lmspack serve``: a local preview on 127.0.0.1, rebuilt when course files change.

The site is built by :func:`lmspack.build` (:class:`~lmspack.authoring.preview.PreviewSite`
holds what it wrote in memory) and served by the standard library's threading HTTP
server, bound to loopback only. The course folder is polled for changed files (no
file-watching dependency; ``dist/`` and hidden folders are ignored); a change triggers a
rebuild of only what changed. ``stop`` (an event) or
Ctrl-C ends the loop, and the server is shut down and its socket closed before returning.
"""

from __future__ import annotations

import mimetypes
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lmspack.authoring import AuthoringError
from lmspack.authoring.preview import PreviewSite, Rebuild

HOST = "127.0.0.1"
SKIPPED_DIRS = frozenset({"dist", "node_modules", "__pycache__"})


def snapshot(root: Path, skip: frozenset[str] = SKIPPED_DIRS) -> dict[str, tuple[int, int]]:
    """Every course file's (modification time, size), to notice changes by polling."""
    state = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part in skip for part in rel.parts[:-1]) or \
                rel.name.startswith("."):
            continue
        try:
            info = path.stat()
        except OSError:  # removed while listing
            continue
        if path.is_file():
            state[rel.as_posix()] = (info.st_mtime_ns, info.st_size)
    return state


def changed_files(before: dict[str, tuple[int, int]],
                  after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def _handler(site: PreviewSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "lmspack-serve"

        def do_GET(self) -> None:
            self._send(head=False)

        def do_HEAD(self) -> None:
            self._send(head=True)

        def _send(self, head: bool) -> None:
            path = unquote(urlsplit(self.path).path).lstrip("/")
            if path == "" or path.endswith("/"):
                path += "index.html"
            body = site.files.get(path)  # a rebuild swaps in a whole new mapping
            if body is None:
                body, status, kind = b"Not found in the preview.\n", 404, "text/plain"
            else:
                status = 200
                kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            self.send_response(status)
            charset = "; charset=utf-8" if kind.startswith("text/") else ""
            self.send_header("Content-Type", kind + charset)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")  # a reload shows the rebuild
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # requests are not news; rebuilds are

    return Handler


@dataclass(frozen=True)
class ServeEvents:
    """How the server tells the caller what happens (the library never prints)."""

    listening: Callable[[str], None]
    rebuilt: Callable[[Rebuild, list[str]], None]


@dataclass(frozen=True)
class ServeOutcome:
    """``started`` False: the first build failed validation and nothing was served."""

    started: bool
    last: Rebuild


def serve(root: Path, port: int, events: ServeEvents, *, interval: float = 0.5,
          stop: threading.Event | None = None, cache_dir: Path | None = None,
          handle_signals: bool = False) -> ServeOutcome:
    """Build the site, serve it on 127.0.0.1:``port`` (0: any free port) and rebuild on
    change until ``stop`` is set or Ctrl-C (KeyboardInterrupt) arrives; with
    ``handle_signals`` (the command line, main thread only) SIGINT and SIGTERM stop it too.
    Raises :class:`AuthoringError` when the port cannot be bound."""
    site = PreviewSite(root, cache_dir or root / "dist")
    try:  # first, so a taken port is reported before any work
        server = ThreadingHTTPServer((HOST, port), _handler(site))
    except OSError as exc:
        raise AuthoringError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}; "
                             "choose another --port") from None
    server.daemon_threads = True
    first = site.rebuild()
    if not first.ok:
        server.server_close()
        return ServeOutcome(False, first)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              daemon=True)
    thread.start()
    last = first
    stop = stop or threading.Event()
    try:
        with stop_on_signals(stop) if handle_signals else nullcontext():
            last = _watch(root, site, server, events, stop, interval, first)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    return ServeOutcome(True, last)


def _watch(root: Path, site: PreviewSite, server: ThreadingHTTPServer, events: ServeEvents,
           stop: threading.Event, interval: float, last: Rebuild) -> Rebuild:
    """Announce the address, then poll for changes and rebuild until ``stop`` is set."""
    events.listening(f"http://{HOST}:{server.server_address[1]}/")
    before = snapshot(root)
    while not stop.wait(interval):
        after = snapshot(root)
        changes = changed_files(before, after)
        if changes:
            before = after
            last = site.rebuild()
            events.rebuilt(last, changes)
    return last


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """While inside, SIGTERM and SIGINT (Ctrl-C) set ``stop`` so the serve loop ends
    cleanly; the previous handlers come back afterwards. SIGINT is taken over even where it
    was inherited as ignored (a background job of a shell)."""
    def handle(signum: int, frame: object) -> None:
        stop.set()

    previous = {}
    for name in ("SIGINT", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, handle)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)

