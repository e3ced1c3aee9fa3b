"""Finding and reading source files: single files and whole folders."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from qualcode.arguments import as_paths
from qualcode.errors import InputError, Issue, QualcodeError
from qualcode.io.duplicates import duplicate_id_error
from qualcode.io.options import MAX_BYTES_ENV, ReadOptions
from qualcode.io.readers import READERS, read_file
from qualcode.io.text import collect_warnings
from qualcode.model import Document
from qualcode.report.files import CACHE_TAG, OUTPUT_MARKER, is_cache_folder, is_results_folder

__all__ = ["LoadResult", "expand_paths", "iter_documents", "load_documents", "no_sources",
           "output_table"]

# Tables that sit beside transcripts but are not transcripts.
_SIDE_TABLES = frozenset({"cases.csv", "cases.xlsx"})
# Word and Excel keep "~$" + the name (its first letters cut for long names) beside a document
# while it is open: a few bytes naming who opened it, never a document
_OFFICE_OWNER_FILE = "~$"
# The files that may mark a results folder qualcode wrote (see is_results_folder).
_RESULTS_MARKS = frozenset({OUTPUT_MARKER, "provenance.json"})
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
    except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile, QualcodeError):
        return None  # the reader says what is wrong with it
    names = {h.strip().casefold() for h in header}
    if _OUTPUT_HEADERS[0] <= names:
        return "codings table"
    if _OUTPUT_HEADERS[1] <= names:
        return "segments table"
    return None


def expand_paths(
    paths: str | Path | Iterable[str | Path], warnings: list[Issue] | None = None, *,
    exclude: Iterable[str | Path | None] = (),
) -> list[Path]:
    """Expand folders into their supported files (sorted, hidden files and folders skipped,
    links followed).

    Inside folders, the cases tables (``cases.csv``, ``cases.xlsx``), the files and folders
    in ``exclude``, results folders qualcode wrote (they hold ``.qualcode-output``), cache
    folders (they hold ``CACHEDIR.TAG``) and the codings and segments tables qualcode writes
    (known by their header, with warning W105) are not sources; a file named directly is
    always read. A folder that cannot be listed (no
    permission) is returned itself, in its place: reading it raises the error that says why.

    Args:
        paths: Files and folders, as given by the user (one path or several).
        warnings: Receives a warning for each unsupported file found inside a folder, and for
            each folder not read again through a link (W109).
        exclude: Files and folders that are not sources even inside an input folder (the
            cases table given, the output being written, the cache folder).

    Raises:
        InputError: If no path is given, a path does not exist or is not a path, or a file
            named directly has no reader.
    """
    roots = as_paths(paths, "paths", InputError)
    if not roots:
        raise InputError("no files or folders given",
                         hint="pass one path or a list of them, e.g. ['transcripts/']")
    skip = {_resolved(p) for p in exclude if p is not None and str(p) != "-"}
    out: list[Path] = []
    for path in roots:
        if path.is_dir():
            for child, unlisted in _walk(path, warnings, skip):
                if unlisted or _is_source(child, skip, warnings):
                    out.append(child)
        elif path.exists():
            out.append(path)
        else:
            raise InputError(
                "file or folder not found",
                path=path,
                hint="check the path (it is read relative to the current folder)",
            )
    return out


def _walk(root: Path, warnings: list[Issue] | None, skip: set[Path] = frozenset()
          ) -> Iterator[tuple[Path, bool]]:
    """Each file under ``root`` with ``False``, and each folder that cannot be listed with
    ``True``: depth first, names sorted as ``sorted(root.rglob("*"))`` sorts them; hidden names,
    the folders of ``skip`` (resolved paths) inside ``root``, the results folders qualcode
    wrote and cache folders are passed over. Links are followed; a folder reached a second
    time (a link back to a folder holding it, or a second link to one) is not read again, with
    warning W109."""
    read: dict[object, Path] = {}  # each real folder -> the path it was read by
    # (path, is a folder, the real folders holding it); the next one on top
    stack: list[tuple[Path, bool, tuple[object, ...]]] = [(root, True, ())]
    while stack:
        path, is_folder, holders = stack.pop()
        if not is_folder:
            yield path, False
            continue
        if skip and holders and _resolved(path) in skip:
            continue  # a folder named as an input itself is read
        key = _identity(path)
        if key in read:
            _warn(warnings, _read_again(path, read[key], loop=key in holders))
            continue
        read[key] = path
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            yield path, True  # reported when read, like an unreadable file
            continue
        if any(e.name in _RESULTS_MARKS for e in entries) and is_results_folder(path):
            continue  # outputs, never sources
        if any(e.name == CACHE_TAG for e in entries) and is_cache_folder(path):
            continue  # a cache (qualcode's --cache or another program's), never sources
        inside = (*holders, key)
        for entry in reversed(entries):
            kind = None if entry.name.startswith(".") else _kind(entry)
            if kind is not None:
                stack.append((path / entry.name, kind == "folder", inside))


def _identity(folder: Path) -> object:
    """What tells one real folder from another, however it is reached (through links)."""
    try:
        info = folder.stat()
    except OSError:
        return _resolved(folder)
    # some file systems give no inode numbers (0): the resolved path serves instead
    return (info.st_dev, info.st_ino) if info.st_ino else _resolved(folder)


def _read_again(path: Path, first: Path, *, loop: bool) -> Issue:
    """Warning W109 for a folder reached again through a link, which is not read twice."""
    if loop:
        message = f"did not follow a link back to {first}, a folder that holds it (a loop)"
    else:
        message = f"did not read the folder again: it is {first}, read already"
    return Issue("W109", message, path=str(path), severity="warning",
                 hint="each folder is read once; remove the link if it is not meant")


def _kind(entry: os.DirEntry[str]) -> str | None:
    """``"folder"``, ``"file"`` (links followed) or ``None`` (a broken link, a device)."""
    try:
        if entry.is_dir():
            return "folder"
        return "file" if entry.is_file() else None
    except OSError:
        return None


def _is_source(child: Path, skip: set[Path], warnings: list[Issue] | None) -> bool:
    """Whether a file found in an input folder is a source; warns about the files passed over
    that may surprise (unsupported types, W101; qualcode's own tables, W105)."""
    suffix, name = child.suffix.lower(), child.name.lower()
    if name in _SIDE_TABLES or _resolved(child) in skip:
        return False
    if name.startswith(_OFFICE_OWNER_FILE):
        _warn(warnings, Issue(
            "W112", "skipped an Office lock file: its document is open in Word or Excel",
            path=str(child), severity="warning",
            hint=f"save and close {child.name[2:]!r} if it has changes you want read"))
        return False
    if suffix not in READERS:
        shown = child.suffix or "(no suffix)"
        _warn(warnings, Issue("W101", f"skipped unsupported file type {shown!r}",
                              path=str(child), hint=f"supported: {', '.join(READERS)}",
                              severity="warning"))
        return False
    kind = output_table(child) if suffix in (".csv", ".xlsx") else None
    if kind is not None:
        _warn(warnings, Issue("W105", f"skipped a qualcode {kind} in the input folder",
                              path=str(child), severity="warning",
                              hint="it is an output, not a source; name the file itself to "
                              "read it as a response table"))
        return False
    return True


def _warn(warnings: list[Issue] | None, issue: Issue) -> None:
    if warnings is not None:
        warnings.append(issue)


def _resolved(path: str | Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


def iter_documents(
    paths: str | Path | Iterable[str | Path],
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
        paths: Files and folders (one path or several).
        options: Reader options.
        skip_errors: Record unreadable files and folders in ``skipped`` instead of raising.
        skipped: Receives an issue per skipped file.
        warnings: Receives non-fatal warnings (unsupported files skipped in folders, files that
            are not clean UTF-8).
        progress: Called with each path before it is read.
        exclude: Files inside input folders that are not sources (see :func:`expand_paths`).

    Raises:
        InputError: For the first unreadable file or folder, unless ``skip_errors``.
    """
    options = options or ReadOptions()
    found: list[Issue] = []
    files = expand_paths(paths, found, exclude=exclude)
    if warnings is not None:
        warnings.extend(found)
    if not files:
        raise no_sources(paths, found)
    for path in files:
        if progress is not None:
            progress(path)
        try:
            if path.is_dir():  # expand_paths gives the folders it could not list
                raise _unreadable_folder(path)
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
        for doc in docs:
            yield _nfc_id(doc)


def no_sources(paths: str | Path | Iterable[str | Path], passed_over: list[Issue]
               ) -> InputError:
    """The error for input folders without a single source (:func:`expand_paths` found no
    file): which folders, what was in them that is not read, and what to do. (Files named
    directly are always read, so only folders can come to nothing.)

    Args:
        paths: The paths given.
        passed_over: The warnings :func:`expand_paths` gave about them.
    """
    folders = as_paths(paths, "paths", InputError)
    supported = ", ".join(READERS)
    shown = ", ".join(str(f) for f in folders[:3]) + (
        f" and {len(folders) - 3} more" if len(folders) > 3 else "")
    where = f"the folder {shown}" if len(folders) == 1 else f"the folders {shown}"
    unsupported = [i.path for i in passed_over if i.code == "W101"]
    tables = [i.path for i in passed_over if i.code == "W105"]
    if not unsupported and not tables:
        return InputError(
            f"no supported files found in {where}: nothing there to read (hidden files, "
            "cases tables and results folders qualcode wrote are passed over)",
            hint=f"put the transcripts there or give the folder or files that hold them; "
            f"supported suffixes: {supported}")
    kinds = sorted({Path(p or "").suffix.lower() or "(no suffix)" for p in unsupported})
    parts = []
    if unsupported:
        parts.append(f"{len(unsupported)} file(s) of types qualcode does not read "
                     f"({', '.join(kinds)})")
    if tables:
        parts.append(f"{len(tables)} codings or segments table(s) qualcode wrote")
    hint = (f"convert the transcripts to a supported type ({supported}), or give the folder "
            "or files that hold them")
    if tables:
        hint += "; to read a table as responses, name the file itself"
    return InputError(f"no supported files found in {where}: passed over "
                      f"{' and '.join(parts)}", hint=hint)


def _nfc_id(doc: Document) -> Document:
    """``doc`` with its id in NFC, like its text: ids taken from file names keep the form the
    file system gives (NFD from macOS and zip archives), which a cases table's NFC would not
    match."""
    if doc.id.isascii():
        return doc
    return replace(doc, id=unicodedata.normalize("NFC", doc.id))


def _unreadable_folder(folder: Path) -> InputError:
    """The error for a folder of the input that cannot be listed, so none of its files is
    read."""
    try:
        os.scandir(folder).close()
        reason = "it could not be listed"  # it can be now: it changed while being read
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
    return InputError(f"cannot read the folder ({reason})", path=folder,
                      hint="check its permissions; none of the files in it were read")


def load_documents(
    paths: str | Path | Iterable[str | Path],
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
    seen: dict[str, Document] = {}
    for doc in iter_documents(
        paths, options=options, skip_errors=skip_errors, skipped=skipped, warnings=warnings,
        progress=progress, exclude=exclude,
    ):
        if doc.id in seen:
            from qualcode.io.tables import table_row

            first = seen[doc.id]
            raise duplicate_id_error(doc.id, first.source, doc.source,
                                     first_row=table_row(first), second_row=table_row(doc))
        seen[doc.id] = doc
        documents.append(doc)
    return LoadResult(tuple(documents), tuple(skipped), tuple(warnings))
