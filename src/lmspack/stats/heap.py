"""glibc's heap, tuned for ``lmspack drift``'s million-value arrays (no-ops elsewhere).

Every array of a million values that numpy frees and allocates again costs, on a fresh
``mmap``, one page fault per 4 KiB page: about 2 ms a MiB of system time on a virtual
machine, 30 ms for one temporary of two million floats. glibc maps allocations above its
threshold afresh each time, so the statistics' temporaries (the pooled sample, ranks,
gaps, steps: about 8 arrays a column) would be paid for again in every column.
:func:`reuse_freed_memory` raises the threshold (to glibc's maximum, 32 MiB) and the
trim threshold, so freed arrays are reused from the heap; :func:`release_freed_memory`
hands free heap memory back when the reader is done with a file.
"""

from __future__ import annotations

import ctypes
from typing import Any

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 32 << 20  # glibc's largest (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit)
_TRIM_THRESHOLD = 256 << 20

_libc: Any = None


def _glibc() -> Any:
    global _libc
    if _libc is None:
        try:
            found = ctypes.CDLL(None)
            _libc = found if hasattr(found, "malloc_trim") and hasattr(found, "mallopt") else False
        except OSError:
            _libc = False
    return _libc


def reuse_freed_memory() -> None:
    """Keep freed blocks of up to 32 MiB in the heap for reuse (``mallopt``)."""
    libc = _glibc()
    if libc:
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)


def release_freed_memory() -> None:
    """Hand the heap's free memory back to the system (``malloc_trim``; milliseconds)."""
    libc = _glibc()
    if libc:
        libc.malloc_trim(0)
