"""Scoring predicted codings (rules, or a second coder) against gold codings.

Units are (document, segment) pairs when a units table is given or both tables number their
segments; otherwise codings are matched by overlapping spans
(:mod:`qualcode.analysis.evaluate_spans`). With roll-up (the default) a child code also counts
for its parent, on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.coded_units import code_units
from qualcode.analysis.codetree import CodeTree, code_tree
from qualcode.analysis.frames import normalise_codings, normalise_units
from qualcode.analysis.inputs import unknown_code_issues
from qualcode.analysis.scores import (
    DISAGREEMENT_COLUMNS,
    confusion_pairs,
    confusion_table,
    metrics_table,
)
from qualcode.arguments import renamed_keyword
from qualcode.errors import AnalysisError, CodingsError, Issue
from qualcode.model import Codebook

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GOLD", "PREDICTED", "Evaluation", "evaluate"]

GOLD, PREDICTED = "gold", "predicted"


@dataclass(frozen=True, slots=True, eq=False)
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes:
        metrics: Per code precision, recall, F1 and support, then micro and macro averages.
        confusions: Within each dimension, gold code vs predicted code on the same unit.
        disagreements: Every false positive (with the rule and match that fired) and false
            negative, with the unit's text and both sides' codes.
        unit: ``segment`` or ``span``.
        issues: Warnings.
    """

    metrics: pd.DataFrame
    confusions: pd.DataFrame
    disagreements: pd.DataFrame
    unit: str
    issues: tuple[Issue, ...] = ()


def _one_coder(frame: pd.DataFrame, name: str, role: str) -> pd.DataFrame:
    coders = [c for c in dict.fromkeys(frame.get("coder", [])) if c]
    if len(coders) > 1:
        raise CodingsError(
            f"the {name} table holds the codings of {len(coders)} coders ({', '.join(coders)})",
            hint=f"pass the codings of one coder as {role}",
        )
    return frame.assign(coder=role)


def _joined(codes: list[str], tree: CodeTree) -> str:
    return "; ".join(tree.sort(codes))


def _fired(frame: pd.DataFrame, rows: np.ndarray, links: np.ndarray,
           tree: CodeTree) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """(unit, code) -> what the predicted rows that mark it (directly or via a child) fired."""
    out: dict[tuple[int, str], list[tuple[str, str]]] = {}
    coder = frame["coder"].tolist()
    codes = frame["code"].tolist()
    rules = frame["rule"].tolist() if "rule" in frame.columns else [""] * len(frame)
    matches = frame["match"].tolist() if "match" in frame.columns else [""] * len(frame)
    for row, unit in zip(rows.tolist(), links.tolist(), strict=True):
        if coder[row] != PREDICTED:
            continue
        code, rule, match = codes[row], str(rules[row]), str(matches[row])
        for target in (code, *tree.ancestors(code)):
            label = rule if target == code else f"{code}: {rule}".rstrip(": ")
            out.setdefault((unit, target), []).append((label, match))
    return out


def _segment_evaluation(frame: pd.DataFrame, units: pd.DataFrame | None, tree: CodeTree,
                        rollup: bool) -> tuple[dict[str, dict[str, int]], list[Any], list[Any],
                                               tuple[Issue, ...]]:
    cu = code_units(frame, tree, units=units, unit="segment", coverage="all",
                    coders=(GOLD, PREDICTED))
    present = cu.rolled_up(tree) if rollup else cu.present
    specific = cu.most_specific(tree)
    gold, pred = present[:, 0, :], present[:, 1, :]
    counts: dict[str, dict[str, int]] = {}
    for k, code in enumerate(cu.codes):
        g, p = gold[:, k], pred[:, k]
        if g.any() or p.any():
            counts[code] = {"tp": int((g & p).sum()), "fp": int((~g & p).sum()),
                            "fn": int((g & ~p).sum()), "support": int(g.sum()),
                            "predicted": int(p.sum())}
    fired = _fired(frame, cu.rows, cu.links, tree)
    position = {c: k for k, c in enumerate(cu.codes)}
    descendants = {c: [position[d] for d in cu.codes if c in tree.ancestors(d)] for c in cu.codes}
    wrong_fp, wrong_fn = ~gold & pred, gold & ~pred
    pairs: list[Any] = []
    rows: list[dict[str, Any]] = []
    index = cu.index.to_dict("records")
    for u, record in enumerate(index):
        gold_codes = [cu.codes[k] for k in np.flatnonzero(specific[u, 0])]
        pred_codes = [cu.codes[k] for k in np.flatnonzero(specific[u, 1])]
        pairs += confusion_pairs(gold_codes, pred_codes, tree)
        for kind, wrong in (("false_positive", wrong_fp), ("false_negative", wrong_fn)):
            for k in np.flatnonzero(wrong[u]):
                code = cu.codes[k]
                if any(wrong[u, d] for d in descendants[code]):
                    continue  # the child's row explains it
                hits = fired.get((u, code), []) if kind == "false_positive" else []
                rows.append({
                    "kind": kind, "document": record["document"], "segment": record["segment"],
                    "start": record.get("start", -1), "end": record.get("end", -1),
                    "code": code, "dimension": tree.dimension.get(code, ""),
                    "rule": " | ".join(rule for rule, _ in hits),
                    "match": " | ".join(match for _, match in hits),
                    "gold_codes": _joined(gold_codes, tree),
                    "predicted_codes": _joined(pred_codes, tree),
                    "text": record.get("text", ""),
                })
    return counts, pairs, rows, cu.issues


