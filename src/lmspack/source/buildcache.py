"""A content-addressed build cache: ``dist/.cache/``, safe to lose, impossible to trust wrongly.

An entry is found by a key that is the SHA-256 of *everything* its content was made from
(:func:`cache_key`): the caller lists the inputs (a lesson's bytes, the bytes of the widget
files and data it uses, the templates, the options, ...) and the key always adds
lmspack's version and this file's format number. Change any input and the key changes,
so an entry is never invalidated: it is simply no longer asked for, and :meth:`prune`
deletes what a build did not use.

Safety: an entry file holds a magic line, its own key and the SHA-256 of its payload.
Anything that does not check out -- a truncated file, flipped bits, a file copied under
another name, an old format -- is a miss, and the bad file is removed. Entries are
written to a temporary file in the same folder and renamed into place, so a build that
dies half-way leaves either the whole entry or none (stray temporary files are swept by
:meth:`prune`), and entries no build has used for two weeks go too. The cache is
best-effort: an unwritable folder only means no caching.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from lmspack import _version

CACHE_DIR = ".cache"
FORMAT = 1
STALE_AFTER = 14 * 86400.0
"""Seconds after its last use an entry a build did not use is deleted (:meth:`prune`):
long enough that ``export --scorm`` and ``export --html`` run in turn keep each other's."""
_MAGIC = b"lmspack-build-cache\n" + struct.pack("<H", FORMAT)
_TMP_SUFFIX = ".tmp"
_ENTRY_SUFFIX = ".entry"


_CODE_SUFFIXES = (".py", ".j2", ".html", ".css", ".js", ".json", ".po")  # .po: interface strings
LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "mdurl", "nh3", "jinja2", "markupsafe",
             "pydantic", "pygments", "latex2mathml", "babel")
"""Third-party distributions whose version can change what lmspack makes of a lesson: its
page's bytes, or what validation finds in its body (part of :func:`digest_code`)."""


def digest_code(extra_folders: Iterable[Path] = ()) -> str:
    """SHA-256 over the source, templates and static files of lmspack (and of
    ``extra_folders``: installed widget kinds' packages) and the versions of
    :data:`LIBRARIES`: a key part that changes when any of them does, even an edited rule
    or template without a version bump. Not cached here: its callers keep it per process
    (``lmspack.render.pagecache.code_digest``, ``lmspack.validate.bodycache``)."""
    folders = {Path(__file__).resolve().parents[1], *(Path(f) for f in extra_folders)}
    digest = hashlib.sha256()
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent\n".encode())
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder.parent)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_key(*parts: object) -> str:
    """The hex SHA-256 of ``parts`` in an unambiguous encoding, plus lmspack's version.

    Parts may be bytes, str, int, float, bool, None, and lists, tuples and string-keyed
    mappings of those (mappings are taken in key order). Every value is written with its
    type and length, so ``("ab", "c")`` and ``("a", "bc")`` give different keys.
    """
    digest = hashlib.sha256()
    _feed(digest, ("lmspack", _version.__version__, FORMAT, parts))
    return digest.hexdigest()


def _feed(digest: hashlib._Hash, value: object) -> None:
    if isinstance(value, bytes):
        _tagged(digest, b"b", value)
    elif isinstance(value, str):
        _tagged(digest, b"s", value.encode("utf-8"))
    elif isinstance(value, bool) or value is None:
        _tagged(digest, b"k", repr(value).encode())
    elif isinstance(value, int):
        _tagged(digest, b"i", str(value).encode())
    elif isinstance(value, float):
        _tagged(digest, b"f", value.hex().encode())
    elif isinstance(value, (list, tuple)):
        _tagged(digest, b"l", str(len(value)).encode())
        for item in value:
            _feed(digest, item)
    elif isinstance(value, Mapping):
        _tagged(digest, b"m", str(len(value)).encode())
        for key in sorted(value):
            if not isinstance(key, str):
                raise TypeError(f"cache key mappings need str keys, got {key!r}")
            _feed(digest, key)
            _feed(digest, value[key])
    else:
        raise TypeError(f"cannot key a cache entry on {type(value).__name__}")


def _tagged(digest: hashlib._Hash, tag: bytes, data: bytes) -> None:
    digest.update(tag + struct.pack("<Q", len(data)))
    digest.update(data)


