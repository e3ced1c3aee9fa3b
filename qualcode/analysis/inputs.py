"""Completing and checking a saved codings table against its segments table and codebook,
before any analysis."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from qualcode.analysis.frames import place, unknown_values, with_places
from qualcode.analysis.order import segment_values, text_values
from qualcode.errors import Issue
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FILLED_COLUMNS", "fill_from_segments", "unknown_code_issues"]

FILLED_COLUMNS = ("case", "speaker", "text", "start", "end")
"""Columns of a coding that its segment gives when the codings table leaves them empty."""

_POSITIONS = ("start", "end")


def _empty(column: pd.Series, name: str) -> pd.Series:
    """Which cells of a codings column are empty (-1 or missing for positions)."""
    if name in _POSITIONS:
        return column.isna() | (column.astype("float64") < 0)
    return text_values(column).str.strip() == ""


def fill_from_segments(codings: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """The codings with :data:`FILLED_COLUMNS` taken from the segments table where they are
    empty, row by row (matched on ``document`` and ``segment``).

    A hand-made table with only ``document, segment, code`` so gets the quote text, speaker,
    case and span of each segment, and every output (quotes, matrices by case, frequencies)
    counts the same codings. Cells the codings table fills are kept; codings without a segment
    number, or whose segment the table lacks, keep theirs, but for the case, which they take
    from their document when the segments table gives it one case.

    Args:
        codings: The codings table (``document``, ``segment``).
        segments: The segments table (``document``, ``segment`` and any of the columns).

    Returns:
        A new table (the same rows and index).

    Raises:
        CodingsError: If either table lacks ``document`` or ``segment``.
    """
    columns = [c for c in FILLED_COLUMNS if c in segments.columns]
    out = codings.copy()
    if not columns or not len(out):
        return out
    found = segment_values(out, segments, columns)
    for name in columns:
        given = found[name]
        known = given.notna() & ~_empty(given, name)
        if name not in out.columns:
            out[name] = -1 if name in _POSITIONS else ""
        wanted = known & _empty(out[name], name)
        if not wanted.any():
            continue
        if name in _POSITIONS:
            out[name] = out[name].where(~wanted, given.astype("float64")).astype("int64")
        else:
            out[name] = out[name].astype(object).where(~wanted, text_values(given))
    if "case" in columns:
        _case_of_document(out, segments)
    return out


def _case_of_document(codings: pd.DataFrame, segments: pd.DataFrame) -> None:
    """Give a coding still without a case (no segment number, or one the segments table lacks)
    its document's case, in place, when the segments table gives the document one case: it
    counts for its document, so it counts for the document's case too."""
    import pandas as pd

    missing = _empty(codings["case"], "case")
    if not missing.any():
        return
    pairs = pd.DataFrame({"document": text_values(segments["document"]),
                          "case": text_values(segments["case"])})
    pairs = pairs[pairs["case"].str.strip() != ""].drop_duplicates()
    single = pairs.drop_duplicates("document", keep=False)  # a document of several cases: none
    case_of = dict(zip(single["document"], single["case"], strict=True))
    filled = text_values(codings.loc[missing, "document"]).map(case_of)
    filled = filled[filled.notna()]
    if len(filled):
        codings.loc[filled.index, "case"] = filled


def unknown_code_issues(codings: pd.DataFrame, codebook: Codebook,
                        name: str = "codings") -> list[Issue]:
    """One warning (W702) per code of ``codings`` that ``codebook`` lacks: the one check of
    every analysis given a codebook (:func:`qualcode.pipeline.read_inputs`, agreement and
    evaluation).

    Such a code (often a typo, ``enablr``) still becomes a row of every matrix, after the
    codebook's codes; the warning names it, how many codings have it, the first one's file and
    line, and the closest codebook code.

    Args:
        codings: The codings table (``code``), rows in their place (see
            :func:`qualcode.origin.mark_origin`), or a normalised one
            (:func:`qualcode.analysis.frames.normalise_codings`).
        codebook: The codebook.
        name: What to call the table when it was not read from a file.
    """
    known = [c.id for c in codebook.codes]
    found = unknown_values(text_values(codings["code"]).str.strip().to_numpy(), known)
    if not found:
        return []
    placed = with_places(codings, name)
    issues = []
    for code, rows in found.items():
        close = difflib.get_close_matches(code, known, n=1)
        issues.append(Issue(
            "W702", f"code {code!r} is not in the codebook {codebook.name} ({len(rows)} "
            "coding(s)); it is counted as a code of its own, after the codebook's",
            severity="warning", hint=(f"did you mean {close[0]!r}? " if close else "")
            + "correct the code, or add it to the codebook", **place(placed, rows[0])))
    return issues
