"""Coding one file into rendered codings rows: the unit of work of :mod:`qualcode.stream`.

A worker process receives the :class:`Settings` once (with the codebook, compiled on first need,
so a run served from the cache never compiles it) and then file paths; for each it returns a
:class:`FileResult`: the rows as CSV text plus what the caller needs for checks and the summary.
Results are plain data, so they pickle cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from qualcode.coding.matcher import Matcher, Scan, compile_codebook
from qualcode.errors import Issue, QualcodeError
from qualcode.io.options import ReadOptions
from qualcode.io.text import count_words
from qualcode.model import Case, Codebook, Document, Segment, frozen_mapping
from qualcode.report.codings_stream import render_cell
from qualcode.report.safety import safe_cell
from qualcode.segment import InterviewerMatcher, segment_document

__all__ = ["DocResult", "FileResult", "Settings", "code_file", "init_worker", "settings_for"]


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs to code a file (picklable)."""

    codebook: Codebook
    unit: str
    language: str | None
    interviewer: InterviewerMatcher
    options: ReadOptions
    paths: dict[str, str]  # code id -> code path
    groups: dict[str, str]  # code id -> dimension
    by_document: dict[str, str]  # document id -> case id, from the cases table
    skip_errors: bool
    cache: str | None
    fingerprint: str  # hash of everything above that changes rows (for the file cache)
    code_hashes: dict[str, str]  # code id -> hash of its rules (for the document cache)
    cache_unwritable: str = ""  # why nothing can be saved in the cache ("": it can)


@dataclass(frozen=True, slots=True)
class DocResult:
    """One document's share of a :class:`FileResult`.

    Attributes:
        id: Document id.
        source: Its file.
        case: Its case id (front matter, else the cases table), or ``None``.
        segments: Number of segments.
        words: Whitespace-separated words of its text.
        codes: Codes applied at least once.
        span: ``(start, end)`` of its rows in :attr:`FileResult.block`.
        rows: ``(first, last + 1)`` indexes of its rows in :attr:`FileResult.ends`.
    """

    id: str
    source: str
    case: str | None
    segments: int
    words: int
    codes: tuple[str, ...]
    span: tuple[int, int]
    rows: tuple[int, int]


@dataclass(frozen=True, slots=True)
class FileResult:
    """The rendered rows of one file, or why it could not be read.

    Attributes:
        documents: Its documents in order.
        block: Their rows as CSV text (core columns, no case attributes).
        ends: Offset one past each row's newline in :attr:`block`.
        error: The reading error, if any.
        skipped: Whether the error is to be reported as a skipped file (not raised).
        cached: 1 when the rows came from the cache.
        warnings: Cache entries that could not be used, and similar.
        spooled: The temporary file holding :attr:`block` while it travels from a worker
            process (:mod:`qualcode.batch.spool`); empty otherwise.
    """

    documents: tuple[DocResult, ...] = ()
    block: str = ""
    ends: tuple[int, ...] = ()
    error: Issue | None = None
    skipped: bool = False
    cached: int = 0
    warnings: tuple[Issue, ...] = ()
    spooled: str = ""


_SETTINGS: list[Settings] = []
_MATCHERS: dict[str, Matcher] = {}  # fingerprint -> compiled rules, once per process


def matcher_of(settings: Settings) -> Matcher:
    """The compiled rules of the settings' codebook (compiled once per process)."""
    found = _MATCHERS.get(settings.fingerprint)
    if found is None:
        _MATCHERS.clear()
        found = _MATCHERS[settings.fingerprint] = compile_codebook(settings.codebook)
    return found


