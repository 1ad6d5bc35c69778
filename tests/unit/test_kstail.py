"""The tail probabilities computed without ``scipy.stats`` agree with ``scipy.stats``.

Bit for bit wherever the same method is used (closed forms, ``special.smirnov``,
Pelz-Good, the binomial density, the relative entropy); within 1e-11 relative where the
Smirnov tail is summed with numpy (n >= 20,000, up to n = 10^6, where SciPy's own
``smirnov`` still sums the exact series).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from scipy import stats

from lmspack.stats.drift.kstail import (
    FAST_SMIRNOV_MIN_N,
    binom_pmf,
    kstwo_sf,
    pelz_good_sf,
    relative_entropy,
)


def _grid(seed: int, count: int) -> list[tuple[int, float]]:
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(count):
        n = int(rng.choice([141, 300, 5_000, 19_999, 20_000, 99_999, 100_001, 500_000]) *
                rng.uniform(1.0, 2.0))
        # n d^2 across every region: below 2.2 (Pelz-Good), the Smirnov band, >= 370;
        # plus d >= 1/2, d near 1/n and d near 1
        nd2 = float(np.exp(rng.uniform(np.log(1e-4), np.log(600.0))))
        cases.append((n, min(float(np.sqrt(nd2 / n)), 0.999)))
    return [*cases, (500_000, 0.0013050000000000006), (500_000, 0.0018730000000000135),
            (1_000, 0.6), (1_000, 0.9999), (1_000, 1.0), (1_000, 0.0), (1_000, 0.0004),
            (1_000, 0.0011), (50, 0.3), (100, 0.01), (200_000, 1e-7)]


def test_kstwo_sf_is_scipys_to_the_bit_outside_the_summed_smirnov_band() -> None:
    same = summed = 0
    for n, d in _grid(2, 160):
        ours, theirs = kstwo_sf(d, n), float(stats.kstwo.sf(d, n))
        in_band = n >= FAST_SMIRNOV_MIN_N and n * d < n - 1 and d < 0.5 and \
            2.2 <= n * d * d < 370.0
        if in_band:
            summed += 1
            # relative below the normal range is meaningless: there 1e-300 absolute
            assert abs(ours - theirs) <= 1e-11 * theirs + 1e-300, (n, d, ours, theirs)
        else:
            same += 1
            assert ours == theirs, (n, d, ours, theirs)
    assert same > 50 and summed > 20  # both kinds were exercised


def test_pelz_good_is_scipys_series_to_the_bit() -> None:
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(500):
        n = int(rng.uniform(100_001, 3_000_000))
        d = float(np.sqrt(rng.uniform(1e-3, 2.2) / n))
        assert pelz_good_sf(n, d) == float(stats.kstwo.sf(d, n)), (n, d)
        checked += 1
    assert checked == 500


def test_binomial_density_is_scipys() -> None:
    rng = np.random.default_rng(4)
    for n in (1, 17, 20_000, 500_000):
        k = np.arange(0, n + 1, max(1, n // 997), dtype=np.float64)
        p = rng.uniform(0.0, 1.0, k.size)
        p[:2] = (0.0, 1.0)
        assert np.array_equal(binom_pmf(k, n, p), stats.binom.pmf(k, n, p))


def test_relative_entropy_is_scipys_entropy() -> None:
    rng = np.random.default_rng(5)
    for size in (1, 2, 5, 22, 50, 300):
        for _ in range(20):
            p = rng.uniform(0.0, 1.0, size) * (rng.uniform(size=size) > 0.2)
            q = rng.uniform(1e-9, 1.0, size)
            if p.sum() == 0:
                p[0] = 0.5
            assert relative_entropy(p, q) == float(stats.entropy(p, q))


def test_a_large_drift_run_does_not_import_scipy_stats(tmp_path) -> None:
    """``lmspack drift`` on samples over 10,000 rows never loads ``scipy.stats``."""
    rng = np.random.default_rng(6)
    for name, shift in (("ref.csv", 0.0), ("cur.csv", 0.05)):
        x = rng.normal(shift, 1.0, 12_000)
        c = rng.choice(["a", "b", "c"], 12_000)
        lines = ["x,c", *(f"{v:.6f},{k}" for v, k in zip(x, c, strict=True))]
        (tmp_path / name).write_text("\n".join(lines) + "\n")
    code = (
        "import sys\n"
        "from lmspack.cli import main\n"
        "sys.argv = ['lmspack', 'drift', sys.argv[1], sys.argv[2], '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'scipy.special' in sys.modules\n"
        "print('scipy.stats' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ref.csv"),
                           str(tmp_path / "cur.csv")], capture_output=True, text=True,
                          check=True)
    assert '"method": "ks"' in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False"
