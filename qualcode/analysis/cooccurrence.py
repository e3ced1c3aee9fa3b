"""Co-occurrence of codes within a segment or a window of segments, and dimension matrices.

Two codes co-occur when a segment coded with one lies within ``window`` segments of a segment coded
with the other, in the same document (``window=0``: the same segment). Co-occurrences are paired
one to one: a segment (or a coding) takes part in at most one pair per code pair, so counts never
exceed either code's own count and both coefficients stay between 0 and 1.

* ``count`` (n12): the number of such pairs of segments.
* ``jaccard``: n12 / (n1 + n2 - n12) with n1, n2 the numbers of *segments* carrying each code;
  at ``window=0`` this is the Jaccard index of the two codes' segment sets.
* ``c`` (ATLAS.ti's c-coefficient): n12 / (n1 + n2 - n12) with n1, n2 the codes' *frequencies*
  (codings, ATLAS.ti's quotations) and n12 the pairs of codings. With one coding per segment and
  code, as the automatic coder writes, it equals ``jaccard``; it differs when a segment carries the
  same code more than once (hand coding of several passages of one turn).

Both coefficients are undefined (NaN, an empty cell when written) when neither code was coded:
the denominator is 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.order import (
    code_order,
    dimension_codes,
    require_columns,
    text_values,
)
from qualcode.errors import AnalysisError
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COOCCURRENCE_MEASURES",
    "cooccurrence",
    "cooccurrence_table",
    "dimension_matrix",
    "paired",
]

COOCCURRENCE_MEASURES = ("count", "jaccard", "c")

_Positions = dict[str, dict[str, list[int]]]


def paired(first: Sequence[int], second: Sequence[int], window: int) -> int:
    """The most one-to-one pairs of positions at most ``window`` apart.

    Both sequences must be sorted. Walking them together and pairing whenever two positions are
    close enough gives a largest pairing for points on a line.
    """
    i = j = pairs = 0
    while i < len(first) and j < len(second):
        if abs(first[i] - second[j]) <= window:
            pairs += 1
            i += 1
            j += 1
        elif first[i] < second[j]:
            i += 1
        else:
            j += 1
    return pairs


def _positions(codings: pd.DataFrame, *, unique: bool) -> _Positions:
    result: _Positions = {}
    for doc, seg, code in zip(text_values(codings["document"]).tolist(),
                              codings["segment"].astype("int64").tolist(),
                              text_values(codings["code"]).tolist(), strict=True):
        if seg < 0:
            continue
        result.setdefault(code, {}).setdefault(doc, []).append(seg)
    for per_doc in result.values():
        for doc, values in per_doc.items():
            per_doc[doc] = sorted(set(values)) if unique else sorted(values)
    return result


def _same_segment_counts(codings: pd.DataFrame, codes: Sequence[str]
                         ) -> tuple[Any, Any, Any, Any]:
    """Pairs of segments and pairs of codings within the same segment, for every pair of
    ``codes`` (window 0), as two K x K integer matrices; then each code's numbers of segments
    and of codings (rows with a segment index of 0 or more).

    With window 0, :func:`paired` pairs equal positions one to one: the segments both codes
    carry, and per segment the smaller of the two codes' numbers of codings.
    """
    import numpy as np
    import pandas as pd

    index = {c: i for i, c in enumerate(codes)}
    code_ids = text_values(codings["code"]).map(index)
    segs = codings["segment"].astype("int64")
    keep = (segs >= 0) & code_ids.notna()
    doc_ids = pd.factorize(text_values(codings["document"])[keep])[0].astype("int64")
    kept = segs[keep].to_numpy()
    # one integer per (document, segment): factorizing integers is much faster than pairs
    unit_ids, uniques = pd.factorize(doc_ids * (int(kept.max()) + 1 if len(kept) else 1) + kept)
    counts = np.zeros((len(uniques), len(codes)), dtype="int64")
    np.add.at(counts, (unit_ids, code_ids[keep].astype("int64").to_numpy()), 1)
    present = (counts > 0).astype("float64")
    segments = np.rint(present.T @ present).astype("int64")
    sizes = (present.sum(axis=0).astype("int64"), counts.sum(axis=0))
    if counts.size == 0 or counts.max() <= 1:
        return segments, segments.copy(), *sizes
    quotes = np.zeros((len(codes), len(codes)), dtype="int64")
    for i in range(len(codes)):
        quotes[i] = np.minimum(counts[:, [i]], counts).sum(axis=0)
    return segments, quotes, *sizes


def _pairs(first: dict[str, list[int]], second: dict[str, list[int]], window: int) -> int:
    return sum(paired(first[d], second[d], window) for d in first.keys() & second.keys())


def _size(per_doc: dict[str, list[int]]) -> int:
    return sum(len(v) for v in per_doc.values())


def _coefficient(n12: int, n1: int, n2: int, decimals: int | None) -> float:
    union = n1 + n2 - n12
    if union <= 0:  # neither code was coded: 0 of 0, undefined rather than "never together"
        return float("nan")
    value = n12 / union
    return value if decimals is None else round(value, decimals)


def _check(codings: pd.DataFrame, window: int, measure: str | None = None) -> None:
    require_columns(codings, ["document", "segment", "code"])
    if window < 0:
        raise AnalysisError(f"the co-occurrence window must be 0 or more, not {window}",
                            hint="use --window 0 for the same segment")
    if measure is not None and measure not in COOCCURRENCE_MEASURES:
        raise AnalysisError(f"unknown co-occurrence measure {measure!r}",
                            hint=f"use one of {', '.join(COOCCURRENCE_MEASURES)}")


def _matrix(
    codings: pd.DataFrame, rows: Sequence[str], columns: Sequence[str], window: int,
    measure: str, decimals: int | None,
) -> pd.DataFrame:
    import pandas as pd

    together = None
    source: _Positions = {}
    if window == 0:
        codes = list(dict.fromkeys([*rows, *columns]))
        pair_segments, pair_quotes, n_segments, n_codings = _same_segment_counts(codings, codes)
        where = {c: i for i, c in enumerate(codes)}
        together = pair_quotes if measure == "c" else pair_segments
        counted = n_codings if measure == "c" else n_segments
        sizes = {c: int(counted[i]) for i, c in enumerate(codes)}
    else:
        source = _positions(codings, unique=measure != "c")
        sizes = {code: _size(per_doc) for code, per_doc in source.items()}
    values: list[list[float]] = []
    for row in rows:
        line: list[float] = []
        for col in columns:
            n1, n2 = sizes.get(row, 0), sizes.get(col, 0)
            if row == col:
                n12 = n1
            elif together is not None:
                n12 = int(together[where[row], where[col]])
            else:
                n12 = _pairs(source.get(row, {}), source.get(col, {}), window)
            line.append(n12 if measure == "count" else _coefficient(n12, n1, n2, decimals))
        values.append(line)
    frame = pd.DataFrame(values, index=list(rows), columns=list(columns))
    if measure == "count":
        frame = frame.astype("int64")
    frame.index.name = "code"
    frame.columns.name = "code"
    return frame


def cooccurrence(
    codings: pd.DataFrame,
    *,
    window: int = 0,
    measure: str = "count",
    codebook: Codebook | None = None,
    decimals: int | None = 3,
) -> pd.DataFrame:
    """The code x code co-occurrence matrix.

    Args:
        codings: The codings table (``document``, ``segment``, ``code``; rows with segment -1
            are left out).
        window: How many segments apart two codings may be (0: the same segment).
        measure: ``count``, ``jaccard`` or ``c`` (see the module documentation).
        codebook: Row and column order; first appearance without it.
        decimals: Rounding of the coefficients (``None`` keeps full precision).

    Returns:
        A square DataFrame indexed by code id. The diagonal holds each code's own number of
        segments (``count``; codings for ``c``) or 1.0 for a coded code. A coefficient of two
        codes neither of which was coded (the diagonal of an uncoded code too) is NaN.

    Raises:
        AnalysisError: If ``window`` is negative or ``measure`` unknown.
    """
    check_table(codings, "codings")
    check_codebook(codebook)
    _check(codings, window, measure)
    codes = code_order(codings, codebook)
    return _matrix(codings, codes, codes, window, measure, decimals)


def cooccurrence_table(
    codings: pd.DataFrame,
    *,
    window: int = 0,
    codebook: Codebook | None = None,
    decimals: int | None = 3,
    include_zero: bool = False,
) -> pd.DataFrame:
    """Every pair of codes that co-occurs, with all measures, in one long table.

    Returns:
        Columns ``code_a, code_b, window, segments_a, segments_b, count, jaccard, codings_a,
        codings_b, coding_pairs, c``; one row per pair (``code_a`` before ``code_b`` in codebook
        order), pairs with ``count`` 0 left out unless ``include_zero``.

    Raises:
        AnalysisError: If ``window`` is negative.
    """
    import pandas as pd

    check_table(codings, "codings")
    check_codebook(codebook)

    _check(codings, window)
    codes = code_order(codings, codebook)
    if window == 0:
        pair_segments, pair_quotes, n_segments, n_codings = _same_segment_counts(codings, codes)
        seg_size = {c: int(n_segments[i]) for i, c in enumerate(codes)}
        quote_size = {c: int(n_codings[i]) for i, c in enumerate(codes)}
        segs: _Positions = {}
        quotes: _Positions = {}
    else:
        segs = _positions(codings, unique=True)
        quotes = _positions(codings, unique=False)
        seg_size = {c: _size(per_doc) for c, per_doc in segs.items()}
        quote_size = {c: _size(per_doc) for c, per_doc in quotes.items()}
    rows = []
    for i, first in enumerate(codes):
        for j, second in enumerate(codes[i + 1 :], start=i + 1):
            if window == 0:
                n12 = int(pair_segments[i, j])
            else:
                n12 = _pairs(segs.get(first, {}), segs.get(second, {}), window)
            if n12 == 0 and not include_zero:
                continue
            if window == 0:
                m12 = int(pair_quotes[i, j])
            else:
                m12 = _pairs(quotes.get(first, {}), quotes.get(second, {}), window)
            s1, s2 = seg_size.get(first, 0), seg_size.get(second, 0)
            q1, q2 = quote_size.get(first, 0), quote_size.get(second, 0)
            rows.append({
                "code_a": first, "code_b": second, "window": window,
                "segments_a": s1, "segments_b": s2, "count": n12,
                "jaccard": _coefficient(n12, s1, s2, decimals),
                "codings_a": q1, "codings_b": q2, "coding_pairs": m12,
                "c": _coefficient(m12, q1, q2, decimals),
            })
    columns = ["code_a", "code_b", "window", "segments_a", "segments_b", "count", "jaccard",
               "codings_a", "codings_b", "coding_pairs", "c"]
    return pd.DataFrame(rows, columns=columns)


def dimension_matrix(
    codings: pd.DataFrame,
    rows: str,
    columns: str,
    *,
    codebook: Codebook | None = None,
    window: int = 0,
    measure: str = "count",
    decimals: int | None = 3,
) -> pd.DataFrame:
    """One dimension's codes against another's (e.g. role x stage), from co-occurrence.

    Args:
        codings: The codings table.
        rows: Dimension whose codes are the rows (``role``).
        columns: Dimension whose codes are the columns (``stage``).
        codebook: Gives each dimension's codes in order; without it the ``group`` column does.
        window: See :func:`cooccurrence`.
        measure: ``count``, ``jaccard`` or ``c``.
        decimals: Rounding of the coefficients.

    Returns:
        A DataFrame indexed by the row codes' ids, one column per column code id.

    Raises:
        AnalysisError: If a dimension is unknown (listing the known ones), ``window`` is
            negative or ``measure`` unknown.
    """
    check_table(codings, "codings")
    check_codebook(codebook)
    _check(codings, window, measure)
    row_codes = dimension_codes(rows, codings, codebook)
    column_codes = dimension_codes(columns, codings, codebook)
    matrix = _matrix(codings, row_codes, column_codes, window, measure, decimals)
    matrix.index.name = rows
    matrix.columns.name = columns
    return matrix
