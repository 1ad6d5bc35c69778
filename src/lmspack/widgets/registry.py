"""The widget kinds installed, from the entry-point group ``lmspack.widgets``.

Names come from the installed distributions' metadata without importing anything; a kind's
package is imported the first time a course uses that kind (:func:`get_kind`), so
``lmspack validate`` on a course without widgets imports no kind at all, and no kind's
compute or template code is imported before the stage that needs it.

lmspack's own kinds are entry points of the ``lmspack`` distribution (``pyproject.toml``),
found here exactly as a third party's are.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from lmspack.entrypoints import by_name, load
from lmspack.errors import ConfigError
from lmspack.widgets.kind import WidgetKind

GROUP = "lmspack.widgets"
BUILTIN_DISTRIBUTION = "lmspack"


@dataclass(frozen=True)
class KindEntry:
    """One registered kind, not yet imported: its name, where it comes from, its target."""

    name: str
    distribution: str
    value: str

    @property
    def builtin(self) -> bool:
        return self.distribution == BUILTIN_DISTRIBUTION


@functools.cache
def _entries() -> dict[str, tuple[KindEntry, EntryPoint]]:
    found = by_name(entry_points(group=GROUP), "widget kind")
    return {name: (KindEntry(name, dist, point.value), point)
            for name, (dist, point) in sorted(found.items())}


def entries() -> tuple[KindEntry, ...]:
    """Every registered kind, by name, without importing any."""
    return tuple(entry for entry, _ in _entries().values())


def kind_names() -> tuple[str, ...]:
    """The names of the installed kinds (sorted); imports nothing."""
    return tuple(_entries())


def distribution_of(name: str) -> str | None:
    """The distribution that registers kind ``name`` (None: not installed)."""
    found = _entries().get(name)
    return found[0].distribution if found else None


def plugin_owner(name: str) -> str | None:
    """The distribution of a third-party kind, named when its code fails (None for
    lmspack's own kinds and unknown names)."""
    owner = distribution_of(name)
    return None if owner in (None, BUILTIN_DISTRIBUTION) else owner


@functools.cache
def get_kind(name: str) -> WidgetKind[Any] | None:
    """The kind called ``name``, imported on first use; None when no kind has that name.
    A registered kind that cannot be loaded is a :class:`~lmspack.errors.ConfigError`."""
    found = _entries().get(name)
    if found is None:
        return None
    entry, point = found
    kind: WidgetKind[Any] = load(name, entry.distribution, point, WidgetKind, "widget kind")
    return kind


def require_kind(name: str) -> WidgetKind[Any]:
    """The kind called ``name``; :class:`~lmspack.errors.ConfigError` when none is
    installed (a checked course only uses installed kinds)."""
    kind = get_kind(name)
    if kind is None:
        raise ConfigError(f"no widget kind '{name}' is installed (known: "
                          f"{', '.join(kind_names()) or 'none'})")
    return kind


def builtin_kinds() -> list[WidgetKind[Any]]:
    """lmspack's own kinds (those its schemas and docs are generated for)."""
    return [kind for entry in entries() if entry.builtin
            if (kind := get_kind(entry.name)) is not None]


def clear_cache() -> None:
    """Forget what was discovered (for tests that install a kind mid-run)."""
    _entries.cache_clear()
    get_kind.cache_clear()
