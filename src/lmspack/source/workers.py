"""Worker processes that die with the process that started them.

A build renders pages and deflates zip entries in a :class:`ProcessPoolExecutor`. When the
build is killed (``kill -9``, a CI runner's timeout, an OOM kill), nothing runs in it to
stop the pool: each worker waits on its task pipe, whose write end every sibling also
holds, so it never sees end-of-file and lives on (seen 24 s later, and for good).
:func:`worker_pool` gives every worker two guards, started before it takes any task:

* on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the worker the moment
  the thread that started it ends, which ``kill -9`` of the build does at once;
* everywhere, a daemon thread that polls the parent's pid every :data:`POLL_SECONDS` and
  ends the worker when it changes (the parent died and the worker was re-parented). It
  also covers a parent that died between the fork and the ``prctl`` call.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

POLL_SECONDS = 0.5
"""How often a worker checks that its parent is alive (the portable guard)."""
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def worker_pool(workers: int, *, fork: bool = False) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that end when this process ends, however it ends.
    ``fork``: start them with ``fork`` (they inherit this process's memory)."""
    context = multiprocessing.get_context("fork") if fork else None
    return ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent,
                               initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:
    """Make this process end when process ``parent`` ends (a pool worker's initializer)."""
    if sys.platform.startswith("linux"):
        _parent_death_signal()
    if os.getppid() != parent:  # the parent is already gone
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="lmspack-parent-watch",
                     daemon=True).start()


def _parent_death_signal() -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc or no prctl: the watch thread still runs
        pass


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
