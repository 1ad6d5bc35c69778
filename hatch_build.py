"""Hatchling build hook: record the git commit a wheel or sdist is built from.

Writes ``src/lmspack/_build_info.json`` (ignored by git, shipped through ``artifacts`` in
pyproject.toml) while a build from a git checkout runs, and removes it afterwards. A wheel
built from the sdist finds no checkout and keeps the file the sdist carries, so both
artifacts name the same commit. Editable installs ask git at run time instead
(``lmspack._version.build_commit``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _version_module(root: Path) -> Any:
    """``src/lmspack/_version.py`` loaded by path: lmspack itself is not installed here."""
    spec = importlib.util.spec_from_file_location("_lmspack_version",
                                                  root / "src" / "lmspack" / "_version.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


class CommitHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._written: Path | None = None
        if version == "editable":
            return
        root = Path(self.root)
        versions = _version_module(root)
        commit = versions.git_commit(root)
        if commit is None:  # not a checkout: an sdist, whose file (if any) is kept as it is
            return
        self._written = root / "src" / "lmspack" / versions.BUILD_INFO
        self._written.write_text(commit.as_json(), encoding="utf-8")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_written", None) is not None:
            self._written.unlink(missing_ok=True)  # type: ignore[union-attr]
