"""Atomic output: a reader sees the old file (or folder) or the new one, never half of one.

The one writer every stage uses: precompute results, the zips (several staged, then moved
into place together: :class:`StagedFiles`) and the static site. New files get the
permissions a plain ``open()`` would give them (``0o666`` less the umask), folders
``0o777`` less the umask, though they are built as private temporary files first.

Earlier state is recovered rather than trusted: a leftover of an interrupted run, a
folder where a file goes (or the other way round), a file where the folder holding the
outputs goes (:func:`output_folder`). Temporary names are unique (``mkstemp``/``mkdtemp``),
so leftovers of a killed run, or a run going on at the same time, never collide with this
one; the last run to finish wins, and each reader sees one complete output.

Each temporary is locked (``flock``) by the run that made it for as long as it exists, so
the kernel releases the lock the moment that run dies, however it dies. The next run
removes the temporaries nobody holds (:func:`remove_stale_temporaries`) and leaves those
of a run going on at the same time alone.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # not POSIX: temporaries are not locked, and never removed as stale
    fcntl = None  # type: ignore[assignment]

from lmspack.errors import UsageError


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
    with StagedFiles() as staged:
        staged.add(path, write, sync=sync)
        staged.commit()
    return path


class StagedFiles:
    """Several files made atomically as one: each is written to a temporary file beside
    its target (:meth:`add`), and only :meth:`commit` moves them all into place, once every
    one is complete. Used as a context manager, leaving the block by an exception (or
    without a commit) removes every temporary file and leaves the targets untouched.

    The moves are renames within each target's folder, done one after the other once all
    writing has succeeded: a reader sees each file old or new, never half-written, and a
    failure while writing any of them changes none.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path, int]] = []  # (temporary, target, locked fd)

    def add(self, path: Path, write: Callable[[IO[bytes]], None], *,
            sync: bool = False) -> None:
        """Write ``path``'s future content to a temporary file beside it with ``write``
        (``sync``: flushed to disk too). Nothing is visible at ``path`` yet."""
        output_folder(path.parent)
        fd, temp = _locked(lambda: tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                                    dir=path.parent))
        try:
            with os.fdopen(os.dup(fd), "wb") as handle:
                write(handle)
                if sync:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.chmod(temp, 0o666 & ~umask())  # mkstemp makes it 0600
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            os.close(fd)
            raise
        self._staged.append((Path(temp), path, fd))

    def commit(self) -> list[Path]:
        """Move every staged file into place, in the order added; returns the targets."""
        done = []
        while self._staged:
            temp, path, fd = self._staged[0]
            _swap_into_place(temp, path)
            self._staged.pop(0)
            os.close(fd)
            done.append(path)
        return done

    def discard(self) -> None:
        """Remove every staged file not yet moved into place."""
        for temp, _, fd in self._staged:
            temp.unlink(missing_ok=True)
            os.close(fd)
        self._staged.clear()

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def write_bytes(path: Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` atomically."""
    def write(handle: IO[bytes]) -> None:
        handle.write(data)

    return write_with(path, write)


def write_tree(files: Mapping[str, bytes], out: Path) -> Path:
    """Replace the folder ``out`` with ``files`` (relative POSIX path -> bytes): they are
    written into a temporary folder beside ``out`` (same parent, so the rename is atomic),
    which then takes its place. A failure leaves the previous ``out`` untouched."""
    output_folder(out.parent)
    fd, name = _locked(lambda: (-1, tempfile.mkdtemp(prefix=f".{out.name}.tmp-",
                                                      dir=out.parent)))
    temp = Path(name)
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
    finally:
        _unlock(fd)
    return out


def output_folder(path: Path, *, owned: bool = False) -> Path:
    """Make sure ``path`` is a folder outputs can go in, creating it (and its parents) if
    needed. A file in its place is removed when ``owned`` (a folder lmspack writes, such as
    ``dist/precompute``); otherwise it is a :class:`~lmspack.errors.UsageError`: the output
    folder the user chose is a file."""
    if owned and (path.is_symlink() or path.exists()) and not path.is_dir():
        path.unlink()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(p for p in (path, *path.parents) if p.exists() and not p.is_dir())
        raise UsageError(f"{blocker} is a file, not a folder: cannot write outputs into "
                         f"{path}; move it away or choose another --out") from None
    return path


_RACES = 5  # a tree swapped in by a concurrent run between our two renames: try again


def _swap_into_place(new: Path, out: Path) -> None:
    """Replace ``out`` (a file, a folder, or nothing) by ``new``. For a folder, two renames
    within one folder, so the old tree is complete until the moment the new one is."""
    if new.is_file() and not out.is_dir():
        os.replace(new, out)  # one rename: atomic for a file over a file or nothing
        return
    for attempt in range(_RACES):
        fd, name = _locked(lambda: (-1, tempfile.mkdtemp(prefix=f".{out.name}.old-",
                                                          dir=out.parent)))
        old = Path(name)
        try:
            moved = _move(out, old / out.name)
            try:
                os.replace(new, out)
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.EISDIR) or \
                        attempt == _RACES - 1:
                    if moved:
                        _move(old / out.name, out)  # put the previous output back
                    raise
        finally:
            shutil.rmtree(old, ignore_errors=True)
            _unlock(fd)


def _move(path: Path, to: Path) -> bool:
    """Rename ``path`` to ``to``; False when there is nothing at ``path`` (any more)."""
    try:
        os.replace(path, to)
    except FileNotFoundError:
        return False
    return True


# --- temporaries: locked while their run lives, removed by the next run once it is dead --

TEMPORARY = re.compile(r"^\.(?P<target>.+)\.(?:\w+\.part|(?:tmp|old)-\w+)$")
"""The names of this module's temporaries: ``.<name>.<random>.part`` (a file),
``.<name>.tmp-<random>`` (a folder being built), ``.<name>.old-<random>`` (a folder being
replaced)."""


def _locked(make: Callable[[], tuple[int, str]]) -> tuple[int, str]:
    """Make a temporary with ``make`` (``mkstemp``, or ``mkdtemp`` as ``(-1, path)``) and
    hold an exclusive lock on it: (locked fd, path). A run cleaning up may remove a new
    temporary in the instant before it is locked; then it is made again."""
    while True:
        fd, path = make()
        if fcntl is None:
            return fd, path
        if fd < 0:
            fd = os.open(path, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink > 0:  # still there: nobody removed it before the lock
            return fd, path
        os.close(fd)


def _unlock(fd: int) -> None:
    if fd >= 0:
        os.close(fd)


def remove_stale_temporaries(folder: Path) -> list[str]:
    """Remove the temporaries in ``folder`` that no living run holds (those of a run that
    was killed); return their names. A temporary of a run going on now is locked by it,
    and left alone."""
    if fcntl is None or not folder.is_dir():
        return []
    removed = []
    for path in sorted(folder.iterdir()):
        if not TEMPORARY.match(path.name) or path.is_symlink():
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue  # gone meanwhile, or not ours to open
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # held: a run going on now
        try:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path.name)
        finally:
            os.close(fd)
    return removed
