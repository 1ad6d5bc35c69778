"""Zips written as a stream from entries deflated beforehand (in parallel, or from a cache).

``zipfile`` compresses while it writes, so a package's entries are compressed one after
the other on one core, and ``writestr`` wants each whole entry in memory. Here the two are
apart: :func:`deflate` turns one entry into its raw deflate stream, CRC and size (a pure
function, fit for a process pool and for a content-addressed cache), and
:func:`write_deflated` writes already-deflated entries one at a time, so memory holds one
entry plus the central directory whatever the size of the package.

The bytes are exactly those ``zipfile.ZipFile(..., ZIP_DEFLATED, compresslevel=level)``
writes for the same entries, names, timestamp and attributes (same deflate stream, same
headers; ``tests/unit/test_zipstream.py`` compares them), so a package does not change
when it is written this way.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from lmspack.errors import PackagingError

DEFLATE_LEVEL = 9
_VERSION = 20  # "2.0": deflate; what zipfile writes for these entries
_DEFLATED = 8
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
# Past these a zip needs Zip64 records, which this writer does not write (and which not
# every LMS's unzip reads): a package over them is refused, naming the limit.
MAX_BYTES = 0xFFFFFFFF
MAX_ENTRIES = 0xFFFF
_SPLIT = "split the course into several packages, or link large media instead of shipping them"

DateTime = tuple[int, int, int, int, int, int]


@dataclass(frozen=True)
class Deflated:
    """One entry's raw deflate stream, the CRC-32 and size of its content."""

    data: bytes
    crc: int
    size: int

    def to_bytes(self) -> bytes:
        """A flat form for a cache file: CRC and size, then the deflate stream."""
        return struct.pack("<LQ", self.crc, self.size) + self.data

    @classmethod
    def from_bytes(cls, blob: bytes) -> Deflated:
        crc, size = struct.unpack_from("<LQ", blob)
        return cls(blob[12:], crc, size)


def deflate(content: bytes, level: int = DEFLATE_LEVEL) -> Deflated:
    """``content`` deflated as zipfile deflates it (raw stream, window bits -15)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Deflated(compressor.compress(content) + compressor.flush(), zlib.crc32(content),
                    len(content))


def write_deflated(handle: IO[bytes], entries: Iterable[tuple[str, Deflated]],
                   stamp: DateTime, mode: int) -> None:
    """Write a zip of ``entries`` (in the order given) to ``handle``.

    Every entry gets the DOS time ``stamp``, Unix as the creating system and the
    ``external_attr`` ``mode`` (file type and permission bits, shifted as zipfile does).
    Raises :class:`~lmspack.errors.PackagingError` naming the limit for a package that
    would need Zip64 records: more than 65,535 files, a file or the whole zip over 4 GiB.
    """
    dos_time = (stamp[3] << 11) | (stamp[4] << 5) | (stamp[5] // 2)
    dos_date = ((stamp[0] - 1980) << 9) | (stamp[1] << 5) | stamp[2]
    central: list[bytes] = []
    offset = 0
    for name, entry in entries:
        encoded, flags = _name(name)
        _check_limits(name, entry, offset, len(central))
        header = _LOCAL.pack(b"PK\003\004", _VERSION, 0, flags, _DEFLATED, dos_time, dos_date,
                             entry.crc, len(entry.data), entry.size, len(encoded), 0)
        handle.write(header + encoded)
        handle.write(entry.data)
        central.append(_CENTRAL.pack(b"PK\001\002", _VERSION, 3, _VERSION, 0, flags,
                                     _DEFLATED, dos_time, dos_date, entry.crc, len(entry.data),
                                     entry.size, len(encoded), 0, 0, 0, 0, mode, offset)
                       + encoded)
        offset += len(header) + len(encoded) + len(entry.data)
    directory = b"".join(central)
    if offset + len(directory) > MAX_BYTES:
        raise PackagingError([_too_big("the package", offset + len(directory))])
    handle.write(directory)
    handle.write(_END.pack(b"PK\005\006", 0, 0, len(central), len(central), len(directory),
                           offset, 0))


def too_many_files(count: int) -> str | None:
    """Why a package of ``count`` files cannot be a zip without Zip64, or None."""
    if count <= MAX_ENTRIES:
        return None
    return (f"the package has {count:,} files; a zip without Zip64 records holds at most "
            f"{MAX_ENTRIES:,}: {_SPLIT}")


def _too_big(what: str, size: int) -> str:
    return (f"{what} would be {size:,} bytes; a zip without Zip64 records holds at most "
            f"{MAX_BYTES:,} bytes (4 GiB) in one file and in all: {_SPLIT}")


def _check_limits(name: str, entry: Deflated, offset: int, written: int) -> None:
    problem = too_many_files(written + 1)
    if problem is None and max(entry.size, len(entry.data)) > MAX_BYTES:
        problem = _too_big(repr(name), max(entry.size, len(entry.data)))
    if problem is None and offset > MAX_BYTES:
        problem = _too_big(f"the package, up to {name!r},", offset)
    if problem is not None:
        raise PackagingError([problem])


def _name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME
