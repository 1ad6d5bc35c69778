"""Bin shares and the three binned statistics: PSI, KL divergence, Jensen-Shannon.

Shares are count / n per bin (Evidently's ``get_binned_data``). PSI and KL use the
zero-share smoothing of Evidently PR #371; Jensen-Shannon uses raw shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from lmspack.stats.drift.kstail import relative_entropy
from lmspack.stats.drift.record import BinShare

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SMOOTHING_FLOOR = 1e-4
"""Zero shares become this, or (smallest share) x 1e-6 when that share is <= 1e-4."""


@dataclass(frozen=True)
class Binning:
    """Counts of both samples over the same bins (numeric intervals or categories)."""

    labels: tuple[str, ...]
    edges_lo: tuple[float | None, ...]
    edges_hi: tuple[float | None, ...]
    ref_counts: IntArray
    cur_counts: IntArray

    @property
    def ref_shares(self) -> FloatArray:
        return self.ref_counts / int(self.ref_counts.sum())

    @property
    def cur_shares(self) -> FloatArray:
        return self.cur_counts / int(self.cur_counts.sum())


def smooth(shares: FloatArray) -> FloatArray:
    """Replace zero shares by epsilon, without renormalising (Evidently's ``feel_zeroes``).

    Keeps KL and PSI finite when a bin is empty in one sample, at the price of making
    their size depend on epsilon rather than on the data.
    """
    smallest = float(shares[shares != 0].min())
    eps = smallest / 10**6 if smallest <= SMOOTHING_FLOOR else SMOOTHING_FLOOR
    return np.where(shares == 0, eps, shares)


def psi(binning: Binning) -> tuple[float, FloatArray, FloatArray, FloatArray]:
    """PSI and, per bin, the smoothed shares and the PSI term (r - c) ln(r / c)."""
    r = smooth(binning.ref_shares)
    c = smooth(binning.cur_shares)
    terms = (r - c) * np.log(r / c)
    return float(np.sum(terms)), r, c, terms


def kl_divergence(binning: Binning) -> tuple[float, FloatArray, FloatArray]:
    """KL(reference || current) in nats on smoothed shares (``scipy.stats.entropy``'s)."""
    r = smooth(binning.ref_shares)
    c = smooth(binning.cur_shares)
    return relative_entropy(r, c), r, c


def jensenshannon(binning: Binning) -> float:
    """Jensen-Shannon distance, natural log, on unsmoothed shares.

    The same operations as ``scipy.spatial.distance.jensenshannon`` in the same order,
    except that a sum rounded to just below zero (identical distributions up to the
    last bit) gives 0 instead of a NaN and a RuntimeWarning from ``sqrt``.
    """
    p = binning.ref_shares
    q = binning.cur_shares
    p = p / np.sum(p)
    q = q / np.sum(q)
    m = (p + q) / 2.0
    js = float(np.sum(special.rel_entr(p, m))) + float(np.sum(special.rel_entr(q, m)))
    return math.sqrt(max(js / 2.0, 0.0))


def bin_shares(
    binning: Binning,
    smoothed: tuple[FloatArray, FloatArray] | None = None,
    terms: FloatArray | None = None,
) -> tuple[BinShare, ...]:
    """The per-bin records for the widget's bars."""
    r, c = binning.ref_shares, binning.cur_shares
    return tuple(
        BinShare(
            label=label,
            edge_lo=binning.edges_lo[i],
            edge_hi=binning.edges_hi[i],
            ref_share=float(r[i]),
            cur_share=float(c[i]),
            ref_share_smoothed=None if smoothed is None else float(smoothed[0][i]),
            cur_share_smoothed=None if smoothed is None else float(smoothed[1][i]),
            psi_term=None if terms is None else float(terms[i]),
        )
        for i, label in enumerate(binning.labels)
    )
