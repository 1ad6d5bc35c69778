"""The registry of drift methods: thresholds, drift rules, kinds, display labels.

Everything that must agree across the engine, the CLI choices and the widget legend
comes from :data:`METHODS` (defaults are Evidently 0.7.23's). :data:`PANEL` is what
the Drift Lab computes per kind when no method is named; ``default_method`` is
Evidently's automatic choice, which decides the dataset-level verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from lmspack.stats.drift.kinds import FeatureKind

Comparison = Literal[">=", "<=", "<"]
Severity = Literal["stable", "moderate", "major"]

AUTO = "auto"
"""Pseudo-method: Evidently's automatic choice for the column (:func:`default_method`)."""

PSI_MODERATE = 0.1
PSI_MAJOR = 0.25


@dataclass(frozen=True)
class MethodSpec:
    """One drift method as the registry describes it.

    ``score`` says what the threshold is compared with: the ``statistic`` (distances)
    or the ``p_value`` (tests). ``evidently`` is true for the seven methods that
    reproduce Evidently 0.7.23 and are checked against it; the others are labelled
    teaching extras.
    """

    name: str
    label: str
    default_threshold: float
    comparison: Comparison
    kinds: frozenset[FeatureKind]
    score: Literal["statistic", "p_value"]
    evidently: bool
    summary: str

    def detects(self, score: float, threshold: float) -> bool:
        """Apply the drift rule; a NaN score never signals drift (as in Evidently)."""
        if math.isnan(score):
            return False
        if self.comparison == ">=":
            return score >= threshold
        if self.comparison == "<=":
            return score <= threshold
        return score < threshold


_BOTH: frozenset[FeatureKind] = frozenset({"numerical", "categorical"})
_NUM: frozenset[FeatureKind] = frozenset({"numerical"})
_CAT: frozenset[FeatureKind] = frozenset({"categorical"})

METHODS: dict[str, MethodSpec] = {
    "psi": MethodSpec(
        name="psi",
        label="PSI",
        default_threshold=0.1,
        comparison=">=",
        kinds=_BOTH,
        score="statistic",
        evidently=True,
        summary="Population Stability Index on Sturges bins of the pooled sample",
    ),
    "kl_div": MethodSpec(
        name="kl_div",
        label="Kullback-Leibler divergence",
        default_threshold=0.1,
        comparison=">=",
        kinds=_BOTH,
        score="statistic",
        evidently=True,
        summary="KL(reference || current) in nats on the smoothed bin shares",
    ),
    "jensenshannon": MethodSpec(
        name="jensenshannon",
        label="Jensen-Shannon distance",
        default_threshold=0.1,
        comparison=">=",
        kinds=_BOTH,
        score="statistic",
        evidently=True,
        summary="Jensen-Shannon distance (natural log) on the raw bin shares",
    ),
    "wasserstein": MethodSpec(
        name="wasserstein",
        label="Wasserstein distance (normed)",
        default_threshold=0.1,
        comparison=">=",
        kinds=_NUM,
        score="statistic",
        evidently=True,
        summary="W1 between the samples divided by the reference std (at least 0.001)",
    ),
    "ks": MethodSpec(
        name="ks",
        label="K-S p_value",
        default_threshold=0.05,
        comparison="<=",
        kinds=_NUM,
        score="p_value",
        evidently=True,
        summary="two-sample Kolmogorov-Smirnov test (scipy ks_2samp, method auto)",
    ),
    "chisquare": MethodSpec(
        name="chisquare",
        label="chi-square p_value",
        default_threshold=0.05,
        comparison="<",
        kinds=_CAT,
        score="p_value",
        evidently=True,
        summary="chi-square goodness of fit of current counts to reference shares",
    ),
    "z": MethodSpec(
        name="z",
        label="Z-test p_value",
        default_threshold=0.05,
        comparison="<",
        kinds=_CAT,
        score="p_value",
        evidently=True,
        summary="two-proportion z-test: first category against all others",
    ),
    "psi_deciles": MethodSpec(
        name="psi_deciles",
        label="PSI (decile bins)",
        default_threshold=0.1,
        comparison=">=",
        kinds=_NUM,
        score="statistic",
        evidently=False,
        summary="teaching variant: PSI on reference-decile bins with open outer bins",
    ),
    "chi2_homogeneity": MethodSpec(
        name="chi2_homogeneity",
        label="chi-square homogeneity p_value",
        default_threshold=0.05,
        comparison="<",
        kinds=_CAT,
        score="p_value",
        evidently=False,
        summary="teaching contrast: 2 x k contingency test (NannyML, alibi-detect)",
    ),
}

PANEL: dict[FeatureKind, tuple[str, ...]] = {
    "numerical": ("psi", "kl_div", "jensenshannon", "wasserstein", "ks"),
    "categorical": ("psi", "kl_div", "jensenshannon", "chisquare"),
}
"""Methods the Drift Lab computes when none are named (``z`` is added for 2 categories)."""

EXTRAS: tuple[str, ...] = ("psi_deciles", "chi2_homogeneity")
"""Teaching extras: never part of the panel or of the Evidently comparison."""


def panel_methods(kind: FeatureKind, n_categories: int) -> tuple[str, ...]:
    """The panel for one column; categorical columns with exactly 2 categories add ``z``."""
    if kind == "categorical" and n_categories == 2:
        return PANEL[kind] + ("z",)
    return PANEL[kind]


def default_method(kind: FeatureKind, n_reference: int, n_unique: int) -> str:
    """Evidently's automatic method (``_get_default_stattest``).

    ``n_reference`` counts non-missing reference values; ``n_unique`` counts distinct
    values of reference and current together. As in Evidently, a small numerical
    column with at most 5 values gets ``chisquare`` or ``z``, which only apply to
    categorical columns (lmspack reports those rows as ``not_applicable``).
    """
    if n_reference <= 1000:
        if kind == "numerical" and n_unique > 5:
            return "ks"
        return "chisquare" if n_unique > 2 else "z"
    if kind == "numerical" and n_unique > 5:
        return "wasserstein"
    return "jensenshannon"


def psi_severity(value: float) -> Severity:
    """The credit-scoring reading of a PSI value: <0.1, [0.1, 0.25), >=0.25."""
    if value < PSI_MODERATE:
        return "stable"
    return "moderate" if value < PSI_MAJOR else "major"


def resolve_thresholds(overrides: dict[str, float] | None) -> dict[str, float]:
    """Default thresholds with ``overrides`` applied; unknown names are a usage error."""
    unknown = sorted(set(overrides or {}) - set(METHODS))
    if unknown:
        raise ValueError(f"unknown drift method(s) in thresholds: {', '.join(unknown)}")
    thresholds = {name: spec.default_threshold for name, spec in METHODS.items()}
    thresholds.update(overrides or {})
    return thresholds
