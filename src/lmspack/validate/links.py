"""Cross-lesson checks: duplicate ids, prerequisite and `next` links, cycles, reachability."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Protocol

from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.model.course import prerequisite_graph


class Positions(Protocol):
    """Anything that says where a value of a lesson's front-matter is, by JSON pointer (of
    the value, or of its key): a :class:`~lmspack.source.yamlpos.YamlDocument`, or the
    few positions a :class:`LinkPositions` keeps."""

    def position(self, pointer: str, *, key: bool = False) -> Position: ...


@dataclass(frozen=True)
class LinkInfo:
    """What the link checks need from one lesson (taken from raw data, type-guarded)."""

    path: str
    id: str
    prereqs: tuple[tuple[int, str], ...]  # (index in the list, id)
    next: str | None
    doc: Positions
    placeholder: bool = False  # a lesson whose front-matter did not parse: id = file name


@dataclass(frozen=True, slots=True)
class LinkPositions:
    """Where one lesson's link values are: the only positions the link checks can report
    (``/id``, the ``prereqs`` key, ``/next`` and each prerequisite id), looked up while the
    lesson's front-matter is at hand. A course's link data then costs a few numbers a
    lesson, not a document (its node tree or text) a lesson."""

    marks: tuple[int, ...]
    """Flat, to stay small on a big course: line and column of ``/id``, of the ``prereqs``
    key and of ``/next`` (0, 0 when the lesson has no next), then list index, line and
    column of each prerequisite id."""

    @classmethod
    def of(cls, doc: Positions, prereqs: tuple[tuple[int, str], ...],
           following: str | None) -> LinkPositions:
        """The positions :func:`check_links` may ask ``doc`` for, for a lesson with these
        prerequisites (index in the list, id) and this next lesson."""
        found = [doc.position("/id"), doc.position("/prereqs", key=True),
                 doc.position("/next") if following is not None else Position(0, 0)]
        marks = [n for where in found for n in (where.line, where.column)]
        for index, _ in prereqs:
            where = doc.position(f"/prereqs/{index}")
            marks += (index, where.line, where.column)
        return cls(tuple(marks))

    def position(self, pointer: str, *, key: bool = False) -> Position:
        """As :meth:`~lmspack.source.yamlpos.YamlDocument.position`, for the pointers kept;
        KeyError for any other (a link check asking for a position never looked up)."""
        marks = self.marks
        slot = _SLOTS.get((pointer, key))
        if slot is not None and marks[slot]:
            return Position(marks[slot], marks[slot + 1])
        if not key and pointer.startswith("/prereqs/"):
            index = pointer.removeprefix("/prereqs/")
            for at in range(6, len(marks), 3):
                if str(marks[at]) == index:
                    return Position(marks[at + 1], marks[at + 2])
        raise KeyError(f"no position kept for {pointer!r} (key={key})")


_SLOTS = {("/id", False): 0, ("/prereqs", True): 2, ("/next", False): 4}


def check_links(lessons: list[LinkInfo]) -> list[Diagnostic]:
    by_id: dict[str, LinkInfo] = {}
    out: list[Diagnostic] = []
    real = [info for info in lessons if not info.placeholder]
    for info in real:
        first = by_id.setdefault(info.id, info)
        if first is not info:
            out.append(emit("L001", info.path, info.doc.position("/id"),
                            f"id '{info.id}' is already used by {first.path}", pointer="/id"))
    for info in lessons:
        if info.placeholder:
            by_id.setdefault(info.id, info)
    for info in real:
        out += _check_references(info, by_id)
    cycles = find_cycles(by_id)
    out += [_cycle_diagnostic(cycle, by_id) for cycle in cycles]
    out += _check_next_reciprocal(real, by_id)
    out += _check_reachable(by_id, {i for cycle in cycles for i in cycle})
    return out


def _suggest(name: str, known: dict[str, LinkInfo], exclude: str) -> str | None:
    close = difflib.get_close_matches(name, [k for k in known if k != exclude], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _check_references(info: LinkInfo, by_id: dict[str, LinkInfo]) -> list[Diagnostic]:
    out = []
    for index, prereq in info.prereqs:
        pointer = f"/prereqs/{index}"
        if prereq == info.id:
            out.append(emit("L004", info.path, info.doc.position(pointer),
                            f"lesson '{info.id}' lists itself as a prerequisite", pointer=pointer))
        elif prereq not in by_id:
            out.append(emit("L002", info.path, info.doc.position(pointer),
                            f"prerequisite '{prereq}' is not a lesson of this course",
                            hint=_suggest(prereq, by_id, info.id), pointer=pointer))
    if info.next is not None:
        if info.next == info.id:
            out.append(emit("L004", info.path, info.doc.position("/next"),
                            f"lesson '{info.id}' names itself as next", pointer="/next"))
        elif info.next not in by_id:
            out.append(emit("L003", info.path, info.doc.position("/next"),
                            f"next lesson '{info.next}' is not a lesson of this course",
                            hint=_suggest(info.next, by_id, info.id), pointer="/next"))
    return out


def _graph(by_id: dict[str, LinkInfo]) -> dict[str, set[str]]:
    """Each lesson id -> its known prerequisites (self-links and unknown ids left out)."""
    return prerequisite_graph({i: [p for _, p in info.prereqs] for i, info in by_id.items()})


def find_cycles(by_id: dict[str, LinkInfo]) -> list[list[str]]:
    """Prerequisite cycles (self-links excluded), each as a list of ids in cycle order,
    starting from its smallest id; deterministic."""
    graph = {i: sorted(prereqs) for i, prereqs in _graph(by_id).items()}
    cycles = []
    for component in _strongly_connected(graph):
        if len(component) > 1:
            cycles.append(_cycle_through(min(component), set(component), graph))
    return sorted(cycles)


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so deep chains do not hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    result.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(graph[child])))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return result


def _cycle_through(start: str, members: set[str], graph: dict[str, list[str]]) -> list[str]:
    """A shortest cycle from ``start`` back to itself within one strongly connected set."""
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in graph[node]:
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return path[::-1]
                if child in members and child not in parents:
                    parents[child] = node
                    following.append(child)
        frontier = following
    return [start]  # unreachable for a real component


def _cycle_diagnostic(cycle: list[str], by_id: dict[str, LinkInfo]) -> Diagnostic:
    first = by_id[cycle[0]]
    second = cycle[1 % len(cycle)]
    index = next(i for i, p in first.prereqs if p == second)
    pointer = f"/prereqs/{index}"
    chain = " -> ".join([*cycle, cycle[0]])
    return emit("L005", first.path, first.doc.position(pointer),
                f"prerequisite cycle: {chain} (each lesson requires the next)",
                hint="remove one of these prerequisites", pointer=pointer)


def _check_next_reciprocal(lessons: list[LinkInfo],
                           by_id: dict[str, LinkInfo]) -> list[Diagnostic]:
    out = []
    for info in lessons:
        target = by_id.get(info.next) if info.next else None
        if target is None or target is info or target.placeholder \
                or by_id.get(info.id) is not info:
            continue
        if info.id not in {p for _, p in target.prereqs}:
            out.append(emit("L101", info.path, info.doc.position("/next"),
                            f"next lesson '{target.id}' does not list '{info.id}' in its prereqs",
                            hint=f"add '{info.id}' to prereqs in {target.path}", pointer="/next"))
    return out


def reachable_lessons(by_id: dict[str, LinkInfo]) -> set[str]:
    """Lessons a learner can start: those whose known prerequisites can all be completed
    (self-links and unknown ids ignored)."""
    waiting = _graph(by_id)
    unlocks: dict[str, list[str]] = {}
    for lesson_id, needs in waiting.items():
        for need in needs:
            unlocks.setdefault(need, []).append(lesson_id)
    frontier = [i for i, needs in waiting.items() if not needs]
    reachable = set(frontier)
    while frontier:
        done = frontier.pop()
        for other in unlocks.get(done, ()):
            waiting[other].discard(done)
            if not waiting[other] and other not in reachable:
                reachable.add(other)
                frontier.append(other)
    return reachable


def _check_reachable(by_id: dict[str, LinkInfo], in_cycle: set[str]) -> list[Diagnostic]:
    """A lesson is reachable when all its (known) prerequisites are; starts have none.

    Unknown prerequisites are already errors (L002) and are ignored here; lessons inside a
    cycle are reported by L005, so only the lessons *behind* a cycle get this warning.
    """
    reachable = reachable_lessons(by_id)
    out = []
    for lesson_id in sorted(set(by_id) - reachable - in_cycle):
        info = by_id[lesson_id]
        blockers = sorted(p for _, p in info.prereqs if p in by_id and p not in reachable)
        out.append(emit("L102", info.path, info.doc.position("/prereqs", key=True),
                        f"lesson '{lesson_id}' can never be started: its prerequisite(s) "
                        f"{', '.join(blockers)} cannot be completed (a prerequisite cycle "
                        f"stands in the way)", pointer="/prereqs"))
    return out
