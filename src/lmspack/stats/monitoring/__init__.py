"""Model Monitoring Dashboard engine: per-window quality, latency, throughput, fairness.

Pure functions over numpy arrays, run at build time. Typical use::

    log, problems = PredictionLog.from_records(rows, group_columns=["sex", "pclass"])
    dashboard = compute_dashboard(log, WindowSpec.fixed("1D"), BaselineSpec.windows(7))
    json.dumps(dashboard.to_dict(), allow_nan=False)

Modules, in the order the data flows: ``timeparse`` (canonical times), ``log`` (validated
columns), ``windows`` (windows and baseline rows), ``metrics`` and ``fairness`` (the
numbers), ``registry`` (``METRICS``, ``REASONS``, thresholds) and ``dashboard`` (judging
each window against the baseline).
"""
