"""``lmspack graph``: the prerequisite graph as SVG, Mermaid or Graphviz dot.

Nodes are lessons, numbered in course order; an arrow ``A -> B`` means B requires A; a
dotted arrow is a ``next`` link that is not also a prerequisite. Lessons and arrows inside
a prerequisite cycle are marked, as are lessons no learner can reach (behind a cycle) and
ids named as prerequisites that are no lesson. The SVG is laid out here (no Graphviz
needed), has no script, and says everything in text too: it reads with JavaScript off.
"""

from __future__ import annotations

from dataclasses import dataclass

from lmspack.commandline import counted
from lmspack.model.course import Course
from lmspack.source.yamlpos import YamlDocument
from lmspack.validate.links import LinkInfo, find_cycles, reachable_lessons


@dataclass(frozen=True)
class Node:
    id: str
    title: str
    position: int | None  # 1-based place in the course order; None for an unknown id
    in_cycle: bool = False
    unreachable: bool = False

    @property
    def unknown(self) -> bool:
        return self.position is None

    @property
    def status(self) -> str:
        if self.unknown:
            return "unknown"
        return "cycle" if self.in_cycle else "unreachable" if self.unreachable else "ok"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # "prereq" (target requires source) or "next" (source's next is target)
    in_cycle: bool = False


@dataclass(frozen=True)
class LessonGraph:
    title: str
    nodes: tuple[Node, ...]  # course order, unknown ids last
    edges: tuple[Edge, ...]
    cycles: tuple[tuple[str, ...], ...]

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)


def lesson_graph(course: Course) -> LessonGraph:
    """The graph of a course's lessons (those that pass the schema)."""
    infos = {e.id: LinkInfo(e.path, e.id, tuple(enumerate(e.lesson.prereqs)), e.lesson.next,
                            YamlDocument(None, None)) for e in course.lessons}
    cycles = find_cycles(infos)
    cycle_edges = {(c[(i + 1) % len(c)], c[i]) for c in cycles for i in range(len(c))}
    in_cycle = {i for c in cycles for i in c}
    reachable = reachable_lessons(infos)
    nodes = [Node(e.id, e.lesson.title, n, e.id in in_cycle,
                  e.id not in reachable and e.id not in in_cycle)
             for n, e in enumerate(course.lessons, start=1)]
    edges, unknown = [], {}
    for entry in course.lessons:
        for prereq in dict.fromkeys(entry.lesson.prereqs):
            if prereq != entry.id:
                edges.append(Edge(prereq, entry.id, "prereq", (prereq, entry.id) in cycle_edges))
                if prereq not in infos:
                    unknown[prereq] = Node(prereq, prereq, None)
    for entry in course.lessons:
        following = entry.lesson.next
        if following and following != entry.id and not any(
                e.source == entry.id and e.target == following for e in edges):
            edges.append(Edge(entry.id, following, "next"))  # not also a prerequisite
            if following not in infos:
                unknown[following] = Node(following, following, None)
    return LessonGraph(course.title, (*nodes, *unknown.values()), tuple(edges),
                       tuple(tuple(c) for c in cycles))


def summary(graph: LessonGraph) -> list[str]:
    """The graph's problems in words (the SVG's description, and a legend)."""
    lessons = counted(sum(not n.unknown for n in graph.nodes), "lesson")
    links = counted(sum(e.kind == "prereq" for e in graph.edges), "prerequisite link")
    lines = [f"{lessons} in course order, {links}."]
    lines += ["Prerequisite cycle: " + " -> ".join([*c, c[0]]) for c in graph.cycles]
    blocked = [n.id for n in graph.nodes if n.unreachable]
    if blocked:
        lines.append("Unreachable (behind a cycle): " + ", ".join(blocked))
    unknown = [n.id for n in graph.nodes if n.unknown]
    if unknown:
        lines.append("Not a lesson of this course: " + ", ".join(unknown))
    return lines


def _label(node: Node) -> str:
    return node.id if node.unknown else f"{node.position}. {node.title}"


def to_mermaid(graph: LessonGraph) -> str:
    """A Mermaid flowchart (GitHub and GitLab render it in Markdown)."""
    names = {n.id: f"n{i}" for i, n in enumerate(graph.nodes)}
    lines = ["flowchart LR"]
    for node in graph.nodes:
        text = _label(node).replace('"', "#quot;")
        shape = f'{names[node.id]}(["{text}"])' if node.unknown else f'{names[node.id]}["{text}"]'
        lines.append(f"  {shape}:::{node.status}")
    styles = []
    for number, edge in enumerate(graph.edges):
        arrow = " -.->|next| " if edge.kind == "next" else " --> "
        lines.append(f"  {names[edge.source]}{arrow}{names[edge.target]}")
        if edge.in_cycle:
            styles.append(str(number))
    if styles:
        lines.append(f"  linkStyle {','.join(styles)} stroke:#b00020,stroke-width:3px")
    lines += ["  classDef ok fill:#eef4fa,stroke:#1f4e79",
              "  classDef cycle fill:#fde8ea,stroke:#b00020,stroke-width:3px",
              "  classDef unreachable fill:#f2f2f2,stroke:#666,stroke-dasharray:5 3",
              "  classDef unknown fill:#fff,stroke:#b00020,stroke-dasharray:2 2"]
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_DOT_NODE = {"ok": 'style=filled fillcolor="#eef4fa" color="#1f4e79"',
             "cycle": 'style="filled,bold" fillcolor="#fde8ea" color="#b00020"',
             "unreachable": 'style="filled,dashed" fillcolor="#f2f2f2" color="#666666"',
             "unknown": 'style=dotted color="#b00020"'}


def to_dot(graph: LessonGraph) -> str:
    """Graphviz dot (``dot -Tpng``)."""
    lines = ["digraph lessons {", "  rankdir=LR;", f"  label={_dot_quote(graph.title)};",
             '  node [shape=box fontname="sans-serif"];']
    for node in graph.nodes:
        lines.append(f"  {_dot_quote(node.id)} [label={_dot_quote(_label(node))} "
                     f"{_DOT_NODE[node.status]}];")
    for edge in graph.edges:
        style = " [style=dotted label=next]" if edge.kind == "next" else \
            ' [color="#b00020" penwidth=2.5]' if edge.in_cycle else ""
        lines.append(f"  {_dot_quote(edge.source)} -> {_dot_quote(edge.target)}{style};")
    return "\n".join([*lines, "}"]) + "\n"
