"""From transcripts (or a saved codings table) to every analysis, in one call.

``analyze`` loads a corpus, codes it with a codebook and computes every table; ``write_results``
(:func:`qualcode.report.results.write_results`) writes them. Both are what ``qualcode analyze``
runs, so a notebook gets exactly the command's results::

    analysis = qualcode.analyze(["transcripts/"], cases="transcripts/cases.csv")
    qualcode.write_results(analysis, "results")
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.analysis.bundle import Analysis, AnalysisOptions, analyze_codings
from qualcode.analysis.codetree import TableCodebook
from qualcode.analysis.order import text_values
from qualcode.arguments import as_paths
from qualcode.errors import InputError
from qualcode.model import Codebook, Corpus
from qualcode.report.results import write_results

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AnalysisOptions",
    "analyze",
    "analyze_corpus",
    "analyze_table",
    "read_inputs",
    "resolve_codebook",
    "write_results",
]


def resolve_codebook(codebook: Codebook | str | Path | None) -> Codebook:
    """A :class:`Codebook` as given, loaded from a path, or the bundled study codebook.

    Raises:
        CodebookError: If the file is not a valid codebook.
        InputError: If no path is given and the bundled codebook is missing.
        QualcodeError: If ``codebook`` is neither a codebook nor a path.
    """
    from qualcode.corpus import as_codebook

    if codebook is None:
        from qualcode.resources import default_codebook_path

        codebook = default_codebook_path()
    return as_codebook(codebook)


def _recorded(options: AnalysisOptions) -> dict[str, Any]:
    return dataclasses.asdict(options)


def analyze_corpus(
    corpus: Corpus,
    codebook: Codebook | str | Path,
    *,
    options: AnalysisOptions | None = None,
    inputs: str | Path | Iterable[str | Path] | None = None,
    cases_path: str | Path | None = None,
    language: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Analysis:
    """Code a loaded corpus with ``codebook`` and compute every table.

    Args:
        corpus: The corpus.
        codebook: The codebook, or its YAML path (loaded as :func:`analyze` loads it).
        options: What to compute (:class:`AnalysisOptions`).
        inputs: Files (one or several) to record in the provenance (default: the documents'
            sources).
        cases_path: The cases table file, for the provenance.
        language: The segmentation language option, for the provenance.
        progress: Called with a short label before each step.

    Returns:
        The :class:`Analysis`, its ``provenance`` filled in (with the corpus's warnings and
        the files it skipped, also in ``warnings``).

    Raises:
        AnalysisError: If an option names an unknown attribute or dimension.
        CodebookError: If a codebook path is not a valid codebook.
    """
    from qualcode.coding.engine import apply_codebook
    from qualcode.report.provenance import build_provenance
    from qualcode.tables import codings_table, segments_table

    step = progress or (lambda label: None)
    codebook = resolve_codebook(codebook)
    step("Coding")
    codings = codings_table(apply_codebook(corpus, codebook), corpus, codebook)
    segments = segments_table(corpus)
    step("Analysing")
    options = options or AnalysisOptions()
    cases = [c.id for c in corpus.cases if any(d.case == c.id for d in corpus.documents)]
    analysis = analyze_codings(codings, segments=segments, codebook=codebook, cases=cases,
                               options=options)
    sources = ([d.source for d in corpus.documents if d.source] if inputs is None
               else as_paths(inputs, "inputs", InputError))
    provenance = build_provenance(
        codebook=codebook, inputs=sorted(dict.fromkeys(str(s) for s in sources)),
        cases=cases_path, unit=corpus.unit, language=language, options=_recorded(options),
        counts={"documents": len(corpus.documents), "segments": len(segments),
                "codings": len(codings)},
        warnings=corpus.warnings, skipped=corpus.skipped,
        interviewer_labels=corpus.interviewer_labels,
    )
    return dataclasses.replace(analysis, provenance=provenance,
                               warnings=(*corpus.warnings, *corpus.skipped))


def analyze(
    paths: str | Path | Sequence[str | Path] | None = None,
    *,
    codebook: Codebook | str | Path | None = None,
    cases: str | Path | None = None,
    unit: str | None = None,
    language: str | None = None,
    options: AnalysisOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> Analysis:
    """Load transcripts, code them with a codebook and compute every table.

    Args:
        paths: Files and folders (one or several); none: the bundled study corpus with its
            cases table.
        codebook: A :class:`Codebook` or a YAML path; none: the bundled study codebook.
        cases: A cases table (CSV/XLSX).
        unit: Segmentation unit; none: the codebook's.
        language: ``id``, ``en`` or ``auto`` for sentence splitting.
        options: What to compute.
        progress: Called with a short label before each step.

    Returns:
        The :class:`Analysis` (write it with :func:`write_results`).

    Raises:
        InputError, CasesError, CodebookError, AnalysisError: As the steps raise them.
    """
    from qualcode.corpus import load_corpus
    from qualcode.resources import default_cases_path, default_corpus_path

    step = progress or (lambda label: None)
    paths = as_paths(paths, "paths", InputError)
    book = resolve_codebook(codebook)
    if not paths:
        paths = [default_corpus_path()]
        if cases is None:
            cases = default_cases_path()
    step("Reading")
    corpus = load_corpus(paths, unit=unit or book.unit, language=language, cases=cases)
    return analyze_corpus(corpus, book, options=options, cases_path=cases, language=language,
                          progress=progress)


def _table_counts(table: pd.DataFrame, segments: pd.DataFrame | None) -> dict[str, int]:
    """The provenance's counts for an analysis of a codings table: its documents and segments
    are the segments table's when there is one (what the percentages divide by, documents
    without codings too), else those the codings name."""
    frame = segments if segments is not None else table
    counts = {"documents": int(frame["document"].nunique())}
    if segments is not None:
        counts["segments"] = len(segments)
    return {**counts, "codings": len(table), "rejected": int(table.attrs.get("rejected", 0))}


def read_inputs(
    codings: str | Path | pd.DataFrame,
    *,
    codebook: Codebook | str | Path | None = None,
    segments: str | Path | pd.DataFrame | None = None,
    status: str | Iterable[str] | None = (),
    source: str | Iterable[str] | None = (),
    coder: str | Iterable[str] | None = (),
) -> tuple[pd.DataFrame, pd.DataFrame | None, Codebook]:
    """Read a saved codings table, and the segments table and codebook when given.

    Rows whose ``status`` is ``rejected`` (project exports; case and spaces do not matter) are
    left out, as ``agree`` and ``evaluate`` leave them out
    (:func:`qualcode.cells.counted_rows`), unless ``status`` asks for them: ``status``,
    ``source`` and ``coder`` keep only the codings with one of the values given of each
    (:func:`qualcode.analysis.selection.selected_rows`; an empty status is accepted), as
    they choose a project's codings. With a segments table, each coding's empty
    ``case``, ``speaker``, ``text``, ``start`` and ``end`` are taken from its segment
    (:func:`qualcode.analysis.inputs.fill_from_segments`), so every output of the analysis
    reads the same codings. The codings table's ``attrs["issues"]`` holds warnings about the
    inputs: a status other than suggested, accepted or rejected (C003), a code the codebook
    lacks (W702), a filter value no coding has (C004); ``attrs["rejected"]`` the number of
    rejected rows left out (of those ``source`` and ``coder`` keep).

    Without a codebook, the codebook returned is the one the whole table implies
    (:func:`qualcode.analysis.codetree.table_codebook`: its codes, ``code_path`` parents and
    ``group`` dimensions), taken before any row is left out: a code or dimension whose
    codings a filter leaves out keeps its row of zeros in the matrices, as with a codebook
    file, instead of vanishing.

    Args:
        codings: A codings CSV/XLSX path (:func:`qualcode.io.codings.read_codings`) or table.
        codebook: A :class:`Codebook` or a YAML path.
        segments: A segments CSV/XLSX path (:func:`qualcode.io.codings.read_segments`) or
            table.
        status: Keep only codings with this status or these (``suggested``, ``accepted``,
            ``rejected``); the table needs a ``status`` column.
        source: Keep only codings from this source or these (``auto``, ``manual``,
            ``imported``).
        coder: Keep only codings by this coder or these; the table needs a ``coder`` column
            with names in it.

    Returns:
        (codings, segments or ``None``, the codebook given or else the table's
        :class:`~qualcode.analysis.codetree.TableCodebook`).

    Raises:
        InputError, CodingsError, CodebookError: If a file is missing or malformed, or a table
            lacks a column it needs (codings: document, segment and code, and the column of
            each filter given; segments: document and segment), or a status or source is
            unknown.
        AnalysisError: If a table is neither a path nor a table.
    """
    from qualcode.analysis.checks import check_table
    from qualcode.analysis.codetree import table_codebook
    from qualcode.analysis.frames import status_issues
    from qualcode.analysis.inputs import fill_from_segments, unknown_code_issues
    from qualcode.analysis.order import require_columns
    from qualcode.analysis.selection import check_selection, selected_rows
    from qualcode.cells import counted_rows, status_values
    from qualcode.io.codings import REQUIRED_CODINGS_COLUMNS, read_codings, read_segments
    from qualcode.origin import ORIGIN

    table = read_codings(codings) if isinstance(codings, str | Path) else codings
    segs = read_segments(segments) if isinstance(segments, str | Path) else segments
    check_table(table, "codings")
    check_table(segs, "segments", optional=True)
    require_columns(table, REQUIRED_CODINGS_COLUMNS)
    if segs is not None:
        require_columns(segs, ("document", "segment"), "segments table")
    selection = check_selection(status, source, coder)
    book = resolve_codebook(codebook) if codebook is not None else None
    warnings = status_issues(table)
    chosen, unmatched = selected_rows(table, selection)
    warnings += unmatched
    if selection.status:  # the rejected codings the source and coder filters keep, left out
        counted = chosen
        chosen, _ = selected_rows(table, dataclasses.replace(selection, status=()))
    else:
        counted = chosen & counted_rows(table)
    rejected = status_values(table) == "rejected"
    if book is not None:
        warnings += unknown_code_issues(table.assign(code=table["code"].where(counted, "")),
                                        book)
    else:  # from every row: which codes and dimensions there are does not depend on a filter
        book = table_codebook(table)
    table = table[counted].reset_index(drop=True)
    table.attrs.pop(ORIGIN, None)  # rows were left out: the lines no longer match
    if segs is not None:
        table = fill_from_segments(table, segs)
    table.attrs["issues"] = tuple(warnings)
    table.attrs["rejected"] = int((chosen & rejected & ~counted).sum())
    return table, segs, book


def analyze_table(
    codings: str | Path | pd.DataFrame,
    *,
    codebook: Codebook | str | Path | None = None,
    segments: str | Path | pd.DataFrame | None = None,
    options: AnalysisOptions | None = None,
    cases: str | Path | None = None,
    status: str | Iterable[str] | None = (),
    source: str | Iterable[str] | None = (),
    coder: str | Iterable[str] | None = (),
) -> Analysis:
    """Analyse a saved codings table (e.g. a colleague's hand coding) without re-coding.

    Rejected codings are left out of every table, the written codings table included: it
    lists the codings the other tables count. The provenance counts the rejected ones
    (``counts["rejected"]``). ``status``, ``source`` and ``coder`` choose the codings as for
    :func:`read_inputs`; the provenance records them (``options["selection"]``).

    Args:
        codings: A codings CSV/XLSX path or a codings table (see :func:`read_inputs`).
        codebook: A :class:`Codebook` or YAML path for order, labels and hierarchy; none: the
            order of first appearance, the ``group`` and ``code_path`` columns of the whole
            table, whatever ``status``, ``source`` and ``coder`` select (see
            :func:`read_inputs`; ``Analysis.codebook`` and the provenance stay without one).
        segments: The segments table (path or table) for corpus order and context.
        options: What to compute.
        cases: The cases table the codings were made with: its order is the order of the
            cases in every table, as ``analyze`` gives it (the segments table holds the cases,
            not that order).
        status: Keep only codings with this status or these (see :func:`read_inputs`).
        source: Keep only codings from this source or these.
        coder: Keep only codings by this coder or these.

    Returns:
        The :class:`Analysis` with its provenance.

    Raises:
        CodingsError: If the table lacks required columns (or the column of a filter given)
            or has bad values, or a status or source is unknown.
        InputError: If the cases table cannot be read.
    """
    from qualcode.io.cases import read_cases
    from qualcode.report.provenance import build_provenance

    inputs = [str(p) for p in (codings, segments) if isinstance(p, str | Path)]
    from qualcode.analysis.selection import check_selection

    selection = check_selection(status, source, coder)
    table, segs, book = read_inputs(codings, codebook=codebook, segments=segments,
                                    status=selection.status, source=selection.source,
                                    coder=selection.coder)
    # a codebook derived from the table orders the tables but is none that was given
    given = None if isinstance(book, TableCodebook) else book
    options = options or AnalysisOptions()
    recorded = _recorded(options)
    if selection:
        recorded["selection"] = selection.as_dict()
    order = None
    if cases is not None:  # the table's cases that the codings or segments hold, in its order
        held = {str(c) for frame in (table, segs) if frame is not None and "case" in frame
                for c in frame["case"].dropna()}
        order = [c.id for c in read_cases(cases) if c.id in held]
    analysis = analyze_codings(table, segments=segs, codebook=book, options=options,
                               cases=order)
    warnings = tuple(table.attrs.get("issues", ()))
    coders = set(text_values(table["coder"])) - {""} if "coder" in table.columns else set()
    units = set(text_values(segs["unit"])) - {""} if segs is not None and \
        "unit" in segs.columns else set()
    provenance = build_provenance(
        codebook=given, inputs=inputs, coders=coders, unit=", ".join(sorted(units)),
        cases=cases, options=recorded, warnings=warnings,
        counts=_table_counts(table, segs),
    )
    return dataclasses.replace(analysis, codebook=given, provenance=provenance,
                               warnings=warnings)
