"""The tidy tables: one row per segment, and one row per (segment, code).

These are the canonical outputs; every matrix is a pivot of the codings table.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from qualcode.model import Codebook, Coding, Corpus, Document

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CODINGS_COLUMNS",
    "PROJECT_CODINGS_COLUMNS",
    "SEGMENTS_COLUMNS",
    "codings_table",
    "document_attributes",
    "segment_attributes",
    "segments_table",
    "table_frame",
]

SEGMENTS_COLUMNS = (
    "document", "case", "segment", "start", "end", "speaker", "interviewer", "unit", "text",
)
CODINGS_COLUMNS = (
    "document", "case", "segment", "start", "end", "speaker", "code", "code_path", "group",
    "coder", "source", "rule", "match", "text",
)
PROJECT_CODINGS_COLUMNS = (*CODINGS_COLUMNS, "status", "memo")
_DOC_ATTRIBUTES_SKIPPED = frozenset({"case", "note", "title", "synthetic", "encoding"})


def _extra(target: dict[str, Any], values: Mapping[str, Any], reserved: Iterable[str],
           prefix: str) -> None:
    reserved = set(reserved)
    for key, value in values.items():
        name = key if key not in reserved else f"{prefix}{key}"
        if name not in target:
            target[name] = value


def segments_table(corpus: Corpus | Iterable[Document]) -> pd.DataFrame:
    """One row per segment: ``document, case, segment, start, end, speaker, interviewer, unit,
    text`` then segment attributes (timestamps ...), document attributes and case attributes.

    Args:
        corpus: A segmented corpus, or documents (segmented in turns).

    Raises:
        QualcodeError: If ``corpus`` is neither.
    """
    import pandas as pd

    from qualcode.corpus import as_corpus

    corpus = as_corpus(corpus)
    cases = {c.id: c.attributes for c in corpus.cases}
    rows: list[dict[str, Any]] = []
    for doc in corpus.documents:
        doc_attrs = document_attributes(doc)
        case_attrs = cases.get(doc.case or "", {})
        for seg in corpus.segments.get(doc.id, ()):
            row: dict[str, Any] = {
                "document": seg.document,
                "case": doc.case or "",
                "segment": seg.index,
                "start": seg.start,
                "end": seg.end,
                "speaker": seg.speaker or "",
                "interviewer": seg.interviewer,
                "unit": seg.unit,
                "text": seg.text,
            }
            segment_attributes(row, seg.attributes, doc_attrs, case_attrs)
            rows.append(row)
    if not rows:
        return pd.DataFrame(columns=list(SEGMENTS_COLUMNS))
    return table_frame(rows, SEGMENTS_COLUMNS)


def codings_table(
    codings: Iterable[Coding],
    corpus: Corpus | Iterable[Document],
    codebook: Codebook | str | os.PathLike[str] | None = None,
    *,
    project: bool = False,
) -> pd.DataFrame:
    """The tidy codings table: one row per coding, in the columns of :data:`CODINGS_COLUMNS`
    followed by case attributes.

    Args:
        codings: The codings.
        corpus: The corpus they refer to (texts, speakers, cases), or its documents (segmented
            in the codebook's unit, else in turns).
        codebook: A codebook or the path of one (YAML): gives ``code_path`` and ``group``;
            without it both are the code id and empty.
        project: Add the ``status`` and ``memo`` columns.

    Raises:
        CodebookError: If the codebook file is not valid.
        QualcodeError: If ``corpus`` or ``codebook`` is of another type.
    """
    import pandas as pd

    from qualcode.corpus import as_codebook, as_corpus

    if codebook is not None:
        codebook = as_codebook(codebook)
    corpus = as_corpus(corpus, unit=codebook.unit if codebook is not None else "turn")
    docs = {d.id: d for d in corpus.documents}
    cases = {c.id: c.attributes for c in corpus.cases}
    segments = {d.id: corpus.segments.get(d.id, ()) for d in corpus.documents}
    paths: dict[str, str] = {}
    groups: dict[str, str] = {}
    if codebook is not None:
        for code in codebook.codes:
            paths[code.id] = "/".join(codebook.path_of(code.id))
            groups[code.id] = codebook.dimension_of(code.id) or ""
    columns = PROJECT_CODINGS_COLUMNS if project else CODINGS_COLUMNS
    rows: list[dict[str, Any]] = []
    for c in codings:
        doc = docs.get(c.document)
        case_id = doc.case if doc is not None else None
        speaker = ""
        if doc is not None and c.segment is not None and c.segment < len(segments[doc.id]):
            speaker = segments[doc.id][c.segment].speaker or ""
        row: dict[str, Any] = {
            "document": c.document,
            "case": case_id or "",
            "segment": c.segment if c.segment is not None else -1,
            "start": c.start,
            "end": c.end,
            "speaker": speaker,
            "code": c.code,
            "code_path": paths.get(c.code, c.code),
            "group": groups.get(c.code, ""),
            "coder": c.coder,
            "source": c.source,
            "rule": c.rule,
            "match": c.match,
            "text": doc.text[c.start : c.end] if doc is not None else "",
        }
        if project:
            row["status"] = c.status
            row["memo"] = c.memo
        _extra(row, cases.get(case_id or "", {}), columns, "case_")
        rows.append(row)
    if not rows:
        return pd.DataFrame(columns=list(columns))
    return table_frame(rows, columns)


def document_attributes(document: Document) -> dict[str, Any]:
    """The attributes a document gives its segments-table rows: not its case, title, note,
    ``synthetic`` or ``encoding``, nor an ``id`` that is its own id (front matter ``id:``); an
    ``id`` column of a response table whose ids repeat (a long table, one row per answer)
    could not name the documents and stays an attribute."""
    return {k: v for k, v in document.attributes.items()
            if k not in _DOC_ATTRIBUTES_SKIPPED and not (k == "id" and str(v) == document.id)}


def segment_attributes(row: dict[str, Any], segment: Mapping[str, Any],
                       document: Mapping[str, Any], case: Mapping[str, Any]) -> None:
    """Add a segments-table row's attributes: the segment's, then the case's from the cases
    table (as in the codings table), then the document's own; an empty cell of the cases table
    leaves the document's value (W203 warns where the two disagree)."""
    _extra(row, segment, SEGMENTS_COLUMNS, "segment_")
    _extra(row, {k: v for k, v in case.items() if v != ""}, SEGMENTS_COLUMNS, "case_")
    _extra(row, document, SEGMENTS_COLUMNS, "document_")


def table_frame(rows: list[dict[str, Any]], core: Sequence[str]) -> pd.DataFrame:
    """The rows as a table whose attribute columns keep each value as read: a column of whole
    numbers with gaps (documents without a case) stays whole numbers, printed ``6`` rather
    than pandas' ``6.0``, and a mix of numbers and text keeps both."""
    import pandas as pd

    frame = pd.DataFrame(rows, dtype=object)
    present = [c for c in core if c in frame.columns]
    frame[present] = frame[present].infer_objects()
    return frame
