"""Where a reference in a lesson or a widget file points, decided once for every stage.

:func:`resolve_local` classifies a URL written in a lesson's Markdown (the validator reports
what it finds, the renderer copies and rewrites what it allows); :func:`resolve_data_path`
maps a widget ``data`` path, or a CSV path inside a widget file, into the course's
``widgets/`` folder (validate checks it, precompute reads through it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import unquote, urlsplit

from lmspack.source.files import WIDGETS_DIR, is_file, resolve

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
"""A URL scheme (``https:``, ``mailto:``); a Windows drive letter is checked before it."""


@dataclass(frozen=True)
class LocalRef:
    """Where a URL in a lesson points.

    ``kind``: ``external`` (a URL with a scheme, or a fragment-only link: left alone),
    ``file`` (an existing file inside the course; ``path`` is course-relative POSIX),
    ``missing`` (inside the course but absent; ``path`` set), ``outside`` (an absolute
    path, a ``file:`` URL, or ``..`` leaving the course).
    """

    kind: Literal["external", "file", "missing", "outside"]
    path: str | None = None
    fragment: str = ""


def resolve_local(root: Path, lesson_path: str, url: str) -> LocalRef:
    """Classify ``url`` as written in the lesson at course-relative ``lesson_path``."""
    url = url.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    if url.lower().startswith("file:") or url.startswith(("/", "\\")) or \
            re.match(r"^[A-Za-z]:[\\/]", url):  # a drive letter is not a URL scheme
        return LocalRef("outside")
    if not url or url.startswith("#") or SCHEME.match(url):
        return LocalRef("external")
    parts = urlsplit(url)
    target = PurePosixPath(lesson_path).parent / unquote(parts.path).replace("\\", "/")
    normal: list[str] = []
    for part in target.parts:
        if part == "..":
            if not normal:
                return LocalRef("outside")
            normal.pop()
        elif part != ".":
            normal.append(part)
    if not normal:
        return LocalRef("outside")
    rel = "/".join(normal)
    resolved = resolve(root / rel)
    if resolved is None:  # a NUL byte, a name too long, a link loop: it names no file
        return LocalRef("missing", rel, parts.fragment)
    course = root.resolve()
    if course not in resolved.parents:  # a symlink that leads out of the course
        return LocalRef("outside", rel)
    return LocalRef("file" if is_file(resolved) else "missing", rel, parts.fragment)


def resolve_data_path(root: Path, data: str) -> str | None:
    """Course-relative POSIX path of a widget ``data`` reference, or None when it would
    leave the course's ``widgets/`` folder (``..``, URLs, drive letters, symlinks out)."""
    if SCHEME.match(data) or "\\" in data:
        return None
    relative = PurePosixPath(data.lstrip("/"))
    if ".." in relative.parts or not relative.parts or relative.parts[0] != WIDGETS_DIR:
        return None
    resolved = resolve(root / relative)
    if resolved is None:  # a NUL byte, a name too long, a link loop: it names no file (W002)
        return relative.as_posix()
    widgets = (root / WIDGETS_DIR).resolve()
    if resolved != widgets and widgets not in resolved.parents:
        return None
    return relative.as_posix()
