"""What the Model Monitoring Dashboard's schema cannot say: the prediction log's columns and
values, metric and threshold names, a window that leaves something to compare, periods in
order. Pure Python (the metric registry is a plain table)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from lmspack.kinds.model_monitoring_dashboard.model import (
    BaselinePeriod,
    BaselineWindows,
    Dashboard,
)
from lmspack.source import csvfile
from lmspack.source.csvfile import ColumnRule
from lmspack.source.numbers import usable_number
from lmspack.stats.alerts.checks import FAMILIES as INCIDENT_FAMILIES
from lmspack.stats.monitoring.registry import METRICS, Threshold, check_metric_name, check_threshold
from lmspack.stats.monitoring.timeparse import (
    MAX_WINDOWS,
    parse_duration,
    parse_timestamp,
    window_count,
)
from lmspack.widgets import CheckContext, report_duplicates


def _log_columns(board: Dashboard) -> dict[str, ColumnRule]:
    log = board.log
    columns = {log.timestamp: ColumnRule(csvfile.timestamp, required=True),
               log.prediction: ColumnRule(csvfile.binary, required=True),
               log.score: ColumnRule(csvfile.probability, required=True),
               log.label: ColumnRule(csvfile.binary),
               log.latency_ms: ColumnRule(csvfile.non_negative, required=True)}
    columns.update({group: ColumnRule(required=True) for group in log.groups})
    return columns


_ROLES = ("timestamp", "prediction", "score", "label", "latency_ms")


def _check_roles(board: Dashboard, ctx: CheckContext) -> None:
    """Each column plays one role: the label read from the prediction column (or a group
    that is also the score) would be checked as one thing and computed as another."""
    seen: dict[str, str] = {}
    named = [(f"/log/{role}", getattr(board.log, role)) for role in _ROLES]
    named += [(f"/log/groups/{n}", group) for n, group in enumerate(board.log.groups)]
    # Defaults first, so a clash is reported on a name the author wrote.
    named.sort(key=lambda item: item[0].split("/")[2] in board.log.model_fields_set)
    for pointer, column in named:
        if column in seen:
            ctx.report("D009", pointer, f"column '{column}' is already used as {seen[column]}",
                       hint="give each role its own column")
        else:
            seen[column] = f"the {pointer.split('/')[2]} column"


def check_dashboard(board: Dashboard, ctx: CheckContext) -> None:
    """The log's columns and values, thresholds, the window against the log's span,
    the baseline and the incidents."""
    _check_roles(board, ctx)
    summary = ctx.csv("/log/csv", board.log.csv, _log_columns(board), (board.log.timestamp,))
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
        count = window_count(span[0], span[1], width)
        windows = count if count > MAX_WINDOWS else math.floor((span[1] - span[0]) / width) + 1
        if count > MAX_WINDOWS:
            ctx.report("D007", "/window", f"a window of {board.window} cuts the log into "
                       f"{count if count < 10**9 else 'over a billion'} windows, more than "
                       f"{MAX_WINDOWS}: use a wider window")
        elif windows < 2:
            ctx.report("D007", "/window", f"a window of {board.window} holds the whole log "
                       "(one window): there is nothing to compare with the baseline")
        elif isinstance(board.baseline, BaselineWindows) and board.baseline.windows >= windows:
            ctx.report("D007", "/baseline/windows", f"the baseline takes {board.baseline.windows}"
                       f" of the log's {windows} windows, leaving none to judge")
    if isinstance(board.baseline, BaselinePeriod):
        check_period(ctx, "/baseline", board.baseline.start, board.baseline.end)
    report_duplicates(ctx, "/incidents", [i.id for i in board.incidents], "incident")
    for number, incident in enumerate(board.incidents):
        check_period(ctx, f"/incidents/{number}", incident.start, incident.end)
        for index, name in enumerate(incident.covers):
            if name not in INCIDENT_FAMILIES and check_metric_name(name, groups) \
                    and name not in METRICS:
                ctx.report("D006", f"/incidents/{number}/covers/{index}", f"'{name}' is not a "
                           f"metric, series or family ({', '.join(INCIDENT_FAMILIES)})")


def _duration(ctx: CheckContext, pointer: str, text: str) -> float | None:
    try:
        return parse_duration(text)
    except (ValueError, TypeError) as exc:
        ctx.report("D007", pointer, str(exc), hint="e.g. 6h, 1D, 30min, 1W")
        return None


def _span(values: Iterable[str]) -> tuple[float, float] | None:
    stamps = []
    for value in values:
        try:  # ISO 8601 first: the usual case, and no exception on the way
            stamps.append(parse_timestamp(value))
        except (ValueError, TypeError):
            if (number := usable_number(value)) is not None:
                stamps.append(number)
            # anything else is already reported by the CSV check
    return (min(stamps), max(stamps)) if stamps else None


def check_period(ctx: CheckContext, pointer: str, start: str, end: str) -> None:
    times = []
    for part, value in (("start", start), ("end", end)):
        try:
            times.append(parse_timestamp(value))
        except (ValueError, TypeError) as exc:
            ctx.report("D007", f"{pointer}/{part}", str(exc))
    if len(times) == 2 and times[0] >= times[1]:
        ctx.report("D007", f"{pointer}/end", f"the period ends ({end}) before it starts "
                   f"({start})")
