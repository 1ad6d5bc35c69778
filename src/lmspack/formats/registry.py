"""The package formats installed, from the entry-point group ``lmspack.formats``.

Names come from the installed distributions' metadata; a format's package is imported the
first time it is asked for (:func:`get_format`). lmspack's own formats are entry points of
the ``lmspack`` distribution (``pyproject.toml``), found here exactly as a third party's
are. Lists (the command line's options, the docs, a build's order) follow
:attr:`PackageFormat.order`, then the name.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points

from lmspack.commandline import Option
from lmspack.entrypoints import by_name, load
from lmspack.errors import ConfigError
from lmspack.formats.format import PackageFormat

GROUP = "lmspack.formats"
BUILTIN_DISTRIBUTION = "lmspack"


@functools.cache
def _entries() -> dict[str, tuple[str, EntryPoint]]:
    return by_name(entry_points(group=GROUP), "package format")


def distribution_of(name: str) -> str | None:
    """The distribution that registers format ``name`` (None: not installed)."""
    found = _entries().get(name)
    return found[0] if found else None


@functools.cache
def get_format(name: str) -> PackageFormat | None:
    """The format called ``name``, imported on first use; None when none has that name.
    A registered format that cannot be loaded is a :class:`~lmspack.errors.ConfigError`."""
    found = _entries().get(name)
    if found is None:
        return None
    dist, point = found
    fmt: PackageFormat = load(name, dist, point, PackageFormat, "package format")
    return fmt


def require_format(name: str) -> PackageFormat:
    """The format called ``name``; :class:`~lmspack.errors.ConfigError` naming the
    installed ones when there is none."""
    fmt = get_format(name)
    if fmt is None:
        raise ConfigError(f"unknown package format {name!r}; choose from "
                          f"{', '.join(format_names())}")
    return fmt


@functools.cache
def all_formats() -> tuple[PackageFormat, ...]:
    """Every installed format, in :attr:`~PackageFormat.order` (imports each one)."""
    found = [fmt for name in _entries() if (fmt := get_format(name)) is not None]
    return tuple(sorted(found, key=lambda fmt: (fmt.order, fmt.name)))


def format_names() -> tuple[str, ...]:
    """The installed formats' names, in order."""
    return tuple(fmt.name for fmt in all_formats())


def options() -> dict[str, tuple[PackageFormat, ...]]:
    """Each command-line option (``scorm``, ``xapi``, ...) with the formats it asks for,
    in order: one format for a flag, several (each with its ``choice``) for a shared one."""
    grouped: dict[str, list[PackageFormat]] = {}
    for fmt in all_formats():
        grouped.setdefault(fmt.option, []).append(fmt)
    return {option: tuple(formats) for option, formats in grouped.items()}


def option_help(option: str, export: bool) -> str:
    """The help of ``--OPTION`` on ``lmspack export`` (``export``) or ``validate``."""
    formats = options()[option]
    labels = " / ".join(fmt.label for fmt in formats)
    if formats[0].choice is None:
        return f"Write {formats[0].summary}." if export else \
            f"Check the data-model limits of {labels}."
    return (f"Write a {labels} package; bare --{option} means the target's choice." if export
            else f"Check the data-model limits of {labels} (repeatable; without any format "
            "option: every format's).")


def keyword(option: str) -> str:
    """The keyword a format option arrives as (``--moodle-xml``: ``format_moodle_xml``)."""
    return "format_" + option.replace("-", "_")


def command_options(export: bool) -> list[Option]:
    """One command-line option per format option, in order: on ``lmspack export`` what to
    write (a flag, or a choice that may be given bare: ``--scorm`` alone is ``""``, the
    target's choice); on ``validate`` whose data-model limits to check (repeatable)."""
    made = []
    for option, formats in options().items():
        flag, name, words = f"--{option}", keyword(option), option_help(option, export)
        choices = tuple(str(fmt.choice) for fmt in formats)
        if formats[0].choice is None:
            made.append(Option((flag,), name, words, flag=True))
        elif export:
            made.append(Option((flag,), name, words, choices=choices, bare=""))
        else:
            made.append(Option((flag,), name, words, choices=choices, multiple=True))
    return made


def given(keywords: Mapping[str, object]) -> dict[str, object]:
    """What a command received for each format option (by :func:`keyword`), by option:
    the ``values`` of :func:`formats_asked`."""
    return {option: keywords[keyword(option)] for option in options()
            if keyword(option) in keywords}


def synopsis() -> str:
    """Every format option as the command line offers it: ``--scorm [1.2|2004], --xapi``."""
    return ", ".join(f"--{option}" + (f" [{'|'.join(str(f.choice) for f in formats)}]"
                                      if formats[0].choice else "")
                     for option, formats in options().items())


def by_choice(option: str, choice: str) -> PackageFormat:
    """The format that ``--OPTION CHOICE`` asks for; :class:`ConfigError` for none."""
    for fmt in options().get(option, ()):
        if fmt.choice == choice:
            return fmt
    choices = [str(fmt.choice) for fmt in options().get(option, ())]
    raise ConfigError(f"unknown --{option} value {choice!r}; choose from {', '.join(choices)}")


def formats_asked(values: Mapping[str, object],
                  defaults: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The formats that command-line values ask for, in order. ``values`` maps an option
    of :func:`options` to what was given: a flag's ``True``; a shared option's choice, or
    several, or ``""`` (given bare: ``defaults[option]``, e.g. the LMS preset's SCORM
    version, else the option's first format); ``None``/``False``/``()``: not asked."""
    names: dict[str, None] = {}
    for option, formats in options().items():
        value = values.get(option)
        if value is None or value is False or value == ():
            continue
        if value is True or formats[0].choice is None:  # a flag
            names.update(dict.fromkeys(fmt.name for fmt in formats))
            continue
        for choice in value if isinstance(value, tuple | list) else (value,):
            choice = str(choice) or (defaults or {}).get(option) or str(formats[0].choice)
            names[by_choice(option, choice).name] = None
    return tuple(name for name in format_names() if name in names)


def clear_cache() -> None:
    """Forget what was discovered (for tests that install a format mid-run)."""
    _entries.cache_clear()
    get_format.cache_clear()
    all_formats.cache_clear()
