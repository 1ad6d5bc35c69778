"""What the plug-in registries (widget kinds, package formats) share: entry points by name,
with a clash between two distributions refused, and one loaded and checked.

Each registry asks ``importlib.metadata.entry_points`` for its group itself and hands the
points here, so nothing is imported before a plug-in is asked for by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import EntryPoint
from typing import Any

from lmspack.errors import ConfigError


def by_name(points: Iterable[EntryPoint], what: str) -> dict[str, tuple[str, EntryPoint]]:
    """Each entry point's name -> (its distribution, the point). :class:`ConfigError` when
    two distributions register one name for different objects (``what``: "widget kind")."""
    found: dict[str, tuple[str, EntryPoint]] = {}
    clashes: list[str] = []
    names: dict[int, str] = {}  # a distribution's name parses its whole METADATA: once each
    for point in points:
        dist = "?" if point.dist is None else names.get(id(point.dist)) or \
            names.setdefault(id(point.dist), point.dist.name)
        known = found.get(point.name)
        if known is not None and known[1].value != point.value:
            clashes.append(f"{what} '{point.name}' is registered by both {known[0]} "
                           f"({known[1].value}) and {dist} ({point.value}); uninstall one "
                           "of them")
        found.setdefault(point.name, (dist, point))
    if clashes:
        raise ConfigError(clashes)
    return found


def load(name: str, dist: str, point: EntryPoint, base: type[Any], what: str) -> Any:
    """The plug-in object behind ``point``: an instance of ``base`` (a subclass is
    instantiated) whose ``name`` is the entry point's. Anything else is a
    :class:`ConfigError` naming the plug-in, its target and its distribution."""
    where = f"{what} '{name}' ({point.value}, from {dist})"
    try:
        target = point.load()
    except Exception as exc:
        raise ConfigError(f"{where} cannot be imported: {type(exc).__name__}: {exc}") from exc
    found: Any = target() if isinstance(target, type) and issubclass(target, base) else target
    if not isinstance(found, base):
        raise ConfigError(f"{where} is not a {base.__module__.rsplit('.', 1)[0]}."
                          f"{base.__name__} subclass")
    called = getattr(found, "name", None)
    if called != name:
        raise ConfigError(f"{where} calls itself '{called}'; the entry point's name and the "
                          f"{what.split()[-1]}'s name must be the same")
    return found
