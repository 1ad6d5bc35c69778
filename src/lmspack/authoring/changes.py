"""Changes to course files, shown as a diff before they are written.

Commands that edit a course (``fix``, ``new lesson``) first compute every change in memory
as :class:`FileChange` objects; :func:`diff` shows them, :func:`write_changes` writes them
exactly (text is written as-is: line endings and a leading BOM stay).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileChange:
    """One file's change: ``before`` None creates it, ``rename`` moves it (then writes
    ``after`` there). Paths are course-relative POSIX paths."""

    path: str
    before: str | None
    after: str
    rename: str | None = None
    reason: str = ""

    @property
    def target(self) -> str:
        return self.rename or self.path

    @property
    def verb(self) -> str:
        """``created`` or ``updated``, as the command line reports it."""
        return "created" if self.before is None else "updated"


def read_text(path: Path) -> str:
    """A file's exact text (universal newlines off, so CRLF survives a round trip)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return stream.read()


def diff(changes: Iterable[FileChange]) -> str:
    """A unified diff of every change (``git apply`` reads it)."""
    out: list[str] = []
    for change in changes:
        old = change.before.splitlines(keepends=True) if change.before is not None else []
        new = change.after.splitlines(keepends=True)
        header = []
        if change.rename:
            header = [f"diff --git a/{change.path} b/{change.rename}\n",
                      f"rename from {change.path}\n", f"rename to {change.rename}\n"]
        body = list(difflib.unified_diff(
            old, new, "/dev/null" if change.before is None else f"a/{change.path}",
            f"b/{change.target}", lineterm="\n"))
        out += header + [line if line.endswith("\n") else line + "\n\\ No newline at end "
                         "of file\n" for line in body]
    return "".join(out)


def write_changes(root: Path, changes: Iterable[FileChange]) -> None:
    """Write every change; a created file must not exist yet (never overwritten)."""
    for change in changes:
        source, target = root / change.path, root / change.target
        if change.before is None or change.rename:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8", newline="") as stream:
                stream.write(change.after)
            if change.rename:
                source.unlink()
            continue
        with source.open("w", encoding="utf-8", newline="") as stream:
            stream.write(change.after)


def diff_role(line: str) -> str:
    """The colour role of a diff line: ``file-old``/``file-new`` (the ``---``/``+++``
    headers), ``removed``, ``added``, ``hunk`` (``@@``), else ``context``."""
    if line.startswith(("---", "+++")):
        return "file-old" if line[0] == "-" else "file-new"
    return {"-": "removed", "+": "added", "@": "hunk"}.get(line[:1], "context")


def styled_diff(patch: str, style: Callable[[str, str], str]) -> str:
    """``patch`` line by line through the colour hook ``style(role, line)``
    (:func:`diff_role`), each line's end kept outside the styling."""
    return "".join(style(diff_role(line), line.rstrip("\n")) + "\n"
                   for line in patch.splitlines(keepends=True))
