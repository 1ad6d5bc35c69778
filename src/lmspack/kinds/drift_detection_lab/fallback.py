"""Drift Detection Lab fallback: one ``<details>`` per scenario, per feature a histogram of
reference vs current shares (SVG + data table) and the table of drift statistics.

Numbers follow the drift spec's display rules (§2.5): three significant digits, p-values
below 0.001 as "<0.001", infinity as "∞", undefined as "n/a", written the way the page's
language writes numbers. Drift verdicts are words ("drift", "no drift"), never colour
alone; every word comes from the message catalog of the page's language. Notes the
statistics attach to a record are structured parts (a message template and its
parameters): each is translated through the catalog, its numbers written the page's way,
its labels (categories) kept as data. A result written before notes had parts shows its
note translated part by part where the catalog has the part.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from lmspack.kinds.drift_detection_lab.result import (
    DatasetDrift,
    DriftLabResult,
    DriftRecord,
    Feature,
)
from lmspack.render.fallback import N_, WidgetContext, render_template
from lmspack.render.svg import Series, bar_chart
from lmspack.stats import numformat as fmt
from lmspack.stats.drift.notes import Renderer

METHOD_LABELS = {
    "psi": "PSI", "psi_deciles": N_("PSI (decile bins)"), "kl_div": N_("KL divergence"),
    "jensenshannon": N_("Jensen-Shannon distance"), "wasserstein": N_("Wasserstein (normed)"),
    "ks": "Kolmogorov-Smirnov", "chisquare": N_("Chi-square"),
    "z": N_("Z-test (two proportions)"), "chi2_homogeneity": N_("Chi-square (homogeneity)"),
}
"""Display names of the drift methods (English; shown through the catalog); an unknown
method shows its code."""

_TESTS = {"ks", "chisquare", "z", "chi2_homogeneity"}
_STATUS_TEXT = {"insufficient_data": N_("not enough data"),
                "not_applicable": N_("not applicable")}
_WORDS = {"numerical": N_("numerical"), "categorical": N_("categorical"),
          "stable": N_("stable"), "moderate": N_("moderate"), "major": N_("major")}
N_("Drift detection lab")  # the title of a widget whose file and result have none


def _verdict(ctx: WidgetContext, record: DriftRecord) -> str:
    _ = ctx.gettext
    if record.status in _STATUS_TEXT:
        return _(_STATUS_TEXT[record.status])
    detected = record.drift_detected
    return _("drift") if detected is True else _("no drift") if detected is False \
        else _(fmt.NOT_AVAILABLE)


def _rule(ctx: WidgetContext, record: DriftRecord) -> str:
    comparison = {">=": "≥", "<=": "≤", "<": "<"}[record.comparison]
    what = "p" if record.method in _TESTS else ctx.gettext("score")
    return f"{what} {comparison} {fmt.short(record.threshold, locale=ctx.language)}"


def _note(ctx: WidgetContext, record: DriftRecord) -> str:
    """A record's note in the page's language: its parts, each rendered through the catalog
    with the page's numbers (an older result without parts: each ``"; "``-separated part
    the catalog knows)."""
    if record.note_parts is None:
        note = record.note
        return "; ".join(ctx.gettext(part) for part in note.split("; ")) if note else ""
    locale = ctx.language
    return Renderer(ctx.gettext, ctx.ngettext, lambda n: fmt.number(n, locale),
                    lambda x: fmt.short(x, plain=True, locale=locale)).join(record.note_parts)


def _record_row(ctx: WidgetContext, record: DriftRecord) -> dict[str, Any]:
    method, locale = record.method, ctx.language
    return {
        "method": ctx.gettext(METHOD_LABELS.get(method, method)),
        "statistic": fmt.sig3(record.statistic, locale=locale),
        "p_value": fmt.p_value(record.p_value, locale=locale) if method in _TESTS else "",
        "rule": _rule(ctx, record),
        "verdict": _verdict(ctx, record),
        "drift": record.drift_detected is True,
        "severity": ctx.gettext(_WORDS.get(record.severity or "", record.severity or "")),
        "note": _note(ctx, record),
    }


def _bins_record(records: list[DriftRecord]) -> DriftRecord | None:
    with_bins = [r for r in records if r.bins]
    return next((r for r in with_bins if r.method == "psi"), with_bins[0] if with_bins
                else None)


def _feature(ctx: WidgetContext, scenario_id: str, feature: Feature,
             records: list[DriftRecord], deciding: str | None) -> dict[str, Any]:
    _, locale = ctx.gettext, ctx.language
    label = feature.label
    shown = [r for r in records if r.status != "not_applicable"]
    # The feature's verdict is its deciding method's (as in the dataset summary); without
    # one, any method that flags drift counts.
    decider = next((r for r in shown if r.method == deciding), None)
    drifted = decider.drift_detected is True if decider else \
        any(r.drift_detected is True for r in shown)
    binned = _bins_record(shown)
    bins = (binned.bins or []) if binned else []
    chart = Markup("")
    if bins:
        chart = bar_chart(
            ctx.id(scenario_id, feature.column, "chart"),
            _("%(feature)s: share of rows per bin, reference and current") % {
                "feature": label},
            ctx.ngettext("Bars for %(num)s bin; the table below lists every value.",
                         "Bars for %(num)s bins; the table below lists every value.",
                         len(bins)) % {"num": fmt.number(len(bins), locale)},
            [fmt.interval(b.label, locale) for b in bins],
            [Series(_("Reference"), [b.ref_share for b in bins], "bar-ref"),
             Series(_("Current"), [b.cur_share for b in bins], "bar-cur", hatched=True)],
            locale=locale)
    first = records[0] if records else None
    return {
        "id": ctx.id(scenario_id, feature.column),
        "label": label,
        "kind": _(_WORDS.get(feature.kind, feature.kind)),
        "drifted": drifted,
        "decided_by": _(METHOD_LABELS.get(str(deciding), str(deciding))) if decider else "",
        "rows": [_record_row(ctx, r) for r in shown],
        "chart": chart,
        "bins": [{"label": fmt.interval(b.label, locale),
                  "ref": fmt.percent(b.ref_share, locale=locale),
                  "cur": fmt.percent(b.cur_share, locale=locale),
                  "psi_term": fmt.sig3(b.psi_term, locale=locale)} for b in bins],
        "n_reference": first.n_reference if first else None,
        "n_current": first.n_current if first else None,
        "missing": (first.n_missing_reference, first.n_missing_current) if first else (0, 0),
    }


def _dataset_text(ctx: WidgetContext, dataset: DatasetDrift) -> dict[str, Any]:
    _ = ctx.gettext
    return {
        "drifted": dataset.n_drifted,
        "n_features": dataset.n_features,
        "share": fmt.percent(dataset.share_drifted, 0, ctx.language),
        "drift_share": fmt.percent(dataset.drift_share, 0, ctx.language),
        "verdict": _("dataset drift") if dataset.dataset_drift else _("no dataset drift"),
        "is_drift": dataset.dataset_drift,
    }


def drift_view(result: DriftLabResult, ctx: WidgetContext) -> dict[str, Any]:
    """Plain data for the template (exposed for tests)."""
    scenarios = []
    for number, scenario in enumerate(result.scenarios):
        sid = scenario.id
        deciding = scenario.dataset.deciding_method
        scenarios.append({
            "id": ctx.id(sid),
            "title": scenario.title or sid,
            "description": scenario.description or "",
            "open": number == 0,
            "dataset": _dataset_text(ctx, scenario.dataset),
            "features": [_feature(ctx, sid, f, [r for r in scenario.records
                                                if r.feature == f.column],
                                  deciding.get(f.column))
                         for f in result.features],
        })
    return {"ctx": ctx, "title": result.title or ctx.title or ctx.gettext("Drift Detection Lab"),
            "description": result.description or "",
            "reference": result.reference, "current": result.current,
            "features": result.features, "scenarios": scenarios}


def render_drift_lab(result: DriftLabResult, context: WidgetContext) -> Markup:
    """The Drift Detection Lab's static fallback."""
    return render_template(__name__, "fallback.html.j2", **drift_view(result, context))
