"""Evaluation sets: labelled single turns (``id, language, interviewer, speaker_style, text,
codes``) scored against what a codebook's rules code.

Each row becomes a document of one segment (a participant turn, or an interviewer turn when
``interviewer`` is 1) so the codebook's scope rules apply as they do in interviews. Gold codes are
separated by ``;`` or ``,`` (:func:`qualcode.analysis.frames.split_codes`, as in adjudication
decisions); a child implies its parent under roll-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from qualcode.analysis.checks import check_codebook, check_table
from qualcode.analysis.evaluate import Evaluation, evaluate
from qualcode.analysis.frames import split_codes
from qualcode.arguments import renamed_keyword
from qualcode.errors import AnalysisError
from qualcode.model import Codebook, Coding, Corpus, Document, Segment, frozen_mapping
from qualcode.origin import ORIGIN, Origin, origins

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["eval_set_corpus", "eval_set_gold", "evaluate_eval_set"]

_TRUE = frozenset({"1", "true", "yes", "y"})


def eval_set_corpus(rows: pd.DataFrame) -> Corpus:
    """A corpus with one document of one segment per evaluation-set row.

    Args:
        rows: The evaluation set (see :func:`qualcode.io.coded_tables.read_eval_set`, which
            normalises the texts as every reader does).

    Returns:
        The corpus, documents named by the row ``id``.
    """
    documents, segments = [], {}
    for row in rows.to_dict("records"):
        doc_id, text = str(row["id"]), str(row["text"])
        interviewer = str(row.get("interviewer", "")).strip().lower() in _TRUE
        attributes = {"language": str(row.get("language", "")),
                      "speaker_style": str(row.get("speaker_style", ""))}
        documents.append(Document(doc_id, text, format="csv",
                                  attributes=frozen_mapping(attributes)))
        speaker = "Interviewer" if interviewer else "Participant"
        segments[doc_id] = (Segment(doc_id, 0, 0, len(text), text, speaker, interviewer, "turn"),)
    return Corpus(tuple(documents), frozen_mapping(segments), unit="turn")


def eval_set_gold(rows: pd.DataFrame, corpus: Corpus,
                  codebook: Codebook | None = None) -> pd.DataFrame:
    """The gold codes of an evaluation set as a codings table (coder ``gold``).

    Args:
        rows: The evaluation set.
        corpus: Its corpus (:func:`eval_set_corpus`).
        codebook: Gives code paths and dimensions.

    Returns:
        One row per (row, gold code), each spanning the whole turn; marked with the file and
        line of its row when ``rows`` says where they were read
        (:func:`qualcode.origin.mark_origin`), for messages.
    """
    from qualcode.tables import codings_table

    codings, sources = [], []
    for position, row in enumerate(rows.to_dict("records")):
        doc_id = str(row["id"])
        length = len(corpus.segments[doc_id][0].text)
        for code in split_codes(row["codes"]):
            codings.append(Coding(doc_id, 0, length, code, "gold", "imported", 0))
            sources.append(position)
    table = codings_table(codings, corpus, codebook)
    placed = _origins(rows, sources)
    if placed is not None:
        table.attrs[ORIGIN] = placed
    return table


def _origins(rows: pd.DataFrame, sources: Sequence[int]) -> tuple[Origin, ...] | None:
    """Where the gold codings come from, when the evaluation set says where its rows were
    read (:func:`qualcode.origin.origins`): coding i is on the line of row ``sources[i]``, so
    a message about a gold code names the evaluation set's file and line."""
    blocks = origins(rows)
    if blocks is None:
        return None
    owner: list[tuple[int, int]] = []  # row -> (block, row in the block)
    for b, block in enumerate(blocks):
        owner += [(b, k) for k in range(block.rows)]
    out: list[Origin] = []
    start = 0
    while start < len(sources):
        b = owner[sources[start]][0]
        stop = start
        while stop < len(sources) and owner[sources[stop]][0] == b:
            stop += 1
        inside = [owner[r][1] for r in sources[start:stop]]
        out.append(Origin(blocks[b].path, len(inside), partial(_lines, blocks[b], inside)))
        start = stop
    return tuple(out)


def _lines(block: Origin, rows: Sequence[int]) -> list[int]:
    return [block.line(row) for row in rows]


def evaluate_eval_set(
    rows: pd.DataFrame,
    codebook: Codebook,
    *,
    roll_up: bool | None = None,
    coder: Callable[[Corpus, Codebook], Sequence[Coding]] | None = None,
    decimals: int | None = 3,
    rollup: bool | None = None,
) -> Evaluation:
    """Code every row with ``codebook`` and score the result against the gold codes.

    Args:
        rows: The evaluation set.
        codebook: The codebook whose rules are evaluated.
        roll_up: Count a child code for its parent too (default yes).
        coder: The coding function; default :func:`qualcode.coding.engine.apply_codebook`.
        decimals: Rounding of precision, recall and F1 (``None`` keeps full precision).
        rollup: Deprecated: the old name of ``roll_up``.

    Returns:
        The evaluation (units: the rows; ``document`` is the row id).
    """
    from qualcode.tables import codings_table, segments_table

    roll_up = renamed_keyword(roll_up, rollup, name="roll_up", old_name="rollup",
                              error=AnalysisError)
    check_table(rows, "rows")
    check_codebook(codebook)

    if coder is None:
        from qualcode.coding.engine import apply_codebook

        coder = apply_codebook
    corpus = eval_set_corpus(rows)
    gold = eval_set_gold(rows, corpus, codebook)
    predicted = codings_table(coder(corpus, codebook), corpus, codebook)
    return evaluate(gold, predicted, codebook=codebook, units=segments_table(corpus),
                    roll_up=roll_up, decimals=decimals)
