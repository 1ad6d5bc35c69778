"""Tail probabilities the drift panel needs, without loading ``scipy.stats``.

``scipy.stats`` costs about 0.6 s of CPU and 50 MiB to import, more than a whole
statistic on a million rows, and a large-sample panel needs only three things from it:
the asymptotic two-sample K-S p-value (``kstwo.sf``), the binomial probabilities inside
it, and ``entropy``. They are computed here with ``scipy.special`` and numpy:

* :func:`kstwo_sf` follows Simard and L'Ecuyer's (2011) choice of method by region of
  (n, d), the same regions ``kstwo.sf`` uses. Closed forms, ``scipy.special.smirnov``
  and the Pelz-Good series (:func:`pelz_good_sf`) are evaluated here; the small-n
  regions (n <= 140, Durbin's matrix, the Ruben-Gambino left tail) ask
  ``scipy.stats`` itself, imported then and only then.
* :func:`binom_pmf` is the ufunc ``scipy.stats.binom.pmf`` evaluates (Boost's binomial
  density), clipped to [0, 1] as scipy clips it.
* :func:`relative_entropy` is ``scipy.stats.entropy(p, q)``'s arithmetic.

Agreement with ``scipy.stats`` is tested (``tests/unit/test_kstail.py``).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import special

FloatArray = npt.NDArray[np.float64]

FAST_SMIRNOV_MIN_N = 20_000
"""From this n on, the Smirnov tail is summed with numpy (:func:`smirnov_sf`)."""

_SMIRNOV_WINDOW = 50.0  # natural-log units below the largest term
_SQRT_2PI = math.sqrt(2.0 * math.pi)
_PI2 = math.pi**2
_PI4 = math.pi**4
_PI6 = math.pi**6
_SQRT3 = math.sqrt(3.0)
_EXP_UNDERFLOW = -708.0  # exp() of less is 0 in float64 (a subnormal at best)


def kstwo_sf(d: float, n: int) -> float:
    """P(D_n >= d) for the two-sided one-sample K-S statistic (``scipy.stats.kstwo.sf``).

    Regions by t = n d and n d^2, as Simard and L'Ecuyer choose them for the
    complementary distribution: the Ruben-Gambino right tail 2 (1 - d)^n for t >= n - 1,
    twice the exact one-sided tail (``smirnov``) when d >= 1/2 or 2.2 <= n d^2 < 370,
    0 from n d^2 >= 370 on, and Pelz-Good's asymptotic series below 2.2 for large n.
    """
    if d >= 1.0:
        return 0.0
    if d <= 0.0:
        return 1.0
    d = np.float64(d)  # numpy's power from here on, as scipy's arithmetic on arrays
    t = n * d
    if t <= 0.5:
        return 1.0
    if t > 1.0 and n > 140:
        if t >= n - 1:
            return _clip(float(2.0 * (1.0 - d) ** n))
        if d >= 0.5:
            return _clip(2.0 * special.smirnov(n, d))
        nd2 = t * d
        if nd2 >= 370.0:
            return 0.0
        if nd2 >= 2.2:
            if n >= FAST_SMIRNOV_MIN_N:
                return _clip(2.0 * smirnov_sf(n, d))
            return _clip(2.0 * special.smirnov(n, d))
        if n > 100_000 or n * d**1.5 > 1.4:
            return _clip(pelz_good_sf(n, d))
    from scipy import stats  # the small-n regions: scipy's own code

    return float(stats.kstwo.sf(d, n))


def _clip(p: float) -> float:
    return min(max(float(p), 0.0), 1.0)


def pelz_good_sf(n: int, d: float) -> float:
    """1 - P(D_n <= d), P by Pelz and Good's (1976) series in z = d sqrt(n):

    P(D_n <= d) ~ K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^(3/2),

    each K_i written with Jacobi theta functions so that it converges fast for small z:
    sums over odd m = 2k - 1 of a polynomial in m^2 times q^(m^2), q = exp(-pi^2/(8 z^2)),
    (for K2 and K3 also sums over all k of k^2 exp(-pi^2 k^2 / (2 z^2))), k up to
    ceil(16 z / pi). The sums over m are nested in powers of q^(8k), from the largest k
    down, which keeps every term's size in range for tiny z.
    """
    z = np.sqrt(np.float64(n)) * d  # numpy scalars: numpy's exp and power, as scipy's
    z2 = z**2
    log_q = -_PI2 / 8.0 / z2
    if log_q < _EXP_UNDERFLOW:
        return 1.0
    z4, z6 = z**4, z**6
    q = np.exp(log_q)
    # the coefficients of m^0, m^2, m^4 and m^6 in each K_i's odd-m polynomial
    k1 = (-z2, _PI2 / 4.0)
    k2 = (6.0 * z6 + 2.0 * z4, (2.0 * z4 - 5.0 * z2) * _PI2 / 4.0, _PI4 * (1.0 - 2.0 * z2) / 16.0)
    k3 = (-30.0 * z6 - 90.0 * z**8, _PI2 * (135.0 * z4 - 96.0 * z6) / 4.0,
          _PI4 * (-60.0 * z2 + 212.0 * z4) / 16.0, _PI6 * (5.0 - 30.0 * z2) / 64.0)
    top = int(np.ceil(16.0 * z / np.pi))
    s0 = s1 = s2 = s3 = 0.0
    for k in range(top, 0, -1):
        m = 2 * k - 1
        m2, m4, m6 = float(m**2), float(m**4), float(m**6)
        step = np.power(q, 8 * k)
        s0 = s0 * step + 1.0
        s1 = s1 * step + (k1[0] + k1[1] * m2)
        s2 = s2 * step + (k2[0] + k2[1] * m2 + k2[2] * m4)
        s3 = s3 * step + (k3[0] + k3[1] * m2 + k3[2] * m4 + k3[3] * m6)
    s0, s1, s2, s3 = (s * q * _SQRT_2PI for s in (s0, s1, s2, s3))
    s0 /= z
    s1 /= 6.0 * z4
    s2 /= 72.0 * z**7
    s3 /= 6480.0 * z**10
    q_all = np.exp(-_PI2 / 2.0 / z2)
    ks = np.arange(top, 0, -1)
    k2s = ks**2
    weights = q_all**k2s
    s2 += float(np.sum(k2s * weights)) * (_PI2 * _SQRT_2PI / (-36.0 * z**3))
    kpi = math.pi * ks
    extra = float(np.sum((_SQRT3 * z + kpi) * (_SQRT3 * z - kpi) * k2s * weights))
    s3 += extra * (_PI2 * _SQRT_2PI / (216.0 * z6))
    root_n = np.power(float(n), np.arange(1, 4) / 2.0)
    cdf = s0 + s1 / root_n[0] + s2 / root_n[1] + s3 / root_n[2]
    return float(1.0 - cdf)


def smirnov_sf(n: int, d: float) -> float:
    """P(D+_n >= d), Birnbaum and Tingey's sum (``scipy.special.smirnov(n, d)``):

    d * sum over v = 0 .. floor(n (1 - d)) of binom.pmf(v; n, d + v/n) / (d + v/n).

    ``scipy.special.smirnov`` adds the terms one at a time in C: 0.3 s for n = 500,000.
    Here a rough log of every term (``gammaln``, one numpy pass) finds the terms within
    e^-50 of the largest; only those are computed accurately (:func:`binom_pmf`). What
    is left out weighs less than n e^-50 of the sum: below 1e-15 of it up to n = 10^7.
    """
    v = np.arange(int(np.floor(n * (1.0 - d))) + 1, dtype=np.float64)
    at = d + v / n
    with np.errstate(divide="ignore", invalid="ignore"):
        rough = (special.gammaln(n + 1.0) - special.gammaln(v + 1.0)
                 - special.gammaln(n - v + 1.0) + (v - 1.0) * np.log(at)
                 + (n - v) * np.log1p(-at))
    keep = rough >= np.max(rough) - _SMIRNOV_WINDOW
    terms = binom_pmf(v[keep], n, at[keep]) / at[keep]
    return d * float(np.sum(terms))


def binom_pmf(k: FloatArray, n: int, p: FloatArray) -> FloatArray:
    """``scipy.stats.binom.pmf(k, n, p)`` for whole k in [0, n] and p in [0, 1]."""
    density = getattr(getattr(special, "_ufuncs", None), "_binom_pmf", None)
    if density is None:  # a SciPy without the ufunc: its public function
        from scipy import stats

        return np.asarray(stats.binom.pmf(k, n, p), dtype=np.float64)
    clipped: FloatArray = np.clip(density(k, n, p), 0.0, 1.0)
    return clipped


def relative_entropy(p: FloatArray, q: FloatArray) -> float:
    """KL(p || q) in nats after scaling both to sum 1 (``scipy.stats.entropy(p, q)``)."""
    p = 1.0 * p / np.sum(p, keepdims=True)
    q = 1.0 * q / np.sum(q, keepdims=True)
    return float(np.sum(special.rel_entr(p, q)))
