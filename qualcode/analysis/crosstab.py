"""Code x attribute crosstabs (e.g. code x informant role): counts, percentages, cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.matrices import pivot_codes
from qualcode.analysis.order import (
    NOT_ATTRIBUTES,
    case_order,
    code_order,
    require_columns,
    segment_values,
    text_values,
)
from qualcode.errors import AnalysisError
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CROSSTAB_MEASURES", "attribute_crosstab", "attribute_values", "code_by_attribute"]

CROSSTAB_MEASURES = ("count", "row_percent", "column_percent", "cases")
"""What a cell of :func:`code_by_attribute` can hold."""

def attribute_values(
    codings: pd.DataFrame, attribute: str, segments: pd.DataFrame | None = None
) -> pd.Series:
    """The value of ``attribute`` for each codings row, as text (``""`` when unknown).

    Taken from the codings table's own column (case attributes) and, where that is empty, from
    the segments table (document attributes), joined on ``document`` and ``segment``.

    Raises:
        AnalysisError: If neither table has the attribute, listing the attributes they have.
    """
    import pandas as pd

    found = attribute in codings.columns
    values = text_values(codings[attribute]) if found else pd.Series("", index=codings.index,
                                                                          dtype=object)
    if segments is not None and attribute in segments.columns:
        from_segments = text_values(segment_values(codings, segments, [attribute])[attribute])
        values = values.where(values != "", from_segments)
        found = True
    if not found:
        names = [c for c in codings.columns if c not in NOT_ATTRIBUTES]
        if segments is not None:
            names += [c for c in segments.columns if c not in NOT_ATTRIBUTES and c not in names]
        where = ("they come from the cases table and the documents' front matter" if segments
                 is not None else "without a segments table they are the codings table's own "
                 "columns; pass the segments table (--segments) for document attributes such "
                 "as the front matter's")
        raise AnalysisError(
            f"unknown attribute {attribute!r}",
            hint=f"known attributes: {', '.join(map(str, names)) if names else '(none)'}; "
            f"{where}",
        )
    return values


def _value_order(values: pd.Series, codings: pd.DataFrame, segments: pd.DataFrame | None,
                 attribute: str) -> list[str]:
    import pandas as pd

    order: dict[str, None] = {}
    if segments is not None and attribute in segments.columns:
        order.update(dict.fromkeys(v for v in pd.unique(text_values(segments[attribute])) if v))
    order.update(dict.fromkeys(v for v in pd.unique(values) if v and v not in order))
    return list(order)


def _round(frame: pd.DataFrame, decimals: int | None) -> pd.DataFrame:
    return frame if decimals is None else frame.round(decimals)


def code_by_attribute(
    codings: pd.DataFrame,
    attribute: str,
    *,
    measure: str = "count",
    codebook: Codebook | None = None,
    segments: pd.DataFrame | None = None,
    decimals: int | None = 1,
) -> pd.DataFrame:
    """Codes x the values of a case or document attribute.

    Args:
        codings: The codings table.
        attribute: Attribute name (``informant_role``, ``gender`` ...).
        measure: ``count`` (codings), ``row_percent`` (share of the code's codings in each
            value), ``column_percent`` (share of each value's codings that carry the code) or
            ``cases`` (number of distinct cases with the code and value). A share of nothing
            (a code without codings, a value without codings) is NaN, not 0, and so are the
            cases when no document has a case (a survey without a case column).
        codebook: Row order; first appearance without it.
        segments: The segments table: column order and document attributes.
        decimals: Rounding of percentages (``None`` keeps full precision).

    Returns:
        A DataFrame indexed by code id with one column per attribute value (corpus order).
        Codings whose value is empty are left out.

    Raises:
        AnalysisError: If the attribute or the measure is unknown.
    """
    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)
    if measure not in CROSSTAB_MEASURES:
        raise AnalysisError(
            f"unknown crosstab measure {measure!r}",
            hint=f"use one of {', '.join(CROSSTAB_MEASURES)}",
        )
    require_columns(codings, ["code"])
    return _by_values(codings, attribute, attribute_values(codings, attribute, segments),
                      measure, codebook, segments, decimals)


def _by_values(codings: pd.DataFrame, attribute: str, values: pd.Series, measure: str,
               codebook: Codebook | None, segments: pd.DataFrame | None,
               decimals: int | None) -> pd.DataFrame:
    rows = code_order(codings, codebook)
    columns = _value_order(values, codings, segments, attribute)
    if measure == "cases":
        require_columns(codings, ["case"])
        subset = codings[["code"]].assign(_value=values, _case=text_values(codings["case"]))
        subset = subset[subset["_case"] != ""].drop_duplicates(["code", "_value", "_case"])
        matrix = pivot_codes(subset, subset["_value"], rows, columns, name=attribute)
        if not case_order(codings, segments):  # nothing to count, which 0 cases would hide
            matrix = matrix.astype("float64")
            matrix.iloc[:, :] = float("nan")
        return matrix
    counts = pivot_codes(codings, values, rows, columns, name=attribute)
    if measure == "count":
        return counts
    # a code nobody used (row) or a value without codings (column) has no share: 0 of 0 is
    # left empty (NaN), not 0.0, which would read as a share measured to be nil
    if measure == "row_percent":
        totals = counts.sum(axis=1).astype("float64").replace(0.0, float("nan"))
        return _round(counts.div(totals, axis=0) * 100.0, decimals)
    totals = counts.sum(axis=0).astype("float64").replace(0.0, float("nan"))
    return _round(counts.div(totals, axis=1) * 100.0, decimals)


def attribute_crosstab(
    codings: pd.DataFrame,
    attribute: str,
    *,
    codebook: Codebook | None = None,
    segments: pd.DataFrame | None = None,
    decimals: int | None = 1,
) -> pd.DataFrame:
    """All four measures of :func:`code_by_attribute` side by side, for one table or sheet.

    Columns are ``count:<value>`` ... ``count:total``, ``row_percent:<value>`` ...,
    ``column_percent:<value>`` ..., ``cases:<value>`` ... ``cases:total``, indexed by code id.

    Raises:
        AnalysisError: If the attribute is unknown.
    """
    import pandas as pd

    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)

    require_columns(codings, ["code"])
    values = attribute_values(codings, attribute, segments)  # once for the four measures
    parts = []
    for measure in CROSSTAB_MEASURES:
        part = _by_values(codings, attribute, values, measure, codebook, segments, decimals)
        part.columns = [f"{measure}:{c}" for c in part.columns]
        if measure == "count":
            part["count:total"] = part.sum(axis=1)
        if measure == "cases":
            cases = codings[["code"]].assign(_case=text_values(codings["case"]), _value=values)
            cases = cases[(cases["_case"] != "") & (cases["_value"] != "")]
            per_code = cases.groupby("code")["_case"].nunique()
            part["cases:total"] = ([int(per_code.get(c, 0)) for c in part.index]
                                   if case_order(codings, segments) else float("nan"))
        parts.append(part)
    table = pd.concat(parts, axis=1)
    table.index.name = "code"
    table.columns.name = None
    return table
