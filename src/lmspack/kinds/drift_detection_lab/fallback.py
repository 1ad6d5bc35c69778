"""Drift Detection Lab fallback: one ``<details>`` per scenario, per feature a histogram of
reference vs current shares (SVG + data table) and the table of drift statistics.

Numbers follow the drift spec's display rules (§2.5): three significant digits, p-values
below 0.001 as "<0.001", infinity as "∞", undefined as "n/a". Drift verdicts are words
("drift", "no drift"), never colour alone.
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
from lmspack.render.fallback import WidgetContext, render_template
from lmspack.render.svg import Series, bar_chart
from lmspack.stats import numformat as fmt

METHOD_LABELS = {
    "psi": "PSI", "psi_deciles": "PSI (decile bins)", "kl_div": "KL divergence",
    "jensenshannon": "Jensen-Shannon distance", "wasserstein": "Wasserstein (normed)",
    "ks": "Kolmogorov-Smirnov", "chisquare": "Chi-square", "z": "Z-test (two proportions)",
    "chi2_homogeneity": "Chi-square (homogeneity)",
}
"""Display names of the drift methods; an unknown method shows its code."""

_TESTS = {"ks", "chisquare", "z", "chi2_homogeneity"}
_STATUS_TEXT = {"insufficient_data": "not enough data", "not_applicable": "not applicable"}


def _verdict(record: DriftRecord) -> str:
    if record.status in _STATUS_TEXT:
        return _STATUS_TEXT[record.status]
    detected = record.drift_detected
    return "drift" if detected is True else "no drift" if detected is False else fmt.NOT_AVAILABLE


def _rule(record: DriftRecord) -> str:
    comparison = {">=": "≥", "<=": "≤", "<": "<"}[record.comparison]
    what = "p" if record.method in _TESTS else "score"
    return f"{what} {comparison} {fmt.short(record.threshold)}"


def _record_row(record: DriftRecord) -> dict[str, Any]:
    method = record.method
    return {
        "method": METHOD_LABELS.get(method, method),
        "statistic": fmt.sig3(record.statistic),
        "p_value": fmt.p_value(record.p_value) if method in _TESTS else "",
        "rule": _rule(record),
        "verdict": _verdict(record),
        "drift": record.drift_detected is True,
        "severity": record.severity or "",
        "note": record.note or "",
    }


def _bins_record(records: list[DriftRecord]) -> DriftRecord | None:
    with_bins = [r for r in records if r.bins]
    return next((r for r in with_bins if r.method == "psi"), with_bins[0] if with_bins
                else None)


def _feature(ctx: WidgetContext, scenario_id: str, feature: Feature,
             records: list[DriftRecord], deciding: str | None) -> dict[str, Any]:
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
            f"{label}: share of rows per bin, reference and current",
            f"Bars for {len(bins)} bins; the table below lists every value.",
            [b.label for b in bins],
            [Series("Reference", [b.ref_share for b in bins], "bar-ref"),
             Series("Current", [b.cur_share for b in bins], "bar-cur", hatched=True)])
    first = records[0] if records else None
    return {
        "id": ctx.id(scenario_id, feature.column),
        "label": label,
        "kind": feature.kind,
        "drifted": drifted,
        "decided_by": METHOD_LABELS.get(str(deciding), str(deciding)) if decider else "",
        "rows": [_record_row(r) for r in shown],
        "chart": chart,
        "bins": [{"label": b.label, "ref": fmt.percent(b.ref_share),
                  "cur": fmt.percent(b.cur_share),
                  "psi_term": fmt.sig3(b.psi_term)} for b in bins],
        "n_reference": first.n_reference if first else None,
        "n_current": first.n_current if first else None,
        "missing": (first.n_missing_reference, first.n_missing_current) if first else (0, 0),
    }


def _dataset_text(dataset: DatasetDrift) -> dict[str, Any]:
    return {
        "drifted": dataset.n_drifted,
        "n_features": dataset.n_features,
        "share": fmt.percent(dataset.share_drifted, 0),
        "drift_share": fmt.percent(dataset.drift_share, 0),
        "verdict": "dataset drift" if dataset.dataset_drift else "no dataset drift",
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
            "dataset": _dataset_text(scenario.dataset),
            "features": [_feature(ctx, sid, f, [r for r in scenario.records
                                                if r.feature == f.column],
                                  deciding.get(f.column))
                         for f in result.features],
        })
    return {"ctx": ctx, "title": result.title or ctx.title or "Drift Detection Lab",
            "description": result.description or "",
            "reference": result.reference, "current": result.current,
            "features": result.features, "scenarios": scenarios}


def render_drift_lab(result: DriftLabResult, context: WidgetContext) -> Markup:
    """The Drift Detection Lab's static fallback."""
    return render_template(__name__, "fallback.html.j2", **drift_view(result, context))
