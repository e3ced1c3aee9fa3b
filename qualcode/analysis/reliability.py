"""Inter-coder reliability statistics on a units x coders table of nominal values.

Every function takes *reliability data*: one row per unit, one column per coder, a category value
in each cell or a missing value (``None``, ``NaN``, ``""``) where the coder gave none. Krippendorff
and the ``krippendorff`` package write the same table transposed (coders x units).

Rows can carry integer weights: a weight of ``w`` stands for ``w`` identical units. Character-level
agreement uses this to treat a run of ``w`` characters with the same codings as ``w`` units without
a row per character.

All coefficients use the pairable units only (units with values from at least two coders):

- percent agreement: the mean over pairable units of the share of coder pairs that agree;
- Cohen's (1960) kappa: two coders, units both coded, chance from each coder's own marginals;
- Fleiss' (1971) kappa, Brennan & Prediger (1981) and Gwet's (2008) AC1 in the forms of Gwet's
  *Handbook of Inter-Rater Reliability* (2014) that allow missing values: chance agreement from
  the category shares ``pi_k`` = mean over units with at least one value of ``r_uk / r_u``;
- Krippendorff's (2011, 2019) alpha for nominal data, from the coincidence matrix.

With complete data these reduce exactly to the textbook formulas. A coefficient whose chance
agreement is 1 (every value in one category) is undefined and returned as ``NaN``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from qualcode.analysis.alpha import (
    alpha_from_totals,
    alpha_parts,
    bootstrap_alpha,
    bootstrap_alpha_samples,
    check_bootstrap,
    percentile_interval,
)
from qualcode.analysis.reliability_data import MISSING, ReliabilityData, reliability_data
from qualcode.errors import AnalysisError

__all__ = [
    "MISSING",
    "Reliability",
    "ReliabilityData",
    "alpha_parts",
    "bootstrap_alpha",
    "bootstrap_alpha_samples",
    "brennan_prediger",
    "cohen_kappa",
    "coincidence_matrix",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
    "percentile_interval",
    "reliability",
    "reliability_data",
]


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator > 0 else math.nan


def _chance_corrected(observed: float, chance: float) -> float:
    if math.isnan(observed) or math.isnan(chance) or chance >= 1.0 - 1e-12:
        return math.nan
    return (observed - chance) / (1.0 - chance)


def _pair_agreement(data: ReliabilityData) -> tuple[np.ndarray, np.ndarray]:
    """Per pairable unit: the share of agreeing coder pairs; and the pairable mask."""
    counts = data.counts
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    r = per_unit[pairable].astype(float)
    same = (counts[pairable] * (counts[pairable] - 1)).sum(axis=1)
    return same / (r * (r - 1)), pairable


def percent_agreement(data: Any) -> float:
    """Mean share of agreeing coder pairs over pairable units.

    For two coders this is the share of units both coded alike.

    Args:
        data: Reliability data (units x coders).

    Returns:
        A number in [0, 1], or ``NaN`` without pairable units.
    """
    data = reliability_data(data)
    agree, pairable = _pair_agreement(data)
    w = data.weights[pairable]
    return _ratio(float((w * agree).sum()), float(w.sum()))


def _category_shares(data: ReliabilityData) -> np.ndarray:
    """``pi_k``: mean over units with a value of the share of the unit's values in ``k``."""
    counts = data.counts
    per_unit = counts.sum(axis=1)
    rated = per_unit >= 1
    w = data.weights[rated].astype(float)
    if w.sum() == 0:
        return np.full(counts.shape[1], math.nan)
    shares = counts[rated] / per_unit[rated, None]
    return (w[:, None] * shares).sum(axis=0) / w.sum()


def fleiss_kappa(data: Any) -> float:
    """Fleiss' (1971) kappa, with Gwet's (2014) allowance for missing values.

    Args:
        data: Reliability data (units x coders); any number of coders.

    Returns:
        Kappa, or ``NaN`` when undefined.
    """
    data = reliability_data(data)
    shares = _category_shares(data)
    return _chance_corrected(percent_agreement(data), float((shares**2).sum()))


