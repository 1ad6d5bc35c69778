"""Drift Detection Lab fallback: one ``<details>`` per scenario, per feature a histogram of
reference vs current shares (SVG + data table) and the table of drift statistics.

Numbers follow the drift spec's display rules (§2.5): three significant digits, p-values
below 0.001 as "<0.001", infinity as "∞", undefined as "n/a". Drift verdicts are words
("drift", "no drift"), never colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from lmspack.render.fallback import WidgetContext, items, mapping, render_template
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


def _verdict(record: Mapping[str, Any]) -> str:
    status = record.get("status")
    if status in _STATUS_TEXT:
        return _STATUS_TEXT[str(status)]
    detected = record.get("drift_detected")
    return "drift" if detected is True else "no drift" if detected is False else fmt.NOT_AVAILABLE


def _rule(record: Mapping[str, Any]) -> str:
    comparison = {">=": "≥", "<=": "≤", "<": "<", ">": ">"}.get(str(record.get("comparison")),
                                                                 str(record.get("comparison")))
    what = "p" if record.get("method") in _TESTS else "score"
    return f"{what} {comparison} {fmt.short(record.get('threshold'))}"


def _record_row(record: Mapping[str, Any]) -> dict[str, Any]:
    method = str(record.get("method"))
    return {
        "method": METHOD_LABELS.get(method, method),
        "statistic": fmt.sig3(record.get("statistic")),
        "p_value": fmt.p_value(record.get("p_value")) if method in _TESTS else "",
        "rule": _rule(record),
        "verdict": _verdict(record),
        "drift": record.get("drift_detected") is True,
        "severity": record.get("severity") or "",
        "note": record.get("note") or "",
    }


def _bins_record(records: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    with_bins = [r for r in records if items(r.get("bins"))]
    return next((r for r in with_bins if r.get("method") == "psi"), with_bins[0] if with_bins
                else None)


def _feature(ctx: WidgetContext, scenario_id: str, feature: Mapping[str, Any],
             records: list[Mapping[str, Any]], deciding: str | None) -> dict[str, Any]:
    label = str(feature["label"])  # the engine writes it (the column when none is set)
    shown = [r for r in records if r.get("status") != "not_applicable"]
    # The feature's verdict is its deciding method's (as in the dataset summary); without
    # one, any method that flags drift counts.
    decider = next((r for r in shown if r.get("method") == deciding), None)
    drifted = decider.get("drift_detected") is True if decider else \
        any(r.get("drift_detected") is True for r in shown)
    binned = _bins_record(shown)
    bins = [mapping(b) for b in items(binned.get("bins"))] if binned else []
    chart = Markup("")
    if bins:
        chart = bar_chart(
            ctx.id(scenario_id, feature.get("column"), "chart"),
            f"{label}: share of rows per bin, reference and current",
            f"Bars for {len(bins)} bins; the table below lists every value.",
            [str(b.get("label")) for b in bins],
            [Series("Reference", [fmt.as_float(b.get("ref_share")) for b in bins], "bar-ref"),
             Series("Current", [fmt.as_float(b.get("cur_share")) for b in bins], "bar-cur",
                    hatched=True)])
    first = records[0] if records else {}
    return {
        "id": ctx.id(scenario_id, feature.get("column")),
        "label": label,
        "kind": feature.get("kind") or first.get("kind") or "",
        "drifted": drifted,
        "decided_by": METHOD_LABELS.get(str(deciding), str(deciding)) if decider else "",
        "rows": [_record_row(r) for r in shown],
        "chart": chart,
        "bins": [{"label": b.get("label"), "ref": fmt.percent(b.get("ref_share")),
                  "cur": fmt.percent(b.get("cur_share")),
                  "psi_term": fmt.sig3(b.get("psi_term"))} for b in bins],
        "n_reference": first.get("n_reference"), "n_current": first.get("n_current"),
        "missing": (first.get("n_missing_reference") or 0, first.get("n_missing_current") or 0),
    }


def _dataset_text(dataset: Mapping[str, Any]) -> dict[str, Any]:
    drifted = dataset.get("n_drifted", dataset.get("drifted_features"))
    if isinstance(drifted, list):
        drifted = len(drifted)
    share = dataset.get("share_drifted", dataset.get("share"))
    verdict = dataset.get("dataset_drift")
    return {
        "drifted": drifted if isinstance(drifted, int) else fmt.NOT_AVAILABLE,
        "n_features": dataset.get("n_features", fmt.NOT_AVAILABLE),
        "share": fmt.percent(share, 0),
        "drift_share": fmt.percent(dataset.get("drift_share"), 0),
        "verdict": "dataset drift" if verdict is True else "no dataset drift"
        if verdict is False else fmt.NOT_AVAILABLE,
        "is_drift": verdict is True,
    }


def drift_view(result: Mapping[str, Any], ctx: WidgetContext) -> dict[str, Any]:
    """Plain data for the template (exposed for tests)."""
    features = [mapping(f) for f in items(result.get("features"))]
    scenarios = []
    for number, raw in enumerate(items(result.get("scenarios"))):
        scenario = mapping(raw)
        sid = str(scenario.get("id") or number + 1)
        records = [mapping(r) for r in items(scenario.get("records"))]
        known = features or [{"column": c} for c in dict.fromkeys(
            str(r.get("feature")) for r in records)]
        dataset = mapping(scenario.get("dataset"))
        deciding = mapping(dataset.get("deciding_method"))
        scenarios.append({
            "id": ctx.id(sid),
            "title": scenario.get("title") or sid,
            "description": scenario.get("description") or "",
            "open": number == 0,
            "dataset": _dataset_text(dataset),
            "features": [_feature(ctx, sid, f, [r for r in records
                                                if r.get("feature") == f.get("column")],
                                  deciding.get(str(f.get("column"))))
                         for f in known],
        })
    return {"ctx": ctx, "title": result.get("title") or ctx.title or "Drift Detection Lab",
            "description": result.get("description") or "",
            "reference": mapping(result.get("reference")),
            "current": mapping(result.get("current")),
            "features": features, "scenarios": scenarios}


def render_drift_lab(result: Mapping[str, Any], context: WidgetContext) -> Markup:
    """The Drift Detection Lab's static fallback."""
    return render_template(__name__, "fallback.html.j2", **drift_view(result, context))
