"""`lmspack validate` must stay light: no scipy, numpy, lxml or renderers on its path, and
widget kinds load only what their checks need. The Markdown parser (markdown-it-py and its
plug-ins) is on the path on purpose: validation reads a body exactly as the renderer does
(issue 19); the renderer's own libraries (Pygments, latex2mathml, nh3, Jinja, Babel) are
not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ["scipy", "numpy", "polars", "pyarrow", "pandas", "lxml", "jinja2", "nh3", "pygments",
         "latex2mathml", "babel", "jsonschema", "rich"]
KINDS = ["drift_detection_lab", "model_monitoring_dashboard", "alert_configurator"]


def _validate_then(args: list[str], report: str) -> str:
    """Run ``lmspack validate ARGS`` in a fresh interpreter, then print ``report`` (an
    expression over ``rc`` and ``sys.modules``)."""
    code = (
        "import sys\n"
        "from lmspack.cli import main\n"
        f"rc = main(['validate', *{args!r}, '--format', 'json', '-o', '/dev/null'])\n"
        f"print({report})\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, check=True)
    return proc.stdout.strip() + proc.stderr


def test_validate_does_not_import_heavy_modules() -> None:
    out = _validate_then(["--root", "tests/fixtures/valid/full"],
                         f"rc, [m for m in {HEAVY!r} if m in sys.modules]")
    assert out == "0 []"


def test_widget_kinds_load_for_their_checks_only() -> None:
    """The example course uses all three built-in kinds: validate discovers them through the
    entry points and imports each kind's checks, never its compute, fallback or result-document
    code (the result models are built when precompute or a fallback first reads them)."""
    out = _validate_then([], (
        f"rc, all(f'lmspack.kinds.{{k}}.checks' in sys.modules for k in {KINDS!r}), "
        "[m for m in sys.modules if m.endswith(('.compute', '.fallback', '.result')) "
        "or m.startswith(('lmspack.render', 'lmspack.precompute'))], "
        f"[m for m in {HEAVY!r} if m in sys.modules]"))
    assert out == "0 True [] []"


BUILD_ONLY = ["subprocess", "multiprocessing", "concurrent.futures", "urllib.request", "xml.sax",
              "ssl", "http.client", "lmspack.packaging.check", "lmspack.packaging.zipwriter",
              "lmspack.source.workers"]
"""What only a build (or one reporter) needs: the package check and the zip writer's worker
pool, git (for the build date and ``--version``), and xml.sax.saxutils, which brings
urllib.request, http and ssl with it (JUnit output escapes with it)."""


def test_validate_does_not_load_the_build_machinery() -> None:
    """Shown failing once: with ``lmspack.packaging`` importing its package check at the
    top again, the zip writer's pool (multiprocessing, concurrent.futures) is loaded."""
    out = _validate_then([], f"rc, [m for m in {BUILD_ONLY!r} if m in sys.modules]")
    assert out == "0 []"
