"""Reliability data: a units x coders table of category indices, with unit weights."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qualcode.errors import AnalysisError

__all__ = ["MISSING", "ReliabilityData", "reliability_data"]

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
