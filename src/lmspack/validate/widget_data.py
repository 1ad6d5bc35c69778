"""Widget data files against their type's format, their CSV files, and each other.

Runs on every widget file that parsed. Schema problems reuse the S rules (with the JSON
position); what a schema cannot express uses the D rules. Pure Python: no numpy here.
"""

from __future__ import annotations

import copy
import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from lmspack.diagnostics import FILE_START, Diagnostic, Position
from lmspack.jsonpos import JsonDocument
from lmspack.loader import decode, is_file
from lmspack.rules import emit
from lmspack.stats.alerts.checks import FAMILIES as INCIDENT_FAMILIES
from lmspack.stats.monitoring.registry import METRICS, Threshold, check_metric_name, check_threshold
from lmspack.stats.monitoring.timeparse import parse_duration, parse_timestamp
from lmspack.validate import csvcheck
from lmspack.validate.csvcheck import ColumnRule, CsvSummary
from lmspack.validate.schema import validate_model
from lmspack.validate.widgets import WidgetFiles
from lmspack.widgets.models import (
    WIDGET_MODELS,
    AlertConfigurator,
    BaselinePeriod,
    BaselineWindows,
    Dashboard,
    DriftLab,
    Scenario,
)
from lmspack.yamlpos import parse_pointer

# p-values live in (0, 1); Jensen-Shannon distance (natural log) tops out at sqrt(ln 2).
_METHOD_MAX = {"ks": 1.0, "chisquare": 1.0, "z": 1.0, "jensenshannon": math.sqrt(math.log(2))}


@dataclass
class _Context:
    """One widget file being checked: where to report, and shared caches."""

    files: WidgetFiles
    rel: str
    doc: JsonDocument
    out: list[Diagnostic] = field(default_factory=list)

    def at(self, pointer: str, *, key: bool = False) -> Position:
        return self.doc.position(pointer, key=key)

    def report(self, code: str, pointer: str, message: str, hint: str | None = None,
               *, key: bool = False) -> None:
        self.out.append(emit(code, self.rel, self.at(pointer, key=key), message, hint=hint,
                             pointer=pointer))


def check_widget_data(files: WidgetFiles) -> list[Diagnostic]:
    """Check every parsed widget file against its type's format and its references."""
    out: list[Diagnostic] = []
    for rel in sorted(files.parsed):
        doc = files.parsed[rel]
        if doc is not None:
            out += _check_file(files, rel, doc, files.expected.get(rel))
    return out


def _check_file(files: WidgetFiles, rel: str, doc: JsonDocument,
                expected: str | None) -> list[Diagnostic]:
    ctx = _Context(files, rel, doc)
    data = doc.data
    declared = data.get("type") if isinstance(data, dict) else None
    if not isinstance(data, dict):
        return [emit("F005", rel, FILE_START, "widget data must be a JSON object")]
    if not isinstance(declared, str) or declared not in WIDGET_MODELS:  # [..] is unhashable
        ctx.report("D005", "/type" if "type" in data else "",
                   f"widget file has {'no type' if declared is None else f'type {declared!r}'}"
                   + (f"; the lesson uses it as {expected}" if expected else ""),
                   hint=f"add \"type\": \"{expected}\"" if expected and declared is None
                   else f"known types: {', '.join(WIDGET_MODELS)}")
        return ctx.out
    if expected is not None and declared != expected:
        ctx.report("D005", "/type", f"widget file is a {declared} but the lesson uses it as "
                   f"{expected}")
    model, errors = validate_model(WIDGET_MODELS[declared], data, rel, doc)
    ctx.out += errors
    if model is None:
        model = _salvage(WIDGET_MODELS[declared], data, [e.pointer for e in errors])
    if model is not None:
        CHECKS[declared](ctx, model)
    return ctx.out


def _salvage(model: type[BaseModel], data: dict[str, Any],
             pointers: list[str | None]) -> BaseModel | None:
    """The file without the parts that failed the schema, so one typo does not hide every
    other problem: a bad list item is left out, an unknown key dropped. None when a
    problem sits outside any list and is not an unknown key (nothing sensible remains)."""
    cut: list[list[str]] = []
    for pointer in pointers:
        parts = parse_pointer(pointer or "")
        items = [n for n, part in enumerate(parts) if part.isdigit()]
        if items:
            cut.append(parts[: items[-1] + 1])
        elif len(parts) == 1 and parts[0] not in model.model_fields:
            cut.append(parts)
        else:
            return None
    reduced = copy.deepcopy(data)
    for parts in sorted(cut, key=lambda p: [int(x) if x.isdigit() else -1 for x in p],
                        reverse=True):
        container: Any = reduced
        for part in parts[:-1]:
            container = container[int(part)] if isinstance(container, list) else container[part]
        last = parts[-1]
        if isinstance(container, list) and last.isdigit() and int(last) < len(container):
            del container[int(last)]
        elif isinstance(container, dict):
            container.pop(last, None)
    try:
        return model.model_validate(reduced)
    except ValueError:
        return None


