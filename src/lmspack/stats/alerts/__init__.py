"""Alert Configurator engine: rules over the dashboard's series, timeline, sweep.

Typical use::

    series = MetricSeries.from_dashboard(dashboard)
    report = evaluate_alerts(series, rules, maintenance, incidents)
    sweep = sweep_thresholds(series, rules, maintenance, incidents)
    json.dumps({"timeline": report.to_dict(), "sweep": sweep.to_dict()}, allow_nan=False)

Modules: ``rules`` (the configuration types), ``checks`` (problems in a configuration),
``series`` (the input), ``events`` (one rule's state machine), ``engine`` (all rules,
the timeline), ``incidents`` (detections, delays, false positives) and ``sweep`` (its
points in ``sweep_point``, which imports nothing heavy).
"""