def settings_for(codebook: Codebook, *, unit: str, language: str | None, cases: Iterable[Case],
                 interviewer_labels: Iterable[str] | None, options: ReadOptions,
                 skip_errors: bool, cache: str | Path | None) -> Settings:
    """Gather the settings of a run (the cache folder, when given, is created here, and
    whether it can be written is found out once: see
    :func:`qualcode.batch.cache.unwritable`).

    Raises:
        OutputError: If the cache folder is a file or cannot be created.
    """
    from qualcode.batch.cache import code_hashes, fingerprint, open_cache, unwritable
    from qualcode.io.cases import case_by_document

    by_document = case_by_document(cases)
    paths = {c.id: "/".join(codebook.path_of(c.id)) for c in codebook.codes}
    groups = {c.id: codebook.dimension_of(c.id) or "" for c in codebook.codes}
    interviewer = InterviewerMatcher.from_labels(interviewer_labels)
    language = None if language in (None, "", "auto") else language
    root = open_cache(cache) if cache else None
    return Settings(codebook, unit, language, interviewer, options, paths,
                    groups, by_document, skip_errors, str(root) if root else None,
                    fingerprint(codebook, unit, language, interviewer.labels, options,
                                by_document), code_hashes(codebook),
                    unwritable(root) if root else "")


def init_worker(settings: Settings) -> None:
    """Install the settings in this process."""
    _SETTINGS[:] = [settings]


def init_pool_worker(settings: Settings) -> None:
    """Pool initializer: install the settings, the worker's signal handling
    (:func:`worker_signals`) and a per-segment time limit kept for the worker's life (entered
    once, not per document)."""
    from qualcode.coding.budget import Watchdog

    worker_signals()
    init_worker(settings)
    Watchdog().__enter__()  # held until the worker process ends


