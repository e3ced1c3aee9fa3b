"""The reader registry: which function reads which suffix.

Readers are imported lazily so that reading a ``.txt`` never imports python-docx or pypdf.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path

from qualcode.errors import InputError, UnsupportedFormatError
from qualcode.io.options import ReadOptions
from qualcode.model import Document

__all__ = ["READERS", "SUFFIXES", "read_file", "reader_for"]

Reader = Callable[[Path, ReadOptions], list[Document]]

READERS: dict[str, str] = {
    ".txt": "qualcode.io.plaintext:read_plaintext",
    ".md": "qualcode.io.plaintext:read_plaintext",
    ".markdown": "qualcode.io.plaintext:read_plaintext",
    ".docx": "qualcode.io.docx:read_docx",
    ".vtt": "qualcode.io.subtitles:read_vtt",
    ".srt": "qualcode.io.subtitles:read_srt",
    ".csv": "qualcode.io.tables:read_csv_responses",
    ".xlsx": "qualcode.io.tables:read_xlsx_responses",
    ".pdf": "qualcode.io.pdf:read_pdf",
}
SUFFIXES = tuple(READERS)


def reader_for(path: Path) -> Reader:
    """Return the reader function for ``path``'s suffix.

    Raises:
        UnsupportedFormatError: If no reader handles the suffix.
    """
    target = READERS.get(path.suffix.lower())
    if target is None:
        raise UnsupportedFormatError(
            f"unsupported file type {path.suffix or '(no suffix)'!r}",
            path=path,
            hint=f"supported suffixes: {', '.join(SUFFIXES)}",
        )
    module_name, func_name = target.split(":")
    module = importlib.import_module(module_name)
    reader: Reader = getattr(module, func_name)
    return reader


def read_file(path: str | Path, options: ReadOptions | None = None) -> list[Document]:
    """Read one file into documents (response tables give one per row).

    Args:
        path: The file (text or :class:`~pathlib.Path`).
        options: Reader options.

    Raises:
        InputError: If the file cannot be read (see each reader), or ``path`` is not a path.
    """
    if not isinstance(path, str | os.PathLike):
        raise InputError(f"path must be a file, not {type(path).__name__}",
                         hint="pass the file's path, e.g. read_file('transcripts/a.md')")
    path = Path(path)
    return reader_for(path)(path, options or ReadOptions())
