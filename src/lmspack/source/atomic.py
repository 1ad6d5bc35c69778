"""Atomic output: a reader sees the old file (or folder) or the new one, never half of one.

The one writer every stage uses: precompute results, SCORM zips and the static site. New
files get the permissions a plain ``open()`` would give them (``0o666`` less the umask),
folders ``0o777`` less the umask, though they are built as private temporary files first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO


def umask() -> int:
    """The process's umask. Linux reports it in /proc (no change needed to read it);
    elsewhere it is set and restored, which is not thread-safe but is what Python offers."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_with(path: Path, write: Callable[[IO[bytes]], None], *, sync: bool = False) -> Path:
    """Create ``path`` atomically: ``write`` fills a temporary file beside it, which then
    replaces ``path``. ``sync`` flushes it to disk first (for packages users upload)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~umask())  # mkstemp makes it 0600
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` atomically."""
    def write(handle: IO[bytes]) -> None:
        handle.write(data)

    return write_with(path, write)


def write_tree(files: Mapping[str, bytes], out: Path) -> Path:
    """Replace the folder ``out`` with ``files`` (relative POSIX path -> bytes): they are
    written into a temporary folder beside ``out`` (same parent, so the rename is atomic),
    which then takes its place. A failure leaves the previous ``out`` untouched."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        temp.chmod(0o777 & ~umask())  # mkdtemp makes it private; a site is meant to be served
        for rel, data in files.items():
            target = temp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _swap_into_place(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return out


def _swap_into_place(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new``: two renames within one folder, so the old tree is
    complete until the moment the new one is."""
    if not out.exists():
        os.replace(new, out)
        return
    if not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.replace(out, old / out.name)
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(old / out.name, out)  # put the previous tree back
        shutil.rmtree(old, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
