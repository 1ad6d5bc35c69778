"""The prerequisite graph as a standalone SVG: laid out in layers (a lesson one column to
the right of its last prerequisite), no script, styles inline, every fact also in text."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lmspack.authoring.graph import Edge, LessonGraph, Node, summary

W, H, GAP_X, GAP_Y, MARGIN, TOP = 210, 54, 70, 26, 16, 84
LEFT = 64  # room for the bows of links within a column
LINE = 18
RED, BLUE, GREY = "#b00020", "#1f4e79", "#666666"

_STYLE = f"""
text {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: #111; }}
.heading {{ font-size: 16px; font-weight: 600; }}
.note {{ font-size: 13px; }}
.node rect {{ fill: #eef4fa; stroke: {BLUE}; stroke-width: 1.5; }}
.node .id {{ font-size: 11px; fill: #444; }}
.node .name {{ font-size: 13px; }}
.node.cycle rect {{ fill: #fde8ea; stroke: {RED}; stroke-width: 3; }}
.node.unreachable rect {{ fill: #f2f2f2; stroke: {GREY}; stroke-dasharray: 6 3; }}
.node.unknown rect {{ fill: #fff; stroke: {RED}; stroke-dasharray: 2 2; }}
.edge {{ fill: none; stroke: {BLUE}; stroke-width: 1.5; }}
.edge.next {{ stroke-dasharray: 2 3; stroke: {GREY}; }}
.edge.cycle {{ stroke: {RED}; stroke-width: 3; }}
.problem {{ fill: {RED}; }}
"""


def _layers(graph: LessonGraph) -> dict[str, int]:
    """Column of each node: one right of its furthest prerequisite (cycle arrows and
    prerequisites placed later in the course order are not followed)."""
    layer: dict[str, int] = {n.id: 0 for n in graph.nodes if n.unknown}
    for node in graph.nodes:
        if node.unknown:
            continue
        needs = [layer[e.source] for e in graph.edges if e.target == node.id
                 and e.kind == "prereq" and not e.in_cycle and e.source in layer]
        layer[node.id] = max(needs, default=-1) + 1
    return layer


def _positions(graph: LessonGraph) -> dict[str, tuple[int, int]]:
    layers = _layers(graph)
    rows: dict[int, int] = {}
    out = {}
    for node in graph.nodes:
        column = layers[node.id]
        row = rows.get(column, 0)
        rows[column] = row + 1
        out[node.id] = (LEFT + column * (W + GAP_X), TOP + row * (H + GAP_Y))
    return out


def _shorten(text: str, limit: int = 27) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node(node: Node, x: int, y: int) -> str:
    first = "not a lesson of this course" if node.unknown else f"#{node.position}  {node.id}"
    name = node.id if node.unknown else node.title
    flag = {"cycle": " (in a prerequisite cycle)", "unreachable": " (unreachable)",
            "unknown": " (unknown id)"}.get(node.status, "")
    return (f'<g class="node {node.status}"><title>{escape(name + flag)}</title>'
            f'<rect x="{x}" y="{y}" width="{W}" height="{H}" rx="6"/>'
            f'<text class="id" x="{x + 10}" y="{y + 20}">{escape(_shorten(first, 32))}</text>'
            f'<text class="name" x="{x + 10}" y="{y + 40}">{escape(_shorten(name))}</text></g>')


def _edge(edge: Edge, start: tuple[int, int], end: tuple[int, int]) -> str:
    (sx, sy), (tx, ty) = start, end
    if tx > sx + W + GAP_X:  # over other columns: an arch above the boxes
        x1, y1, x2, y2 = sx + W // 2 + 12, sy, tx + W // 2 - 12, ty
        rise = min(y1, y2) - 30 - min((tx - sx) // 40, 20)
        path = f"M{x1},{y1} C{x1},{rise} {x2},{rise} {x2},{y2}"
    elif tx > sx:  # to the next column: right side to left side
        x1, y1, x2, y2 = sx + W, sy + H // 2, tx, ty + H // 2
        bend = max(30, (x2 - x1) // 2)
        path = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
    elif tx == sx:  # within a column: a bow on the left
        x1, y1, x2, y2 = sx, sy + H // 2, tx, ty + H // 2
        bow = sx - 22 - min(abs(ty - sy) // 8, 30)
        path = f"M{x1},{y1} C{bow},{y1} {bow},{y2} {x2},{y2}"
    else:  # backwards: under the boxes
        x1, y1, x2, y2 = sx + W // 2, sy + H, tx + W // 2 + 12, ty + H
        drop = max(y1, y2) + 36
        path = f"M{x1},{y1} C{x1},{drop} {x2},{drop} {x2},{y2}"
    classes = " ".join(["edge", edge.kind, *(["cycle"] if edge.in_cycle else [])])
    marker = "arrow-red" if edge.in_cycle else "arrow-grey" if edge.kind == "next" else "arrow"
    what = "requires" if edge.kind == "prereq" else "has next"
    who = (edge.target, edge.source) if edge.kind == "prereq" else (edge.source, edge.target)
    return (f'<path class="{classes}" d="{path}" marker-end="url(#{marker})">'
            f"<title>{escape(f'{who[0]} {what} {who[1]}')}</title></path>")


def _listing(graph: LessonGraph) -> list[str]:
    """Every lesson in words, for screen readers (the boxes shorten long titles)."""
    out = []
    for node in graph.nodes:
        if node.unknown:
            continue
        needs = [e.source for e in graph.edges if e.target == node.id and e.kind == "prereq"]
        out.append(f"{node.position}. {node.title} ({node.id})"
                   + (f", requires {', '.join(needs)}." if needs else "."))
    return out


def _marker(name: str, colour: str) -> str:
    return (f'<marker id="{name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
            'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')


def to_svg(graph: LessonGraph) -> str:
    """A standalone SVG document (no script; open it in any browser or embed it)."""
    at = _positions(graph)
    width = max([x + W for x, _ in at.values()], default=W) + MARGIN
    bottom = max([y + H for _, y in at.values()], default=TOP) + 48
    notes = [*summary(graph), "Arrows point from a prerequisite to the lesson that needs it; "
             "dotted: a next link that is not a prerequisite."]
    height = bottom + LINE * len(notes) + MARGIN
    width = max(width, 640, 2 * MARGIN + 7 * max(len(note) for note in notes))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="graph-title '
             'graph-desc">',
             f'<title id="graph-title">{escape(graph.title)}: lessons and prerequisites'
             "</title>",
             f'<desc id="graph-desc">{escape(" ".join([*summary(graph), *_listing(graph)]))}'
             "</desc>",
             f"<style>{_STYLE}</style>",
             f"<defs>{_marker('arrow', BLUE)}{_marker('arrow-red', RED)}"
             f"{_marker('arrow-grey', GREY)}</defs>",
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
             f'<text class="heading" x="{MARGIN}" y="28">{escape(graph.title)}</text>']
    parts += [_edge(e, at[e.source], at[e.target]) for e in graph.edges]
    parts += [_node(n, *at[n.id]) for n in graph.nodes]
    for number, note in enumerate(notes):
        cls = "note" if number in (0, len(notes) - 1) else "note problem"
        parts.append(f'<text class={quoteattr(cls)} x="{MARGIN}" '
                     f'y="{bottom + number * LINE}">{escape(note)}</text>')
    return "\n".join([*parts, "</svg>"]) + "\n"


def graph_text(root: Path, fmt: str) -> str:
    """``lmspack graph``: the course at ``root`` drawn as ``svg``, ``mermaid`` or ``dot``."""
    from lmspack.authoring.graph import lesson_graph, to_dot, to_mermaid
    from lmspack.validate import check

    course = check(root).course
    assert course is not None  # check() always assembles the course
    return {"svg": to_svg, "mermaid": to_mermaid, "dot": to_dot}[fmt](lesson_graph(course))
