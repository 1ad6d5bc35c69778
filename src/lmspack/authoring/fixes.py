"""``lmspack fix``: the safe automatic fixes, computed as edits and shown as a diff.

A fix exists for a rule when the right change is certain: mojibake has one reading
(T101), a ``next`` link says which lesson must list the other as a prerequisite (L101),
and a lesson file can take its id's name when nothing else is called that (L103). Every
fix is an :class:`~lmspack.authoring.yamledit.Edit` of the few characters concerned, so the
rest of each file (comments, key order, quoting, line endings) stays byte for byte.

The fixes answer what ``lmspack validate`` reports, after the course file's rule settings:
a rule turned off is not fixed. :data:`FIXES` is the registry (the author guide lists it).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lmspack.authoring.changes import FileChange, read_text
from lmspack.authoring.newlesson import edit_key
from lmspack.authoring.yamledit import Edit, apply_edits, front_matter
from lmspack.commandline import counted
from lmspack.diagnostics import Diagnostic
from lmspack.model.course import Course, LessonEntry
from lmspack.source.files import COURSE_FILE
from lmspack.validate import Report, Settings, check
from lmspack.validate.text import find_mojibake


@dataclass
class FixPlan:
    """What ``fix`` would do: the changes, the problems they fix, and the fixable-kind
    problems left alone with the reason."""

    root: Path
    changes: list[FileChange]
    fixed: list[Diagnostic]
    skipped: list[tuple[Diagnostic, str]]


@dataclass
class _Work:
    root: Path
    course: Course
    explicit_order: bool  # the course file lists the order (else prerequisites decide it)
    texts: dict[str, str] = field(default_factory=dict)
    edits: dict[str, list[Edit]] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, list[str]] = field(default_factory=dict)

    def text(self, path: str) -> str:
        if path not in self.texts:
            self.texts[path] = read_text(self.root / path)
        return self.texts[path]

    def add(self, path: str, edit: Edit, reason: str) -> None:
        self.edits.setdefault(path, []).append(edit)
        self.reasons.setdefault(path, []).append(reason)

    def entry(self, path: str) -> LessonEntry | None:
        return next((e for e in self.course.lessons if e.path == path), None)


Fixer = Callable[[_Work, Diagnostic], str | None]
"""Applies the fix of one diagnostic to the work; returns None, or why it cannot."""


@dataclass(frozen=True)
class Fix:
    """A rule's automatic fix: what it changes, and when it holds back."""

    code: str
    does: str
    apply: Fixer


def _fix_mojibake(work: _Work, diagnostic: Diagnostic) -> str | None:
    text = work.text(diagnostic.path)
    bom = 1 if text.startswith("\ufeff") else 0
    for position, bad, good in find_mojibake(text[bom:]):
        if (position.line, position.column) == (diagnostic.line, diagnostic.column):
            start = _index(text[bom:], position.line, position.column) + bom
            work.add(diagnostic.path, Edit(start, start + len(bad), good), "T101")
            return None
    return "the text changed since it was checked"


