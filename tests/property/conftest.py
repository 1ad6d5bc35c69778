"""Hypothesis profiles for the property-based tests.

``ci`` (the default) is derandomized: the same examples on every run and machine, a fixed
budget per test, no example database, so CI is reproducible and its time bounded. ``long``
explores with a random seed and many more examples, to hunt for new failures:

    LMSPACK_HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/property

Hypothesis prints the failing example, and ``@reproduce_failure`` data to replay it; a
failure found that way becomes a fixture case under tests/fixtures/invalid/.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True)
settings.register_profile(
    "long", max_examples=5_000, derandomize=False, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True)
settings.load_profile(os.environ.get("LMSPACK_HYPOTHESIS_PROFILE", "ci"))
