"""Inline SVG charts for the widget fallbacks: no script, no external file, stable bytes.

Every chart is ``role="img"`` with a ``<title>`` and ``<desc>`` (its accessible name and
summary) and is always shown next to a data table with the same numbers: the table is the
text alternative. Colours come from classes styled in ``lmspack.css``, so print styles and
high-contrast modes can change them; series also differ by shape or pattern, never by
colour alone. Coordinates are rounded to 0.1 so output bytes do not depend on float noise.
Axis values are written the way the page's language writes numbers (``locale``); every word
(titles, legends) comes translated from the caller.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640.0
LEFT, RIGHT, TOP, BOTTOM = 56.0, 16.0, 16.0, 48.0


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text == "-0.0" else text.removesuffix(".0")


@dataclass(frozen=True)
class Series:
    """One series: a name (for the legend), its values and a CSS class."""

    name: str
    values: Sequence[float | None]
    css: str
    hatched: bool = False
    """Fill with diagonal hatching (told apart from solid bars without colour)."""


def _hatch(chart_id: str) -> str:
    return (f'<defs><pattern id="{escape(chart_id)}-hatch" patternUnits="userSpaceOnUse" '
            'width="6" height="6" patternTransform="rotate(45)">'
            '<rect class="hatch-bg" width="6" height="6"/>'
            '<line class="hatch-line" x1="1" y1="0" x2="1" y2="6"/></pattern></defs>')


def _fill(chart_id: str, item: Series) -> str:
    return f' fill="url(#{escape(chart_id)}-hatch)"' if item.hatched else ""


def _frame(chart_id: str, title: str, desc: str, height: float, body: str) -> Markup:
    return Markup(
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {_n(WIDTH)} {_n(height)}" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>{body}</svg>'
    )


def _nice_max(value: float) -> tuple[float, int]:
    """A round axis maximum at or above ``value``, and how many ticks divide it evenly."""
    if value <= 0 or not math.isfinite(value):
        return 1.0, 5
    step = 10.0 ** math.floor(math.log10(value))
    for factor, ticks in ((1, 5), (2, 4), (2.5, 5), (5, 5), (10, 5)):
        if value <= factor * step * (1 + 1e-12):
            return float(factor * step), ticks
    return float(10 * step), 5


def _tick(value: float, fmt: str, locale: str | None) -> str:
    """An axis value in Python's ``fmt`` ("25%", "0.5"), in ``locale``'s way when given."""
    from lmspack.stats import numformat

    if numformat.babel_language(locale) is None:
        return format(value, fmt)

    if fmt.endswith("%"):
        return numformat.percent(value, int(fmt[1:-1] or 0), locale)
    return numformat.localize(format(value, fmt).replace("-", "−"), locale)


def _y_axis(low: float, high: float, plot_h: float, fmt: str, ticks: int = 4,
            locale: str | None = None) -> list[str]:
    parts = []
    for k in range(ticks + 1):
        value = low + (high - low) * k / ticks
        y = TOP + plot_h - plot_h * k / ticks
        parts.append(f'<line class="grid" x1="{_n(LEFT)}" x2="{_n(WIDTH - RIGHT)}" '
                     f'y1="{_n(y)}" y2="{_n(y)}"/>')
        parts.append(f'<text class="tick" x="{_n(LEFT - 6)}" y="{_n(y + 4)}" '
                     f'text-anchor="end">{escape(_tick(value, fmt, locale))}</text>')
    return parts


def _legend(series: Sequence[Series], y: float, chart_id: str = "",
            swatches: Sequence[str] = ()) -> list[str]:
    """A legend entry per series; ``swatches[i]`` draws the i-th one's sample as the chart
    does (``line``: a line segment, ``square``: a flagged point), else a filled square."""
    parts, x = [], LEFT
    for index, item in enumerate(series):
        swatch = swatches[index] if index < len(swatches) else "box"
        if swatch == "line":
            parts.append(f'<polyline class="{escape(item.css)}" '
                         f'points="{_n(x)},{_n(y - 3)} {_n(x + 14)},{_n(y - 3)}"/>')
        elif swatch == "square":
            parts.append(f'<rect class="{escape(item.css)}" x="{_n(x + 2)}" y="{_n(y - 7.5)}" '
                         'width="9" height="9"/>')
        else:
            parts.append(f'<rect class="{escape(item.css)}" x="{_n(x)}" y="{_n(y - 9)}" '
                         f'width="12" height="12"{_fill(chart_id, item)}/>')
        parts.append(f'<text class="legend" x="{_n(x + 17)}" y="{_n(y + 1)}">'
                     f'{escape(item.name)}</text>')
        x += 24 + 7.2 * len(item.name)
    return parts


CHAR_WIDTH = 6.5
"""About how wide a character of an 11px tick label is."""


def _x_labels(labels: Sequence[str], centre: list[float], y: float) -> list[str]:
    """Tick labels, whole (an interval keeps its closing bracket), thinned so they never
    overlap, and moved in from the edges so none is cut off by the chart's frame."""
    width = max((len(label) for label in labels), default=1) * CHAR_WIDTH + 10
    span = (centre[-1] - centre[0]) if len(centre) > 1 else width
    every = max(1, math.ceil(width / max(span / max(len(centre) - 1, 1), 1e-9)))
    out = []
    for k, (label, x) in enumerate(zip(labels, centre, strict=True)):
        if k % every:
            continue
        half = len(label) * CHAR_WIDTH / 2 + 2
        x = min(max(x, half), WIDTH - half)
        out.append(f'<text class="tick" x="{_n(x)}" y="{_n(y)}" text-anchor="middle">'
                   f"{escape(label)}</text>")
    return out