# --- CSV references ------------------------------------------------------------------


def _csv(ctx: _Context, pointer: str, path: str, columns: dict[str, ColumnRule],
         collect: tuple[str, ...] = ()) -> CsvSummary | None:
    """Check the CSV file at ``path`` (a course-root path) once per column set."""
    rel = ctx.files.resolve(path)
    if rel is None or not is_file(ctx.files.root / rel):
        where = "is outside the course's widgets/ folder" if rel is None else "does not exist"
        ctx.report("D001", pointer, f"CSV file '{path}' {where}")
        return None
    ctx.files.used.add(rel)
    text = decode((ctx.files.root / rel).read_bytes())
    if not isinstance(text, str):
        ctx.out.append(emit("F001", rel, text.position, text.message))
        return None
    summary, problems = csvcheck.check_csv(rel, text, columns, collect=collect)
    ctx.files.diagnostics.extend(d for d in problems if d not in ctx.files.diagnostics)
    return summary


# --- drift_detection_lab --------------------------------------------------------------


def _check_drift(ctx: _Context, lab: BaseModel) -> None:
    assert isinstance(lab, DriftLab)
    kinds = {f.column: f.kind for f in lab.features}
    columns = {c: ColumnRule(csvcheck.numeric if k == "numerical" else csvcheck.anything)
               for c, k in kinds.items()}
    _duplicates(ctx, "/features", [f.column for f in lab.features], "feature")
    reference = _csv(ctx, "/reference/csv", lab.reference.csv, columns, tuple(columns))
    _csv(ctx, "/current/csv", lab.current.csv, columns)
    for method, value in lab.thresholds.items():
        top = _METHOD_MAX.get(method)
        if top is None or value < top:
            continue
        effect = "every p-value is below it, so drift would always be flagged" \
            if top == 1.0 else f"its scores never exceed {top:.4g}, so drift is never flagged"
        ctx.report("D007", f"/thresholds/{method}", f"threshold {value} for {method}: {effect}")
    _duplicates(ctx, "/scenarios", [s.id for s in lab.scenarios], "scenario")
    for number, scenario in enumerate(lab.scenarios):
        if scenario.current is not None:
            _csv(ctx, f"/scenarios/{number}/current/csv", scenario.current.csv, columns)
        _check_transforms(ctx, f"/scenarios/{number}", scenario, kinds, reference)


