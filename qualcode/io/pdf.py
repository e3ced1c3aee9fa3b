"""Reader for PDF documents (pypdf), best effort."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualcode.errors import InputError
from qualcode.io.options import ReadOptions
from qualcode.io.text import normalise
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


def read_pdf(path: Path, options: ReadOptions) -> list[Document]:
    """Read the text layer of a PDF, best effort.

    Only text the PDF already holds is read: there is no OCR, so scanned pages give nothing, and
    the layout (columns, tables, headers and footers, hyphenation) may be lost or run together.
    An encrypted PDF is read only when it opens without a password. Pages are joined by a blank
    line (each page's trailing white space dropped); the ``pages`` attribute holds the page
    count. Speaker labels (``Name:``) in the text are found by the plain-text turn parser.

    Args:
        path: The ``.pdf`` file.
        options: Reader options (unused).

    Returns:
        One document.

    Raises:
        InputError: If the file is missing, damaged, encrypted, or has no text layer.
    """
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
        pages = [normalise(page.extract_text() or "").rstrip() for page in reader.pages]
    except FileNotFoundError as exc:
        raise InputError("file not found", path=path, hint="check the path") from exc
    except (PyPdfError, DependencyError) as exc:
        raise InputError(f"the PDF cannot be read ({exc})", path=path, hint=hint) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        # pypdf lets these through for some damaged files.
        raise InputError(f"the PDF is damaged ({type(exc).__name__}: {exc})", path=path,
                         hint=hint) from exc
    if not any(page.strip() for page in pages):
        raise InputError(
            "the PDF has no text layer; run OCR first",
            path=path,
            hint="run OCR (e.g. ocrmypdf) on it, or convert it to text yourself",
        )
    return [
        Document(
            id=path.stem,
            text=_PAGE_SEPARATOR.join(pages),
            source=str(path),
            format="pdf",
            attributes=frozen_mapping({"pages": len(pages)}),
        )
    ]
