"""The widget-kind registry: names from entry points without importing, kinds on first use,
and a plug-in that cannot be used is a configuration error naming it."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint

import pytest
from tests.unit.installed_points import points_of

from lmspack.errors import ConfigError
from lmspack.widgets import registry

GROUP = "lmspack.widgets"
DRIFT = "lmspack.kinds.drift_detection_lab:DriftDetectionLab"


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EntryPoint]]:
    """Replace what the installed distributions register (the list can be edited)."""
    with points_of(registry, monkeypatch) as points:
        yield points


def test_builtin_kinds_are_entry_points_of_lmspack() -> None:
    registry.clear_cache()
    entries = {e.name: e for e in registry.entries()}
    assert {"drift_detection_lab", "model_monitoring_dashboard",
            "alert_configurator"} <= set(entries)
    assert all(entries[name].builtin for name in ("drift_detection_lab",
                                                  "alert_configurator"))
    assert registry.plugin_owner("drift_detection_lab") is None


def test_a_kind_that_does_not_import_is_a_config_error(installed: list[EntryPoint]) -> None:
    installed.append(EntryPoint("broken", "lmspack_no_such_module:Kind", GROUP))
    assert registry.kind_names() == ("broken",)  # listed without importing anything
    with pytest.raises(ConfigError, match=r"widget kind 'broken' \(lmspack_no_such_module:"
                                          r"Kind, from \?\) cannot be imported: "
                                          "ModuleNotFoundError"):
        registry.get_kind("broken")


def test_the_entry_point_name_must_be_the_kinds_name(installed: list[EntryPoint]) -> None:
    installed.append(EntryPoint("drift", DRIFT, GROUP))
    with pytest.raises(ConfigError, match="calls itself 'drift_detection_lab'"):
        registry.get_kind("drift")


def test_something_else_than_a_kind_is_refused(installed: list[EntryPoint]) -> None:
    installed.append(EntryPoint("path", "pathlib:Path", GROUP))
    with pytest.raises(ConfigError, match=r"is not a lmspack\.widgets\.WidgetKind subclass"):
        registry.get_kind("path")


def test_two_kinds_with_one_name_are_refused(installed: list[EntryPoint]) -> None:
    installed += [EntryPoint("drift_detection_lab", DRIFT, GROUP),
                  EntryPoint("drift_detection_lab", "other_package:Drift", GROUP)]
    with pytest.raises(ConfigError, match="registered by both"):
        registry.kind_names()


def test_an_unknown_name_is_none_and_require_names_the_choices(
        installed: list[EntryPoint]) -> None:
    installed.append(EntryPoint("drift_detection_lab", DRIFT, GROUP))
    assert registry.get_kind("gauge") is None
    with pytest.raises(ConfigError, match=r"no widget kind 'gauge' is installed \(known: "
                                          r"drift_detection_lab\)"):
        registry.require_kind("gauge")
