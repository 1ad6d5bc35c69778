"""The table of package formats in ``docs/package-formats.md``, from the registry: every
installed format, a plug-in's included (``scripts/generate.py`` writes it; the test suite
checks it is current, and that an installed plug-in appears in it)."""

from __future__ import annotations

from lmspack.formats.registry import BUILTIN_DISTRIBUTION, all_formats, distribution_of


def formats_table(builtin_only: bool = False) -> str:
    """One row per installed format (``builtin_only``: lmspack's own, as the committed
    docs show them): its name, option, file, limits and distribution."""
    lines = ["| format | option | what it writes | file in the output folder | "
             "limits checked | from |", "|---|---|---|---|---|---|"]
    for fmt in all_formats():
        if builtin_only and distribution_of(fmt.name) != BUILTIN_DISTRIBUTION:
            continue
        where = fmt.file_name("<course>", "<version>")
        where += "/" if fmt.output == "folder" else ""
        lines.append(f"| `{fmt.name}` ({fmt.label}) | `{fmt.flag()}` | {fmt.summary} | "
                     f"`{where}` | {fmt.limits or 'none'} | "
                     f"{distribution_of(fmt.name) or '?'} |")
    return "\n".join(lines) + "\n"
