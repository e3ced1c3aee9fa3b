"""A document's profile: which codes fall on which of its segments (for a document portrait)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.analysis.order import code_order, require_columns, text_value, text_values
from qualcode.errors import AnalysisError
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["document_profile"]


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
