"""Build-time statistics for the widgets (numpy + scipy only).

Nothing is imported here on purpose: each widget's precompute stage imports the
submodule it needs (``lmspack.stats.table`` for CSV columns, ``lmspack.stats.drift``
for the Drift Detection Lab, ``lmspack.stats.monitoring`` and ``lmspack.stats.alerts``
for their widgets), so ``lmspack validate`` never pays for scipy.
"""