def worker_signals() -> None:
    """Let the writing process alone handle stopping: a worker ignores Ctrl-C (the terminal
    sends it to every process of the run) and ends quietly on ``SIGTERM``/``SIGHUP`` (how
    the pool stops its workers), instead of running handlers it inherited from the command
    line, which printed a traceback when the pool shut down."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def issue_of(exc: QualcodeError, path: Path) -> Issue:
    """The skipped-file issue of a reading error (as the loader records it)."""
    return Issue("E100", exc.message, path=exc.path or str(path), line=exc.line, hint=exc.hint)


def read_documents(path: Path, settings: Settings, notes: list[Issue]) -> list[Document]:
    """Read a file's documents as the loader does (size limit, decoding warnings).

    Args:
        path: The file.
        settings: The run's settings.
        notes: Receives the loader's warnings for the file.

    Raises:
        InputError: If the file is too large or cannot be read.
    """
    from qualcode.io.loader import iter_documents

    return list(iter_documents([path], options=settings.options, warnings=notes))


def code_file(path: Path) -> FileResult:
    """Read, segment and code one file with the installed settings."""
    settings = _SETTINGS[0]
    if settings.cache is not None:
        from qualcode.batch.cache import code_file_cached

        return code_file_cached(path, settings)
    notes: list[Issue] = []
    try:
        documents = read_documents(path, settings, notes)
    except QualcodeError as exc:
        return FileResult(error=issue_of(exc, path), skipped=settings.skip_errors,
                          warnings=tuple(notes))
    segmented = segment_all(documents, settings)
    # The regex scanner reads the segments of every document of the file before any is
    # matched, as it reads a document's: a table of short answers is thousands of documents.
    scans = iter(matcher_of(settings).prescan(
        [(seg.text, seg.interviewer) for _, segments in segmented for seg in segments]))
    return render_file(settings, [
        code_segments(settings, d, s, [next(scans) for _ in s]) for d, s in segmented], notes)


def segment_all(documents: list[Document], settings: Settings
                ) -> list[tuple[Document, tuple[Segment, ...]]]:
    """Each document with its segments (cases from the table joined first)."""
    out = []
    for doc in documents:
        if doc.id in settings.by_document and doc.case is None:
            attrs = dict(doc.attributes)
            attrs["case"] = settings.by_document[doc.id]
            doc = Document(doc.id, doc.text, doc.source, doc.format, frozen_mapping(attrs),
                           doc.turns, doc.offset)
        out.append((doc, segment_document(doc, settings.unit, language=settings.language,
                                          is_interviewer=settings.interviewer)))
    return out


Found = list[tuple[int, str, str, str]]  # (segment index, code, rule, match)


def code_segments(settings: Settings, doc: Document, segments: tuple[Segment, ...],
                  scans: list[Scan] | None = None
                  ) -> tuple[Document, tuple[Segment, ...], Found]:
    """Code one document's segments: ``(segment, code, rule, match)`` in output order
    (``scans``: their reports from :meth:`~qualcode.coding.matcher.Matcher.prescan`, if made).

    Raises:
        CodebookError: If a segment runs over its time limit
            (:func:`qualcode.coding.engine.code_document`).
    """
    from qualcode.coding.engine import match_segments

    found = match_segments(matcher_of(settings), doc, segments, codebook=settings.codebook,
                           scans=scans)
    return doc, segments, [(segments[k].index, m.code, m.rule, m.match) for k, m in found]


def render_file(settings: Settings, coded: list[tuple[Document, tuple[Segment, ...], Found]],
                notes: list[Issue]) -> FileResult:
    """Render coded documents into a :class:`FileResult` (``notes``: the file's warnings)."""
    def cell(value: str) -> str:
        return render_cell(safe_cell(value))

    tail = "," + cell(settings.codebook.coder) + ",auto,"
    paths, groups = settings.paths, settings.groups
    lines: list[str] = []
    ends: list[int] = []
    # Per document: (document, case, segments, first row, last row + 1, codes applied).
    spans: list[tuple[Document, str | None, int, int, int, tuple[str, ...]]] = []
    # The cells of the codings table (CODINGS_COLUMNS) rendered as the csv module would;
    # cells that repeat are rendered once.
    code_cells: dict[str, str] = {}
    rule_cells: dict[str, str] = {}
    case_cells: dict[str, str] = {}
    speakers: dict[str, str] = {}
    texts: dict[int, str] = {}
    words_cells: dict[str, str] = {}
    offset = 0
    for doc, segments, found in coded:
        first = len(lines)
        case = doc.case
        if not found:  # nothing to render (many short answers of a response table)
            spans.append((doc, case, len(segments), first, first, ()))
            continue
        said_case = case_cells.get(case or "")
        if said_case is None:
            said_case = cell(case or "")
            if len(case_cells) < 100_000:
                case_cells[case or ""] = said_case
        head = cell(doc.id) + "," + said_case + ","
        texts.clear()
        for index, code, rule, words in found:
            seg = segments[index]
            middle = code_cells.get(code)
            if middle is None:
                middle = code_cells[code] = ",".join(
                    (cell(code), cell(paths.get(code, code)), cell(groups.get(code, ""))))
            speaker = seg.speaker or ""
            said = speakers.get(speaker)
            if said is None:
                said = speakers[speaker] = cell(speaker)
            text = texts.get(index)
            if text is None:
                text = texts[index] = cell(seg.text)
            matched = words_cells.get(words)
            if matched is None:
                matched = cell(words)
                if len(words_cells) < 100_000:
                    words_cells[words] = matched
            ruled = rule_cells.get(rule)
            if ruled is None:
                ruled = rule_cells[rule] = cell(rule)
            line = (f"{head}{index},{seg.start},{seg.end},{said},{middle}{tail}"
                    f"{ruled},{matched},{text}\n")
            lines.append(line)
            offset += len(line)
            ends.append(offset)
        spans.append((doc, case, len(segments), first, len(lines),
                      tuple(dict.fromkeys(f[1] for f in found))))
    block = "".join(lines)
    docs = []
    for doc, case, count, first, last, codes in spans:
        start = ends[first - 1] if first else 0
        end = ends[last - 1] if last else 0
        docs.append(DocResult(doc.id, doc.source, case, count, count_words(doc.text), codes,
                              (start, end), (first, last)))
    return FileResult(tuple(docs), block, tuple(ends), warnings=tuple(notes))
