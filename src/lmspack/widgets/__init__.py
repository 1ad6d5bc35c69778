"""Widget types: data formats (:mod:`.models`) and build-time results (:mod:`.compute`).

Only :mod:`.models` is imported by ``lmspack validate``; :mod:`.compute` needs numpy and
scipy and is imported by the precompute stage alone.
"""
