"""Package files that stay out of memory until they are written: :class:`FileSet`.

A course of 2,000 lessons renders to about 600 MiB of HTML. The render stage hands its
pages to the package stage one at a time (:func:`lmspack.render.render_pages`): as each page
comes out of the worker pool it is appended to a :class:`SpillFile` (an anonymous temporary
file: it has no name, so nothing is left behind however the build ends) and only its place
there is kept. The package stage gets a :class:`FileSet`, a read-only mapping of path ->
bytes whose large values are read back when asked for, one at a time, by the zip writer
(:mod:`lmspack.packaging.zipwriter`, which keeps at most two entries per worker in flight)
or the site writer. So the build's memory is bounded by the worker pool, not by the course.

Why pages go through a file instead of straight into the zip: the zip's entries are sorted
by name and the manifest (written before the lessons: ``imsmanifest.xml`` sorts before
``lessons/``) lists every page's files, which are known only once every page is rendered.

Whatever needs the whole package (the manifest, the plan's checks, the file list) reads
the names and :meth:`FileSet.size`, never every value. ``{**files}`` and ``dict(files)``
still work (a plain dict of bytes), but read every value into memory: combine with
:func:`merge_files` instead.
"""

from __future__ import annotations

import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import IO


class Lazy(ABC):
    """A file's content that is read (or made) only when asked for."""

    @abstractmethod
    def load(self) -> bytes:
        """The content (read again on every call: nothing is kept)."""

    @property
    def size(self) -> int | None:
        """The content's length when known without loading it."""
        return None


class SpillFile:
    """Contents appended to one anonymous temporary file and read back by position.

    The file is made in ``folder`` (default: the system's temporary folder) without a name
    (``O_TMPFILE`` where the system has it, else unlinked at once), so an interrupted build
    leaves nothing; its space is freed when it is closed or the process ends.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._handle: IO[bytes] | None = None
        self._end = 0

    def put(self, content: bytes) -> Spilled:
        """Append ``content``; what reads it back."""
        if self._handle is None:
            folder = self._folder if self._folder is not None and self._folder.is_dir() else None
            self._handle = tempfile.TemporaryFile(dir=folder)
        self._handle.seek(self._end)
        self._handle.write(content)
        spilled = Spilled(self, self._end, len(content))
        self._end += len(content)
        return spilled

    def read(self, offset: int, size: int) -> bytes:
        assert self._handle is not None, "read from a spill file nothing was put in"
        self._handle.flush()
        parts, fd = [], self._handle.fileno()
        while size > 0:
            part = os.pread(fd, size, offset)
            if not part:
                raise OSError(f"spill file ended {size} bytes early")
            parts.append(part)
            offset, size = offset + len(part), size - len(part)
        return b"".join(parts)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __del__(self) -> None:
        self.close()


class Spilled(Lazy):
    """One content in a :class:`SpillFile`."""

    __slots__ = ("_offset", "_size", "_store")

    def __init__(self, store: SpillFile, offset: int, size: int) -> None:
        self._store, self._offset, self._size = store, offset, size

    def load(self) -> bytes:
        return self._store.read(self._offset, self._size)

    @property
    def size(self) -> int:
        return self._size


class FromFile(Lazy):
    """A file on disk, read when the package is written (media copied into a package)."""

    __slots__ = ("_path",)

    def __init__(self, path: Path) -> None:
        self._path = path

    def load(self) -> bytes:
        return self._path.read_bytes()

    @property
    def size(self) -> int:
        return self._path.stat().st_size


Content = bytes | Lazy


class FileSet(Mapping[str, bytes]):
    """A read-only mapping of package paths to contents, some of them :class:`Lazy`:
    ``files[path]`` reads one content, iterating gives the paths, :meth:`size` a length
    without keeping the content. Equal to any mapping with the same items."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Mapping[str, Content] | None = None) -> None:
        self._entries: dict[str, Content] = dict(entries or {})

    def __getitem__(self, path: str) -> bytes:
        content = self._entries[path]
        return content if isinstance(content, bytes) else content.load()

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, path: object) -> bool:
        return path in self._entries

    def __repr__(self) -> str:
        return f"FileSet({len(self._entries)} files)"

    def content(self, path: str) -> Content:
        """The entry as it is held: bytes, or the :class:`Lazy` that reads it."""
        return self._entries[path]

    def size(self, path: str) -> int:
        """The length of ``path``'s content (read only when a lazy one cannot tell)."""
        content = self._entries[path]
        if isinstance(content, bytes):
            return len(content)
        known = content.size
        return known if known is not None else len(content.load())


def merge_files(*parts: Mapping[str, bytes]) -> FileSet:
    """``{**a, **b, ...}`` without reading what is lazy: later parts win, order kept."""
    entries: dict[str, Content] = {}
    for part in parts:
        if isinstance(part, FileSet):
            entries.update(part._entries)
        else:
            entries.update(part)
    return FileSet(entries)


def frozen_files(files: Mapping[str, bytes]) -> Mapping[str, bytes]:
    """A read-only view of ``files`` (a :class:`FileSet` is one already; anything else is
    copied), for results that must not change after they were checked."""
    if isinstance(files, FileSet):
        return files
    return MappingProxyType(dict(files))


def file_size(files: Mapping[str, bytes], path: str) -> int:
    """The length of ``files[path]``, without reading it when ``files`` can tell."""
    return files.size(path) if isinstance(files, FileSet) else len(files[path])
