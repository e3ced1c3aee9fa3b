"""Code frequencies: codings, segments, documents and cases per code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.order import (
    case_order,
    code_order,
    document_order,
    require_columns,
    text_value,
    text_values,
)
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FREQUENCY_COLUMNS", "code_frequencies"]

FREQUENCY_COLUMNS = (
    "code", "label", "dimension", "parent", "codings", "segments", "documents",
    "documents_percent", "cases", "cases_percent",
)


def _percent(part: int, whole: int, decimals: int | None) -> float:
    if not whole:  # no documents or no cases to take a share of: undefined, not 0
        return float("nan")
    value = 100.0 * part / whole
    return value if decimals is None else round(value, decimals)


def code_frequencies(
    codings: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    segments: pd.DataFrame | None = None,
    cases: str | Sequence[str] | None = None,
    language: str | None = None,
    decimals: int | None = 1,
) -> pd.DataFrame:
    """How often each code was applied, and in what share of documents and cases.

    Args:
        codings: The codings table.
        codebook: Row order, labels, dimensions and parents; first appearance without it (the
            ``group`` column then gives the dimension).
        segments: The segments table: the number of documents and cases to divide by
            (otherwise those that appear in the codings).
        cases: Case ids to count as the corpus's cases (e.g. the cases table's), one or
            several; each must be a case of the segments table or the codings (the cases of
            both are counted anyway).
        language: Language of the labels.
        decimals: Rounding of the percentages.

    Returns:
        The columns of :data:`FREQUENCY_COLUMNS`, one row per code: ``codings`` (rows of the
        codings table), ``segments`` (distinct segments; codings without a segment number,
        ``-1`` or empty, lie in none and are counted in the other columns only), ``documents``
        and ``cases`` (distinct, empty case ids left out) with their percentages of all
        documents and cases (NaN when there are none: no cases, say). When no document has a
        case (a survey without a case column) ``cases`` is NaN too: there was nothing to count,
        and 0 would read as counted and found in none.

    Raises:
        AnalysisError: If a case id of ``cases`` is unknown.
        CodingsError: If a needed column is missing.
    """
    import pandas as pd

    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)

    require_columns(codings, ["document", "segment", "code"])
    codes = code_order(codings, codebook)
    n_documents = len(document_order(codings, segments))
    all_cases = case_order(codings, segments, cases)
    frame = pd.DataFrame({
        "code": text_values(codings["code"]),
        "document": text_values(codings["document"]),
        "segment": codings["segment"],
        "case": text_values(codings["case"]) if "case" in codings.columns else "",
    })
    by_code = frame.groupby("code", sort=False)
    n_codings = by_code.size()
    # a coding without a segment number (-1 or empty) lies in no segment: it is not one
    placed = frame[~text_values(frame["segment"]).str.strip().isin(("", "-1"))]
    n_segments = placed.drop_duplicates(["code", "document", "segment"]).groupby(
        "code", sort=False).size()
    n_docs = by_code["document"].nunique()
    cased = frame[frame["case"] != ""]
    n_cases = cased.groupby("code", sort=False)["case"].nunique()
    dims: dict[str, str] = {}
    if "group" in codings.columns:
        pairs = codings[["code", "group"]].drop_duplicates("code")  # the first row of a code
        for code, group in zip(pairs["code"], pairs["group"], strict=True):
            dims.setdefault(text_value(code), text_value(group))
    parents: dict[str, str] = {}
    if "code_path" in codings.columns:
        pairs = codings[["code", "code_path"]].drop_duplicates("code")
        for code, path in zip(pairs["code"], pairs["code_path"], strict=True):
            parts = text_value(path).split("/")
            parents.setdefault(text_value(code), parts[-2] if len(parts) > 1 else "")
    if codebook is not None:  # the codebook wins over the table's columns
        for entry in codebook.codes:
            dims[entry.id] = codebook.dimension_of(entry.id) or ""
            parents[entry.id] = entry.parent or ""
    labels = {c.id: c.label(language) for c in codebook.codes} if codebook is not None else {}
    rows = []
    for code in codes:
        docs_with = int(n_docs.get(code, 0))
        cases_with = int(n_cases.get(code, 0)) if all_cases else float("nan")
        rows.append({
            "code": code,
            "label": labels.get(code, code),
            "dimension": dims.get(code, ""),
            "parent": parents.get(code, ""),
            "codings": int(n_codings.get(code, 0)),
            "segments": int(n_segments.get(code, 0)),
            "documents": docs_with,
            "documents_percent": _percent(docs_with, n_documents, decimals),
            "cases": cases_with,
            "cases_percent": _percent(n_cases.get(code, 0), len(all_cases), decimals),
        })
    return pd.DataFrame(rows, columns=list(FREQUENCY_COLUMNS))
