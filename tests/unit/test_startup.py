"""`lmspack validate` must stay light: no scipy, numpy, lxml or renderers on its path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ["scipy", "numpy", "lxml", "jinja2", "markdown_it", "nh3", "jsonschema", "rich"]


def test_validate_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from lmspack.cli import main\n"
        "rc = main(['validate', '--root', 'tests/fixtures/valid/full', '--format', 'json',"
        " '-o', '/dev/null'])\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "0 []", proc.stdout + proc.stderr