def _check_transforms(ctx: _Context, base: str, scenario: Scenario,
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
            for category in transform.shares:
                if reference is not None and category not in seen:
                    ctx.report("D006", f"{pointer}/shares/{category}", f"'{category}' never "
                               f"occurs in column '{transform.column}' of the reference sample",
                               hint=f"values seen: {', '.join(sorted(seen)[:12])}", key=True)


# --- model_monitoring_dashboard ------------------------------------------------------


def _log_columns(board: Dashboard) -> dict[str, ColumnRule]:
    log = board.log
    columns = {log.timestamp: ColumnRule(csvcheck.timestamp, required=True),
               log.prediction: ColumnRule(csvcheck.binary, required=True),
               log.score: ColumnRule(csvcheck.probability, required=True),
               log.label: ColumnRule(csvcheck.binary),
               log.latency_ms: ColumnRule(csvcheck.non_negative, required=True)}
    columns.update({group: ColumnRule(required=True) for group in log.groups})
    return columns


def _check_dashboard(ctx: _Context, board: BaseModel) -> None:
    assert isinstance(board, Dashboard)
    summary = _csv(ctx, "/log/csv", board.log.csv, _log_columns(board), (board.log.timestamp,))
    groups = tuple(board.log.groups)
    for name, threshold in board.thresholds.items():
        problem = check_threshold(name, Threshold(threshold.kind, threshold.value)) \
            or check_metric_name(name, groups)
        if problem:
            code = "D006" if problem.startswith("unknown") or "attribute" in problem else "D007"
            ctx.report(code, f"/thresholds/{name}", problem, key=code == "D006")
    width = _duration(ctx, "/window", board.window)
    span = _span(summary.values.get(board.log.timestamp, set())) if summary else None
    if width and span:
        windows = math.floor((span[1] - span[0]) / width) + 1
        if windows < 2:
            ctx.report("D007", "/window", f"a window of {board.window} holds the whole log "
                       "(one window): there is nothing to compare with the baseline")
        elif isinstance(board.baseline, BaselineWindows) and board.baseline.windows >= windows:
            ctx.report("D007", "/baseline/windows", f"the baseline takes {board.baseline.windows}"
                       f" of the log's {windows} windows, leaving none to judge")
    if isinstance(board.baseline, BaselinePeriod):
        _period(ctx, "/baseline", board.baseline.start, board.baseline.end)
    _duplicates(ctx, "/incidents", [i.id for i in board.incidents], "incident")
    for number, incident in enumerate(board.incidents):
        _period(ctx, f"/incidents/{number}", incident.start, incident.end)
        for index, name in enumerate(incident.covers):
            if name not in INCIDENT_FAMILIES and check_metric_name(name, groups) \
                    and name not in METRICS:
                ctx.report("D006", f"/incidents/{number}/covers/{index}", f"'{name}' is not a "
                           f"metric, series or family ({', '.join(INCIDENT_FAMILIES)})")


def _duration(ctx: _Context, pointer: str, text: str) -> float | None:
    try:
        return parse_duration(text)
    except (ValueError, TypeError) as exc:
        ctx.report("D007", pointer, str(exc), hint="e.g. 6h, 1D, 30min, 1W")
        return None


def _span(values: Iterable[str]) -> tuple[float, float] | None:
    stamps = []
    for value in values:
        try:
            stamps.append(float(value) if csvcheck.is_number(value) else parse_timestamp(value))
        except (ValueError, TypeError):
            continue  # already reported by the CSV check
    return (min(stamps), max(stamps)) if stamps else None


def _period(ctx: _Context, pointer: str, start: str, end: str) -> None:
    times = []
    for part, value in (("start", start), ("end", end)):
        try:
            times.append(parse_timestamp(value))
        except (ValueError, TypeError) as exc:
            ctx.report("D007", f"{pointer}/{part}", str(exc))
    if len(times) == 2 and times[0] >= times[1]:
        ctx.report("D007", f"{pointer}/end", f"the period ends ({end}) before it starts "
                   f"({start})")


# --- alert_configurator ---------------------------------------------------------------


def _check_alerts(ctx: _Context, config: BaseModel) -> None:
    assert isinstance(config, AlertConfigurator)
    board = _dashboard_of(ctx, config.dashboard)
    groups = tuple(board.log.groups) if board else None
    ids = [rule.id for rule in config.rules]
    _duplicates(ctx, "/rules", ids, "rule")
    for number, rule in enumerate(config.rules):
        pointer = f"/rules/{number}"
        problem = check_metric_name(rule.metric, groups)
        if problem:
            ctx.report("D006", f"{pointer}/metric", problem)
        else:
            low, high = METRICS[rule.metric.partition(":")[0]].range
            if rule.threshold < low or (high is not None and rule.threshold > high):
                ctx.report("D007", f"{pointer}/threshold", f"threshold {rule.threshold} is "
                           f"outside {rule.metric}'s range [{low}, {high or 'inf'}]")
        for index, other in enumerate(rule.suppressed_by):
            if other not in ids or other == rule.id:
                ctx.report("D006", f"{pointer}/suppressed_by/{index}",
                           f"'{other}' is not another rule of this configurator")
    for number, window in enumerate(config.maintenance):
        _period(ctx, f"/maintenance/{number}", window.start, window.end)
        for index, rule_id in enumerate(window.rules):
            if rule_id not in ids:
                ctx.report("D006", f"/maintenance/{number}/rules/{index}",
                           f"'{rule_id}' is not a rule of this configurator")


def _dashboard_of(ctx: _Context, path: str) -> Dashboard | None:
    rel = ctx.files.resolve(path)
    if rel is None or not is_file(ctx.files.root / rel):
        ctx.report("D001", "/dashboard", f"dashboard file '{path}' "
                   f"{'is outside widgets/' if rel is None else 'does not exist'}")
        return None
    ctx.files.used.add(rel)
    doc = ctx.files.load(rel)
    data: Any = doc.data if doc is not None else None
    if not isinstance(data, dict) or data.get("type") != "model_monitoring_dashboard":
        ctx.report("D006", "/dashboard", f"'{path}' is not a model_monitoring_dashboard file")
        return None
    try:
        return Dashboard.model_validate(data)
    except ValueError:
        return None  # its own problems are reported when that file is checked


def _duplicates(ctx: _Context, pointer: str, names: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            ctx.report("D008", f"{pointer}/{index}", f"{what} '{name}' appears twice")
        seen.add(name)


CHECKS = {"drift_detection_lab": _check_drift, "model_monitoring_dashboard": _check_dashboard,
          "alert_configurator": _check_alerts}