def _n_categories(data: ReliabilityData, n_categories: int | None) -> int:
    """``q``: ``n_categories``, or the categories of ``data``; never fewer than it holds."""
    if n_categories is None:
        q = len(data.categories)
    elif isinstance(n_categories, bool) or not isinstance(n_categories, int | np.integer):
        raise AnalysisError(f"n_categories must be a whole number, not "
                            f"{type(n_categories).__name__} {n_categories!r}",
                            hint="pass the number of categories coders could choose from")
    else:
        q = int(n_categories)
    if q < 1:
        raise AnalysisError("the number of categories must be at least 1")
    # fewer than the data holds would make chance agreement impossible (AC1 below -1)
    held = int((data.counts.sum(axis=0) > 0).sum())
    if q < held:
        raise AnalysisError(
            f"n_categories={q} is fewer than the {held} categories the data holds",
            hint=f"pass n_categories={held} or more (the categories coders could choose "
            "from), or leave it out to use the data's")
    return q


def brennan_prediger(data: Any, *, n_categories: int | None = None) -> float:
    """Brennan & Prediger's (1981) kappa: chance agreement ``1/q`` for ``q`` categories.

    Args:
        data: Reliability data (units x coders).
        n_categories: ``q``; default the number of categories of ``data``.

    Returns:
        The coefficient, or ``NaN`` when undefined (``q = 1``).

    Raises:
        AnalysisError: If ``n_categories`` is fewer than the categories ``data`` holds.
    """
    data = reliability_data(data)
    q = _n_categories(data, n_categories)
    return _chance_corrected(percent_agreement(data), 1.0 / q)


def gwet_ac1(data: Any, *, n_categories: int | None = None) -> float:
    """Gwet's (2008) AC1: chance agreement ``sum_k pi_k (1 - pi_k) / (q - 1)``.

    Args:
        data: Reliability data (units x coders).
        n_categories: ``q``; default the number of categories of ``data``.

    Returns:
        AC1, or ``NaN`` when undefined (``q = 1``).

    Raises:
        AnalysisError: If ``n_categories`` is fewer than the categories ``data`` holds.
    """
    data = reliability_data(data)
    q = _n_categories(data, n_categories)
    if q < 2:
        return math.nan
    shares = _category_shares(data)
    chance = float((shares * (1.0 - shares)).sum()) / (q - 1)
    return _chance_corrected(percent_agreement(data), chance)


def cohen_kappa(data: Any) -> float:
    """Cohen's (1960) kappa for exactly two coders, over the units both coded.

    Args:
        data: Reliability data with two columns.

    Returns:
        Kappa, or ``NaN`` when undefined.

    Raises:
        AnalysisError: If ``data`` does not have exactly two coders.
    """
    data = reliability_data(data)
    if data.values.shape[1] != 2:
        raise AnalysisError(
            f"Cohen's kappa needs exactly two coders, got {data.values.shape[1]}",
            hint="use Fleiss' kappa or Krippendorff's alpha for more coders",
        )
    first, second = data.values[:, 0], data.values[:, 1]
    both = (first != MISSING) & (second != MISSING)
    w = data.weights[both].astype(float)
    total = w.sum()
    if total == 0:
        return math.nan
    first, second = first[both], second[both]
    observed = float(w[first == second].sum() / total)
    q = len(data.categories)
    p1 = np.bincount(first, weights=w, minlength=q) / total
    p2 = np.bincount(second, weights=w, minlength=q) / total
    return _chance_corrected(observed, float((p1 * p2).sum()))


