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

__all__ = ["LoadResult", "expand_paths", "iter_documents", "load_documents"]

# Tables that sit beside transcripts but are not transcripts.
_SIDE_TABLES = frozenset({"cases.csv", "cases.xlsx"})


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Documents read from paths, and what was skipped or warned about."""

    documents: tuple[Document, ...]
    skipped: tuple[Issue, ...]
    warnings: tuple[Issue, ...]


def expand_paths(
    paths: Iterable[str | Path], warnings: list[Issue] | None = None
) -> list[Path]:
    """Expand folders into their supported files (sorted, hidden files and folders skipped).

    Args:
        paths: Files and folders, as given by the user.
        warnings: Receives a warning for each unsupported file found inside a folder.

    Raises:
        InputError: If a path does not exist, or a file named directly has no reader.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith((".", "_")) for part in rel.parts) or not child.is_file():
                    continue
                if child.suffix.lower() in READERS and child.name.lower() not in _SIDE_TABLES:
                    out.append(child)
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


def iter_documents(
    paths: Iterable[str | Path],
    *,
    options: ReadOptions | None = None,
    skip_errors: bool = False,
    skipped: list[Issue] | None = None,
    warnings: list[Issue] | None = None,
    progress: Callable[[Path], None] | None = None,
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

    Raises:
        InputError: For the first unreadable file, unless ``skip_errors``.
    """
    options = options or ReadOptions()
    files = expand_paths(paths, warnings)
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
) -> LoadResult:
    """Read every document from ``paths``.

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
        progress=progress,
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
