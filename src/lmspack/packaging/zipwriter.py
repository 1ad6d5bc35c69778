"""Write packages as reproducible zips, atomically (:mod:`.check` checks them).

Reproducible: entries sorted by name, one fixed timestamp (``SOURCE_DATE_EPOCH`` or an
explicit epoch, clamped to what a zip can store), fixed ``rw-r--r--`` permissions and Unix
as the creating system, deflate at a fixed level, and no directory entries: the same files
give the same bytes on every machine. Atomic (:func:`lmspack.source.atomic.write_with`):
the zip is written to a temporary file in the target folder, then moved into place, so a
reader sees the old package or the new one, never half of one, and a failure leaves no
temporary file behind; the file gets the permissions the umask allows.
"""

from __future__ import annotations

import os
import stat
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from lmspack.errors import ConfigError
from lmspack.packaging.plan import PackagingError
from lmspack.source.atomic import write_with

# The DOS date in a zip header runs from 1980-01-01 to 2107-12-31, in 2-second steps.
ZIP_MIN_EPOCH = 315532800
ZIP_MAX_EPOCH = 4354819198
ENTRY_MODE = 0o644
COMPRESS_LEVEL = 9
_UNIX = 3
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
    entries: Mapping[str, bytes], out_path: Path | str, *, epoch: int | None = None
) -> Path:
    """Write ``entries`` (name -> bytes) to ``out_path`` reproducibly and atomically.

    Only files are stored: folders are implied by the names. The folder of ``out_path``
    is created if needed. Raises :class:`PackagingError` for an unsafe entry name before anything is
    written.
    """
    problems = [problem for problem in map(entry_problem, entries) if problem]
    if problems:
        raise PackagingError(problems)
    out = Path(out_path)
    stamp = zip_timestamp(epoch)

    def write(handle: IO[bytes]) -> None:
        _write_entries(handle, entries, stamp)

    return write_with(out, write, sync=True)


def _write_entries(handle: IO[bytes], entries: Mapping[str, bytes], stamp: DateTime) -> None:
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Fixed, not inherited from the build machine: Windows would write 0 (MS-DOS).
            info.create_system = _UNIX
            info.external_attr = (stat.S_IFREG | ENTRY_MODE) << 16
            zf.writestr(info, entries[name], compresslevel=COMPRESS_LEVEL)
