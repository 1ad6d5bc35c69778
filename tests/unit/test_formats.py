"""The package-format registry: lmspack's own formats are entry points like a plug-in's, each
in a folder of its own; the command line's values resolve through it; a format that cannot
be used is a configuration error naming it."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from tests.unit.installed_points import points_of

from lmspack.build import BuildRequest
from lmspack.errors import ConfigError
from lmspack.formats import registry
from lmspack.packaging.targets import DEFAULT_TARGET, TARGETS

GROUP = "lmspack.formats"
REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "lmspack"
SCORM12 = "lmspack.exports.scorm12:Scorm12"


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EntryPoint]]:
    """Replace what the installed distributions register (the list can be edited)."""
    with points_of(registry, monkeypatch) as points:
        yield points


def test_lmspacks_formats_are_its_entry_points_each_one_folder() -> None:
    registry.clear_cache()
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    points = declared["project"]["entry-points"][GROUP]
    assert registry.format_names() == ("scorm12", "scorm2004", "xapi", "cmi5", "cc11",
                                       "moodle_xml", "gift", "site")
    assert set(points) == set(registry.format_names())
    for name, value in points.items():
        fmt = registry.require_format(name)
        assert registry.distribution_of(name) == "lmspack"
        module = value.split(":")[0]
        assert module == f"lmspack.exports.{name}" and type(fmt).__module__ == module
        assert (SRC / "exports" / name / "__init__.py").is_file()


def test_no_stage_names_a_format() -> None:
    """Only the registry reaches the formats: no module outside lmspack/exports imports
    one, and the build and the command line hold no format's name or option."""
    importing = re.compile(r"^\s*(from|import) lmspack\.exports", re.MULTILINE)
    outside = [path for path in SRC.rglob("*.py") if "exports" not in path.parts
               and importing.search(path.read_text(encoding="utf-8"))]
    assert outside == []
    names = {"scorm", "scorm12", "scorm2004", "xapi", "cmi5", "site", "html", "tincan",
             "cc11", "cc", "moodle_xml", "moodle-xml", "gift"}
    for module in ("build.py", "cli.py"):
        tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
        docs = {id(node.body[0].value) for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                and node.body and isinstance(node.body[0], ast.Expr)}
        strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                   and isinstance(node.value, str) and id(node) not in docs}
        assert not strings & names, module


def test_command_line_values_resolve_through_the_registry() -> None:
    registry.clear_cache()
    asked = registry.formats_asked
    assert asked({"scorm": "", "html": True}) == ("scorm12", "site")
    assert asked({"scorm": ""}, TARGETS["canvas"].default_choices()) == ("scorm2004",)
    assert asked({"scorm": ("2004", "1.2"), "xapi": False, "cmi5": None}) == \
        ("scorm12", "scorm2004")
    assert asked({}) == ()
    with pytest.raises(ConfigError, match=r"unknown --scorm value '1\.3'; choose from 1\.2, "
                                          "2004"):
        asked({"scorm": "1.3"})


def test_a_request_defaults_to_the_default_preset() -> None:
    assert BuildRequest(("site",)).target == DEFAULT_TARGET


def test_a_registered_format_is_checked_on_load(installed: list[EntryPoint]) -> None:
    """The checks every plug-in registry shares (lmspack.entrypoints; each case is tested
    through the widget registry in test_registry.py), here with a format's words."""
    installed += [EntryPoint("scorm", SCORM12, GROUP), EntryPoint("path", "pathlib:Path", GROUP)]
    with pytest.raises(ConfigError, match="calls itself 'scorm12'; the entry point's name and "
                                          "the format's name must be the same"):
        registry.get_format("scorm")
    with pytest.raises(ConfigError, match=r"is not a lmspack\.formats\.PackageFormat"):
        registry.get_format("path")
    installed[:] = [EntryPoint("scorm12", SCORM12, GROUP)]
    registry.clear_cache()
    assert registry.get_format("cc") is None
    with pytest.raises(ConfigError, match=r"unknown package format 'cc'; choose from scorm12"):
        registry.require_format("cc")
