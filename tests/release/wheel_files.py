"""Which source files a wheel must hold, derived from pyproject.toml and from the code.

The wheel's layout comes from pyproject.toml (``packages`` and ``force-include`` of
hatch's wheel target), so a source path maps to its place in the wheel by those rules and
no list of files is kept by hand: a template, schema, runtime script or message catalog
added later is checked as soon as the code loads it or git tracks it.
"""

from __future__ import annotations

import subprocess
import tomllib
import zipfile
from collections.abc import Iterable
from pathlib import Path


def wheel_roots(repo: Path) -> dict[Path, str]:
    """Source folder -> its folder inside the wheel, as hatch's wheel target lays it out."""
    config = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    roots = {(repo / package).resolve(): Path(package).name for package in wheel["packages"]}
    for source, target in wheel.get("force-include", {}).items():
        roots[(repo / source).resolve()] = target.strip("/")
    return roots


def in_wheel(path: Path, roots: dict[Path, str]) -> str | None:
    """Where ``path`` lands in the wheel, or None when it is not shipped by any root."""
    resolved = path.resolve()
    for root, target in sorted(roots.items(), key=lambda item: -len(item[0].parts)):
        if resolved.is_relative_to(root):
            return f"{target}/{resolved.relative_to(root).as_posix()}"
    return None


def shipped_sources(paths: Iterable[Path], roots: dict[Path, str]) -> dict[str, Path]:
    """Wheel name -> source path, for the paths under a wheel root (bytecode left out)."""
    shipped = {}
    for path in paths:
        name = in_wheel(path, roots)
        if name is not None and "__pycache__" not in path.parts and path.is_file():
            shipped[name] = path
    return shipped


def tracked_files(repo: Path, roots: dict[Path, str]) -> list[Path]:
    """Every file git tracks under the wheel's source folders."""
    listed = subprocess.run(["git", "ls-files", "-z", "--", *map(str, roots)], cwd=repo,
                            check=True, capture_output=True).stdout
    return [repo / name for name in listed.decode().split("\0") if name]


def loaded_files(log: Path) -> set[Path]:
    """The files a recorded run opened (``record_loads.py``), Python sources left out: the
    data files the code loads, each once."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return {Path(line) for line in lines if not line.endswith((".py", ".pyc"))}


def missing(expected: dict[str, Path], wheel: Path) -> list[str]:
    """The wheel names of ``expected`` the wheel lacks, each with its source path."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    return [f"{name} (from {source})" for name, source in sorted(expected.items())
            if name not in names]
