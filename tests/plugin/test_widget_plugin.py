"""A third party's widget kind, pip-installed as its own distribution, used by every stage.

``tests/fixtures/plugin/lmspack-widget-gauge`` is a separate distribution registering the
kind ``gauge`` under the entry-point group ``lmspack.widgets``. It is installed with pip
into a temporary folder (``--target``, so the test venv stays as it was) and lmspack runs
in a subprocess with that folder on its path: validate checks gauge files with the kind's
schema and checks (with positions), precompute computes them, the page shows the kind's
JavaScript-free fallback, and the SCORM package carries it. Without the folder on the
path, the same course fails validation: the registry is what makes it work.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import jsonschema
import pytest
from tests.plugin.installed import install, run

from lmspack.packaging import check_package

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "tests" / "fixtures" / "plugin" / "lmspack-widget-gauge"

LESSON = """---
id: latency
title: Watching latency
widgets:
  - type: gauge
    data: /widgets/latency.json
---

The gauge below shows the service's latest p95 latency.
"""
GAUGE = {"type": "gauge", "title": "p95 latency", "csv": "/widgets/data/latency.csv",
         "column": "p95_ms", "green_below": 250, "red_above": 400, "unit": " ms"}
BROKEN = """{
  "type": "gauge",
  "title": "p99 latency",
  "csv": "/widgets/data/latency.csv",
  "column": "p99_ms",
  "green_below": 400,
  "red_above": 250,
  "colour": "blue"
}
"""


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plug-in pip-installed into a folder of its own; returns that folder."""
    target = install(PLUGIN, tmp_path_factory.mktemp("plugin"))
    assert list(target.glob("lmspack_widget_gauge-1.0.0.dist-info/entry_points.txt"))
    return target



def _course(root: Path, widget: str) -> Path:
    (root / "lessons").mkdir(parents=True)
    (root / "widgets" / "data").mkdir(parents=True)
    (root / "lessons" / "latency.md").write_text(LESSON, encoding="utf-8")
    (root / "widgets" / "latency.json").write_text(widget, encoding="utf-8")
    rows = "\n".join(f"2026-03-0{day}T00:00:00Z,{value}"
                     for day, value in enumerate((180, 210, 260, 320), start=1))
    (root / "widgets" / "data" / "latency.csv").write_text(f"at,p95_ms\n{rows}\n",
                                                           encoding="utf-8")
    return root


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_validate_uses_the_kinds_schema_and_checks_with_positions(plugin_path: Path,
                                                                   tmp_path: Path) -> None:
    root = _course(tmp_path / "course", BROKEN)
    proc = run(["validate", "--format", "json"], root, plugin_path)
    assert proc.returncode == 1, proc.stderr
    found = {(d["path"], d["line"], d["column"], d["code"])
             for d in json.loads(proc.stdout)["diagnostics"]}
    assert found == {
        ("widgets/latency.json", _line(BROKEN, '"colour"'), 3, "S001"),   # schema: unknown key
        ("widgets/latency.json", _line(BROKEN, '"red_above"'), 16, "D007"),  # the kind's check
        ("widgets/data/latency.csv", 1, 1, "D002"),  # the kind asked for column p99_ms
    }, proc.stdout


def test_without_the_plugin_the_type_is_unknown(tmp_path: Path) -> None:
    root = _course(tmp_path / "course", json.dumps(GAUGE))
    proc = run(["validate"], root, None)
    assert proc.returncode == 1
    assert "lessons/latency.md:5:11: W001 [error] unknown widget type 'gauge'" in proc.stdout


