"""Loading a corpus: read documents, join cases, cut segments."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from qualcode.errors import QualcodeError
from qualcode.io.cases import assign_cases, read_cases
from qualcode.io.loader import load_documents
from qualcode.io.options import ReadOptions
from qualcode.model import Case, Codebook, Corpus, Document, Segment, frozen_mapping
from qualcode.segment import InterviewerMatcher, segment_document

__all__ = ["as_codebook", "as_corpus", "build_corpus", "load_corpus"]


def build_corpus(
    documents: Iterable[Document],
    *,
    unit: str = "turn",
    language: str | None = None,
    cases: Iterable[Case] = (),
    interviewer_labels: Iterable[str] | None = None,
) -> Corpus:
    """Segment documents already in memory and join them to ``cases``.

    Args:
        documents: The documents.
        unit: ``turn``, ``paragraph``, ``sentence`` or ``document``.
        language: ``id``, ``en`` or ``auto``/``None`` (front matter, then detection).
        cases: Cases with attributes.
        interviewer_labels: Speaker labels that mark interviewer turns (default: Pewawancara,
            Peneliti, Interviewer, Moderator, Q).

    Raises:
        QualcodeError: If ``unit`` is unknown.
    """
    docs, all_cases, warnings = assign_cases(tuple(documents), tuple(cases))
    matcher = InterviewerMatcher.from_labels(interviewer_labels)
    segments: dict[str, tuple[Segment, ...]] = {
        doc.id: segment_document(doc, unit, language=language, is_interviewer=matcher)
        for doc in docs
    }
    return Corpus(docs, frozen_mapping(segments), all_cases, unit, (), warnings,
                  interviewer_labels=matcher.labels)


def load_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    unit: str = "turn",
    language: str | None = None,
    cases: str | Path | None = None,
    interviewer_labels: Iterable[str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    skip_errors: bool = False,
    progress: Callable[[Path], None] | None = None,
    sheet: str | None = None,
    case_column: str | None = None,
) -> Corpus:
    """Read transcripts and documents from files and folders into a segmented corpus.

    Args:
        paths: Files and folders, one or several (folders are read recursively, sorted,
            hidden files skipped).
        unit: Segmentation unit: ``turn`` (default), ``paragraph``, ``sentence``, ``document``.
        language: ``id``, ``en``, or ``auto``/``None``.
        cases: A cases table (CSV/XLSX) with a case id column and attributes.
        interviewer_labels: Speaker labels of interviewers.
        text_column: For csv/xlsx response tables: the text column.
        id_column: For response tables: the document id column.
        skip_errors: Skip unreadable files (listed in ``Corpus.skipped``) instead of failing.
        progress: Called with each path before it is read.
        sheet: For xlsx response tables: the sheet (default: the first with a text column).
        case_column: For response tables: the column with each row's case (default: a column
            named ``case``).

    Returns:
        The corpus.

    Raises:
        InputError: If a file cannot be read (unless ``skip_errors``).
        CasesError: If the cases table is malformed.
    """
    options = ReadOptions(text_column=text_column, id_column=id_column,
                          case_column=case_column, sheet=sheet)
    # the cases table first: a mistake in it is reported before every document is read
    case_rows = read_cases(cases) if cases is not None else ()
    result = load_documents(paths, options=options, skip_errors=skip_errors, progress=progress,
                            exclude=(cases,))
    corpus = build_corpus(
        result.documents,
        unit=unit,
        language=language,
        cases=case_rows,
        interviewer_labels=interviewer_labels,
    )
    return Corpus(
        corpus.documents,
        corpus.segments,
        corpus.cases,
        unit,
        result.skipped,
        result.warnings + corpus.warnings,
        corpus.interviewer_labels,
    )


def as_corpus(value: Corpus | Iterable[Document], *, unit: str = "turn",
              what: str = "corpus") -> Corpus:
    """``value`` as a :class:`Corpus`: a corpus as it is, documents segmented into one (by
    :func:`build_corpus`, in ``unit``), for functions that take a corpus.

    Args:
        value: A corpus, or documents.
        unit: The segment unit for documents.
        what: The argument, for the message.

    Raises:
        QualcodeError: If ``value`` is neither, naming what it is.
    """
    if isinstance(value, Corpus):
        return value
    shown = type(value).__name__
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | os.PathLike | Mapping):
        items = list(value)
        bad = [item for item in items if not isinstance(item, Document)]
        if not bad:
            return build_corpus(items, unit=unit)
        shown = f"a list holding {type(bad[0]).__name__}"
    raise QualcodeError(
        f"{what} must be a Corpus or a list of Documents, not {shown}",
        hint="load one with qualcode.load_corpus(['transcripts/']), or build one from "
             "documents with qualcode.build_corpus(documents)")


def as_codebook(value: Codebook | str | os.PathLike[str], *, what: str = "codebook"
                ) -> Codebook:
    """``value`` as a :class:`Codebook`: a codebook as it is, a path loaded as codebook YAML,
    for functions that take a codebook.

    Raises:
        CodebookError: If the file is not a valid codebook.
        InputError: If it cannot be read.
        QualcodeError: If ``value`` is neither a codebook nor a path, naming what it is.
    """
    if isinstance(value, Codebook):
        return value
    if isinstance(value, str | os.PathLike):
        from qualcode.io.codebook import load_codebook

        return load_codebook(Path(value))
    raise QualcodeError(
        f"{what} must be a Codebook or the path of a codebook (YAML), not "
        f"{type(value).__name__}",
        hint="pass the codebook file's path, or load it with "
             "qualcode.load_codebook('codebook.yaml')")
