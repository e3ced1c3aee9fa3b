"""The theme table: per dimension, each code with its definition and spread."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.frequencies import code_frequencies
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["THEME_COLUMNS", "theme_table"]

THEME_COLUMNS = (
    "dimension", "dimension_label", "code", "label", "parent", "level", "definition",
    "codings", "documents", "cases",
)


def theme_table(
    codings: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    segments: pd.DataFrame | None = None,
    cases: str | Sequence[str] | None = None,
    language: str | None = None,
) -> pd.DataFrame:
    """One row per code, ordered by dimension then codebook order, for a thesis theme table.

    Args:
        codings: The codings table (roll it up first if parents should count their children).
        codebook: Gives dimensions, labels and definitions (the brief definition when there
            is one, else the full one); without it codes are grouped by the ``group`` column.
        segments: The segments table (documents without codings).
        cases: Case ids of the corpus, one or several (see
            :func:`qualcode.analysis.frequencies.code_frequencies`).
        language: Language of labels and definitions.

    Returns:
        The columns of :data:`THEME_COLUMNS`; ``level`` is 0 for a root code, 1 for its
        children and so on; ``cases`` is NaN when no document has a case.

    Raises:
        AnalysisError: If a case id of ``cases`` is unknown.
    """
    import pandas as pd

    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)

    freq = code_frequencies(codings, codebook=codebook, segments=segments, cases=cases,
                            language=language)
    dims: dict[str, str] = {}
    if codebook is not None:
        dims = {d.id: d.label(language) for d in codebook.dimensions}
    order = list(dims) + [d for d in dict.fromkeys(freq["dimension"]) if d not in dims]
    rows = []
    for dim in order:
        for record in freq[freq["dimension"] == dim].to_dict("records"):
            code = record["code"]
            entry = codebook.code(code) if codebook is not None and code in codebook else None
            definition = ""
            level = 0
            if entry is not None and codebook is not None:
                definition = entry.text_of("brief", language) or entry.text_of(
                    "definition", language)
                level = len(codebook.path_of(code)) - 1
            elif record["parent"]:
                level = 1
            rows.append({
                "dimension": dim,
                "dimension_label": dims.get(dim, dim),
                "code": code,
                "label": record["label"],
                "parent": record["parent"],
                "level": level,
                "definition": definition,
                "codings": record["codings"],
                "documents": record["documents"],
                "cases": record["cases"],
            })
    return pd.DataFrame(rows, columns=list(THEME_COLUMNS))
