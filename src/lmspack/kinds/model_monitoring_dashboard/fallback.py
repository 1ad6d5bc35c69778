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
from lmspack.render.fallback import N_, WidgetContext, render_template
from lmspack.render.svg import Line, Series, line_chart
from lmspack.stats import numformat as fmt

FAMILY_TITLES = {"performance": N_("Prediction quality"), "latency": N_("Latency"),
                 "throughput": N_("Throughput"), "fairness": N_("Fairness")}
STATUS_TEXT = {"ok": N_("ok"), "breach": N_("breach"), "no_data": N_("no data")}
N_("Model monitoring dashboard")  # the title of a widget whose file and result have none
_LABELS = (N_("Accuracy"), N_("Precision"), N_("Recall"), N_("F1 score"), N_("ROC AUC"),
           N_("Latency p50"), N_("Latency p95"), N_("Latency p99"), N_("Throughput"),
           N_("Demographic parity difference"), N_("Equalized odds difference"),
           N_("Worst-group calibration gap"))
"""The metric registry's labels (:mod:`lmspack.stats.monitoring.registry`), translated when
a result shows one; an author's own label has no translation and stays as written."""
_REASONS = (N_("No rows fall in this window."),
            N_("No row in this window has a ground-truth label yet."),
            N_("The model predicted no positives, so precision is 0/0."),
            N_("No labelled positives, so recall / TPR is 0/0."),
            N_("No labelled negatives, so the false positive rate is 0/0."),
            N_("No predicted and no actual positives, so F1 is 0/0."),
            N_("All labels are one class, so ROC AUC is undefined."),
            N_("The window has zero duration, so throughput is undefined."),
            N_("Fewer than two groups have this rate defined in the window."))
"""The registry's ``REASONS``, translated when shown."""


def _label(ctx: WidgetContext, meta: MetricInfo, name: str) -> str:
    """The metric's label in the page's language: the registry's words translated, an
    attribute (``"Accuracy (sex)"``) kept."""
    label = meta.label or name
    head, sep, rest = label.partition(" (")
    translated = ctx.gettext(label)
    if translated == label and sep and rest.endswith(")") and ctx.gettext(head) != head:
        return f"{ctx.gettext(head)} ({rest}"
    return translated


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


def threshold_text(meta: MetricInfo, ctx: WidgetContext | None = None) -> str:
    """The threshold in words ("more than 0.05 below the baseline")."""
    ctx = ctx or WidgetContext("")
    _, locale = ctx.gettext, ctx.language
    kind, value = meta.threshold.kind, meta.threshold.value
    unit = "" if meta.unit in (None, "ratio") else f" {meta.unit}"
    below = meta.direction == "higher_is_better"
    if kind == "upper_bound":
        return _("above %(value)s") % {"value": f"{fmt.short(value, locale=locale)}{unit}"}
    if kind == "lower_bound":
        return _("below %(value)s") % {"value": f"{fmt.short(value, locale=locale)}{unit}"}
    amount = fmt.percent(value, 0, locale) if kind == "relative_change" else \
        f"{fmt.short(value, locale=locale)}{unit}"
    return (_("more than %(value)s below the baseline") if below else
            _("more than %(value)s above the baseline")) % {"value": amount}


def _latest(ctx: WidgetContext, values: list[float | None], status: list[str],
            labels: list[str]) -> dict[str, str]:
    """The latest window that has a value (labelled metrics often have none yet in the
    last window): its value and status, and its window when it is not the last one."""
    _ = ctx.gettext
    found = next((k for k in range(len(values) - 1, -1, -1) if values[k] is not None), None)
    if found is None:
        return {"last": "", "last_status": _(STATUS_TEXT["no_data"]), "last_window": ""}
    return {"last": fmt.sig3(values[found], locale=ctx.language),
            "last_status": _(STATUS_TEXT.get(status[found], status[found])),
            "last_window": labels[found] if found != len(values) - 1 else ""}


def _series(ctx: WidgetContext, name: str, meta: MetricInfo, board: Dashboard) -> dict[str, Any]:
    windows = board.windows
    cells = [w.metrics.get(name) for w in windows]
    values = [c.value if c else None for c in cells]
    status: list[str] = [c.status if c and c.status else "no_data" if v is None else "ok"
                         for c, v in zip(cells, values, strict=True)]
    base_cell = board.baseline.metrics.get(name)
    base = base_cell.value if base_cell else None
    _, locale = ctx.gettext, ctx.language
    line = threshold_line(meta, base)
    label = _label(ctx, meta, name)
    labels = [fmt.utc(w.start, locale=locale) for w in windows]
    breaches = status.count("breach")
    chart = line_chart(
        ctx.id(name, "chart"), _("%(metric)s per window") % {"metric": label},
        ctx.ngettext("%(num)s window;", "%(num)s windows;", len(windows)) % {
            "num": fmt.number(len(windows), locale)} + " " +
        ctx.ngettext("%(num)s breaches the threshold (drawn as squares).",
                     "%(num)s breach the threshold (drawn as squares).", breaches) % {
            "num": fmt.number(breaches, locale)},
        labels, Series(label, values, "line-metric"),
        [Line(_("Threshold"), [line] * len(windows))] if line is not None else [],
        [s == "breach" for s in status], flagged_name=_("Breach"), locale=locale)
    reasons = [c.reason if c else None for c in cells]
    return {
        "id": ctx.id(name), "name": name, "label": label, "unit": meta.unit or "",
        "threshold": threshold_text(meta, ctx),
        "threshold_value": fmt.sig3(line, locale=locale) if line is not None else "",
        "baseline": fmt.sig3(base, locale=locale), "breaches": breaches, "n": len(windows),
        **_latest(ctx, values, status, labels),
        "chart": chart,
        "rows": [{"window": label_, "value": fmt.sig3(v, locale=locale),
                  "status": _(STATUS_TEXT.get(s, s)), "breach": s == "breach",
                  "reason": _(board.reasons.get(str(r), r or "")) if r else ""}
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
        "ctx": ctx,
        "title": result.title or ctx.title or ctx.gettext("Model Monitoring Dashboard"),
        "description": result.description or "",
        "simulated": result.simulated,
        "period": (fmt.utc(windows[0].start, locale=ctx.language),
                   fmt.utc(windows[-1].end, locale=ctx.language)) if windows else None,
        "n_windows": len(windows),
        "baseline": {"start": fmt.utc(baseline.start, locale=ctx.language),
                     "end": fmt.utc(baseline.end, locale=ctx.language), "n": baseline.n},
        "incidents": [{"id": i.id, "start": fmt.iso_date(i.start, ctx.language),
                       "end": fmt.iso_date(i.end, ctx.language)} for i in result.incidents],
        "families": [{"id": ctx.id(family),
                      "title": ctx.gettext(FAMILY_TITLES.get(family, family.title())),
                      "series": series} for family, series in families.items()],
    }


def render_dashboard(result: DashboardResult, context: WidgetContext) -> Markup:
    """The Model Monitoring Dashboard's static fallback."""
    return render_template(__name__, "fallback.html.j2", **dashboard_view(result, context))
