"""Rolling child codes up into their parents.

A segment coded with a child code also counts for every ancestor of that code, once: two children
of one parent in the same segment give the parent one row, and a parent already coded directly on
that segment keeps its own row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qualcode.analysis.order import code_order, document_order, require_columns, text_value
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
        for code, path in zip(codings["code"], codings["code_path"], strict=True):
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
    order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Sort codings by document (corpus order), segment, then code; stable.

    Codes follow ``order`` when given, else the codebook (first appearance without one).
    """
    docs = {d: i for i, d in enumerate(document_order(codings, segments))}
    codes = {c: i for i, c in enumerate(order if order is not None
                                        else code_order(codings, codebook))}
    keys = codings.assign(
        _doc=codings["document"].map(lambda d: docs.get(text_value(d), len(docs))),
        _code=codings["code"].map(lambda c: codes.get(text_value(c), len(codes))),
    )
    by = ["_doc", "segment", "_code"] if "segment" in codings.columns else ["_doc", "_code"]
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
        CodingsError: If ``document`` or ``code`` is missing.
    """
    import pandas as pd

    require_columns(codings, ["document", "code"])
    parents = ancestors(codings, codebook)
    if not any(parents.values()):
        return sort_codings(codings, codebook=codebook, segments=segments)
    records = codings.to_dict("records")
    present = {_key(r, text_value(r["code"])) for r in records}
    added: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in records:
        child = text_value(row["code"])
        for parent in parents.get(child, ()):
            key = _key(row, parent)
            if key in present:
                continue
            if key not in added:
                new = dict(row)
                new["code"] = parent
                if "code_path" in new:
                    path = text_value(row["code_path"]).split("/")
                    new["code_path"] = "/".join(path[: path.index(parent) + 1]) if parent in path \
                        else parent
                if codebook is not None and "group" in new and parent in codebook:
                    new["group"] = codebook.dimension_of(parent) or new["group"]
                new["rule"] = ""
                new["match"] = ""
                new["_children"] = []
                added[key] = new
            entry = added[key]
            entry["_children"].append(child)
            words = [w for w in text_value(row.get("match", "")).split("; ") if w]
            known = entry["match"].split("; ") if entry["match"] else []
            entry["match"] = "; ".join(dict.fromkeys([*known, *words]))
    for entry in added.values():
        entry["rule"] = "roll-up of " + ", ".join(dict.fromkeys(entry.pop("_children")))
    frame = pd.concat([codings, pd.DataFrame(list(added.values()), columns=codings.columns)],
                      ignore_index=True) if added else codings
    order = None
    if codebook is None:  # a parent goes just before the first of its children
        placed: dict[str, None] = {}
        for code in code_order(codings):
            for name in (*reversed(parents.get(code, ())), code):
                placed.setdefault(name, None)
        order = list(placed)
    return sort_codings(frame, codebook=codebook, segments=segments, order=order)