def coincidence_matrix(data: Any) -> np.ndarray:
    """Krippendorff's coincidence matrix ``o_ck`` (categories x categories).

    Each pairable unit ``u`` with ``m_u`` values adds ``(number of c-k pairs) / (m_u - 1)``.

    Args:
        data: Reliability data (units x coders).

    Returns:
        A symmetric float matrix in the order of ``data.categories``.
    """
    data = reliability_data(data)
    counts = data.counts.astype(float)
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    counts, per_unit = counts[pairable], per_unit[pairable]
    scale = data.weights[pairable] / (per_unit - 1)
    pairs = np.einsum("u,uc,uk->ck", scale, counts, counts)
    return pairs - np.diag((scale[:, None] * counts).sum(axis=0))


def krippendorff_alpha(data: Any) -> float:
    """Krippendorff's alpha for nominal data, from the coincidence matrix.

    ``alpha = 1 - D_o / D_e = ((n - 1) sum_c o_cc - sum_c n_c (n_c - 1)) /
    (n (n - 1) - sum_c n_c (n_c - 1))``, with ``n_c`` the coincidence marginals and ``n`` the
    number of pairable values (Krippendorff 2011).

    Args:
        data: Reliability data (units x coders); any number of coders, missing values allowed.

    Returns:
        Alpha, or ``NaN`` when fewer than two categories occur among pairable values.
    """
    data = reliability_data(data)
    totals = (data.weights[:, None] * alpha_parts(data)).sum(axis=0)
    return float(alpha_from_totals(totals))


@dataclass(frozen=True, slots=True)
class Reliability:
    """Every coefficient for one variable.

    Attributes:
        n_pairable: Units (summed weights) with values from at least two coders.
        n_values: Pairable values (the ``n`` of Krippendorff's alpha).
        percent_agreement: Mean share of agreeing coder pairs.
        cohen_kappa: Cohen's kappa (``NaN`` unless there are exactly two coders).
        fleiss_kappa: Fleiss' kappa.
        krippendorff_alpha: Nominal alpha.
        alpha_low: Lower end of the bootstrap interval of alpha.
        alpha_high: Upper end.
        brennan_prediger: Brennan & Prediger's coefficient.
        gwet_ac1: Gwet's AC1.
    """

    n_pairable: int
    n_values: int
    percent_agreement: float
    cohen_kappa: float
    fleiss_kappa: float
    krippendorff_alpha: float
    alpha_low: float
    alpha_high: float
    brennan_prediger: float
    gwet_ac1: float

    def as_dict(self) -> dict[str, float]:
        """The fields as a dict, in declaration order."""
        return {name: getattr(self, name) for name in self.__slots__}


def reliability(
    data: Any,
    *,
    n_categories: int | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> Reliability:
    """Compute every coefficient for one variable.

    Args:
        data: Reliability data (units x coders).
        n_categories: ``q`` for Brennan-Prediger and AC1; default the categories of ``data``;
            at least the number of categories it holds.
        bootstrap: Draws for alpha's interval; 0 skips it (``NaN`` bounds).
        seed: Bootstrap seed.
        level: Interval coverage.

    Returns:
        The coefficients.

    Raises:
        AnalysisError: If ``n_categories`` is fewer than the categories ``data`` holds, or
            ``bootstrap``, ``seed`` or ``level`` is out of range or of the wrong type.
    """
    check_bootstrap(bootstrap, seed, level, draws_name="bootstrap")
    data = reliability_data(data)
    per_unit = data.counts.sum(axis=1)
    pairable = per_unit >= 2
    low, high = (bootstrap_alpha(data, draws=bootstrap, seed=seed, level=level)
                 if bootstrap > 0 else (math.nan, math.nan))
    return Reliability(
        n_pairable=int(data.weights[pairable].sum()),
        n_values=int((data.weights * per_unit)[pairable].sum()),
        percent_agreement=percent_agreement(data),
        cohen_kappa=cohen_kappa(data) if data.values.shape[1] == 2 else math.nan,
        fleiss_kappa=fleiss_kappa(data),
        krippendorff_alpha=krippendorff_alpha(data),
        alpha_low=low,
        alpha_high=high,
        brennan_prediger=brennan_prediger(data, n_categories=n_categories),
        gwet_ac1=gwet_ac1(data, n_categories=n_categories),
    )
