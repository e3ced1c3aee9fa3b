"""Quotes per code, with context, and a deterministic choice of representative quotes.

A representative quote is chosen by the strength of the rule evidence (the number of distinct
words the rules matched), spread across cases first: the first round takes each case's strongest
quote, the next round each case's second strongest, and so on. Ties go to the earlier quote in
corpus order (document, then segment), so the choice never changes between runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.order import (
    NOT_ATTRIBUTES,
    code_order,
    document_order,
    require_columns,
    segment_values,
    text_value,
    text_values,
)
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QUOTE_COLUMNS", "code_quotes", "evidence", "representative_quotes"]

QUOTE_COLUMNS = (
    "code", "label", "group", "document", "case", "segment", "speaker", "text", "before",
    "after", "evidence", "match", "rule", "coder", "source",
)
_CORE = frozenset({*QUOTE_COLUMNS, "start", "end", "code_path", "status", "memo"})


def evidence(match: str) -> int:
    """The number of distinct words (case-folded) in a ``"; "``-joined ``match`` value."""
    words = {w.casefold() for part in text_value(match).split(";") for w in part.split()}
    return len(words)


def _context(segments: pd.DataFrame | None, context: int) -> dict[tuple[str, int], tuple[str, str]]:
    """(document, segment) -> (text of the ``context`` segments before, after)."""
    if segments is None or context <= 0:
        return {}
    texts: dict[str, dict[int, str]] = {}
    for doc, seg, text in zip(segments["document"], segments["segment"], segments["text"],
                              strict=True):
        texts.setdefault(text_value(doc), {})[int(seg)] = text_value(text)
    result: dict[tuple[str, int], tuple[str, str]] = {}
    for doc, per_doc in texts.items():
        for seg in per_doc:
            before = [per_doc[i] for i in range(seg - context, seg) if i in per_doc]
            after = [per_doc[i] for i in range(seg + 1, seg + context + 1) if i in per_doc]
            result[(doc, seg)] = ("\n".join(before), "\n".join(after))
    return result


def _around(segments: pd.DataFrame | None, context: int, documents: pd.Series,
            indexes: pd.Series) -> tuple[list[str], list[str]]:
    """For each (document, segment) given, the texts of the ``context`` segments before and
    after it (joined with newlines), as :func:`_context` gives them, looked up in C."""
    import pandas as pd

    empty = [""] * len(documents)
    if segments is None or context <= 0 or not len(documents):
        return empty, list(empty)
    keys = pd.MultiIndex.from_arrays([text_values(segments["document"]).to_numpy(),
                                      segments["segment"].astype("int64").to_numpy()])
    texts = pd.Series(text_values(segments["text"]).to_numpy(), index=keys, dtype=object)
    texts = texts[~texts.index.duplicated(keep="last")]  # a dict keeps the last
    docs = documents.to_numpy()
    segs = indexes.astype("int64").to_numpy()

    def side(offsets: range) -> list[str]:
        found = [texts.reindex(pd.MultiIndex.from_arrays([docs, segs + k])).tolist()
                 for k in offsets]
        if len(found) == 1:  # one neighbour: its text, or nothing
            return [t if isinstance(t, str) else "" for t in found[0]]
        return ["\n".join(t for t in parts if isinstance(t, str)) for parts in zip(*found,
                                                                                     strict=True)]

    known = texts.reindex(pd.MultiIndex.from_arrays([docs, segs])).notna().tolist()
    before, after = side(range(-context, 0)), side(range(1, context + 1))
    return ([b if k else "" for b, k in zip(before, known, strict=True)],
            [a if k else "" for a, k in zip(after, known, strict=True)])


def code_quotes(
    codings: pd.DataFrame,
    segments: pd.DataFrame | None = None,
    *,
    codebook: Codebook | None = None,
    context: int = 1,
    language: str | None = None,
) -> pd.DataFrame:
    """Every coded passage, code by code, with its speaker, document, case and context.

    Args:
        codings: The codings table.
        segments: The segments table; gives the text of the neighbouring segments.
        codebook: Code order and labels.
        context: How many segments before and after to give (0: none).
        language: Language of the labels.

    Returns:
        The columns of :data:`QUOTE_COLUMNS` then any attribute columns of the codings table,
        sorted by code (codebook order), document (corpus order) and segment. ``before`` and
        ``after`` join the neighbouring segments' texts with newlines; ``evidence`` is
        :func:`evidence` of ``match``.

    Raises:
        AnalysisError: If a table or the codebook is a file name (read or load it first).
        CodingsError: If ``document``, ``segment``, ``code`` or ``text`` is missing.
    """
    import pandas as pd

    check_table(codings, "codings")
    check_table(segments, "segments", optional=True)
    check_codebook(codebook)

    require_columns(codings, ["document", "segment", "code", "text"])
    codes = {c: i for i, c in enumerate(code_order(codings, codebook))}
    docs = {d: i for i, d in enumerate(document_order(codings, segments))}
    labels = {c.id: c.label(language) for c in codebook.codes} if codebook is not None else {}

    def column(name: str) -> pd.Series:
        if name in codings.columns:
            return text_values(codings[name])
        return pd.Series("", index=codings.index, dtype=object)

    frame = pd.DataFrame({name: column(name) for name in QUOTE_COLUMNS})
    frame["segment"] = codings["segment"].astype("int64")
    frame["label"] = [labels.get(c, c) for c in frame["code"]]
    frame["before"], frame["after"] = _around(segments, context, frame["document"],
                                              frame["segment"])
    distinct = pd.unique(frame["match"])  # far fewer than rows: score each once
    frame["evidence"] = frame["match"].map(dict(zip(distinct, map(evidence, distinct),
                                                    strict=True))).astype("int64")
    for name in codings.columns:
        if name not in _CORE:
            frame[name] = codings[name]
    if segments is not None and len(codings):
        _segment_attributes(frame, codings, segments)
    frame["_code"] = frame["code"].map(codes).fillna(len(codes)).astype("int64")
    frame["_doc"] = frame["document"].map(docs).fillna(len(docs)).astype("int64")
    frame = frame.sort_values(["_code", "_doc", "segment"], kind="stable")
    return frame.drop(columns=["_code", "_doc"]).reset_index(drop=True)


def _segment_attributes(frame: pd.DataFrame, codings: pd.DataFrame,
                        segments: pd.DataFrame) -> None:
    """Give the quotes the segments table's attributes (a document's front matter, a
    segment's timestamps) where the codings table leaves them empty or lacks the column, as
    the crosstabs do (:func:`~qualcode.analysis.crosstab.attribute_values`)."""
    names = [c for c in segments.columns if c not in NOT_ATTRIBUTES and c not in _CORE]
    if not names:
        return
    found = segment_values(codings, segments, names)
    for name in names:
        if name in frame.columns:
            frame[name] = frame[name].where(text_values(frame[name]) != "", found[name])
        else:
            frame[name] = found[name]


def representative_quotes(quotes: pd.DataFrame, *, per_code: int = 3) -> pd.DataFrame:
    """Pick up to ``per_code`` quotes per code: strongest evidence, spread across cases first.

    Args:
        quotes: The table of :func:`code_quotes` (its row order is corpus order per code).
        per_code: How many quotes to keep per code.

    Returns:
        The chosen rows with a ``rank`` column (1 = most representative), codes in the order of
        ``quotes``. A quote without a case counts its document as its case, and the same passage
        is never chosen twice for one code.

    Raises:
        AnalysisError: If a table or the codebook is a file name (read or load it first).
        CodingsError: If the table lacks ``code``, ``case``, ``document`` or ``evidence``.
    """
    check_table(quotes, "quotes")
    require_columns(quotes, ["code", "case", "document", "evidence"], what="quotes table")
    from pandas.api.types import is_integer_dtype

    if is_integer_dtype(quotes["evidence"].dtype) and quotes.index.is_unique:
        return _representative(quotes, per_code)
    chosen: list[int] = []
    ranks: list[int] = []
    for _, group in quotes.groupby("code", sort=False):
        order = group.assign(_position=range(len(group)))
        order = order.sort_values(["evidence", "_position"], ascending=[False, True],
                                  kind="stable")
        if "text" in order.columns:
            order = order.drop_duplicates(["document", "text"])
        rounds: dict[str, list[int]] = {}
        for index, case, doc in zip(order.index, order["case"], order["document"], strict=True):
            rounds.setdefault(text_value(case) or f"document:{doc}", []).append(index)
        picked = _rounds(rounds, per_code, key=lambda i: (-int(order.at[i, "evidence"]),
                                                          int(order.at[i, "_position"])))
        chosen.extend(picked)
        ranks.extend(range(1, len(picked) + 1))
    return _ranked(quotes, chosen, ranks)


def _representative(quotes: pd.DataFrame, per_code: int) -> pd.DataFrame:
    """:func:`representative_quotes` for integer evidence: the sorting and the duplicate
    passages done once for the whole table, the rounds only over each case's best few."""
    import numpy as np
    import pandas as pd

    table = quotes[quotes["code"].notna()]
    group = pd.factorize(table["code"])[0]  # codes in order of first appearance
    position = table.groupby("code", sort=False).cumcount().to_numpy()
    evidence = table["evidence"].to_numpy()
    order = np.lexsort((position, -evidence, group))
    ordered, position = table.iloc[order], position[order]
    keep = np.ones(len(ordered), dtype=bool)
    if "text" in ordered.columns:
        keep = ~ordered.duplicated(["code", "document", "text"]).to_numpy()
    ordered, position = ordered[keep], position[keep]
    cases = text_values(ordered["case"])
    rounds = cases.where(cases != "", "document:" + ordered["document"].map(str))
    depth = pd.Series(rounds.to_numpy()).groupby(
        [ordered["code"].to_numpy(), rounds.to_numpy()], sort=False).cumcount().to_numpy()
    few = depth < per_code  # deeper rounds are never reached
    chosen: list[Any] = []
    ranks: list[int] = []
    by_code: dict[Any, dict[str, list[tuple[int, int, Any]]]] = {}
    for code, key, score, at, label in zip(
            ordered["code"].to_numpy()[few], rounds.to_numpy()[few],
            ordered["evidence"].to_numpy()[few], position[few], ordered.index[few],
            strict=True):
        by_code.setdefault(code, {}).setdefault(key, []).append((-int(score), int(at), label))
    for per_case in by_code.values():
        picked = [item[2] for item in _rounds(per_case, per_code, key=None)]
        chosen.extend(picked)
        ranks.extend(range(1, len(picked) + 1))
    return _ranked(quotes, chosen, ranks)


def _rounds(per_case: dict[str, list[Any]], per_code: int,
            key: Callable[[Any], Any] | None) -> list[Any]:
    """Up to ``per_code`` items taken round by round: each case's best (its lists are in order
    of preference), then each case's second best ...; within a round in ``key`` order."""
    picked: list[Any] = []
    depth = 0
    while len(picked) < per_code and any(len(v) > depth for v in per_case.values()):
        layer = sorted((v[depth] for v in per_case.values() if len(v) > depth), key=key)
        picked.extend(layer[: per_code - len(picked)])
        depth += 1
    return picked


def _ranked(quotes: pd.DataFrame, chosen: list[Any], ranks: list[int]) -> pd.DataFrame:
    """The ``chosen`` rows of ``quotes`` in that order, with their ``rank`` within the code."""
    import pandas as pd

    if not chosen:
        return quotes.iloc[0:0].assign(rank=pd.Series(dtype="int64"))
    result = quotes.loc[chosen].copy()
    result["rank"] = ranks
    return result.reset_index(drop=True)
