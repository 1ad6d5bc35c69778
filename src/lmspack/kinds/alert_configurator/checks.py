"""What the Alert Configurator's schema cannot say: its dashboard file exists, rules watch
series that dashboard computes (within the metric's range), suppressions and maintenance
windows name the configurator's own rules. Pure Python."""

from __future__ import annotations

from lmspack.kinds.alert_configurator.model import AlertConfigurator
from lmspack.kinds.model_monitoring_dashboard.checks import check_period
from lmspack.kinds.model_monitoring_dashboard.model import Dashboard
from lmspack.stats.monitoring.registry import METRICS, check_metric_name
from lmspack.widgets import CheckContext, report_duplicates


def check_alerts(config: AlertConfigurator, ctx: CheckContext) -> None:
    """Rules against the dashboard's series and ranges, suppressions and maintenance."""
    board = ctx.widget("/dashboard", config.dashboard, "model_monitoring_dashboard",
                       "dashboard file")
    assert board is None or isinstance(board, Dashboard)
    groups = tuple(board.log.groups) if board else None
    ids = [rule.id for rule in config.rules]
    report_duplicates(ctx, "/rules", ids, "rule")
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
        check_period(ctx, f"/maintenance/{number}", window.start, window.end)
        for index, rule_id in enumerate(window.rules):
            if rule_id not in ids:
                ctx.report("D006", f"/maintenance/{number}/rules/{index}",
                           f"'{rule_id}' is not a rule of this configurator")
