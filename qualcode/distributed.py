"""Coding on a Dask cluster: the per-file work of :mod:`qualcode.stream`, spread over workers.

Files are grouped into partitions in input order; each partition is one task that reads, segments
and codes its files on a worker (the compiled rules are sent to every worker once) and writes its
codings as ``part-NNNNN.parquet`` into the output folder, and its segments, when asked, into a
``segments`` folder beside them. Reading the folder back in file-name order gives the rows of the
single-process engine, in the same order. Input files and the output folder must be on storage
every worker sees (a shared or network file system) when the cluster spans machines.

Parquet holds the core columns of the codings table with their types (texts as written, not
neutralised for spreadsheets; ``segment``, ``start`` and ``end`` as integers); case attributes
stay in the cases table and are joined when the codings are analysed
(:func:`read_codings_parquet`).

Dask and PyArrow are optional (``pip install "qualcode[dask]"``) and imported only here.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.arguments import as_paths
from qualcode.errors import InputError, Issue, QualcodeError
from qualcode.io.duplicates import duplicate_id_error
from qualcode.model import Case, Codebook
from qualcode.stream import CodeSummary, case_warnings
from qualcode.tables import (
    CODINGS_COLUMNS,
    SEGMENTS_COLUMNS,
    document_attributes,
    segment_attributes,
    table_frame,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["analyze_distributed", "code_distributed", "connect", "read_codings_parquet",
           "read_segments_parquet"]

_INTEGER_COLUMNS = ("segment", "start", "end")


def _require() -> None:
    try:
        import dask.distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise QualcodeError(
            f"--engine dask needs Dask and PyArrow ({exc.name} is not installed)",
            hint='install them with: pip install "qualcode[dask]"',
        ) from exc


_TIMEOUT = 20.0  # seconds to reach a scheduler and hear it answer as one


def connect(scheduler: str | None = None, *, timeout: float = _TIMEOUT) -> Any:
    """A ``dask.distributed.Client``: to ``scheduler`` (``tcp://host:8786``), or to a new
    local cluster of one single-threaded worker process per core when ``None``.

    Args:
        scheduler: The scheduler's address.
        timeout: Seconds to reach it and hear it answer as a Dask scheduler.

    Raises:
        QualcodeError: If Dask is not installed, ``scheduler`` is not an address (no port, an
            unknown scheme), cannot be reached, or is not a Dask scheduler (it answers
            otherwise, or not at all, within ``timeout``).
    """
    _require()
    from dask.distributed import Client, LocalCluster

    if scheduler:
        _check_address(scheduler)
        if not scheduler.startswith("inproc://"):
            _probe(scheduler, timeout)
        try:
            return Client(scheduler, timeout=f"{timeout}s")
        except (OSError, TimeoutError) as exc:
            raise QualcodeError(f"cannot reach the Dask scheduler at {scheduler} ({exc})",
                                hint="start it with 'dask scheduler' and check the address "
                                     "and firewall (port 8786)") from exc
    # The scheduler serves HTTP (health, metrics) even without a dashboard, by default on port
    # 8787: here on any free port of this machine only, so a Dask session already on 8787 gives
    # no warning, and no other machine reaches it
    cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False})
    return Client(cluster)


# What reading a reply that is not Dask's protocol raises: a length read from text asks for
# exabytes (MemoryError), msgpack refuses the bytes (ValueError and its kin), a reply of the
# wrong shape (TypeError, KeyError, IndexError, AttributeError).
_GARBAGE = (MemoryError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            EOFError, UnicodeError)


def _probe(scheduler: str, timeout: float) -> None:
    """Connect to ``scheduler`` and ask who it is, all within ``timeout`` seconds.

    ``Client(timeout=...)`` bounds only the TCP connection: a service that accepts it and
    then says nothing (a web server) holds the client for ever, and one that speaks first
    (SSH) has its greeting read as a message length of exabytes. The probe runs in a thread
    of its own, so it also works where an event loop is already running (a notebook).
    """
    import asyncio
    import concurrent.futures

    from distributed.comm import connect as comm_connect
    from distributed.comm.core import CommClosedError

    async def ask() -> Any:
        # the connection attempts end a little before the whole probe, so a port nobody
        # listens on reads as unreachable, not as a silent service
        comm = await comm_connect(scheduler, timeout=timeout * 0.8)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="qualcode-dask-probe")
    try:
        answer: Any = pool.submit(asyncio.run, asyncio.wait_for(ask(), timeout)).result(
            timeout + 5)
    except (OSError, *_GARBAGE) as exc:  # TimeoutError is an OSError
        answer = exc
    finally:
        pool.shutdown(wait=False)
    hint = ("check the address: it should be the one 'dask scheduler' prints "
            "(tcp://host:8786 by default), not a worker's, a dashboard's or another service's")
    if isinstance(answer, TimeoutError):
        raise QualcodeError(f"{scheduler} is not a Dask scheduler (or not answering): it "
                            f"accepted the connection but gave no scheduler's answer within "
                            f"{timeout:g} s", hint=hint)
    if isinstance(answer, OSError) and not isinstance(answer, CommClosedError):  # not TCP
        raise QualcodeError(f"cannot reach the Dask scheduler at {scheduler} ({answer})",
                            hint="start it with 'dask scheduler' and check the address "
                                 "and firewall (port 8786)") from answer
    if isinstance(answer, (CommClosedError, *_GARBAGE)):
        how = ("it closed the connection" if isinstance(answer, CommClosedError)
               else "what it sent is not a Dask message")
        raise QualcodeError(f"{scheduler} is not a Dask scheduler (or not answering): it did "
                            f"not answer in Dask's protocol ({how})", hint=hint) from answer
    if isinstance(answer, BaseException):
        raise answer
    kind = answer.get("type") if isinstance(answer, dict) else None
    if kind != "Scheduler":
        what = f"a Dask {kind.lower()}" if isinstance(kind, str) and kind else "something else"
        raise QualcodeError(f"{scheduler} is not a Dask scheduler: it answers as {what}",
                            hint=hint)


def _check_address(scheduler: str) -> None:
    """Refuse what Dask would not take as a scheduler address, before a client is made (it
    raises a ValueError for some such addresses and an AssertionError for others)."""
    from distributed.comm import get_address_host_port

    if scheduler.startswith("inproc://"):  # in this process: no host or port to check
        return
    try:
        get_address_host_port(scheduler)
    except ValueError as exc:
        raise QualcodeError(f"{scheduler!r} is not a Dask scheduler address ({exc})",
                            hint="give it as tcp://host:port, e.g. tcp://10.0.0.5:8786") from exc


def _partition(task: tuple[int, list[str], str, bool], settings: Any) -> dict[str, Any]:
    """Code one partition's files on a worker; write its Parquet parts; return its summary."""
    import pandas as pd

    from qualcode.batch.worker import (
        code_segments,
        init_worker,
        issue_of,
        read_documents,
        segment_all,
    )
    from qualcode.io.text import count_words
    from qualcode.report.provenance import file_digest

    number, paths, folder, with_segments = task
    init_worker(settings)
    rows: list[list[Any]] = []
    seg_rows: list[list[Any]] = []
    docs: list[list[Any]] = []
    notes: list[Issue] = []
    errors: list[Issue] = []
    inputs: list[tuple[str, str]] = []  # each file read, with its SHA-256 (provenance)
    for name in paths:
        path = Path(name)
        try:
            documents = read_documents(path, settings, notes)
        except QualcodeError as exc:
            errors.append(issue_of(exc, path))
            if not settings.skip_errors:
                break
            continue
        if documents:  # as the local engine records the sources of its documents
            inputs.append((name, file_digest(path)))
        for doc, segments in segment_all(documents, settings):
            _, _, found = code_segments(settings, doc, segments)
            case = doc.case or ""
            for index, code, rule, words in found:
                seg = segments[index]
                rows.append([doc.id, case, index, seg.start, seg.end, seg.speaker or "", code,
                             settings.paths.get(code, code), settings.groups.get(code, ""),
                             settings.codebook.coder, "auto", rule, words, seg.text])
            if with_segments:
                extra = document_attributes(doc)
                seg_rows.extend([doc.id, case, s.index, s.start, s.end, s.speaker or "",
                                 s.interviewer, s.unit, s.text,
                                 json.dumps([dict(s.attributes), extra], default=str)]
                                for s in segments)
            docs.append([doc.id, doc.source, doc.case, len(segments), count_words(doc.text),
                         sorted({f[1] for f in found}), len(found)])
    _write_part(pd.DataFrame(rows, columns=list(CODINGS_COLUMNS)), Path(folder) / "codings",
                number)
    if with_segments:
        _write_part(pd.DataFrame(seg_rows, columns=[*SEGMENTS_COLUMNS, "_attributes"]),
                    Path(folder) / "segments", number)
    return {"documents": docs, "notes": notes, "errors": errors, "inputs": inputs}


def _write_part(frame: pd.DataFrame, folder: Path, number: int) -> None:
    for column in frame.columns:
        if column in _INTEGER_COLUMNS:
            frame[column] = frame[column].astype("int64")
        elif column != "interviewer":
            frame[column] = frame[column].astype("string")
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(folder / f"part-{number:05d}.parquet", index=False)


def code_distributed(
    paths: str | Path | Iterable[str | Path],
    codebook: Codebook | str | Path,
    output: str | Path,
    *,
    unit: str | None = None,
    language: str | None = None,
    cases: str | Path | None = None,
    interviewer_labels: Iterable[str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    skip_errors: bool = False,
    scheduler: str | None = None,
    sheet: str | None = None,
    client: Any = None,
    segments: bool = False,
    partitions: int | None = None,
    case_column: str | None = None,
) -> CodeSummary:
    """Auto-code files on a Dask cluster into a folder of Parquet files.

    ``output`` receives ``codings/part-NNNNN.parquet`` (and ``segments/...`` with
    ``segments=True``); it is replaced as a whole when the run succeeds.

    Args:
        paths: Files and folders (one path or several).
        codebook: The codebook, or the path of one (YAML).
        output: The folder to write (e.g. ``codings.parquet``).
        unit: Segmentation unit (default: the codebook's).
        language: ``id``, ``en`` or ``auto``/``None``.
        cases: A cases table (joins documents to cases; attributes stay in the table).
        interviewer_labels: Speaker labels of interviewers.
        text_column: For response tables: the text column.
        id_column: For response tables: the document id column.
        skip_errors: Skip unreadable files instead of failing.
        scheduler: Scheduler address; none starts a local cluster (ignored with ``client``).
        sheet: For xlsx response tables: the sheet (default: the first with a text column).
        client: An existing ``dask.distributed.Client`` to use.
        segments: Also write the segments table.
        partitions: Number of tasks (default: four per worker thread, at most one per file).
        case_column: For response tables: the column with each row's case (default: a column
            named ``case``).

    Returns:
        The :class:`CodeSummary`.

    Raises:
        QualcodeError: If Dask is missing or the scheduler unreachable.
        InputError: If a file cannot be read (unless ``skip_errors``), or two documents share
            an id.
    """
    return _run(paths, codebook, output, unit=unit, language=language, cases=cases,
                interviewer_labels=interviewer_labels, text_column=text_column,
                id_column=id_column, case_column=case_column, skip_errors=skip_errors,
                scheduler=scheduler, sheet=sheet, client=client, segments=segments,
                partitions=partitions)[0]


def _run(paths: str | Path | Iterable[str | Path], codebook: Codebook | str | Path,
         output: str | Path, *, unit: str | None, language: str | None,
         cases: str | Path | None, interviewer_labels: Iterable[str] | None,
         text_column: str | None, id_column: str | None, case_column: str | None,
         skip_errors: bool,
         scheduler: str | None, sheet: str | None, client: Any, segments: bool,
         partitions: int | None) -> tuple[CodeSummary, list[dict[str, str]]]:
    """:func:`code_distributed`, and the files read with their SHA-256 (computed on the
    workers, where they are read), sorted, as the provenance records inputs."""
    from qualcode.batch.worker import settings_for
    from qualcode.corpus import as_codebook
    from qualcode.io.cases import read_cases
    from qualcode.io.loader import expand_paths, no_sources
    from qualcode.io.options import ReadOptions
    from qualcode.report.files import atomic_directory

    _require()
    codebook = as_codebook(codebook)
    warnings: list[Issue] = []
    given = expand_paths(paths, warnings, exclude=(cases, output))
    # workers are given absolute paths (their working folder is not ours); what they report
    # is shown with the paths as the user gave them, as the local engine shows it
    files = [str(p.resolve()) for p in given]
    shown = dict(zip(files, map(str, given), strict=True))
    if not files:
        raise no_sources(paths, warnings)
    table: tuple[Case, ...] = read_cases(cases) if cases is not None else ()
    settings = settings_for(codebook, unit=unit or codebook.unit, language=language,
                            cases=table, interviewer_labels=interviewer_labels,
                            options=ReadOptions(text_column=text_column, id_column=id_column,
                                                case_column=case_column, sheet=sheet),
                            skip_errors=skip_errors, cache=None)
    own = client is None
    client = connect(scheduler) if own else client
    try:
        threads = max(1, sum(client.nthreads().values()))
        count = min(len(files), partitions or threads * 4)
        size = math.ceil(len(files) / count)
        chunks = [files[i:i + size] for i in range(0, len(files), size)]
        outcome: list[dict[str, Any]] = []

        def build(folder: Path) -> None:
            shared = client.scatter(settings, broadcast=True)
            futures = client.map(_partition, [(i, chunk, str(folder), segments)
                                              for i, chunk in enumerate(chunks)],
                                 settings=shared, pure=False)
            outcome.extend(_shown(part, shown) for part in client.gather(futures))
            _check(outcome, skip_errors)

        atomic_directory(output, build)
    finally:
        if own:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
    inputs = sorted({path: digest for part in outcome for path, digest in part["inputs"]
                     }.items())
    return (_summary(outcome, table, warnings),
            [{"path": path, "sha256": digest} for path, digest in inputs])


def _shown(part: dict[str, Any], shown: dict[str, str]) -> dict[str, Any]:
    """A partition's summary with the paths the workers were given shown as the user gave
    them (documents' sources, warnings, errors, inputs)."""
    def path(name: str | None) -> str | None:
        return shown.get(name, name) if name else name

    def issue(item: Issue) -> Issue:
        return dataclasses.replace(item, path=path(item.path))

    return {"documents": [[doc_id, path(source), *rest]
                          for doc_id, source, *rest in part["documents"]],
            "notes": [issue(i) for i in part["notes"]],
            "errors": [issue(i) for i in part["errors"]],
            "inputs": [(path(name), digest) for name, digest in part["inputs"]]}


def _check(outcome: Sequence[dict[str, Any]], skip_errors: bool) -> None:
    seen: dict[str, str] = {}
    for part in outcome:
        if part["errors"] and not skip_errors:
            issue = part["errors"][0]
            raise InputError(issue.message, path=issue.path, line=issue.line, hint=issue.hint)
        for doc_id, source, *_ in part["documents"]:
            if doc_id in seen:
                raise duplicate_id_error(doc_id, seen[doc_id], source)
            seen[doc_id] = source


def _summary(outcome: Sequence[dict[str, Any]], table: tuple[Case, ...],
             warnings: list[Issue]) -> CodeSummary:
    documents = segments = codings = words = 0
    codes: set[str] = set()
    skipped: list[Issue] = []
    cased: list[tuple[str, str | None, str | None]] = []
    for part in outcome:
        warnings.extend(part["notes"])
        skipped.extend(part["errors"])
        for doc_id, source, case, n_segments, n_words, doc_codes, n_rows in part["documents"]:
            documents += 1
            segments += n_segments
            words += n_words
            codings += n_rows
            codes.update(doc_codes)
            cased.append((doc_id, source, case))
    warnings.extend(case_warnings(table, cased))  # as the local engine gives them
    return CodeSummary(documents, segments, codings, len(codes), words, tuple(warnings),
                       tuple(skipped))


def _parts(folder: str | Path, kind: str) -> pd.DataFrame:
    import pandas as pd

    _require()
    parts = sorted(Path(folder, kind).glob("part-*.parquet"))
    if not parts:
        raise InputError(f"no {kind} found in the Parquet folder", path=folder,
                         hint="write it with: qualcode code --engine dask -o DIR")
    frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    for column in frame.columns:
        if column not in (*_INTEGER_COLUMNS, "interviewer"):
            frame[column] = frame[column].astype(object)
    return frame


def read_segments_parquet(folder: str | Path, *, cases: str | Path | None = None
                          ) -> pd.DataFrame:
    """Read the segments written by :func:`code_distributed` with ``segments=True``, with the
    columns of :func:`qualcode.tables.segments_table` (segment, document and case
    attributes).

    Raises:
        InputError: If the folder holds no segments.
    """
    import pandas as pd

    from qualcode.io.cases import read_cases

    frame = _parts(folder, "segments")
    table = {c.id: c.attributes for c in read_cases(cases)} if cases is not None else {}
    rows = []
    for record in frame.to_dict("records"):
        seg_attrs, doc_attrs = json.loads(record.pop("_attributes"))
        segment_attributes(record, seg_attrs, doc_attrs, table.get(record["case"], {}))
        rows.append(record)
    if not rows:
        return pd.DataFrame(columns=list(SEGMENTS_COLUMNS))
    return table_frame(rows, SEGMENTS_COLUMNS)  # as segments_table builds it


def analyze_distributed(
    paths: str | Path | Iterable[str | Path],
    codebook: Codebook | str | Path,
    *,
    cases: str | Path | None = None,
    unit: str | None = None,
    language: str | None = None,
    options: Any = None,
    interviewer_labels: Iterable[str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    case_column: str | None = None,
    sheet: str | None = None,
    skip_errors: bool = False,
    scheduler: str | None = None,
    client: Any = None,
) -> Any:
    """Code on a Dask cluster, then compute every table from the Parquet codings.

    Takes what :func:`code_distributed` takes (``codebook``: a codebook or the path of one;
    the response-table options ``text_column``, ``id_column``, ``case_column`` and ``sheet``).

    Returns:
        The :class:`qualcode.analysis.bundle.Analysis`, as :func:`qualcode.pipeline.analyze`
        gives it.

    Raises:
        QualcodeError: As :func:`code_distributed` and the analysis raise them.
    """
    import tempfile

    from qualcode.analysis.bundle import AnalysisOptions, analyze_codings
    from qualcode.corpus import as_codebook
    from qualcode.io.cases import read_cases
    from qualcode.report.provenance import build_provenance
    from qualcode.segment import InterviewerMatcher

    inputs = as_paths(paths, "paths", InputError)
    codebook = as_codebook(codebook)
    options = options or AnalysisOptions()
    with tempfile.TemporaryDirectory(prefix="qualcode-parquet-") as tmp:
        folder = Path(tmp) / "codings.parquet"
        summary, read = _run(inputs, codebook, folder, unit=unit, language=language,
                             cases=cases, interviewer_labels=interviewer_labels,
                             text_column=text_column, id_column=id_column,
                             case_column=case_column, skip_errors=skip_errors,
                             scheduler=scheduler, sheet=sheet, client=client, segments=True,
                             partitions=None)
        codings = read_codings_parquet(folder, cases=cases)
        segments = read_segments_parquet(folder, cases=cases)
    used = set(segments["case"]) if len(segments) else set()
    case_ids = [c.id for c in read_cases(cases)] if cases is not None else []
    case_ids += [c for c in dict.fromkeys(segments["case"]) if c and c not in case_ids]
    analysis = analyze_codings(codings, segments=segments, codebook=codebook,
                               cases=[c for c in case_ids if c in used], options=options)
    provenance = build_provenance(
        codebook=codebook, cases=cases, unit=unit or codebook.unit, language=language,
        options=dataclasses.asdict(options),
        counts={"documents": summary.documents, "segments": summary.segments,
                "codings": summary.codings},
        warnings=summary.warnings, skipped=summary.skipped,
        interviewer_labels=InterviewerMatcher.from_labels(interviewer_labels).labels)
    # the files as the workers read them, each with the SHA-256 of the bytes they coded
    provenance["inputs"] = read
    return dataclasses.replace(analysis, provenance=provenance,
                               warnings=(*summary.warnings, *summary.skipped))


def read_codings_parquet(folder: str | Path, *, cases: str | Path | None = None
                         ) -> pd.DataFrame:
    """Read codings written by :func:`code_distributed`, in row order, with case attributes
    from ``cases`` joined as :func:`qualcode.tables.codings_table` adds them.

    Raises:
        InputError: If the folder holds no codings.
    """
    import pandas as pd

    from qualcode.io.cases import read_cases

    frame = _parts(folder, "codings")
    if cases is not None and len(frame):
        attributes = {c.id: dict(c.attributes) for c in read_cases(cases)}
        names: dict[str, None] = {}
        for case in dict.fromkeys(frame["case"]):
            for key in attributes.get(case, {}):
                names.setdefault(key if key not in CODINGS_COLUMNS else f"case_{key}", None)
        for name in names:
            key = name[5:] if name.startswith("case_") and name[5:] in CODINGS_COLUMNS else name
            frame[name] = pd.Series([attributes.get(c, {}).get(key) for c in frame["case"]],
                                    index=frame.index, dtype=object)  # 6 stays 6, not 6.0
    return frame
