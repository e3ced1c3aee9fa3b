"""Rolling child codes up into their parents.

A segment coded with a child code also counts for every ancestor of that code, once: two children
of one parent in the same segment give the parent one row, and a parent already coded directly on
that segment keeps its own row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.order import (
    code_order,
    document_order,
    object_text,
    require_columns,
    text_value,
    text_values,
)
from qualcode.arguments import as_names
from qualcode.errors import AnalysisError
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ancestors", "roll_up", "sort_codings"]


def ancestors(
    codings: pd.DataFrame, codebook: Codebook | None = None
) -> dict[str, tuple[str, ...]]:
    """Each code's ancestors, nearest first, from the codebook or else the ``code_path`` column."""
    result: dict[str, tuple[str, ...]] = {}
    if codebook is not None:
        for code in codebook.codes:
            result[code.id] = tuple(reversed(codebook.path_of(code.id)[:-1]))
    if "code_path" in codings.columns:
        pairs = codings[["code", "code_path"]].drop_duplicates()  # first appearance order
        for code, path in zip(pairs["code"], pairs["code_path"], strict=True):
            code, path = text_value(code), text_value(path)
            if code in result or not path:
                continue
            parts = [p for p in path.split("/") if p]
            if parts and parts[-1] == code:
                result[code] = tuple(reversed(parts[:-1]))
    return result


def sort_codings(
    codings: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    segments: pd.DataFrame | None = None,
    order: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Sort codings by document (corpus order), segment, then code; stable.

    Codes follow ``order`` (one code id or several) when given, else the codebook (first
    appearance without one).
    """
    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)
    codings = object_text(codings)
    docs = {d: i for i, d in enumerate(document_order(codings, segments))}
    codes = {c: i for i, c in enumerate(as_names(order, "order", AnalysisError)
                                        if order is not None else code_order(codings, codebook))}
    import numpy as np
    from pandas.api.types import is_integer_dtype

    doc_keys = text_values(codings["document"]).map(docs).fillna(len(docs)).astype("int64")
    code_keys = text_values(codings["code"]).map(codes).fillna(len(codes)).astype("int64")
    has_segment = "segment" in codings.columns
    if not has_segment or is_integer_dtype(codings["segment"].dtype):
        # a stable lexicographic sort of integer keys; nothing to move when already in order
        columns = [doc_keys.to_numpy(), code_keys.to_numpy()]
        if has_segment:
            columns.insert(1, codings["segment"].to_numpy())
        order = np.lexsort(columns[::-1])
        if (order == np.arange(len(order))).all():
            return codings.reset_index(drop=True)
        return codings.take(order).reset_index(drop=True)
    keys = codings.assign(_doc=doc_keys, _code=code_keys)
    by = ["_doc", "segment", "_code"] if has_segment else ["_doc", "_code"]
    ordered = keys.sort_values(by, kind="stable").drop(columns=["_doc", "_code"])
    return ordered.reset_index(drop=True)


def _key(row: dict[str, Any], code: str) -> tuple[Any, ...]:
    segment = row.get("segment", -1)
    if segment is not None and text_value(segment) not in ("", "-1"):
        return (text_value(row["document"]), int(segment), code)
    return (text_value(row["document"]), row.get("start"), row.get("end"), code)


def roll_up(
    codings: pd.DataFrame,
    codebook: Codebook | None = None,
    *,
    segments: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add a row for every ancestor of each coded code, once per segment.

    Args:
        codings: The codings table.
        codebook: Gives the hierarchy; without it the ``code_path`` column does.
        segments: The segments table, for corpus order when sorting.

    Returns:
        A new codings table with the added parent rows (``rule`` says ``roll-up of <children>``,
        ``match`` joins the children's matched words), sorted by document, segment and codebook
        order. Rows that were there before are unchanged.

    Raises:
        AnalysisError: If a table or the codebook is a file name (read or load it first).
        CodingsError: If ``document`` or ``code`` is missing.
    """
    import pandas as pd

    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)

    require_columns(codings, ["document", "code"])
    codings = object_text(codings)
    parents = ancestors(codings, codebook)
    if not any(parents.values()):
        return sort_codings(codings, codebook=codebook, segments=segments)
    columns = list(codings.columns)
    documents = text_values(codings["document"]).tolist()
    child_codes = text_values(codings["code"]).tolist()
    matches = (text_values(codings["match"]).tolist() if "match" in columns
               else [""] * len(codings))
    paths_of = text_values(codings["code_path"]).tolist() if "code_path" in columns else None
    segments_of = codings["segment"].tolist() if "segment" in columns else [-1] * len(codings)
    starts = codings["start"].tolist() if "start" in columns else [None] * len(codings)
    ends = codings["end"].tolist() if "end" in columns else [None] * len(codings)

    # a row is placed by its segment, or by its span when the segment is unknown (-1 or empty)
    placed = [segment is not None and text_value(segment) not in ("", "-1")
              for segment in segments_of]
    segment_ints = [int(seg) if ok else 0 for seg, ok in zip(segments_of, placed, strict=True)]

    def key(i: int, code: str) -> tuple[Any, ...]:
        if placed[i]:
            return (documents[i], segment_ints[i], code)
        return (documents[i], starts[i], ends[i], code)

    present = {(d, s, c) if ok else (d, a, b, c) for d, s, c, ok, a, b in zip(
        documents, segment_ints, child_codes, placed, starts, ends, strict=True)}
    # parent key -> [first child row, parent, children, matched words]
    added: dict[tuple[Any, ...], list[Any]] = {}
    for i, child in enumerate(child_codes):
        for parent in parents.get(child, ()):
            k = key(i, parent)
            if k in present:
                continue
            entry = added.get(k)
            if entry is None:
                entry = added[k] = [i, parent, {}, {}]
            entry[2][child] = None
            for word in matches[i].split("; "):
                if word:
                    entry[3][word] = None
    frame = codings
    if added:
        firsts = [entry[0] for entry in added.values()]
        new = codings.iloc[firsts].reset_index(drop=True).copy()
        new["code"] = [entry[1] for entry in added.values()]
        if paths_of is not None:
            cut = []
            for (first, parent, _, _) in added.values():
                path = paths_of[first].split("/")
                cut.append("/".join(path[: path.index(parent) + 1]) if parent in path
                           else parent)
            new["code_path"] = cut
        if codebook is not None and "group" in columns:
            groups = new["group"].tolist()
            new["group"] = [
                (codebook.dimension_of(parent) or groups[n]) if parent in codebook else groups[n]
                for n, (_, parent, _, _) in enumerate(added.values())]
        if "rule" in columns:
            new["rule"] = ["roll-up of " + ", ".join(entry[2]) for entry in added.values()]
        if "match" in columns:
            new["match"] = ["; ".join(entry[3]) for entry in added.values()]
        frame = pd.concat([codings, new[columns]], ignore_index=True)
    order = None
    if codebook is None:  # a parent goes just before the first of its children
        placed: dict[str, None] = {}
        for code in code_order(codings):
            for name in (*reversed(parents.get(code, ())), code):
                placed.setdefault(name, None)
        order = list(placed)
    return sort_codings(frame, codebook=codebook, segments=segments, order=order)