def test_precompute_fallback_and_scorm_export_use_the_kind(plugin_path: Path,
                                                           tmp_path: Path) -> None:
    root = _course(tmp_path / "course", json.dumps(GAUGE, indent=1))
    assert run(["validate"], root, plugin_path).returncode == 0
    proc = run(["export", "--scorm", "2004", "--html"], root, plugin_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads((root / "dist" / "precompute" / "latency.json").read_text("utf-8"))
    assert (result["type"], result["reading"], result["band"], result["n"]) == \
        ("gauge", 320.0, "watch", 4)
    assert result["mean"] == pytest.approx(242.5)
    page = (root / "dist" / "site" / "lessons" / "latency.html").read_text("utf-8")
    section = page[page.index('<section class="widget widget-gauge"'):]
    section = section[:section.index("</section>")]
    assert "Reading: <strong>320 ms</strong>, in the <strong>watch</strong> band" in section
    assert "<script" not in section  # the fallback is the widget, with JavaScript off
    with zipfile.ZipFile(root / "dist" / "course-1.0.0-scorm2004.zip") as package:
        sco = package.read("lessons/latency.html").decode("utf-8")
    assert "Reading: <strong>320 ms</strong>" in sco
    assert check_package(root / "dist" / "course-1.0.0-scorm2004.zip") == []


def test_lmspack_schema_covers_the_plugin(plugin_path: Path, tmp_path: Path) -> None:
    """`lmspack schema` writes the installed plug-in's schema too, the lesson schema offers
    its type, and the any-kind widget schema accepts its files and rejects a bad one."""
    root = _course(tmp_path / "course", json.dumps(GAUGE))
    proc = run(["schema"], root, plugin_path)
    assert proc.returncode == 0, proc.stderr
    out = root / "schemas"
    gauge = json.loads((out / "widget-gauge.schema.json").read_text("utf-8"))
    assert gauge["title"] == "lmspack widget data: gauge"
    lesson = json.loads((out / "lesson.schema.json").read_text("utf-8"))
    assert "gauge" in lesson["$defs"]["Widget"]["properties"]["type"]["enum"]
    any_kind = json.loads((out / "widget.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(any_kind)
    validator = jsonschema.Draft202012Validator(any_kind)
    assert list(validator.iter_errors(GAUGE)) == []
    assert list(validator.iter_errors({**GAUGE, "colour": "red"}))
    without = run(["schema"], root, None)
    assert without.returncode == 0, without.stderr
    lesson = json.loads((out / "lesson.schema.json").read_text("utf-8"))
    assert "gauge" not in lesson["$defs"]["Widget"]["properties"]["type"]["enum"]


@pytest.mark.browser
def test_the_fallback_shows_with_javascript_off_in_chromium(plugin_path: Path,
                                                           tmp_path: Path) -> None:
    from tests.browser.conftest import require_tools

    require_tools("playwright-core")
    root = _course(tmp_path / "course", json.dumps(GAUGE, indent=1))
    assert run(["export", "--html"], root, plugin_path).returncode == 0
    site = root / "dist" / "site"
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"url": (site / "lessons" / "latency.html").as_uri(),
                                  "allowed": [site.as_uri() + "/"]}), encoding="utf-8")
    proc = subprocess.run(["node", str(Path(__file__).with_name("fallback_page.js")),
                           str(config)], cwd=REPO, capture_output=True, text=True,
                          timeout=150, check=False)
    assert proc.returncode == 0, proc.stderr[-4000:]
    facts = json.loads(proc.stdout)
    [widget] = facts["widgets"]
    assert widget["visible"] and "widget-gauge" in widget["className"]
    assert "Reading: 320 ms, in the watch band" in widget["text"]
    assert facts["blocked"] == []


def test_a_failing_plugin_computation_is_located(plugin_path: Path, tmp_path: Path) -> None:
    root = _course(tmp_path / "course", json.dumps(GAUGE, indent=1))
    (root / "widgets" / "data" / "latency.csv").write_text("at,p95_ms\n2026-03-01T00:00:00Z,\n",
                                                           encoding="utf-8")
    assert run(["validate"], root, plugin_path).returncode == 1  # required column empty
    (root / "widgets" / "data" / "latency.csv").write_text("at,p95_ms\n", encoding="utf-8")
    refused = run(["validate"], root, plugin_path)  # no rows: D011 since issue 22
    assert refused.returncode == 1 and "D011" in refused.stdout
    # The plugin's own refusal, located: the course is checked with rows, which then go.
    code = ("from pathlib import Path\nfrom lmspack import check\n"
            "from lmspack.precompute import PrecomputeError, precompute\n"
            "report = check(Path('.').resolve())\nassert report.course and not report.errors\n"
            "Path('widgets/data/latency.csv').write_text('at,p95_ms\\n')\n"
            "try:\n    precompute(report.course, Path('dist'))\n"
            "except PrecomputeError as error:\n    print(error)\n")
    (root / "widgets" / "data" / "latency.csv").write_text(
        "at,p95_ms\n2026-03-01T00:00:00Z,120\n", encoding="utf-8")
    proc = run([], root, plugin_path, code=code)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == ("widgets/latency.json:5:12: cannot compute the widget's results: "
                           "column 'p95_ms' has no values\n")


def test_validate_stays_light_and_imports_no_compute_or_template_code(
        plugin_path: Path, tmp_path: Path) -> None:
    root = _course(tmp_path / "course", json.dumps(GAUGE))
    code = ("import sys\nfrom lmspack.cli import main\n"
            "rc = main(['validate', '--format', 'json', '-o', '/dev/null'])\n"
            "heavy = ['numpy', 'scipy', 'lxml', 'jinja2', 'nh3', 'pygments', 'babel',\n"
            "         'lmspack_gauge.compute', 'lmspack.render', 'lmspack.kinds']\n"
            "print(rc, 'lmspack_gauge.checks' in sys.modules,\n"
            "      [m for m in heavy if m in sys.modules])\n")
    proc = run([], root, plugin_path, code=code)
    assert proc.stdout.strip() == "0 True []", proc.stdout + proc.stderr


def test_the_plugins_schema_is_generated_like_the_builtin_ones(plugin_path: Path) -> None:
    code = ("from lmspack.widgets import widget_schema\n"
            "from lmspack.widgets.registry import require_kind, entries\n"
            "kind = require_kind('gauge')\n"
            "committed = kind.folder().joinpath(kind.schema_file).read_text('utf-8')\n"
            "print(committed == widget_schema(kind),\n"
            "      [(e.name, e.distribution, e.builtin) for e in entries()\n"
            "       if e.name == 'gauge'])\n")
    proc = run([], REPO, plugin_path, code=code)
    assert proc.stdout.strip() == "True [('gauge', 'lmspack-widget-gauge', False)]", \
        proc.stdout + proc.stderr
    schema = json.loads((PLUGIN / "src" / "lmspack_gauge" / "widget.schema.json")
                        .read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(GAUGE)) == []
    assert {e.validator for e in validator.iter_errors(json.loads(BROKEN))} == \
        {"additionalProperties"}
    assert [e.validator for e in validator.iter_errors({**GAUGE, "title": ""})] == ["minLength"]
