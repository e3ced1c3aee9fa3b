"""Code x document and code x case matrices: frequencies (codings) and presence (0/1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.order import (
    case_order,
    code_order,
    document_order,
    require_columns,
    text_values,
)
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["code_by_case", "code_by_document", "pivot_codes"]


def pivot_codes(
    codings: pd.DataFrame,
    column: pd.Series,
    rows: Sequence[str],
    columns: Sequence[str],
    *,
    name: str,
    presence: bool = False,
) -> pd.DataFrame:
    """Count codings per (code, column value) into a ``rows`` x ``columns`` integer matrix.

    Args:
        codings: The codings table.
        column: One value per codings row (aligned on its index); empty values are left out.
        rows: Code ids, in order.
        columns: Column values, in order; values not listed are left out.
        name: Name of the column axis.
        presence: 1 where the count is above 0, instead of the count.
    """
    import pandas as pd

    keys = pd.DataFrame({"code": text_values(codings["code"]), name: column})
    keys = keys[keys[name] != ""]
    counts = keys.groupby(["code", name], sort=False).size()
    matrix = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    matrix = matrix.reindex(index=list(rows), columns=list(columns), fill_value=0)
    matrix = matrix.fillna(0).astype("int64")
    if presence:
        matrix = (matrix > 0).astype("int64")
    matrix.index.name = "code"
    matrix.columns.name = name
    return matrix


def code_by_document(
    codings: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    segments: pd.DataFrame | None = None,
    presence: bool = False,
) -> pd.DataFrame:
    """Codes x documents: the number of codings of each code in each document.

    Args:
        codings: The codings table (``document`` and ``code`` columns are used).
        codebook: Row order (every code of it is a row); first appearance without it.
        segments: The segments table: column order and documents without codings.
        presence: 1 if the document has the code at all, else 0.

    Returns:
        An integer DataFrame indexed by code id, one column per document.

    Raises:
        AnalysisError: If a table or the codebook is a file name (read or load it first).
        CodingsError: If a needed column is missing.
    """
    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)
    require_columns(codings, ["document", "code"])
    return pivot_codes(
        codings,
        text_values(codings["document"]),
        code_order(codings, codebook),
        document_order(codings, segments),
        name="document",
        presence=presence,
    )


def code_by_case(
    codings: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    segments: pd.DataFrame | None = None,
    cases: str | Sequence[str] | None = None,
    presence: bool = False,
) -> pd.DataFrame:
    """Codes x cases: the number of codings of each code in each case's documents.

    Codings of documents that belong to no case are left out.

    Args:
        codings: The codings table (``case`` and ``code`` columns are used).
        codebook: Row order; first appearance without it.
        segments: The segments table: cases without codings get a column too.
        cases: Case ids in the order wanted (e.g. the cases table's), one or several; others
            follow. Each must be a case of the segments table or the codings.
        presence: 1 if any document of the case has the code, else 0.

    Returns:
        An integer DataFrame indexed by code id, one column per case.

    Raises:
        AnalysisError: If a case id of ``cases`` is unknown.
        CodingsError: If a needed column is missing.
    """
    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)
    require_columns(codings, ["case", "code"])
    return pivot_codes(
        codings,
        text_values(codings["case"]),
        code_order(codings, codebook),
        case_order(codings, segments, cases),
        name="case",
        presence=presence,
    )
