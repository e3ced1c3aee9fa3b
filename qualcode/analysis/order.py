"""Deterministic row and column order shared by every analysis.

Rows follow the codebook (codes unknown to it follow in order of first appearance); columns follow
the corpus (the segments table's order, else the codings table's). Without a codebook, codes keep
the order in which they first appear in the codings table.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from qualcode.arguments import as_names
from qualcode.errors import AnalysisError, CodingsError
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NOT_ATTRIBUTES",
    "case_order",
    "code_order",
    "dimension_codes",
    "document_order",
    "known_dimensions",
    "object_text",
    "require_columns",
    "require_known",
    "segment_values",
    "text_value",
    "text_values",
]

NOT_ATTRIBUTES = frozenset({
    "document", "case", "segment", "start", "end", "speaker", "code", "code_path", "group",
    "coder", "source", "rule", "match", "text", "status", "memo", "interviewer", "unit",
})
"""Columns of the codings and segments tables that are not attributes of a case, document or
segment."""


def text_value(value: Any) -> str:
    """``value`` as text, with ``None`` and NaN (missing cells) as ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def text_values(column: pd.Series) -> pd.Series:
    """A column as text (missing cells as ``""``), keeping its index."""
    from pandas.api.types import infer_dtype, is_integer_dtype

    if is_integer_dtype(column.dtype) and not column.hasnans:
        return column.astype(str).astype(object)  # str(int) for every cell, in C
    # texts only, the common case (for an object column, infer_dtype looks at every cell; for
    # a string column it answers from the dtype, missing cells or not)
    if column.dtype == object and infer_dtype(column, skipna=False) == "string":
        return column.astype(object)
    if infer_dtype(column, skipna=True) in ("string", "empty"):  # texts and missing cells
        values = column.astype(object)
        return values.where(values.notna(), "")
    return column.map(text_value).astype(object)