def bar_chart(chart_id: str, title: str, desc: str, categories: Sequence[str],
              series: Sequence[Series], *, value_format: str = ".0%",
              height: float = 240.0, locale: str | None = None) -> Markup:
    """Grouped bars: one group per category, one bar per series (missing values skipped)."""
    plot_h = height - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    values = [v for s in series for v in s.values if v is not None and math.isfinite(v)]
    high, ticks = _nice_max(max(values, default=0.0))
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [_hatch(chart_id)] if any(s.hatched for s in series) else []
    parts += _y_axis(0.0, high, plot_h, value_format, ticks, locale)
    centres = []
    for k in range(len(categories)):
        x0 = LEFT + k * group_w + group_w * 0.1
        centres.append(LEFT + (k + 0.5) * group_w)
        for j, item in enumerate(series):
            value = item.values[k]
            if value is None or not math.isfinite(value):
                continue
            h = plot_h * max(value, 0.0) / high
            parts.append(f'<rect class="{escape(item.css)}" x="{_n(x0 + j * bar_w)}" '
                         f'y="{_n(TOP + plot_h - h)}" width="{_n(bar_w)}" height="{_n(h)}"'
                         f'{_fill(chart_id, item)}/>')
    parts += _x_labels(categories, centres, TOP + plot_h + 16)
    parts += _legend(series, height - 8, chart_id)
    return _frame(chart_id, title, desc, height, "".join(parts))


@dataclass(frozen=True)
class Line:
    """A horizontal reference line (a threshold), or one that varies per point."""

    name: str
    values: Sequence[float | None]
    css: str = "threshold"