def _index(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def _fix_next_prereq(work: _Work, diagnostic: Diagnostic) -> str | None:
    source = work.entry(diagnostic.path)
    target = next((e for e in work.course.lessons
                   if source and e.id == source.lesson.next), None)
    if source is None or target is None:
        return "a lesson involved does not pass validation yet"
    if _requires(work.course, source.id, target.id):
        return (f"'{source.id}' itself requires '{target.id}': adding the prerequisite "
                "would make a cycle; change the next link instead")
    order = [e.id for e in work.course.lessons]
    if work.explicit_order and order.index(target.id) < order.index(source.id):
        return f"the course order puts '{target.id}' before '{source.id}'"
    region = front_matter(work.text(target.path))
    if region is None:
        return f"cannot read the front-matter of {target.path}"
    try:
        edit = edit_key(region, "prereqs", source.id)
    except ValueError as exc:
        return f"{target.path}: prereqs is written in a layout fix does not edit ({exc})"
    work.add(target.path, edit, "L101")
    return None


def _requires(course: Course, lesson: str, other: str) -> bool:
    """Whether ``lesson`` needs ``other``, directly or through other prerequisites."""
    prereqs = {e.id: e.lesson.prereqs for e in course.lessons}
    seen, todo = set(), [lesson]
    while todo:
        for need in prereqs.get(todo.pop(), []):
            if need == other:
                return True
            if need not in seen:
                seen.add(need)
                todo.append(need)
    return False


def _fix_file_name(work: _Work, diagnostic: Diagnostic) -> str | None:
    entry = work.entry(diagnostic.path)
    if entry is None:
        return "the lesson does not pass validation yet"
    new = posixpath.join(posixpath.dirname(entry.path), f"{entry.id}.md")
    if sum(e.id == entry.id for e in work.course.lessons) > 1:
        return f"two lessons have the id '{entry.id}' (L001)"
    if (work.root / new).exists() or new in work.renames.values():
        return f"{new} already exists"
    old_name = re.escape(posixpath.basename(entry.path))
    linked = [e.path for e in work.course.lessons
              if re.search(rf"\]\([^)]*\b{old_name}", e.body)]
    if linked:
        return f"{', '.join(linked)} link(s) to the file by name; rename it by hand"
    work.renames[entry.path] = new
    work.reasons.setdefault(entry.path, []).append("L103")
    return None


FIXES: dict[str, Fix] = {fix.code: fix for fix in (
    Fix("T101", "replaces the garbled characters with what they should read (RÂ² -> R²)",
        _fix_mojibake),
    Fix("L101", "adds the lesson to the prereqs of its next lesson (unless that would make a "
        "cycle or contradict the course order)", _fix_next_prereq),
    Fix("L103", "renames the lesson file to <id>.md (unless that name is taken, the id is "
        "duplicated, or another lesson links to the file by name)", _fix_file_name),
)}


def _explicit_order(root: Path) -> bool:
    import yaml

    try:
        config = yaml.safe_load(read_text(root / COURSE_FILE))
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(config, dict) and bool(config.get("lessons") or config.get("modules"))


def plan_fixes(root: Path, only: frozenset[str] | None = None,
               report: Report | None = None) -> FixPlan:
    """Validate the course at ``root`` and compute the fixes of what it reports (in the
    files ``only`` names, when given). Nothing is written."""
    report = report or check(root, Settings(only=only))
    plan = FixPlan(root, [], [], [])
    if report.course is None:
        return plan
    work = _Work(root, report.course, _explicit_order(root))
    for diagnostic in report.diagnostics:
        fix = FIXES.get(diagnostic.code)
        if fix is None or (only is not None and diagnostic.path not in only):
            continue
        reason = fix.apply(work, diagnostic)
        if reason is None:
            plan.fixed.append(diagnostic)
        else:
            plan.skipped.append((diagnostic, reason))
    for path in sorted(set(work.edits) | set(work.renames)):
        before = work.text(path)
        after = apply_edits(before, work.edits.get(path, []))
        plan.changes.append(FileChange(path, before, after, work.renames.get(path),
                                       ", ".join(sorted(set(work.reasons[path])))))
    return plan


def fix_summary(plans: list[FixPlan], check_only: bool) -> str:
    """The last line of ``lmspack fix`` (``--check``: what would be fixed)."""
    fixed = sum(len(plan.fixed) for plan in plans)
    files = sum(len(plan.changes) for plan in plans)
    if not fixed:
        return "Nothing to fix."
    if check_only:
        return (f"{counted(fixed, 'problem')} in {counted(files, 'file')} would be fixed; "
                "run lmspack fix to apply.")
    return f"Fixed {counted(fixed, 'problem')} in {counted(files, 'file')}."