def object_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its pandas string columns as columns of Python strings (missing cells
    NaN); other columns, and a frame without string columns, are returned as they are.

    Tables read from files hold text in pandas' string dtype, stored by Arrow: every sort or
    concatenation copies the texts' bytes, and every look-up builds Python strings again.
    The analyses reorder and group the same columns many times, so they convert them once.
    """
    import numpy as np
    import pandas as pd

    strings = [c for c, dtype in frame.dtypes.items() if isinstance(dtype, pd.StringDtype)]
    if not strings:
        return frame
    out = frame.copy(deep=False)
    for column in strings:
        out[column] = pd.Series(frame[column].to_numpy(dtype=object, na_value=np.nan),
                                index=frame.index, dtype=object)
    return out


def segment_values(codings: pd.DataFrame, segments: pd.DataFrame,
                   columns: Sequence[str]) -> pd.DataFrame:
    """The segments table's ``columns`` for each codings row, as written (missing where the
    table has no row for the coding's ``document`` and ``segment``), on the codings' index.

    Raises:
        CodingsError: If the codings table lacks ``document`` or ``segment``.
    """
    import pandas as pd

    require_columns(codings, ["document", "segment"])
    # (document, segment) -> values, the last row winning as in a dict, joined in C
    keys = pd.MultiIndex.from_arrays([text_values(segments["document"]).to_numpy(),
                                      segments["segment"].astype("int64").to_numpy()])
    lookup = pd.DataFrame({c: segments[c].to_numpy() for c in columns}, index=keys,
                          dtype=object)
    lookup = lookup[~lookup.index.duplicated(keep="last")]
    wanted = pd.MultiIndex.from_arrays([text_values(codings["document"]).to_numpy(),
                                        codings["segment"].astype("int64").to_numpy()])
    found = lookup.reindex(wanted)
    found.index = codings.index
    return found


def require_columns(
    frame: pd.DataFrame, columns: Iterable[str], what: str = "codings table"
) -> None:
    """Check that ``frame`` has ``columns``.

    Raises:
        CodingsError: Naming every missing column.
    """
    columns = list(columns)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CodingsError(
            f"the {what} has no column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            hint=f"it needs the columns {', '.join(columns)}; "
            f"it has {', '.join(map(str, frame.columns)) or 'none'}",
        )


def require_known(given: Sequence[str], known: Sequence[str], what: str, *,
                  hint: str = "") -> None:
    """Check that every id of ``given`` is one of ``known``.

    Args:
        given: The ids asked for.
        known: The ids the tables hold, in order.
        what: What an id names, singular (``case``, ``document``).
        hint: More advice, after the list of known ids.

    Raises:
        AnalysisError: Naming every unknown id, listing the known ones and the closest one.
    """
    have = set(known)
    unknown = [g for g in dict.fromkeys(given) if g not in have]
    if not unknown:
        return
    shown = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "") if known else "(none)"
    advice = [f"known {what}s: {shown}"]
    for name in unknown:
        close = difflib.get_close_matches(name.strip(), known, n=1)
        if close:
            advice.append(f"did you mean {close[0]!r} for {name!r}?")
    if hint:
        advice.append(hint)
    raise AnalysisError(
        f"unknown {what}{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
        hint="; ".join(advice))


def _first_appearance(values: Iterable[Any]) -> list[str]:
    import pandas as pd

    if isinstance(values, pd.Series):  # unique values in order of appearance, in C
        if isinstance(values.dtype, pd.StringDtype):  # texts or missing cells, no conversion
            return [v for v in values.unique().tolist() if isinstance(v, str) and v]
        return [v for v in pd.unique(text_values(values)) if v]
    seen: dict[str, None] = {}
    for value in values:
        text = text_value(value)
        if text:
            seen.setdefault(text, None)
    return list(seen)


def code_order(codings: pd.DataFrame, codebook: Codebook | None = None) -> list[str]:
    """Code ids in codebook order, then codes the codebook lacks in order of first appearance.

    With a codebook every code of it is listed, coded or not, so matrices keep one shape.
    """
    require_columns(codings, ["code"])
    listed = [c.id for c in codebook.codes] if codebook is not None else []
    known = set(listed)
    return listed + [c for c in _first_appearance(codings["code"]) if c not in known]


def document_order(codings: pd.DataFrame, segments: pd.DataFrame | None = None) -> list[str]:
    """Document ids in corpus order (the segments table), then any others from the codings."""
    require_columns(codings, ["document"])
    listed = _first_appearance(segments["document"]) if segments is not None else []
    known = set(listed)
    return listed + [d for d in _first_appearance(codings["document"]) if d not in known]


def case_order(
    codings: pd.DataFrame,
    segments: pd.DataFrame | None = None,
    cases: str | Sequence[str] | None = None,
) -> list[str]:
    """Case ids: ``cases`` as given (one id or several), then the others of the segments table,
    then of the codings.

    Empty case ids (documents that belong to no case) are left out.

    Raises:
        AnalysisError: If ``cases`` is not one case id or a list of them, or names a case
            neither table holds (listing the known ones).
    """
    listed = [c for c in as_names(cases, "cases", AnalysisError) if c]
    found: list[str] = []
    for frame in (segments, codings):
        if frame is not None and "case" in frame.columns:
            found += _first_appearance(frame["case"])
    found = _first_appearance(found)
    require_known(listed, found, "case", hint="" if segments is not None else
                  "without a segments table only the cases of the codings are known; pass "
                  "segments= for the cases without codings")
    return _first_appearance([*listed, *found])


def known_dimensions(codings: pd.DataFrame, codebook: Codebook | None = None) -> list[str]:
    """Dimension ids: the codebook's (declared, then used by codes), else the ``group`` column."""
    if codebook is not None:
        dims = [d.id for d in codebook.dimensions]
        dims += [codebook.dimension_of(c.id) or "" for c in codebook.codes]
        return _first_appearance(dims)
    if "group" in codings.columns:
        return _first_appearance(codings["group"])
    return []


def dimension_codes(
    dimension: str, codings: pd.DataFrame, codebook: Codebook | None = None
) -> list[str]:
    """The code ids of ``dimension`` in codebook order (or first appearance without one).

    Raises:
        AnalysisError: If ``dimension`` is not known, listing the known ones.
    """
    known = known_dimensions(codings, codebook)
    if dimension not in known:
        raise AnalysisError(
            f"unknown dimension {dimension!r}",
            hint=f"known dimensions: {', '.join(known) if known else '(none)'}",
        )
    if codebook is not None:
        return [c.id for c in codebook.codes if codebook.dimension_of(c.id) == dimension]
    rows = codings[text_values(codings["group"]) == dimension]
    return _first_appearance(rows["code"])
