"""Precision, recall and F1 from per-code counts, and confusion pairs within dimensions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from qualcode.analysis.codetree import CodeTree

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CONFUSION_COLUMNS",
    "DISAGREEMENT_COLUMNS",
    "MACRO",
    "METRIC_COLUMNS",
    "MICRO",
    "NONE",
    "confusion_pairs",
    "confusion_table",
    "metrics_table",
]

METRIC_COLUMNS = ("code", "dimension", "tp", "fp", "fn", "support", "predicted", "precision",
                  "recall", "f1")
CONFUSION_COLUMNS = ("dimension", "gold", "predicted", "n")
DISAGREEMENT_COLUMNS = ("kind", "document", "segment", "start", "end", "code", "dimension",
                        "rule", "match", "gold_codes", "predicted_codes", "text")
MICRO = "(micro average)"
MACRO = "(macro average)"
NONE = "(none)"


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else float("nan")


def _scores(tp: float, fp: float, fn: float, matched_predictions: float | None = None):
    """Precision, recall, F1; F1 is 0 when nothing matched, NaN when nothing happened."""
    matched = tp if matched_predictions is None else matched_predictions
    precision = _ratio(matched, matched + fp)
    recall = _ratio(tp, tp + fn)
    if tp + fp + fn == 0:
        return precision, recall, float("nan")
    if not (precision > 0 and recall > 0):  # also when one of them is NaN
        return precision, recall, 0.0
    return precision, recall, 2 * precision * recall / (precision + recall)


def metrics_table(counts: Mapping[str, Mapping[str, int]], tree: CodeTree, *,
                  decimals: int | None = 3) -> pd.DataFrame:
    """One row per code, then the micro and macro averages.

    Args:
        counts: Per code: ``tp`` (gold items matched), ``fp`` (predictions matching no gold
            item), ``fn`` (gold items missed), ``support`` (gold items), ``predicted``
            (predictions).
        tree: For code order and dimensions.
        decimals: Rounding of precision, recall and F1, after the averages are taken
            (``None`` keeps full precision).

    Returns:
        A table in :data:`METRIC_COLUMNS`. Precision is the share of predictions that match,
        recall the share of gold items matched. The micro average pools the counts of all codes;
        the macro average is the unweighted mean over the codes listed, an undefined precision or
        recall counting as 0 (as scikit-learn's default), and undefined itself when no code's
        value is defined.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for code in tree.sort(counts):
        c = counts[code]
        precision, recall, f1 = _scores(c["tp"], c["fp"], c["fn"], c["predicted"] - c["fp"])
        rows.append({"code": code, "dimension": tree.dimension.get(code, ""), **c,
                     "precision": precision, "recall": recall, "f1": f1})
    totals = {k: sum(int(r[k]) for r in rows) for k in ("tp", "fp", "fn", "support", "predicted")}
    precision, recall, f1 = _scores(totals["tp"], totals["fp"], totals["fn"],
                                    totals["predicted"] - totals["fp"])
    micro = {"code": MICRO, "dimension": "", **totals, "precision": precision, "recall": recall,
             "f1": f1}

    def mean(key: str) -> float:
        if all(pd.isna(r[key]) for r in rows):  # defined for no code: no average either
            return float("nan")
        values = [0.0 if pd.isna(r[key]) else float(r[key]) for r in rows]
        return sum(values) / len(values)

    macro = {"code": MACRO, "dimension": "", **totals, "precision": mean("precision"),
             "recall": mean("recall"), "f1": mean("f1")}
    table = pd.DataFrame([*rows, micro, macro], columns=list(METRIC_COLUMNS))
    if decimals is not None:
        for score in ("precision", "recall", "f1"):
            table[score] = [round(float(v), decimals) for v in table[score]]
    return table


def confusion_pairs(gold: Iterable[str], predicted: Iterable[str],
                    tree: CodeTree) -> list[tuple[str, str, str]]:
    """``(dimension, gold code, predicted code)`` pairs on one unit, within each dimension.

    A gold code the prediction lacks is paired with each predicted code of the same dimension
    the gold lacks, or with ``(none)`` when there is none; likewise for extra predictions.
    """
    gold, predicted = set(gold), set(predicted)
    missed, extra = gold - predicted, predicted - gold
    pairs = []
    for dimension in dict.fromkeys(tree.dimension.get(c, "") for c in missed | extra):
        m = tree.sort(c for c in missed if tree.dimension.get(c, "") == dimension)
        e = tree.sort(c for c in extra if tree.dimension.get(c, "") == dimension)
        pairs += [(dimension, g, p) for g in m for p in e] if m and e else []
        pairs += [(dimension, g, NONE) for g in m] if not e else []
        pairs += [(dimension, NONE, p) for p in e] if not m else []
    return pairs


def confusion_table(pairs: Iterable[tuple[str, str, str]], tree: CodeTree) -> pd.DataFrame:
    """Count confusion pairs into a table in :data:`CONFUSION_COLUMNS`, most frequent first."""
    import pandas as pd

    counted = Counter(pairs)
    dims = {d: i for i, d in enumerate(tree.dimensions)}

    def key(item: tuple[tuple[str, str, str], int]) -> tuple[Any, ...]:
        (dimension, g, p), n = item
        return (dims.get(dimension, len(dims)), dimension, -n, tree.rank(g), tree.rank(p))

    rows = [{"dimension": d, "gold": g, "predicted": p, "n": n}
            for (d, g, p), n in sorted(counted.items(), key=key)]
    return pd.DataFrame(rows, columns=list(CONFUSION_COLUMNS))
