"""What the Drift Detection Lab's schema cannot say: its CSV files hold the features (of the
declared kind), thresholds can flag drift, transforms fit their features. Pure Python."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping

from lmspack.kinds.drift_detection_lab.model import DriftLab, Scenario
from lmspack.source import csvfile
from lmspack.source.csvfile import ColumnRule, CsvSummary
from lmspack.source.numbers import category_of_text, read_number
from lmspack.widgets import CheckContext, report_duplicates

TEXT_DISTINCT_SHARE = 0.5
"""As :data:`lmspack.stats.drift.kinds.TEXT_DISTINCT_SHARE` (which needs numpy): a column
of words, more than this share of them distinct, is free text, which drift cannot judge."""

# p-values live in (0, 1); Jensen-Shannon distance (natural log) tops out at sqrt(ln 2).
_METHOD_MAX = {"ks": 1.0, "chisquare": 1.0, "z": 1.0, "jensenshannon": math.sqrt(math.log(2))}


def check_drift_lab(lab: DriftLab, ctx: CheckContext) -> None:
    """The lab's CSV files and columns, thresholds, scenarios and their transforms."""
    kinds = {f.column: f.kind for f in lab.features}
    columns = {c: ColumnRule(csvfile.numeric if k == "numerical" else csvfile.anything)
               for c, k in kinds.items()}
    report_duplicates(ctx, "/features", [f.column for f in lab.features], "feature")
    reference = ctx.csv("/reference/csv", lab.reference.csv, columns, tuple(columns))
    ctx.csv("/current/csv", lab.current.csv, columns)
    if reference is not None:
        _check_inferred_kinds(ctx, lab, reference)
    for method, value in lab.thresholds.items():
        top = _METHOD_MAX.get(method)
        if top is None or value < top:
            continue
        effect = "every p-value is below it, so drift would always be flagged" \
            if top == 1.0 else f"its scores never exceed {top:.4g}, so drift is never flagged"
        ctx.report("D007", f"/thresholds/{method}", f"threshold {value} for {method}: {effect}")
    report_duplicates(ctx, "/scenarios", [s.id for s in lab.scenarios], "scenario")
    for number, scenario in enumerate(lab.scenarios):
        if scenario.current is not None:
            ctx.csv(f"/scenarios/{number}/current/csv", scenario.current.csv, columns)
        _check_transforms(ctx, f"/scenarios/{number}", scenario, kinds, reference)


def _check_numbers(ctx: CheckContext, lab: DriftLab, column: str) -> None:
    rule = {column: ColumnRule(csvfile.numeric)}
    ctx.csv("/reference/csv", lab.reference.csv, rule)
    ctx.csv("/current/csv", lab.current.csv, rule)
    for number, scenario in enumerate(lab.scenarios):
        if scenario.current is not None:
            ctx.csv(f"/scenarios/{number}/current/csv", scenario.current.csv, rule)


def _check_transforms(ctx: CheckContext, base: str, scenario: Scenario,
                      kinds: Mapping[str, str | None], reference: CsvSummary | None) -> None:
    for index, transform in enumerate(scenario.transforms):
        pointer = f"{base}/transforms/{index}"
        if transform.column not in kinds:
            close = difflib.get_close_matches(transform.column, list(kinds), n=1)
            ctx.report("D006", f"{pointer}/column", f"'{transform.column}' is not one of the "
                       "lab's features", hint=f"did you mean '{close[0]}'?" if close else None)
            continue
        kind = kinds[transform.column]
        needs = "categorical" if transform.op == "resample" else \
            "numerical" if transform.op in ("shift", "scale") else None
        if needs and kind and kind != needs:
            ctx.report("D007", f"{pointer}/op", f"'{transform.op}' needs a {needs} feature but "
                       f"'{transform.column}' is {kind}")
        if transform.op == "resample":
            total = sum(transform.shares.values())
            if abs(total - 1.0) > 1e-9:
                ctx.report("D007", f"{pointer}/shares", f"shares add up to {total:g}, not 1")
            seen = reference.values.get(transform.column, set()) if reference else set()
            labels = {category_of_text(value) for value in seen}  # as the engine labels them
            for category in transform.shares:
                if reference is not None and category not in labels:
                    ctx.report("D006", f"{pointer}/shares/{category}", f"'{category}' never "
                               f"occurs in column '{transform.column}' of the reference sample",
                               hint=f"values seen: {', '.join(sorted(seen)[:12])}", key=True)


def _check_inferred_kinds(ctx: CheckContext, lab: DriftLab, reference: CsvSummary) -> None:
    """A feature without a kind gets the one its reference values suggest (as Evidently
    infers it); free text has none, so it must be declared. A column the reader takes as
    numbers (:mod:`lmspack.source.numbers`) is computed on as numbers, so its cells must be
    usable ones, in every sample, as a declared numerical feature's are."""
    for number, feature in enumerate(lab.features):
        values = reference.values.get(feature.column, set())
        if feature.kind is None and all(read_number(v) is not None for v in values):
            _check_numbers(ctx, lab, feature.column)
        if feature.kind is not None or all(read_number(v) is not None for v in values):
            continue
        if len(values) > reference.present.get(feature.column, 0) * TEXT_DISTINCT_SHARE:
            ctx.report("D007", f"/features/{number}", f"column '{feature.column}' looks like "
                       "free text (most of its values are distinct), which drift cannot "
                       "compare", hint='declare its kind: "kind": "categorical" or '
                       '"numerical"')
