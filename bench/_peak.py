"""Run a Python program (``-m module``, ``-c code`` or a script) and, when it exits,
write its peak resident memory in MiB (``VmHWM``) to ``$BENCH_PEAK_FILE``.

Used by ``_common.measure``: the measured program runs in this very process, so the high
water mark is its own (plus this file's few lines).
"""

from __future__ import annotations

import atexit
import os
import resource
import runpy
import sys
from pathlib import Path


def _write_peak() -> None:
    """``own children``: own VmHWM and the largest ru_maxrss of the process's own children
    (worker pools), both in MiB. A forked worker's maxrss includes the pages it shares with
    its parent, so the second number over-counts rather than under-counts."""
    target = os.environ.get("BENCH_PEAK_FILE")
    if not target:
        return
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            Path(target).write_text(f"{int(line.split()[1]) / 1024} {children}")
            return


def main() -> None:
    atexit.register(_write_peak)
    args = sys.argv[1:]
    if args[0] == "-m":
        sys.argv = [args[1], *args[2:]]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    elif args[0] == "-c":
        sys.argv = ["-c", *args[2:]]
        exec(compile(args[1], "<bench>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = args
        sys.path.insert(0, str(Path(args[0]).resolve().parent))
        runpy.run_path(args[0], run_name="__main__")


if __name__ == "__main__":
    main()
