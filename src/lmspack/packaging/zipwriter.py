"""Write packages as reproducible zips, atomically (:mod:`.check` checks them).

Reproducible: entries sorted by name, one fixed timestamp (``SOURCE_DATE_EPOCH`` or an
explicit epoch, clamped to what a zip can store), fixed ``rw-r--r--`` permissions and Unix
as the creating system, deflate at a fixed level, and no directory entries: the same files
give the same bytes on every machine. Atomic: the zip is written to a temporary file in the
target folder, then moved into place with ``os.replace``, so a reader sees the old package
or the new one, never half of one, and a failure leaves no temporary file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:

    pass

# The DOS date in a zip header runs from 1980-01-01 to 2107-12-31, in 2-second steps.
ZIP_MIN_EPOCH = 315532800
ZIP_MAX_EPOCH = 4354819198
ENTRY_MODE = 0o644
COMPRESS_LEVEL = 9
_UNIX = 3
_CONTROL_SUFFIXES = (".xsd", ".dtd")

DateTime = tuple[int, int, int, int, int, int]


def zip_timestamp(epoch: int | None = None, environ: Mapping[str, str] | None = None) -> DateTime:
    """The entry timestamp: ``epoch``, else ``$SOURCE_DATE_EPOCH``, else 1980-01-01 (UTC).

    Clamped into the range a zip header can hold. Raises ``ValueError`` when
    ``SOURCE_DATE_EPOCH`` is set but is not an integer: falling back silently would give a
    different package from the one the caller asked to reproduce.
    """
    if epoch is None:
        raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
        try:
            epoch = int(raw) if raw else ZIP_MIN_EPOCH
        except ValueError:
            raise ValueError(f"SOURCE_DATE_EPOCH={raw!r} is not an integer") from None
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
    must exist. Raises ``ValueError`` for an unsafe entry name before anything is written.
    """
    problems = [problem for problem in map(entry_problem, entries) if problem]
    if problems:
        raise ValueError("; ".join(problems))
    out = Path(out_path)
    stamp = zip_timestamp(epoch)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_entries(handle, entries, stamp)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; a package is meant to be read by others.
        os.chmod(tmp_name, ENTRY_MODE)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out


def _write_entries(handle: IO[bytes], entries: Mapping[str, bytes], stamp: DateTime) -> None:
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Fixed, not inherited from the build machine: Windows would write 0 (MS-DOS).
            info.create_system = _UNIX
            info.external_attr = (stat.S_IFREG | ENTRY_MODE) << 16
            zf.writestr(info, entries[name], compresslevel=COMPRESS_LEVEL)
