"""Krippendorff's alpha from per-unit parts, and its bootstrap interval.

Alpha depends on the units only through sums of per-unit parts (:func:`alpha_parts`), so the
bootstrap can resample units by drawing how often each is taken and multiplying, without copying
tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from qualcode.analysis.reliability_data import reliability_data
from qualcode.errors import AnalysisError

__all__ = [
    "alpha_from_totals",
    "alpha_parts",
    "bootstrap_alpha",
    "bootstrap_alpha_samples",
    "check_bootstrap",
    "check_level",
    "percentile_interval",
]

_WHOLE_HINTS = {
    "draws": "the number of bootstrap draws, such as 1000; 0 for no interval",
    "seed": "any whole number 0 or more; the same seed gives the same interval",
}


def check_level(level: Any) -> None:
    """Check that ``level``, an interval's coverage, lies strictly between 0 and 1.

    Raises:
        AnalysisError: If it does not, or is not a number.
    """
    number = not isinstance(level, bool) and isinstance(level, int | float | np.number)
    if not number or not 0.0 < float(level) < 1.0:  # NaN fails the comparison too
        raise AnalysisError(f"level must be a number between 0 and 1, not "
                            f"{type(level).__name__} {level!r}",
                            hint="level is the interval's coverage as a share: 0.95 for a 95% "
                            "interval")


def check_bootstrap(draws: Any, seed: Any, level: Any, *, draws_name: str = "draws") -> None:
    """Check the options of a bootstrap interval before any work is done.

    Args:
        draws: Number of draws: a whole number, 0 or more.
        seed: Seed: a whole number, 0 or more.
        level: Coverage: strictly between 0 and 1.
        draws_name: What the caller calls ``draws`` (``bootstrap``), for the message.

    Raises:
        AnalysisError: Naming the first option out of range or of the wrong type.
    """
    for name, kind, value in ((draws_name, "draws", draws), ("seed", "seed", seed)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise AnalysisError(f"{name} must be a whole number, not {type(value).__name__} "
                                f"{value!r}", hint=f"{name} is {_WHOLE_HINTS[kind]}")
        if value < 0:
            raise AnalysisError(f"{name} must be 0 or more, not {value}",
                                hint=f"{name} is {_WHOLE_HINTS[kind]}")
    check_level(level)


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


def alpha_from_totals(totals: np.ndarray) -> np.ndarray:
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

    The draws depend only on ``seed`` and on the multiset of the units' rows (their parts in
    every variable given, and their weights): units whose rows are equal are interchangeable,
    so they are merged (weights added) and the merged rows drawn in the order of their
    contents. The order of the units does not matter, nor does anything not passed here: call
    it with one variable for an interval that depends on that variable's data alone.

    Args:
        parts: Per variable, its :func:`alpha_parts` (units x (1 + categories)), same units.
        weights: Integer weight per unit.
        draws: Number of bootstrap draws.
        seed: Seed of numpy's default generator; the same seed and rows give the same draws,
            whatever the order of the units.

    Returns:
        Array of draws x variables.

    Raises:
        AnalysisError: If ``draws`` or ``seed`` is not a whole number, 0 or more.
    """
    check_bootstrap(draws, seed, 0.5)
    weights = np.asarray(weights, dtype=np.int64)
    total = int(weights.sum())
    out = np.full((draws, len(parts)), math.nan)
    if total == 0 or draws <= 0 or not parts:
        return out
    variables = [np.asarray(variable, dtype=float) for variable in parts]
    widths = np.cumsum([0, *(variable.shape[1] for variable in variables)])
    drawn = weights > 0
    rows, inverse = np.unique(np.column_stack(variables)[drawn], axis=0, return_inverse=True)
    merged = np.zeros(rows.shape[0], dtype=np.int64)
    np.add.at(merged, inverse.reshape(-1), weights[drawn])
    rng = np.random.default_rng(seed)
    probabilities = merged / total
    chunk = max(1, 2_000_000 // max(1, merged.size))
    for begin in range(0, draws, chunk):
        size = min(chunk, draws - begin)
        counts = rng.multinomial(total, probabilities, size=size).astype(float)
        for j in range(len(variables)):
            out[begin : begin + size, j] = alpha_from_totals(
                counts @ rows[:, widths[j] : widths[j + 1]])
    return out


def percentile_interval(samples: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The percentile interval of bootstrap ``samples`` (``NaN`` draws ignored).

    Raises:
        AnalysisError: If ``level`` is not strictly between 0 and 1.
    """
    check_level(level)
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

    Raises:
        AnalysisError: If ``draws`` or ``seed`` is not a whole number, 0 or more, or ``level``
            not strictly between 0 and 1.
    """
    check_bootstrap(draws, seed, level)
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
