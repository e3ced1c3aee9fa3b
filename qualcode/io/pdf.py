"""Reader for PDF documents (pypdf), best effort."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qualcode.errors import InputError, Issue
from qualcode.io.options import ReadOptions
from qualcode.io.text import normalise, note
from qualcode.model import Document, frozen_mapping

__all__ = ["read_pdf"]

_PAGE_SEPARATOR = "\n\n"


def _open_without_password(reader: Any) -> bool:
    """Whether an encrypted PDF opens with the empty user password (permissions-only locks)."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError, PdfReadError

    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except (DependencyError, PdfReadError, NotImplementedError):
        return False


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """What pypdf logs while the block runs (what it repaired in a damaged file), kept from
    the terminal: a failed read says why in its error, a repaired one in warning W104."""
    logger = logging.getLogger("pypdf")
    kept = _Kept()
    propagate = logger.propagate
    logger.addHandler(kept)
    logger.propagate = False
    try:
        yield kept.messages
    finally:
        logger.removeHandler(kept)
        logger.propagate = propagate


def read_pdf(path: Path, options: ReadOptions) -> list[Document]:
    """Read the text layer of a PDF, best effort.

    Only text the PDF already holds is read: there is no OCR, so scanned pages give nothing, and
    the layout (columns, tables, headers and footers, hyphenation) may be lost or run together.
    An encrypted PDF is read only when it opens without a password. Pages are joined by a blank
    line (each page's trailing white space dropped); the ``pages`` attribute holds the page
    count. A page that gives no text (a scanned image among pages with text) stays empty and is
    named in warning W111. Speaker labels (``Name:``) in the text are found by the plain-text
    turn parser.

    Args:
        path: The ``.pdf`` file.
        options: Reader options (unused).

    Returns:
        One document.

    Raises:
        InputError: If the file is missing, unreadable, damaged, encrypted, or has no text
            layer.
    """
    with _pypdf_messages() as messages:
        pages = _pages(path)
    if messages:
        note(Issue("W104", f"the PDF reader worked around {len(messages)} problem(s) in the "
                   f"file (the first: {messages[0]})",
                   path=str(path), severity="warning",
                   hint="check the text read from it, or re-export the PDF"))
    empty = [number for number, page in enumerate(pages, start=1) if not page.strip()]
    if len(empty) == len(pages):
        raise InputError(
            "the PDF has no text layer; run OCR first",
            path=path,
            hint="run OCR (e.g. ocrmypdf) on it, or convert it to text yourself",
        )
    if empty:
        _note_pages_without_text(path, empty, len(pages))
    return [
        Document(
            id=path.stem,
            text=_PAGE_SEPARATOR.join(pages),
            source=str(path),
            format="pdf",
            attributes=frozen_mapping({"pages": len(pages)}),
        )
    ]


def _note_pages_without_text(path: Path, empty: list[int], count: int) -> None:
    """Warn (W111) about pages that gave no text: a scanned page among pages with text would
    otherwise be missing from the document without a word."""
    if len(empty) == 1:
        what = f"1 of {count} pages has no text layer (a scanned image, or a blank page)"
    else:
        what = (f"{len(empty)} of {count} pages have no text layer (scanned images, or blank "
                "pages)")
    note(Issue(
        "W111", f"{what}: no text was read from {'it' if len(empty) == 1 else 'them'}",
        path=str(path), where=_page_list(empty), severity="warning",
        hint="run OCR on the PDF (e.g. ocrmypdf --skip-text, which leaves the pages that have "
        "text as they are) and read it again; nothing is missing where a page is blank",
    ))


def _page_list(numbers: list[int]) -> str:
    """``page 2``, ``pages 2, 5-7`` (``numbers`` ascending)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    shown = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
    return ("page " if len(numbers) == 1 else "pages ") + shown


def _pages(path: Path) -> list[str]:
    """The text of each page (trailing white space dropped)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    hint = "re-export it as PDF, or convert it to text (.txt) yourself"
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not _open_without_password(reader):
            raise InputError(
                "the PDF is encrypted (password-protected)",
                path=path,
                hint="save an unprotected copy (or export its text) and read that instead",
            )
        return [normalise(page.extract_text() or "").rstrip() for page in reader.pages]
    except FileNotFoundError as exc:
        raise InputError("file not found", path=path, hint="check the path") from exc
    except OSError as exc:  # no permission, a read error of the disk
        raise InputError(
            f"cannot read the file ({exc.strerror})", path=path, hint="check its permissions"
        ) from exc
    except (PyPdfError, DependencyError) as exc:
        raise InputError(f"the PDF cannot be read ({exc})", path=path, hint=hint) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        # pypdf lets these through for some damaged files.
        raise InputError(f"the PDF is damaged ({type(exc).__name__}: {exc})", path=path,
                         hint=hint) from exc
