"""Auto-coding files straight into a codings CSV, one file at a time.

:func:`code_files` is what ``qualcode code`` runs. It never holds the whole corpus: each file is
read, segmented, coded and rendered as CSV rows, and the rows are written before the next file is
read, so memory stays flat however large the corpus. With ``jobs > 1`` files are coded by worker
processes (each with its own copy of the compiled rules) and written in input order, so the
output is the same byte for byte. With a ``cache`` folder, work done before is reused
(:mod:`qualcode.batch.cache`). The bytes equal those of :func:`qualcode.tables.codings_table`
written by :func:`qualcode.report.tabular.write_csv`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from qualcode.arguments import as_paths
from qualcode.batch.worker import (
    FileResult,
    Settings,
    code_file,
    init_worker,
    settings_for,
)
from qualcode.coding.budget import Watchdog
from qualcode.errors import InputError, Issue
from qualcode.io.cases import read_cases
from qualcode.io.duplicates import duplicate_id_error
from qualcode.io.loader import expand_paths, no_sources
from qualcode.io.options import ReadOptions
from qualcode.model import Case, Codebook
from qualcode.report.codings_stream import CodingsCsvWriter, attribute_cells, rewrite
from qualcode.tables import CODINGS_COLUMNS

__all__ = ["CodeSummary", "case_warnings", "code_files"]

_RUN_CHARS = 1 << 20  # rows of several documents written at once: up to this many characters


@dataclass(frozen=True, slots=True)
class CodeSummary:
    """What :func:`code_files` did.

    Attributes:
        documents: Documents coded.
        segments: Segments coded.
        codings: Rows written.
        codes: Distinct codes applied.
        words: Words in the coded segments' texts (whitespace-separated).
        warnings: Non-fatal problems (unsupported files, unknown cases ...), as issues.
        skipped: Files that could not be read (with ``skip_errors``).
        cached: Files whose rows came from the cache.
    """

    documents: int
    segments: int
    codings: int
    codes: int
    words: int
    warnings: tuple[Issue, ...] = ()
    skipped: tuple[Issue, ...] = ()
    cached: int = 0


@dataclass(slots=True)
class _Tally:
    documents: int = 0
    segments: int = 0
    words: int = 0
    cached: int = 0
    codes: set[str] = field(default_factory=set)
    seen: dict[str, str] = field(default_factory=dict)  # document id -> source
    per_doc: list[tuple[str, int]] = field(default_factory=list)  # (case, rows) per run
    cased: list[tuple[str, str]] = field(default_factory=list)  # (document id, case id)
    skipped: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def _results(files: list[Path], settings: Settings, jobs: int,
             progress: Callable[[Path], None] | None) -> Iterator[FileResult]:
    if jobs <= 1 or len(files) <= 1:
        init_worker(settings)
        with Watchdog():  # one time limit per segment for the whole run (entered once)
            for path in files:
                if progress is not None:
                    progress(path)
                yield code_file(path)
        return
    import multiprocessing

    fork = _forks()
    rest = files
    if fork:
        # Code the first file here, so the forked workers start with the compiled rules and
        # the memo of the commonest words instead of each learning them again.
        init_worker(settings)
        if progress is not None:
            progress(files[0])
        yield code_file(files[0])
        rest = files[1:]
    import tempfile

    from qualcode.batch.spool import code_file_spooled, init_spool_worker, unspool

    context = multiprocessing.get_context("fork" if fork else "spawn")
    with contextlib.ExitStack() as stack:
        # the rows come back through temporary files, not the pool's pipe (see batch.spool);
        # without a temporary folder, through the pipe
        try:
            spool: str | None = stack.enter_context(tempfile.TemporaryDirectory(
                prefix="qualcode-rows-", ignore_cleanup_errors=True))
        except OSError:
            spool = None
        pool = stack.enter_context(context.Pool(
            jobs, initializer=init_spool_worker, initargs=(settings, spool)))
        # imap keeps input order; a chunk of one file keeps memory per result small
        for path, result in zip(rest, pool.imap(code_file_spooled, rest, chunksize=1),
                                strict=True):
            if progress is not None:
                progress(path)
            yield unspool(result)


def _forks() -> bool:
    """Whether worker processes are forked (Linux) rather than spawned afresh (macOS and
    Windows, where forking a process that has threads is unsafe or impossible)."""
    return sys.platform == "linux"


def code_files(
    paths: str | Path | Iterable[str | Path],
    codebook: Codebook | str | Path,
    output: str | Path | None = None,
    *,
    unit: str | None = None,
    language: str | None = None,
    cases: str | Path | None = None,
    interviewer_labels: Iterable[str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
    skip_errors: bool = False,
    jobs: int = 1,
    cache: str | Path | None = None,
    progress: Callable[[Path], None] | None = None,
    case_column: str | None = None,
) -> CodeSummary:
    """Auto-code files with ``codebook`` and write the codings table as CSV.

    Args:
        paths: Files and folders, one or several (as :func:`qualcode.corpus.load_corpus`
            takes them).
        codebook: The codebook, or the path of one (YAML).
        output: CSV file to write atomically; ``None`` or ``"-"`` for stdout.
        unit: Segmentation unit (default: the codebook's).
        language: ``id``, ``en`` or ``auto``/``None``.
        cases: A cases table (CSV/XLSX) whose attributes follow the core columns.
        interviewer_labels: Speaker labels of interviewers.
        text_column: For response tables: the text column.
        id_column: For response tables: the document id column.
        sheet: For xlsx response tables: the sheet (default: the first with a text column).
        skip_errors: Skip unreadable files (listed in the summary) instead of failing.
        jobs: Worker processes (1: code in this process).
        cache: Folder of cached results to reuse and update (created if missing).
        progress: Called with each path as its result is written.
        case_column: For response tables: the column with each row's case (default: a column
            named ``case``).

    Returns:
        The :class:`CodeSummary`.

    Raises:
        InputError: If a file cannot be read (unless ``skip_errors``), or two documents share
            an id.
        CasesError: If the cases table is malformed.
        CodebookError: If the codebook file is not valid.
        OutputError: If the output is one of the files read (an input file, the cases table,
            a source file in an input folder), or cannot be written.
    """
    from qualcode.corpus import as_codebook
    from qualcode.report.files import atomic_path, check_not_an_input

    paths = as_paths(paths, "paths", InputError)
    check_not_an_input(output, [*paths, cases,
                                None if isinstance(codebook, Codebook) else codebook])
    codebook = as_codebook(codebook)
    warnings: list[Issue] = []
    files = expand_paths(paths, warnings, exclude=(cases, output, cache))
    if not files:
        raise no_sources(paths, warnings)
    table: tuple[Case, ...] = read_cases(cases) if cases is not None else ()
    settings = settings_for(codebook, unit=unit or codebook.unit, language=language,
                            cases=table, interviewer_labels=interviewer_labels,
                            options=ReadOptions(text_column=text_column, id_column=id_column,
                                                case_column=case_column, sheet=sheet),
                            skip_errors=skip_errors, cache=cache)
    attributes = {c.id: dict(c.attributes) for c in table if c.attributes}
    guess = attribute_cells([c.id for c in table if c.id in attributes], attributes, False,
                            CODINGS_COLUMNS) if attributes else None
    tally = _Tally()
    to_stdout = output is None or str(output) == "-"
    with contextlib.ExitStack() as stack:
        if to_stdout:
            import tempfile

            target = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "codings.csv"
        else:
            target = stack.enter_context(atomic_path(output))  # type: ignore[arg-type]
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = CodingsCsvWriter(handle, CODINGS_COLUMNS, guess)
            results = stack.enter_context(contextlib.closing(
                _results(files, settings, jobs, progress)))
            for result in results:
                _take(result, writer, tally, attributes)
        actual = attribute_cells(list(writer.order), attributes, writer.missing, CODINGS_COLUMNS)
        if writer.needs_rewrite(actual):
            rewrite(target, len(CODINGS_COLUMNS), actual.columns,
                    (cells for case, rows in tally.per_doc for cells in
                     [actual.row_cells(case)] * rows))
        if to_stdout:
            _copy(target, sys.stdout)
    if settings.cache is not None:
        from qualcode.batch.cache import cache_warnings

        tally.warnings = cache_warnings(settings, tally.warnings)
    warnings += tally.warnings + _case_warnings(table, tally)
    return CodeSummary(tally.documents, tally.segments, writer.rows, len(tally.codes),
                       tally.words, tuple(warnings), tuple(tally.skipped), tally.cached)


def _take(result: FileResult, writer: CodingsCsvWriter, tally: _Tally,
          attributes: dict[str, dict]) -> None:
    tally.warnings.extend(result.warnings)
    if result.error is not None:
        issue = result.error
        if not result.skipped:
            raise InputError(issue.message, path=issue.path, line=issue.line, hint=issue.hint)
        tally.skipped.append(issue)
        return
    tally.cached += result.cached
    seen, codes = tally.seen, tally.codes
    # The rows of consecutive documents of one case are contiguous in the block: each such run
    # (up to _RUN_CHARS, so no write encodes a whole large block at once) is written and counted
    # for the rewrite at once, as the documents one by one would be.
    run_case: str | None = None
    run: list[int] = [0, 0, 0, 0]  # span start, span end, first row, last row + 1
    for doc in result.documents:
        doc_id = doc.id
        if doc_id in seen:
            raise duplicate_id_error(doc_id, seen[doc_id], doc.source)
        seen[doc_id] = doc.source
        tally.segments += doc.segments
        tally.words += doc.words
        if doc.codes:
            codes.update(doc.codes)
        if doc.case is not None:
            tally.cased.append((doc_id, doc.case))
        case = doc.case or ""
        if case == run_case and doc.span[1] - run[0] <= _RUN_CHARS:
            run[1], run[3] = doc.span[1], doc.rows[1]
            continue
        if run_case is not None:
            _write_rows(result, writer, tally, attributes, run_case, run)
        run_case, run = case, [*doc.span, *doc.rows]
    tally.documents += len(result.documents)
    if run_case is not None:
        _write_rows(result, writer, tally, attributes, run_case, run)


def _write_rows(result: FileResult, writer: CodingsCsvWriter, tally: _Tally,
                attributes: dict[str, dict], case: str, run: list[int]) -> None:
    """Write the rows of consecutive documents of ``case``: ``run`` holds where they are in
    ``result`` (span start and end in the block, first row, last row + 1)."""
    start, end, first, last = run
    writer.write(case, case in attributes, result.block[start:end],
                 [e - start for e in result.ends[first:last]])
    tally.per_doc.append((case, last - first))


def _case_warnings(table: tuple[Case, ...], tally: _Tally) -> list[Issue]:
    return case_warnings(table, ((d, tally.seen[d], c) for d, c in tally.cased))


def case_warnings(table: Iterable[Case],
                  documents: Iterable[tuple[str, str | None, str | None]]) -> list[Issue]:
    """The warnings :func:`qualcode.io.cases.assign_cases` gives, for the documents read:
    W201 for a document's case the table lacks, W202 for a case no document has.

    Args:
        table: The cases table's rows.
        documents: ``(document id, source, case or None)`` of each document, in order.
    """
    table = tuple(table)
    known = {c.id for c in table}
    used: set[str] = set()
    out: list[Issue] = []
    for doc_id, source, case in documents:
        if case is None:
            continue
        used.add(case)
        if table and case not in known:
            known.add(case)
            out.append(Issue(
                "W201", f"case {case!r} of document {doc_id!r} is not in the cases table",
                path=source or None,
                hint="add a row for it to the cases table, or fix the document's case:",
                severity="warning"))
    for case_row in table:
        if case_row.id not in used:
            out.append(Issue(
                "W202", f"case {case_row.id!r} in the cases table has no document",
                hint="check the spelling of 'case:' in its documents' front matter",
                severity="warning"))
    return out


def _copy(path: Path, stream: TextIO) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        while chunk := handle.read(1 << 20):
            stream.write(chunk)
    stream.flush()
