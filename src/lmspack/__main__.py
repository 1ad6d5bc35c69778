"""``python -m lmspack``: the same entry point as the ``lmspack`` console script."""

from __future__ import annotations

from lmspack.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
