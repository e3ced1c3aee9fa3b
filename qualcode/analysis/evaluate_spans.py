"""Evaluation by overlapping spans, for codings without shared segment numbers.

A gold coding counts as found (true positive) when a predicted coding of the same code overlaps
its span in the same document; a predicted coding is correct when it overlaps a gold coding of
the same code. Recall is the share of gold codings found, precision the share of predicted
codings that are correct. With roll-up each coding also stands for its ancestors over the same
span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from qualcode.analysis.codetree import CodeTree
from qualcode.analysis.frames import place
from qualcode.analysis.scores import NONE
from qualcode.errors import CodingsError, Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["span_evaluation"]

GOLD, PREDICTED = "gold", "predicted"
_SAME = ("coder", "document", "code", "start", "end")  # one coding, however often it is listed


def _expand(frame: pd.DataFrame, tree: CodeTree, rollup: bool) -> pd.DataFrame:
    """One row per (coding, code it stands for), each (side, document, code, span) once;
    ``_code`` is the row's original code.

    A coding given twice is one coding, and a parent given next to its child over the same span
    is the one the child implies (kept as the child's, so the child explains a miss), as units
    collapse them in segment mode.
    """
    base = frame.assign(_code=frame["code"]).drop_duplicates(list(_SAME), ignore_index=True)
    if not rollup:
        return base
    chains = base["code"].map(lambda code: [code, *tree.ancestors(code)])
    rows = base.assign(code=chains).explode("code", ignore_index=True)
    implied_first = rows.sort_values("_code", key=lambda c: c == rows["code"], kind="stable")
    kept = implied_first.index[~implied_first.duplicated(list(_SAME)).to_numpy()]
    return rows.loc[kept.sort_values()].reset_index(drop=True)


def span_evaluation(frame: pd.DataFrame, tree: CodeTree, rollup: bool):
    """Counts, confusion pairs, disagreement rows and issues for span matching.

    Args:
        frame: Normalised gold and predicted codings with ``coder`` = gold / predicted, and
            where each row was read (:data:`qualcode.analysis.frames.PLACE_COLUMNS`).
        tree: The codes.
        rollup: Whether children count for their parents.

    Returns:
        ``(counts, pairs, rows, issues)`` as :func:`qualcode.analysis.evaluate.evaluate` uses.

    Raises:
        CodingsError: If a coding has no span, naming each (up to 5) by file and line.
    """
    bad = np.flatnonzero(((frame["start"] < 0) | (frame["end"] <= frame["start"])).to_numpy())
    if bad.size:
        issues = []
        for position in bad[:5].tolist():
            start, end = int(frame["start"].iat[position]), int(frame["end"].iat[position])
            what = ("start and end are empty" if start < 0 and end < 0
                    else f"start {start} and end {end} are not a span [start, end)")
            issues.append(Issue(
                "E703", f"coding of {frame['code'].iat[position]!r} in document "
                f"{frame['document'].iat[position]} has no span: {what}",
                hint="give it start < end", **place(frame, position)))
        raise CodingsError(
            f"{bad.size} coding(s) cannot be matched by span" + (", the first 5:" if bad.size > 5
                                                                 else ":"),
            issues=issues,
            hint="give both tables segment numbers, pass --units, or include start and end",
        )
    rows = _expand(frame, tree, rollup)
    found = np.zeros(len(rows), dtype=bool)  # overlapped by the other side, same code
    for _, group in rows.groupby(["document", "code"], sort=False):
        gold = group[group["coder"] == GOLD]
        pred = group[group["coder"] == PREDICTED]
        if len(gold) and len(pred):
            hit = ((gold["start"].to_numpy()[:, None] < pred["end"].to_numpy()[None, :])
                   & (pred["start"].to_numpy()[None, :] < gold["end"].to_numpy()[:, None]))
            found[gold.index[hit.any(axis=1)]] = True
            found[pred.index[hit.any(axis=0)]] = True
    rows = rows.assign(_found=found)
    counts: dict[str, dict[str, int]] = {}
    for code, group in rows.groupby("code", sort=False):
        is_gold = group["coder"] == GOLD
        counts[str(code)] = {
            "tp": int((is_gold & group["_found"]).sum()),
            "fp": int((~is_gold & ~group["_found"]).sum()),
            "fn": int((is_gold & ~group["_found"]).sum()),
            "support": int(is_gold.sum()),
            "predicted": int((~is_gold).sum()),
        }
    original = rows[rows["code"] == rows["_code"]]
    pairs: list[Any] = []
    out: list[dict[str, Any]] = []
    for _, doc in original.groupby("document", sort=False):
        starts, ends = doc["start"].to_numpy(), doc["end"].to_numpy()
        overlap = (starts[:, None] < ends[None, :]) & (starts[None, :] < ends[:, None])
        gold_side = (doc["coder"] == GOLD).to_numpy()
        records = doc.to_dict("records")
        dims = [tree.dimension.get(r["code"], "") for r in records]
        for i, record in enumerate(records):
            if record["_found"]:
                continue
            is_gold = bool(gold_side[i])
            near = np.flatnonzero(overlap[i])
            rivals = [j for j in near if gold_side[j] != is_gold and not records[j]["_found"]
                      and dims[j] == dims[i]]
            if is_gold:
                rival_codes = tree.sort(records[j]["code"] for j in rivals) or [NONE]
                pairs += [(dims[i], record["code"], code) for code in rival_codes]
            elif not rivals:
                pairs.append((dims[i], NONE, record["code"]))
            out.append({
                "kind": "false_negative" if is_gold else "false_positive",
                "document": record["document"], "segment": record["segment"],
                "start": record["start"], "end": record["end"], "code": record["code"],
                "dimension": dims[i],
                "rule": "" if is_gold else str(record.get("rule", "")),
                "match": "" if is_gold else str(record.get("match", "")),
                "gold_codes": "; ".join(tree.sort(records[j]["code"] for j in near
                                                  if gold_side[j])),
                "predicted_codes": "; ".join(tree.sort(records[j]["code"] for j in near
                                                       if not gold_side[j])),
                "text": record.get("text", ""),
            })
    issues: tuple[Issue, ...] = ()
    return counts, pairs, out, issues