def answers_hold(calls: Iterable[tuple[tuple[Any, ...], object]],
                 ask: Callable[..., object]) -> bool:
    """Whether ``ask`` gives every recorded answer again: ``calls`` holds (question's
    arguments, answer) in the order they were first asked. The one input an entry cannot be
    keyed on up front is the file system (does a linked file exist, where does it point):
    an entry records each question it asked and its answer, and is trusted only when the
    same questions, asked again now, get the same answers (the page cache's
    :func:`~lmspack.render.pagecache.replay`, validation's
    :mod:`~lmspack.validate.bodycache`). Stops at the first answer that differs."""
    return all(ask(*question) == answer for question, answer in calls)


class Recorder:
    """``ask`` (a function answering questions about the file system) that also writes
    down each question's arguments and its answer, in order (:attr:`calls`), for
    :func:`answers_hold`."""

    def __init__(self, ask: Callable[..., Any]) -> None:
        self.ask = ask
        self.calls: list[tuple[tuple[Any, ...], Any]] = []

    def __call__(self, *question: Any) -> Any:
        answer = self.ask(*question)
        self.calls.append((question, answer))
        return answer


IGNORE_FILE = ".gitignore"
"""Written into a cache folder when it is made, holding ``*``: git then ignores the folder
and everything in it wherever it is (as ruff's, pytest's and mypy's caches do)."""


class BuildCache:
    """Entries under ``folder`` (usually ``dist/.cache``); ``enabled=False`` caches nothing.
    ``hold=True``: :meth:`put` keeps entries in memory until :meth:`flush` writes them (an
    export validates first, and writes nothing at all when the course is refused)."""

    def __init__(self, folder: Path | str, *, enabled: bool = True, hold: bool = False) -> None:
        self.folder = Path(folder)
        self.enabled = enabled
        self.hold = hold
        self.held: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{_ENTRY_SUFFIX}"

    def contains(self, key: str) -> bool:
        """Whether an entry file exists for ``key`` (not whether it is intact: :meth:`get`
        says). An absent entry counts as a miss, as :meth:`get` would have counted it."""
        self.used.add(key)
        found = self.enabled and self._path(key).is_file()
        self.misses += not found
        return found

    def get(self, key: str) -> bytes | None:
        """The payload stored under ``key``, or ``None`` (absent or not intact)."""
        self.used.add(key)
        if not self.enabled:
            return None
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        payload = _unwrap(blob, key)
        if payload is None:
            self.misses += 1
            with contextlib.suppress(OSError):  # a read-only cache still answers: a miss
                path.unlink(missing_ok=True)  # corrupt, truncated or foreign: never trust it
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # last use, for prune(older_than=...)
        return payload

    def put(self, key: str, payload: bytes) -> None:
        """Store ``payload`` under ``key`` atomically; problems only mean no caching."""
        self.used.add(key)
        if not self.enabled:
            return
        if self.hold:
            self.held[key] = payload
            return
        path = self._path(key)
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / IGNORE_FILE).write_text("# made by lmspack: a cache, never "
                                                       "committed\n*\n", encoding="utf-8")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=_TMP_SUFFIX)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(_wrap(payload, key))
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def flush(self) -> None:
        """Write the entries :meth:`put` held (``hold=True``), and stop holding."""
        self.hold = False
        held, self.held = self.held, {}
        for key, payload in held.items():
            self.put(key, payload)

    def get_or_make(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The cached payload, or ``make()`` stored and returned."""
        payload = self.get(key)
        if payload is None:
            payload = make()
            self.put(key, payload)
        return payload

    def prune(self, keep: Iterable[str] | None = None, older_than: float = 0.0) -> int:
        """Delete entries not in ``keep`` (default: the keys this object used) that were
        last used more than ``older_than`` seconds ago, and stray temporary files older
        than that; return how many files went."""
        if not self.enabled or not self.folder.is_dir():
            return 0
        wanted = set(self.used if keep is None else keep)
        cutoff = time.time() - older_than
        removed = 0
        for path in self.folder.glob("*/*"):
            is_entry = path.suffix == _ENTRY_SUFFIX
            if is_entry and path.name.removesuffix(_ENTRY_SUFFIX) in wanted:
                continue
            with contextlib.suppress(OSError):
                if older_than <= 0 or path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed


def _wrap(payload: bytes, key: str) -> bytes:
    return _MAGIC + key.encode("ascii") + hashlib.sha256(payload).digest() + payload


def _unwrap(blob: bytes, key: str) -> bytes | None:
    head = len(_MAGIC) + len(key) + 32
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    if blob[len(_MAGIC) : len(_MAGIC) + len(key)] != key.encode("ascii"):
        return None
    payload = blob[head:]
    if hashlib.sha256(payload).digest() != blob[head - 32 : head]:
        return None
    return payload
