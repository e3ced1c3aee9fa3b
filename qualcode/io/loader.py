"""Finding and reading source files: single files and whole folders."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import InputError, Issue, QualcodeError
from qualcode.io.options import MAX_BYTES_ENV, ReadOptions
from qualcode.io.readers import READERS, read_file
from qualcode.io.text import collect_warnings
from qualcode.model import Document
from qualcode.report.files import OUTPUT_MARKER, is_results_folder

__all__ = ["LoadResult", "expand_paths", "iter_documents", "load_documents", "output_table"]

# Tables that sit beside transcripts but are not transcripts.
_SIDE_TABLES = frozenset({"cases.csv", "cases.xlsx"})
# The columns that mark a table qualcode wrote (a codings or segments table), found by its
# header when it sits in an input folder: read as responses it would add one document per row.
_OUTPUT_HEADERS = ({"document", "segment", "code", "coder"}, {"document", "segment", "start",
                                                              "end", "speaker"})


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Documents read from paths, and what was skipped or warned about."""

    documents: tuple[Document, ...]
    skipped: tuple[Issue, ...]
    warnings: tuple[Issue, ...]


def output_table(path: Path) -> str | None:
    """``"codings table"`` or ``"segments table"`` when ``path`` is a CSV or XLSX file whose
    header is one qualcode writes, else ``None``."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            from qualcode.io.csvrows import csv_rows, sniff_dialect

            with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
                first = handle.readline(1 << 16)
            rows = csv_rows(first, path, sniff_dialect(first))
            header = rows[0][1] if rows else []
        elif suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            try:
                cells = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            finally:
                book.close()
            header = [str(c) for c in cells if c is not None]
        else:
            return None
    except (OSError, ValueError, KeyError, IndexError, QualcodeError):
        return None  # the reader says what is wrong with it
    names = {h.strip().casefold() for h in header}
    if _OUTPUT_HEADERS[0] <= names:
        return "codings table"
    if _OUTPUT_HEADERS[1] <= names:
        return "segments table"
    return None


def expand_paths(
    paths: Iterable[str | Path], warnings: list[Issue] | None = None, *,
    exclude: Iterable[str | Path | None] = (),
) -> list[Path]:
    """Expand folders into their supported files (sorted, hidden files and folders skipped).

    Inside folders, the cases tables (``cases.csv``, ``cases.xlsx``), the files in
    ``exclude``, results folders qualcode wrote (they hold ``.qualcode-output``) and the
    codings and segments tables qualcode writes (known by their header, with warning W105) are
    not sources; a file named directly is always read.

    Args:
        paths: Files and folders, as given by the user.
        warnings: Receives a warning for each unsupported file found inside a folder.
        exclude: Files that are not sources even inside an input folder (the cases table
            given, the output being written).

    Raises:
        InputError: If a path does not exist, or a file named directly has no reader.
    """
    skip = {_resolved(p) for p in exclude if p is not None and str(p) != "-"}
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            children = sorted(path.rglob("*"))
            # results folders qualcode wrote inside the input folder: outputs, never sources
            outputs = {c.parent for c in children
                       if c.name in (OUTPUT_MARKER, "provenance.json")
                       and is_results_folder(c.parent)}
            for child in children:
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                if outputs and any(folder in child.parents for folder in outputs):
                    continue  # a results folder qualcode wrote inside the input folder
                if _resolved(child) in skip:
                    continue
                if child.suffix.lower() in READERS and child.name.lower() not in _SIDE_TABLES:
                    kind = output_table(child) if child.suffix.lower() in (".csv", ".xlsx") \
                        else None
                    if kind is None:
                        out.append(child)
                    elif warnings is not None:
                        warnings.append(Issue(
                            "W105", f"skipped a qualcode {kind} in the input folder",
                            path=str(child), severity="warning",
                            hint="it is an output, not a source; name the file itself to "
                            "read it as a response table"))
                elif warnings is not None and child.name.lower() not in _SIDE_TABLES:
                    warnings.append(
                        Issue(
                            "W101",
                            f"skipped unsupported file type {child.suffix or '(no suffix)'!r}",
                            path=str(child),
                            hint=f"supported: {', '.join(READERS)}",
                            severity="warning",
                        )
                    )
        elif path.exists():
            out.append(path)
        else:
            raise InputError(
                "file or folder not found",
                path=path,
                hint="check the path (it is read relative to the current folder)",
            )
    return out


def _resolved(path: str | Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


def iter_documents(
    paths: Iterable[str | Path],
    *,
    options: ReadOptions | None = None,
    skip_errors: bool = False,
    skipped: list[Issue] | None = None,
    warnings: list[Issue] | None = None,
    progress: Callable[[Path], None] | None = None,
    exclude: Iterable[str | Path | None] = (),
) -> Iterator[Document]:
    """Yield documents file by file, so large corpora can be streamed.

    Args:
        paths: Files and folders.
        options: Reader options.
        skip_errors: Record unreadable files in ``skipped`` instead of raising.
        skipped: Receives an issue per skipped file.
        warnings: Receives non-fatal warnings (unsupported files skipped in folders, files that
            are not clean UTF-8).
        progress: Called with each path before it is read.
        exclude: Files inside input folders that are not sources (see :func:`expand_paths`).

    Raises:
        InputError: For the first unreadable file, unless ``skip_errors``.
    """
    options = options or ReadOptions()
    files = expand_paths(paths, warnings, exclude=exclude)
    if not files:
        raise InputError(
            "no supported files found in the input",
            hint=f"give transcripts with one of the suffixes {', '.join(READERS)}",
        )
    for path in files:
        if progress is not None:
            progress(path)
        try:
            size = path.stat().st_size
            if size > options.max_bytes:
                raise InputError(
                    f"the file is {size:,} bytes, over the limit of {options.max_bytes:,}",
                    path=path,
                    hint="split it into smaller files, or raise the limit "
                    f"({MAX_BYTES_ENV}=<bytes>)",
                )
            with collect_warnings() as notes:
                docs = read_file(path, options)
        except QualcodeError as exc:
            if not skip_errors:
                raise
            if skipped is not None:
                skipped.append(
                    Issue("E100", exc.message, path=exc.path or str(path), line=exc.line,
                          hint=exc.hint)
                )
            continue
        if warnings is not None:
            warnings.extend(notes)
        yield from docs


def load_documents(
    paths: Iterable[str | Path],
    *,
    options: ReadOptions | None = None,
    skip_errors: bool = False,
    progress: Callable[[Path], None] | None = None,
    exclude: Iterable[str | Path | None] = (),
) -> LoadResult:
    """Read every document from ``paths`` (``exclude``: see :func:`expand_paths`).

    Raises:
        InputError: If a file cannot be read (unless ``skip_errors``), or two documents share an
            id.
    """
    skipped: list[Issue] = []
    warnings: list[Issue] = []
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for doc in iter_documents(
        paths, options=options, skip_errors=skip_errors, skipped=skipped, warnings=warnings,
        progress=progress, exclude=exclude,
    ):
        if doc.id in seen:
            raise InputError(
                f"two documents have the id {doc.id!r}: {seen[doc.id]} and {doc.source}",
                path=doc.source,
                hint="rename one file or give it a different 'id:' in its front matter",
            )
        seen[doc.id] = doc.source
        documents.append(doc)
    return LoadResult(tuple(documents), tuple(skipped), tuple(warnings))
