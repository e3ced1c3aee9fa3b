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

import contextlib
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qualcode.errors import AnalysisError

__all__ = [
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

MISSING = -1
"""The integer that marks a missing value in :attr:`ReliabilityData.values`."""


@dataclass(frozen=True, slots=True, eq=False)
class ReliabilityData:
    """A units x coders table of category indices.

    Attributes:
        values: Integer array (units x coders); ``-1`` is missing, ``k`` is ``categories[k]``.
        weights: Non-negative integer weight per unit (how many identical units a row stands for).
        categories: The category labels, in index order.
    """

    values: np.ndarray
    weights: np.ndarray
    categories: tuple[Hashable, ...]
    _counts: list[np.ndarray] = field(default_factory=list, repr=False)

    @property
    def counts(self) -> np.ndarray:
        """Units x categories: how many coders gave each category to each unit (``r_uk``)."""
        if not self._counts:
            q = len(self.categories)
            counts = np.zeros((self.values.shape[0], q), dtype=np.int64)
            for k in range(q):
                counts[:, k] = (self.values == k).sum(axis=1)
            self._counts.append(counts)
        return self._counts[0]


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def reliability_data(
    data: Any,
    *,
    weights: Sequence[int] | np.ndarray | None = None,
    categories: Sequence[Hashable] | None = None,
) -> ReliabilityData:
    """Turn a units x coders table into :class:`ReliabilityData`.

    Args:
        data: A 2-D array, list of rows or DataFrame (units x coders), or a
            :class:`ReliabilityData` (returned unchanged).
        weights: Integer weight per unit; default 1 each.
        categories: The possible categories in order; default the observed values, sorted.

    Returns:
        The coded table.

    Raises:
        AnalysisError: If the table is not two-dimensional, a weight is negative or not whole, or
            a value is not among ``categories``.
    """
    if isinstance(data, ReliabilityData):
        return data
    table = np.asarray(getattr(data, "values", data), dtype=object)
    if table.ndim != 2:
        raise AnalysisError(
            f"reliability data must be a units x coders table, got {table.ndim} dimension(s)",
            hint="pass one row per unit and one column per coder",
        )
    flat = table.ravel()
    missing = np.fromiter((_is_missing(v) for v in flat), dtype=bool, count=flat.size)
    if categories is None:
        seen = list(dict.fromkeys(v for v, m in zip(flat, missing, strict=True) if not m))
        with contextlib.suppress(TypeError):  # mixed types keep their order of appearance
            seen.sort()
        categories = seen
    index = {value: k for k, value in enumerate(categories)}
    codes = np.full(flat.size, MISSING, dtype=np.int64)
    for i in np.flatnonzero(~missing):
        k = index.get(flat[i])
        if k is None:
            raise AnalysisError(
                f"value {flat[i]!r} is not one of the categories",
                hint=f"categories: {', '.join(map(str, categories))}",
            )
        codes[i] = k
    return ReliabilityData(codes.reshape(table.shape), _weights(weights, table.shape[0]),
                           tuple(categories))


def _weights(weights: Sequence[int] | np.ndarray | None, n: int) -> np.ndarray:
    if weights is None:
        return np.ones(n, dtype=np.int64)
    array = np.asarray(weights, dtype=float)
    if array.shape != (n,) or np.any(array < 0) or np.any(array != np.round(array)):
        raise AnalysisError(
            "weights must be one whole, non-negative number per unit",
            hint=f"pass {n} weights",
        )
    return array.astype(np.int64)


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
    q = len(data.categories) if n_categories is None else n_categories
    if q < 1:
        raise AnalysisError("the number of categories must be at least 1")
    return q


def brennan_prediger(data: Any, *, n_categories: int | None = None) -> float:
    """Brennan & Prediger's (1981) kappa: chance agreement ``1/q`` for ``q`` categories.

    Args:
        data: Reliability data (units x coders).
        n_categories: ``q``; default the number of categories of ``data``.

    Returns:
        The coefficient, or ``NaN`` when undefined (``q = 1``).
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


def alpha_parts(data: Any) -> np.ndarray:
    """Per unit, what it adds to alpha's sums, unweighted: ``[sum_c o_cc, n_c ...]``.

    A unit that is not pairable adds zeros. Summing rows (times their weights) and passing the
    totals to alpha's formula gives alpha; the bootstrap resamples these rows.

    Args:
        data: Reliability data (units x coders).

    Returns:
        Array of units x (1 + number of categories).
    """
    data = reliability_data(data)
    counts = data.counts.astype(float)
    per_unit = counts.sum(axis=1)
    pairable = per_unit >= 2
    parts = np.zeros((counts.shape[0], counts.shape[1] + 1))
    c = counts[pairable]
    parts[pairable, 0] = (c * (c - 1)).sum(axis=1) / (per_unit[pairable] - 1)
    parts[pairable, 1:] = c
    return parts


def _alpha_from_totals(totals: np.ndarray) -> np.ndarray:
    """Nominal alpha from summed :func:`alpha_parts` (last axis), vectorised over the rest."""
    agree = totals[..., 0]
    n_c = totals[..., 1:]
    n = n_c.sum(axis=-1)
    same = (n_c * (n_c - 1)).sum(axis=-1)
    numerator = (n - 1) * agree - same
    denominator = n * (n - 1) - same
    ok = denominator > 1e-9
    out = np.full(np.shape(agree), math.nan)
    np.divide(numerator, denominator, out=out, where=ok)
    return out


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
    return float(_alpha_from_totals(totals))


def bootstrap_alpha_samples(
    parts: Sequence[np.ndarray],
    weights: np.ndarray,
    *,
    draws: int = 1000,
    seed: int = 0,
) -> np.ndarray:
    """Bootstrap alpha for several variables measured on the same units, with shared draws.

    Each draw resamples ``N = sum(weights)`` units with replacement, unit ``u`` with probability
    ``weights[u] / N`` (for unit weights: the ordinary nonparametric bootstrap of units), and
    recomputes alpha of every variable from the resampled units.

    Args:
        parts: Per variable, its :func:`alpha_parts` (units x (1 + categories)), same units.
        weights: Integer weight per unit.
        draws: Number of bootstrap draws.
        seed: Seed of numpy's default generator; the same seed gives the same draws.

    Returns:
        Array of draws x variables.
    """
    weights = np.asarray(weights, dtype=np.int64)
    total = int(weights.sum())
    out = np.full((draws, len(parts)), math.nan)
    if total == 0 or draws <= 0 or not parts:
        return out
    rng = np.random.default_rng(seed)
    probabilities = weights / total
    chunk = max(1, 2_000_000 // max(1, weights.size))
    for begin in range(0, draws, chunk):
        size = min(chunk, draws - begin)
        counts = rng.multinomial(total, probabilities, size=size).astype(float)
        for j, variable in enumerate(parts):
            out[begin : begin + size, j] = _alpha_from_totals(counts @ variable)
    return out


def percentile_interval(samples: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The percentile interval of bootstrap ``samples`` (``NaN`` draws ignored)."""
    finite = samples[~np.isnan(samples)]
    if finite.size == 0:
        return math.nan, math.nan
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(finite, [tail, 1.0 - tail])
    return float(low), float(high)


def bootstrap_alpha(
    data: Any,
    *,
    draws: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    clusters: Sequence[int] | np.ndarray | None = None,
) -> tuple[float, float]:
    """A percentile bootstrap interval for nominal alpha, resampling units.

    Args:
        data: Reliability data (units x coders).
        draws: Number of draws (default 1,000).
        seed: Random seed; the result is deterministic for a given seed.
        level: Coverage of the interval (default 0.95).
        clusters: Optional cluster id per row: rows of a cluster are resampled together (for
            example the per-code rows of one text unit). Rows of a cluster must share a weight.

    Returns:
        ``(low, high)``, ``NaN`` when alpha is undefined.
    """
    data = reliability_data(data)
    parts = alpha_parts(data)
    weights = data.weights
    if clusters is not None:
        ids, inverse = np.unique(np.asarray(clusters), return_inverse=True)
        grouped = np.zeros((ids.size, parts.shape[1]))
        np.add.at(grouped, inverse, parts)
        cluster_weights = np.zeros(ids.size, dtype=np.int64)
        cluster_weights[inverse] = weights
        parts, weights = grouped, cluster_weights
    samples = bootstrap_alpha_samples([parts], weights, draws=draws, seed=seed)
    return percentile_interval(samples[:, 0], level)


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
        n_categories: ``q`` for Brennan-Prediger and AC1; default the categories of ``data``.
        bootstrap: Draws for alpha's interval; 0 skips it (``NaN`` bounds).
        seed: Bootstrap seed.
        level: Interval coverage.

    Returns:
        The coefficients.
    """
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
