"""Checks run before a table file is handed to a third-party reader (pandas, openpyxl).

Transcripts go through the readers of :mod:`qualcode.io`, which check sizes and packages
themselves; codings tables, review workbooks and other tables are read with pandas or openpyxl,
which would unpack a zip bomb or read a file of any size. :func:`check_table_file` refuses those
first.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import InputError
from qualcode.io.options import MAX_BYTES_ENV, default_max_bytes

__all__ = ["check_table_file", "damaged_file_errors"]

_PACKAGES = (".xlsx", ".xlsm")


def check_table_file(path: str | Path, *, max_bytes: int | None = None) -> None:
    """Refuse a table file that is missing, too large, or an unsafe Excel package.

    Args:
        path: A ``.csv``, ``.tsv`` or ``.xlsx`` file.
        max_bytes: Size limit (default :func:`~qualcode.io.options.default_max_bytes`).

    Raises:
        InputError: If the file is missing or larger than the limit, or an Excel package fails
            :func:`~qualcode.io.docx.check_zip_package` (zip bombs, unsafe part names, DTDs).
    """
    path = Path(path)
    limit = default_max_bytes() if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputError("file not found", path=path, hint="check the path") from exc
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=path) from exc
    if size > limit:
        raise InputError(
            f"the file is {size:,} bytes, over the limit of {limit:,}", path=path,
            hint=f"split it into smaller files, or raise the limit ({MAX_BYTES_ENV}=<bytes>)",
        )
    if path.suffix.lower() in _PACKAGES:
        from qualcode.io.docx import check_zip_package

        check_zip_package(path, "Excel workbook")


def damaged_file_errors() -> tuple[type[BaseException], ...]:
    """What python-docx, openpyxl and pandas raise on a damaged package, beyond their own
    errors: broken compression, XML that does not parse, XML with unexpected elements or
    attributes (their object builders fail with ``TypeError``/``AttributeError``), and nesting
    deep enough to exhaust the stack. Readers turn these into an :class:`InputError` naming the
    file."""
    import xml.etree.ElementTree as ElementTree
    import xml.parsers.expat
    import zipfile
    import zlib

    from lxml import etree

    return (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError,
            AttributeError, IndexError, NotImplementedError, RecursionError, OSError,
            etree.LxmlError, ElementTree.ParseError, xml.parsers.expat.ExpatError)
