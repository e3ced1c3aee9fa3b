"""A document's profile: which codes fall on which of its segments (for a document portrait)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.order import (
    code_order,
    document_order,
    require_columns,
    require_known,
    text_value,
    text_values,
)
from qualcode.arguments import as_names
from qualcode.errors import AnalysisError
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["document_profile", "document_profiles"]


def document_profile(
    codings: pd.DataFrame,
    document: str,
    *,
    segments: pd.DataFrame | None = None,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Codes x segments of one document: 1 where the segment carries the code.

    Args:
        codings: The codings table.
        document: The document id.
        segments: The segments table: gives the number of segments (else the last coded one).
        codebook: Row order.

    Returns:
        An integer DataFrame indexed by the codes present in the document (codebook order),
        one column per segment index, 0-based.

    Raises:
        AnalysisError: If the document appears in neither table, listing some known ones.
    """
    import pandas as pd

    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)

    require_columns(codings, ["document", "segment", "code"])
    mine = codings[text_values(codings["document"]) == document]
    n_segments = 0
    known = list(dict.fromkeys(text_value(d) for d in codings["document"]))
    if segments is not None:
        own = segments[text_values(segments["document"]) == document]
        n_segments = int(own["segment"].max()) + 1 if len(own) else 0
        known = list(dict.fromkeys([*(text_value(d) for d in segments["document"]), *known]))
    if mine.empty and n_segments == 0:
        raise AnalysisError(
            f"unknown document {document!r}",
            hint=f"known documents: {', '.join(known[:20]) if known else '(none)'}"
            + (" ..." if len(known) > 20 else ""),
        )
    if len(mine):
        n_segments = max(n_segments, int(mine["segment"].max()) + 1)
    present = set(text_values(mine["code"]))
    codes = [c for c in code_order(codings, codebook) if c in present]
    frame = pd.DataFrame(0, index=codes, columns=range(n_segments), dtype="int64")
    for seg, code in zip(mine["segment"], mine["code"], strict=True):
        if int(seg) >= 0:
            frame.at[text_value(code), int(seg)] = 1
    frame.index.name = "code"
    frame.columns.name = "segment"
    return frame


def document_profiles(
    codings: pd.DataFrame,
    *,
    segments: pd.DataFrame | None = None,
    codebook: Codebook | None = None,
    documents: str | Sequence[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """:func:`document_profile` of many documents in one pass over the tables.

    Args:
        codings: The codings table.
        segments: The segments table (numbers of segments).
        codebook: Row order.
        documents: The documents wanted (one or several), in order; default: those with
            codings, in corpus order.

    Returns:
        Document id -> its profile, equal to ``document_profile(codings, id, ...)``.

    Raises:
        AnalysisError: If a document wanted appears in neither table (naming every such one).
    """
    import numpy as np
    import pandas as pd

    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)

    require_columns(codings, ["document", "segment", "code"])
    docs = text_values(codings["document"])
    coded = pd.unique(docs)
    if documents is None:
        have = set(coded)
        documents = [d for d in document_order(codings, segments) if d in have]
    else:
        documents = as_names(documents, "documents", AnalysisError)
        known = document_order(codings, segments)
        require_known(documents, known, "document")
    sizes: dict[str, int] = {}
    if segments is not None and len(segments):
        most = segments.groupby(text_values(segments["document"]), sort=False)["segment"].max()
        sizes = {str(k): int(v) + 1 for k, v in most.items()}
    order = code_order(codings, codebook)
    rank = {c: i for i, c in enumerate(order)}
    codes = text_values(codings["code"]).to_numpy()
    segs = codings["segment"].astype("int64").to_numpy()
    rows_of = pd.Series(np.arange(len(codings))).groupby(docs.to_numpy(), sort=False).indices
    out: dict[str, pd.DataFrame] = {}
    for doc in documents:
        rows = rows_of.get(doc)
        if rows is None:
            if sizes.get(doc, 0) == 0:
                return {**out, doc: document_profile(codings, doc, segments=segments,
                                                     codebook=codebook)}  # raises
            rows = np.arange(0)
        mine_codes, mine_segs = codes[rows], segs[rows]
        n_segments = sizes.get(doc, 0)
        if len(rows):
            n_segments = max(n_segments, int(mine_segs.max()) + 1)
        present = sorted(set(mine_codes), key=lambda c: rank.get(c, len(rank)))
        where = {c: i for i, c in enumerate(present)}
        matrix = np.zeros((len(present), n_segments), dtype="int64")
        keep = mine_segs >= 0
        matrix[[where[c] for c in mine_codes[keep]], mine_segs[keep]] = 1
        frame = pd.DataFrame(matrix, index=present, columns=range(n_segments))
        frame.index.name = "code"
        frame.columns.name = "segment"
        out[doc] = frame
    return out
