"""Checking and normalising the codings and units tables the agreement functions take."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.errors import CodingsError, Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["normalise_codings", "normalise_units"]

_TEXT_COLUMNS = ("document", "code", "code_path", "group", "coder", "source", "rule", "match",
                 "text", "case", "speaker")


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CodingsError(
            f"{name}: the {what} lacks column(s) {', '.join(missing)}",
            hint=f"columns found: {', '.join(map(str, frame.columns)) or '(none)'}; "
            f"a {what} needs {', '.join(columns)}",
        )


def _integers(frame: pd.DataFrame, column: str, name: str, issues: list[Issue]) -> pd.Series:
    """``column`` as integers; empty cells become -1; bad cells are reported with their row."""
    import pandas as pd

    if column not in frame.columns:
        return pd.Series(-1, index=frame.index, dtype="int64")
    raw = frame[column]
    text = raw.astype("string").fillna("").str.strip()
    numbers = pd.to_numeric(text.where(text != "", "-1"), errors="coerce")
    bad = numbers.isna() | (numbers != numbers.round()) | (numbers < -1)
    for position in list(bad.to_numpy().nonzero()[0][:5]):
        kind = "negative" if numbers.iloc[position] < -1 else "not a whole number"
        issues.append(Issue(
            "E702", f"{column} is {kind}: {raw.iloc[position]!r}", path=name,
            where=f"row {position + 1}",
            hint=f"{column} must be a 0-based integer, or empty (-1) when there is none",
        ))
    return numbers.fillna(-1).astype("int64")


def normalise_codings(frame: pd.DataFrame, *, name: str = "codings") -> pd.DataFrame:
    """Return a clean copy of a codings table.

    Text columns become strings (missing -> ``""``), ``segment``, ``start`` and ``end`` become
    integers (missing -> ``-1``). Rows without a code and rows whose ``status`` is ``rejected``
    are dropped: they mark nothing.

    Args:
        frame: A codings table (at least ``document`` and ``code``).
        name: What to call it in messages (usually its file).

    Returns:
        The normalised table with a fresh 0-based index.

    Raises:
        CodingsError: If required columns are missing or numbers are malformed.
    """
    _require(frame, ("document", "code"), name, "codings table")
    out = frame.copy()
    for column in _TEXT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].astype("string").fillna("").str.strip().astype(object)
    issues: list[Issue] = []
    for column in ("segment", "start", "end"):
        out[column] = _integers(out, column, name, issues)
    if issues:
        raise CodingsError(f"{name}: malformed numbers in the codings table", issues=issues)
    keep = out["code"] != ""
    if "status" in out.columns:
        keep &= out["status"].astype("string").fillna("").str.strip().str.lower() != "rejected"
    return out[keep].reset_index(drop=True)


def normalise_units(frame: pd.DataFrame, *, name: str = "units") -> pd.DataFrame:
    """Return a clean copy of a units (segments) table: ``document, segment, start, end``.

    Args:
        frame: A segments table as ``qualcode segments`` writes it.
        name: What to call it in messages.

    Returns:
        The table with integer positions, sorted by document order of appearance and start.

    Raises:
        CodingsError: If columns are missing, positions are malformed, a (document, segment)
            pair repeats, or two units of a document overlap.
    """
    _require(frame, ("document", "segment", "start", "end"), name, "units table")
    out = frame.copy()
    for column in _TEXT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].astype("string").fillna("").str.strip().astype(object)
    if "text" in frame.columns:
        out["text"] = frame["text"].astype("string").fillna("").astype(object)
    issues: list[Issue] = []
    for column in ("segment", "start", "end"):
        out[column] = _integers(out, column, name, issues)
    bad = out[(out["start"] < 0) | (out["end"] < out["start"])]
    for position in bad.index[:5]:
        issues.append(Issue("E703", "start/end is not a span [start, end)", path=name,
                            where=f"row {position + 1}", hint="start >= 0 and end >= start"))
    duplicated = out[out.duplicated(["document", "segment"], keep="first")]
    for position in duplicated.index[:5]:
        row = out.loc[position]
        issues.append(Issue("E704", f"segment {row['segment']} of {row['document']} repeats",
                            path=name, where=f"row {position + 1}",
                            hint="pass the segments of one segmentation"))
    if issues:
        raise CodingsError(f"{name}: the units table is malformed", issues=issues)
    order = {doc: i for i, doc in enumerate(dict.fromkeys(out["document"]))}
    out["_doc"] = out["document"].map(order)
    out = out.sort_values(["_doc", "start", "end"], kind="stable").drop(columns="_doc")
    out = out.reset_index(drop=True)
    same_doc = out["document"].to_numpy()[1:] == out["document"].to_numpy()[:-1]
    overlap = same_doc & (out["start"].to_numpy()[1:] < out["end"].to_numpy()[:-1])
    if overlap.any():
        i = int(overlap.nonzero()[0][0])
        first, second = out.iloc[i], out.iloc[i + 1]
        raise CodingsError(
            f"{name}: units {first['segment']} and {second['segment']} of document "
            f"{first['document']} overlap",
            hint="pass a segments table of one unit (turns, or sentences, not both)",
        )
    return out
