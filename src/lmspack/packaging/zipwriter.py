"""Write packages as reproducible zips, atomically (:mod:`.check` checks them).

Reproducible: entries sorted by name, one fixed timestamp (``SOURCE_DATE_EPOCH`` or an
explicit epoch, clamped to what a zip can store), fixed ``rw-r--r--`` permissions and Unix
as the creating system, deflate at a fixed level, and no directory entries: the same files
give the same bytes on every machine. Atomic (:class:`lmspack.source.atomic.StagedFiles`):
the zip is written to a temporary file in the target folder, then moved into place, so a
reader sees the old package or the new one, never half of one, and a failure leaves no
temporary file behind; the file gets the permissions the umask allows. :func:`stage_zip`
stops before the move, so a build moves all its packages into place only once every one
is written.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import IO

from lmspack.errors import ConfigError, PackagingError
from lmspack.packaging.zipstream import Deflated, deflate, too_many_files, write_deflated
from lmspack.source.atomic import StagedFiles
from lmspack.source.buildcache import BuildCache, cache_key
from lmspack.source.filestore import file_size
from lmspack.source.workers import worker_pool

# The DOS date in a zip header runs from 1980-01-01 to 2107-12-31, in 2-second steps.
ZIP_MIN_EPOCH = 315532800
ZIP_MAX_EPOCH = 4354819198
ENTRY_MODE = 0o644
COMPRESS_LEVEL = 9
_CONTROL_SUFFIXES = (".xsd", ".dtd")

DateTime = tuple[int, int, int, int, int, int]


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """``$SOURCE_DATE_EPOCH`` as an integer, or None when unset. Raises
    :class:`~lmspack.errors.ConfigError` when it is set but is not an integer: falling back
    silently would give a different package from the one the caller asked to reproduce."""
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"SOURCE_DATE_EPOCH={raw!r} is not an integer") from None


def zip_timestamp(epoch: int | None = None, environ: Mapping[str, str] | None = None) -> DateTime:
    """The entry timestamp: ``epoch``, else ``$SOURCE_DATE_EPOCH``, else 1980-01-01 (UTC),
    clamped into the range a zip header can hold (see :func:`source_date_epoch`)."""
    if epoch is None:
        epoch = source_date_epoch(environ)
        epoch = ZIP_MIN_EPOCH if epoch is None else epoch
    clamped = min(max(epoch, ZIP_MIN_EPOCH), ZIP_MAX_EPOCH)
    year, month, day, hour, minute, second = time.gmtime(clamped)[:6]
    return (year, month, day, hour, minute, second)


def entry_problem(name: str) -> str | None:
    """Why ``name`` cannot be a zip entry of a package, or ``None``."""
    if not name or name.startswith("/") or name.endswith("/") or "\\" in name or ":" in name:
        return f"zip entry {name!r} must be a relative file path with forward slashes"
    if any(segment in ("", ".", "..") for segment in name.split("/")):
        return f"zip entry {name!r} has an empty, '.' or '..' segment"
    return None


def write_zip(
    entries: Mapping[str, bytes], out_path: Path | str, *, epoch: int | None = None,
    cache: BuildCache | None = None, workers: int | None = None,
) -> Path:
    """Write ``entries`` (name -> bytes) to ``out_path`` reproducibly and atomically.

    Only files are stored: folders are implied by the names. The folder of ``out_path``
    is created if needed. Raises :class:`PackagingError` for an unsafe entry name before
    anything is written.

    Entries are deflated apart from writing (:mod:`.zipstream`): by up to ``workers``
    processes (default: one per CPU, for packages big enough to pay for them), and not at
    all when ``cache`` holds the same content deflated before (the key is the content's
    own hash). The zip is streamed out entry by entry; its bytes do not depend on either.
    """
    out = Path(out_path)
    with StagedFiles() as staged:
        stage_zip(staged, entries, out, epoch=epoch, cache=cache, workers=workers)
        staged.commit()
    return out


def stage_zip(
    staged: StagedFiles, entries: Mapping[str, bytes], out_path: Path, *,
    epoch: int | None = None, cache: BuildCache | None = None, workers: int | None = None,
) -> None:
    """:func:`write_zip` up to the last step: the zip is streamed to a temporary file
    beside ``out_path`` that ``staged.commit()`` moves into place (with the other files
    staged with it), so several packages appear together or not at all."""
    problems = [problem for problem in map(entry_problem, entries) if problem]
    problems += [problem for problem in [too_many_files(len(entries))] if problem]
    if problems:
        raise PackagingError(problems)
    stamp = zip_timestamp(epoch)

    def write(handle: IO[bytes]) -> None:
        _write_entries(handle, entries, stamp, cache, workers)

    staged.add(out_path, write, sync=True)


def _write_entries(handle: IO[bytes], entries: Mapping[str, bytes], stamp: DateTime,
                   cache: BuildCache | None = None, workers: int | None = None) -> None:
    names = sorted(entries)
    # Entries are read one at a time as they are deflated (a FileSet keeps its pages on
    # disk until then), so only the pool's window of entries is ever in memory.
    deflated = deflate_all((entries[name] for name in names), cache, workers,
                           total=sum(file_size(entries, name) for name in names))
    # Fixed, not inherited from the build machine: Windows would write 0 (MS-DOS).
    write_deflated(handle, zip(names, deflated, strict=True), stamp,
                   (stat.S_IFREG | ENTRY_MODE) << 16)


PARALLEL_MIN_BYTES = 8 << 20
"""Below this much content, deflating in one process beats starting a pool."""


def deflate_all(contents: Iterable[bytes], cache: BuildCache | None = None,
                workers: int | None = None, total: int = 0) -> Iterator[Deflated]:
    """Each content deflated (:func:`.zipstream.deflate`), in order, lazily.

    With a pool, at most two contents per worker are in flight, so memory stays bounded
    however many entries follow. Results are the same bytes whatever ``workers`` is.
    """
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_workers <= 1 or total < PARALLEL_MIN_BYTES:
        for content in contents:
            yield _cached_deflate(content, cache)
        return
    with worker_pool(n_workers) as pool:
        pending: deque[tuple[str | None, bytes | None, Future[Deflated] | None]] = deque()
        for content in contents:
            key = _deflate_key(content) if cache is not None else None
            hit = cache.get(key) if cache is not None and key is not None else None
            future = None if hit is not None else pool.submit(deflate, content, COMPRESS_LEVEL)
            pending.append((key, hit, future))
            while len(pending) > 2 * n_workers:
                yield _settle(pending.popleft(), cache)
        while pending:
            yield _settle(pending.popleft(), cache)


def _deflate_key(content: bytes) -> str:
    # The zlib that deflates is an input too: another version may give other bytes.
    return cache_key("deflate", zlib.ZLIB_RUNTIME_VERSION, COMPRESS_LEVEL,
                     hashlib.sha256(content).digest())


def _cached_deflate(content: bytes, cache: BuildCache | None) -> Deflated:
    if cache is None:
        return deflate(content, COMPRESS_LEVEL)
    key = _deflate_key(content)
    blob = cache.get_or_make(key, lambda: deflate(content, COMPRESS_LEVEL).to_bytes())
    return Deflated.from_bytes(blob)


def _settle(item: tuple[str | None, bytes | None, Future[Deflated] | None],
            cache: BuildCache | None) -> Deflated:
    key, hit, future = item
    if hit is not None:
        return Deflated.from_bytes(hit)
    assert future is not None
    result = future.result()
    if cache is not None and key is not None:
        cache.put(key, result.to_bytes())
    return result