def line_chart(chart_id: str, title: str, desc: str, labels: Sequence[str],
               series: Series, lines: Sequence[Line] = (), flagged: Sequence[bool] = (),
               *, value_format: str = ".3g", height: float = 220.0,
               flagged_name: str = "Breach", locale: str | None = None) -> Markup:
    """A metric over windows, with threshold lines; ``flagged`` points drawn as squares
    (named ``flagged_name`` in the legend)."""
    plot_h = height - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    everything = [v for v in series.values if v is not None]
    everything += [v for line in lines for v in line.values if v is not None]
    finite = [v for v in everything if math.isfinite(v)]
    low, high = (min(finite, default=0.0), max(finite, default=1.0))
    if high - low < 1e-12:
        low, high = low - 0.5, high + 0.5
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    n = len(labels)
    step = plot_w / max(n - 1, 1)
    xs = [LEFT + (k * step if n > 1 else plot_w / 2) for k in range(n)]

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * (value - low) / (high - low)

    parts = _y_axis(low, high, plot_h, value_format, locale=locale)
    for line in lines:
        parts += _polyline(xs, [y(v) if v is not None else None for v in line.values], line.css)
    parts += _polyline(xs, [y(v) if v is not None else None for v in series.values], series.css)
    for k, value in enumerate(series.values):
        if value is None:
            continue
        if k < len(flagged) and flagged[k]:
            parts.append(f'<rect class="point flagged" x="{_n(xs[k] - 4.5)}" '
                         f'y="{_n(y(value) - 4.5)}" width="9" height="9"/>')
        else:
            parts.append(f'<circle class="point" cx="{_n(xs[k])}" cy="{_n(y(value))}" r="3"/>')
    parts += _x_labels(labels, xs, TOP + plot_h + 16)
    legend = [series, *(Series(line.name, (), line.css) for line in lines)]
    swatches = ["line"] * len(legend)
    if any(flagged):  # the squares need their own entry: they are not the threshold
        legend.append(Series(flagged_name, (), "point flagged"))
        swatches.append("square")
    parts += _legend(legend, height - 8, swatches=swatches)
    return _frame(chart_id, title, desc, height, "".join(parts))


def _polyline(xs: Sequence[float], ys: Sequence[float | None], css: str) -> list[str]:
    """One ``<polyline>`` per run of defined points: a gap stays a gap."""
    runs: list[list[str]] = [[]]
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            runs.append([])
        else:
            runs[-1].append(f"{_n(x)},{_n(y)}")
    return [f'<polyline class="{escape(css)}" points="{" ".join(run)}"/>'
            for run in runs if len(run) > 1]


@dataclass(frozen=True)
class Lane:
    """One row of a timeline: a label and one state name per window."""

    label: str
    states: Sequence[str]


def timeline(chart_id: str, title: str, desc: str, labels: Sequence[str],
             lanes: Sequence[Lane], spans: Sequence[tuple[int, int, str]] = (),
             legend: Sequence[tuple[str, str]] = ()) -> Markup:
    """Lanes of per-window states (class ``state-<name>``); ``spans`` shade windows
    ``[first, last]`` (incidents); ``legend`` is (css class, text) pairs."""
    lane_h, gap = 22.0, 6.0
    left = 120.0
    plot_w = WIDTH - left - RIGHT
    height = TOP + len(lanes) * (lane_h + gap) + BOTTOM + 8
    n = max(len(labels), 1)
    cell = plot_w / n
    parts = []
    bottom = TOP + len(lanes) * (lane_h + gap)
    for first, last, name in spans:
        parts.append(f'<rect class="incident" x="{_n(left + first * cell)}" y="{_n(TOP - 6)}" '
                     f'width="{_n((last - first + 1) * cell)}" height="{_n(bottom - TOP + 6)}">'
                     f'<title>{escape(name)}</title></rect>')
    for row, lane in enumerate(lanes):
        y0 = TOP + row * (lane_h + gap)
        parts.append(f'<text class="tick" x="{_n(left - 6)}" y="{_n(y0 + 15)}" '
                     f'text-anchor="end">{escape(lane.label[:18])}</text>')
        for k, state in enumerate(lane.states):
            parts.append(f'<rect class="state-{escape(state)}" x="{_n(left + k * cell + 0.5)}" '
                         f'y="{_n(y0)}" width="{_n(max(cell - 1, 0.5))}" height="{_n(lane_h)}"/>')
    centres = [left + (k + 0.5) * cell for k in range(len(labels))]
    parts += _x_labels(labels, centres, bottom + 12)
    x = LEFT
    for css, text in legend:
        parts.append(f'<rect class="{escape(css)}" x="{_n(x)}" y="{_n(height - 17)}" '
                     'width="12" height="12"/>')
        parts.append(f'<text class="legend" x="{_n(x + 17)}" y="{_n(height - 7)}">'
                     f'{escape(text)}</text>')
        x += 26 + 7.2 * len(text)
    return _frame(chart_id, title, desc, height, "".join(parts))
