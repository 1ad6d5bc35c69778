"""Model Monitoring Dashboard fallback: an overview table of every series, then per metric
family one ``<details>`` per series with its time series (SVG, threshold line, breaching
windows drawn as squares) and the per-window table behind it.

The threshold line is where a window starts to breach: the bound itself, or the baseline
moved by the allowed change in the bad direction (see
:class:`lmspack.stats.monitoring.Threshold`).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from lmspack.kinds.model_monitoring_dashboard.result import Dashboard, DashboardResult, MetricInfo
from lmspack.render.fallback import WidgetContext, render_template
from lmspack.render.svg import Line, Series, line_chart
from lmspack.stats import numformat as fmt

FAMILY_TITLES = {"performance": "Prediction quality", "latency": "Latency",
                 "throughput": "Throughput", "fairness": "Fairness"}
STATUS_TEXT = {"ok": "ok", "breach": "breach", "no_data": "no data"}


def threshold_line(meta: MetricInfo, baseline: float | None) -> float | None:
    """The value at which a window starts to breach, or None when it depends on an
    undefined baseline."""
    kind, value = meta.threshold.kind, meta.threshold.value
    if value is None:
        return None
    if kind in ("upper_bound", "lower_bound"):
        return value
    if baseline is None:
        return None
    allowed = value if kind == "absolute_change" else value * abs(baseline)
    return baseline - allowed if meta.direction == "higher_is_better" else \
        baseline + allowed


def threshold_text(meta: MetricInfo) -> str:
    """The threshold in words ("more than 0.05 below the baseline")."""
    kind, value = meta.threshold.kind, meta.threshold.value
    unit = "" if meta.unit in (None, "ratio") else f" {meta.unit}"
    worse = "below" if meta.direction == "higher_is_better" else "above"
    if kind == "upper_bound":
        return f"above {fmt.short(value)}{unit}"
    if kind == "lower_bound":
        return f"below {fmt.short(value)}{unit}"
    if kind == "relative_change":
        return f"more than {fmt.percent(value, 0)} {worse} the baseline"
    return f"more than {fmt.short(value)}{unit} {worse} the baseline"


def _latest(values: list[float | None], status: list[str],
            labels: list[str]) -> dict[str, str]:
    """The latest window that has a value (labelled metrics often have none yet in the
    last window): its value and status, and its window when it is not the last one."""
    found = next((k for k in range(len(values) - 1, -1, -1) if values[k] is not None), None)
    if found is None:
        return {"last": "", "last_status": STATUS_TEXT["no_data"], "last_window": ""}
    return {"last": fmt.sig3(values[found]),
            "last_status": STATUS_TEXT.get(status[found], status[found]),
            "last_window": labels[found] if found != len(values) - 1 else ""}


def _series(ctx: WidgetContext, name: str, meta: MetricInfo, board: Dashboard) -> dict[str, Any]:
    windows = board.windows
    cells = [w.metrics.get(name) for w in windows]
    values = [c.value if c else None for c in cells]
    status: list[str] = [c.status if c and c.status else "no_data" if v is None else "ok"
                         for c, v in zip(cells, values, strict=True)]
    base_cell = board.baseline.metrics.get(name)
    base = base_cell.value if base_cell else None
    line = threshold_line(meta, base)
    label = meta.label or name
    labels = [fmt.utc(w.start) for w in windows]
    breaches = status.count("breach")
    chart = line_chart(
        ctx.id(name, "chart"), f"{label} per window",
        f"{len(windows)} windows; {breaches} breach the threshold (drawn as squares).",
        labels, Series(label, values, "line-metric"),
        [Line("Threshold", [line] * len(windows))] if line is not None else [],
        [s == "breach" for s in status])
    reasons = [c.reason if c else None for c in cells]
    return {
        "id": ctx.id(name), "name": name, "label": label, "unit": meta.unit or "",
        "threshold": threshold_text(meta), "threshold_value": fmt.sig3(line),
        "baseline": fmt.sig3(base), "breaches": breaches, "n": len(windows),
        **_latest(values, status, labels),
        "chart": chart,
        "rows": [{"window": label_, "value": fmt.sig3(v),
                  "status": STATUS_TEXT.get(s, s), "breach": s == "breach",
                  "reason": board.reasons.get(str(r), r or "")}
                 for label_, v, s, r in zip(labels, values, status, reasons, strict=True)],
    }


def dashboard_view(result: DashboardResult, ctx: WidgetContext) -> dict[str, Any]:
    """Plain data for the template (exposed for tests)."""
    board = result.dashboard
    windows, baseline = board.windows, board.baseline
    families: dict[str, list[dict[str, Any]]] = {}
    for name, meta in board.metrics.items():
        families.setdefault(meta.family or "other", []).append(_series(ctx, name, meta, board))
    return {
        "ctx": ctx, "title": result.title or ctx.title or "Model Monitoring Dashboard",
        "description": result.description or "",
        "simulated": result.simulated,
        "period": (fmt.utc(windows[0].start), fmt.utc(windows[-1].end)) if windows else None,
        "n_windows": len(windows),
        "baseline": {"start": fmt.utc(baseline.start), "end": fmt.utc(baseline.end),
                     "n": baseline.n},
        "incidents": result.incidents,
        "families": [{"id": ctx.id(family), "title": FAMILY_TITLES.get(family, family.title()),
                      "series": series} for family, series in families.items()],
    }


def render_dashboard(result: DashboardResult, context: WidgetContext) -> Markup:
    """The Model Monitoring Dashboard's static fallback."""
    return render_template(__name__, "fallback.html.j2", **dashboard_view(result, context))
