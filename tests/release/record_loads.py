"""Run lmspack's command line and record every file it opens (an audit hook on ``open``).

``python record_loads.py LOG ARGS...`` appends one absolute path a line to LOG, from this
process and from the worker processes it forks, then exits as ``lmspack ARGS...`` would.
The release tests run the editable install through this, so "the files the code loads" is
a list the code itself makes, not one kept by hand (see ``wheel_files.py``).
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    log, args = sys.argv[1], sys.argv[2:]
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def record(event: str, payload: tuple[object, ...]) -> None:
        if event == "open" and isinstance(payload[0], str | bytes | os.PathLike):
            path = os.path.abspath(os.fsdecode(payload[0]))  # type: ignore[arg-type]
            os.write(fd, os.fsencode(path) + b"\n")  # one small O_APPEND write: atomic

    sys.addaudithook(record)
    from lmspack.cli import main as lmspack

    return lmspack(args)


if __name__ == "__main__":
    raise SystemExit(main())