def evaluate(
    gold: pd.DataFrame,
    pred: pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    units: pd.DataFrame | None = None,
    roll_up: bool | None = None,
    names: tuple[str, str] = ("gold", "pred"),
    decimals: int | None = 3,
    rollup: bool | None = None,
) -> Evaluation:
    """Score ``pred`` against ``gold``, per code and overall.

    Args:
        gold: Gold codings (one coder), canonical columns.
        pred: Predicted codings (one coder): rules' output with ``rule`` and ``match``, or a
            second person's codings.
        codebook: Code order, parents and dimensions (else ``code_path`` and ``group``).
        units: A segments table; codings are matched to its units by span overlap.
        roll_up: Count a child code for its parent too, both sides (default yes).
        names: What to call the two tables in messages (their files).
        decimals: Rounding of precision, recall and F1 (``None`` keeps full precision).
        rollup: Deprecated: the old name of ``roll_up``.

    Returns:
        The metrics, confusions and disagreements.

    Raises:
        AnalysisError: If a table or the codebook is a file name (read or load it first), or
            ``roll_up`` and ``rollup`` disagree.
        CodingsError: If a table is malformed or holds several coders.
    """
    import pandas as pd

    roll_up = renamed_keyword(roll_up, rollup, name="roll_up", old_name="rollup",
                              error=AnalysisError)
    check_table(gold, "gold")
    check_table(pred, "pred")
    check_table(units, "units", optional=True)
    check_codebook(codebook)

    g = _one_coder(normalise_codings(gold, name=names[0]), names[0], GOLD)
    p = _one_coder(normalise_codings(pred, name=names[1]), names[1], PREDICTED)
    tree = code_tree([g, p], codebook)
    issues: list[Issue] = [*g.attrs.get("issues", ()), *p.attrs.get("issues", ())]
    if codebook is not None:
        issues += [*unknown_code_issues(g, codebook), *unknown_code_issues(p, codebook)]
    frame = pd.concat([g, p], ignore_index=True)
    text_columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    frame[text_columns] = frame[text_columns].fillna("")
    segmented = units is not None or (len(frame) and (frame["segment"] >= 0).all())
    if segmented:
        unit_table = normalise_units(units) if units is not None else None
        counts, pairs, rows, more = _segment_evaluation(frame, unit_table, tree, roll_up)
        unit = "segment"
    else:
        from qualcode.analysis.evaluate_spans import span_evaluation

        counts, pairs, rows, more = span_evaluation(frame, tree, roll_up)
        unit = "span"
    disagreements = pd.DataFrame(rows, columns=list(DISAGREEMENT_COLUMNS))
    if len(disagreements):
        order = {doc: i for i, doc in enumerate(dict.fromkeys(frame["document"]))}
        disagreements = disagreements.assign(_doc=disagreements["document"].map(order))
        disagreements = (disagreements.sort_values(["_doc", "start", "end", "kind"], kind="stable")
                         .drop(columns="_doc").reset_index(drop=True))
    return Evaluation(metrics_table(counts, tree, decimals=decimals),
                      confusion_table(pairs, tree), disagreements,
                      unit, (*issues, *more))
