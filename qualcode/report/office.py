"""Saving workbooks and Word documents: the one way every ``.xlsx`` and ``.docx`` is written.

openpyxl and python-docx date a file with the moment of writing (its document properties and
every entry of its zip archive) and sign it with their own names (python-docx also with its
template's 2013 date). Saved here instead, a file is written atomically, carries qualcode as its
author and the run's date as its created and modified dates, and its zip entries are dated
1980-01-01: the same content gives the same bytes, and with ``SOURCE_DATE_EPOCH`` set two runs
write identical files. Every text cell of a workbook saved here holds its text as text, never
as a formula (:func:`qualcode.report.safety.keep_text`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from qualcode.report.files import atomic_path
from qualcode.report.provenance import source_date
from qualcode.report.safety import keep_text

__all__ = ["AUTHOR", "office_date", "save_document", "save_workbook", "stable_zip"]

AUTHOR = "qualcode"
"""The author and last editor written into every workbook and Word document."""

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry


def _naive_utc(stamp: object) -> _dt.datetime | None:
    """An ISO 8601 timestamp as a naive UTC datetime (as Office properties take it), or
    ``None`` when it is missing or not a timestamp."""
    if not stamp:
        return None
    try:
        when = _dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(_dt.UTC).replace(tzinfo=None)
    return when.replace(microsecond=0)


def office_date(provenance: Mapping[str, Any] | None = None) -> _dt.datetime:
    """The date a workbook or Word document carries as created and modified.

    Args:
        provenance: The run's provenance; its ``created`` is the run's date.

    Returns:
        The provenance's ``created``, else ``$SOURCE_DATE_EPOCH`` (see
        :func:`qualcode.report.provenance.source_date`), else now; naive UTC, to the second.
    """
    when = _naive_utc((provenance or {}).get("created")) or _naive_utc(source_date())
    if when is None:
        when = _dt.datetime.now(_dt.UTC).replace(microsecond=0, tzinfo=None)
    return when


def stable_zip(path: Path, modified: _dt.datetime | None = None) -> None:
    """Rewrite the zip file ``path`` (a workbook or Word document just saved) with every entry
    dated 1980-01-01, in the same order and compression.

    Args:
        path: The file.
        modified: The Office document's last-modified property (openpyxl sets it to the
            moment of saving, whatever it was given).
    """
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii") if modified else None
    with zipfile.ZipFile(path, "w") as out:
        for info, data in entries:
            if stamp is not None and info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              lambda m: m.group(1) + stamp + m.group(2), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            out.writestr(fixed, data)


def _save(target: str | Path, save: Callable[[Path], None], when: _dt.datetime) -> Path:
    with atomic_path(target) as tmp:
        save(tmp)
        stable_zip(tmp, when)
    return Path(target)


def save_workbook(book: Any, target: str | Path, *,
                  provenance: Mapping[str, Any] | None = None, title: str = "") -> Path:
    """Save an openpyxl workbook to ``target``, atomically and reproducibly.

    Every cell that holds text is made to hold it as text (:func:`keep_text`): openpyxl would
    save a text starting with ``=`` as a formula, and qualcode writes no formulas. A write-only
    workbook has written its rows already, so its writer calls :func:`keep_text` on each cell
    whose text needs it (:func:`qualcode.report.safety.needs_quote_prefix`).

    Args:
        book: The ``openpyxl.Workbook`` (write-only ones too).
        target: The ``.xlsx`` file.
        provenance: The run's provenance, for the document dates (see :func:`office_date`).
        title: The document title property.

    Returns:
        ``target``.

    Raises:
        OutputError: If the file cannot be written.
    """
    when = office_date(provenance)
    if not book.write_only:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    keep_text(cell)
    properties = book.properties
    properties.creator = properties.lastModifiedBy = AUTHOR
    properties.title = title or None
    properties.created = properties.modified = when
    return _save(target, lambda tmp: book.save(tmp), when)


def save_document(document: Any, target: str | Path, *,
                  provenance: Mapping[str, Any] | None = None, title: str = "") -> Path:
    """Save a python-docx document to ``target``, atomically and reproducibly.

    Args:
        document: The ``docx.Document``.
        target: The ``.docx`` file.
        provenance: The run's provenance, for the document dates (see :func:`office_date`).
        title: The document title property.

    Returns:
        ``target``.

    Raises:
        OutputError: If the file cannot be written.
    """
    when = office_date(provenance)
    properties = document.core_properties  # else the template's (python-docx, 2013)
    properties.author = properties.last_modified_by = AUTHOR
    properties.comments = ""
    properties.title = title
    properties.created = properties.modified = when
    return _save(target, lambda tmp: document.save(str(tmp)), when)
