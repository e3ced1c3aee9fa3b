"""Readers for response tables (``.csv``, ``.xlsx``): one document per row.

Open-ended survey answers and similar data come as a table with one response per row. The text
column becomes the document text, an id column (or ``<file stem>-<row>``) its id, and the other
columns its attributes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from qualcode.errors import InputError, Issue
from qualcode.io.cells import blank
from qualcode.io.csvrows import check_widths, csv_rows, declared_delimiter, response_dialect
from qualcode.io.options import ReadOptions
from qualcode.io.surveys import extra_header_rows
from qualcode.io.tablecolumns import (
    TEXT_COLUMNS,
    TableRecords,
    attribute_columns,
    column_names,
    default_id_column,
    find_case_column,
    find_column,
    find_text_column,
    id_string,
    row_attribute_name,
)
from qualcode.io.text import normalise, note, read_text_file
from qualcode.model import TABLE_FORMATS, Document, FrozenMap

__all__ = ["TEXT_COLUMNS", "read_csv_responses", "read_xlsx_responses", "table_row",
           "typed_text", "xlsx_rows", "xlsx_sheet_rows"]

_INT = re.compile(r"-?(?:0|[1-9]\d*)")
_FLOAT = re.compile(r"-?(?:0|[1-9]\d*)\.\d+")
_VALUE_MEMO = 10_000  # distinct attribute cell texts remembered per table
_ROW_NAME = re.compile(r"row|table_row(?:_\d+)?")


def _csv_records(path: Path, max_bytes: int | None = None) -> TableRecords:
    text = read_text_file(path, max_bytes=max_bytes).text
    declared = declared_delimiter(text)
    if declared is None:
        dialect = response_dialect(text)
        records = csv_rows(text, path, dialect)
    else:
        text, dialect = declared
        records = csv_rows(text, path, dialect)[1:]  # the sep= line
    if not records:
        raise InputError("the table is empty", path=path, hint="add a header row and data rows")
    check_widths(records, path, dialect.delimiter)
    rows = [cells for _, cells in records]
    first = 2 + extra_header_rows(rows[:3])
    return TableRecords(rows[0], list(enumerate(rows[first - 1:], start=first)),
                    [line for line, _ in records])


def _xlsx_records(path: Path, sheet: str | None = None, *,
                  responses: ReadOptions | None = None) -> TableRecords:
    """The sheet's records; ``responses``: the options of a response table, whose sheet is
    chosen by its text column when ``sheet`` is not given."""
    from qualcode.io.workbooks import read_sheet

    names = None
    if responses is not None:
        text_column = responses.text_column
        names = (text_column,) if text_column is not None else TEXT_COLUMNS
    read = read_sheet(path, sheet, text_names=names, options=responses)
    rows = read.rows
    if not rows or all(blank(v) for v in rows[0]):
        raise InputError(
            f"the sheet {read.title!r} is empty or its first row (the header) is blank",
            path=path,
            line=1,
            hint="put the column names in the first row",
        )
    header = ["" if v is None else str(v) for v in rows[0]]
    first = 2 + extra_header_rows(rows[:3])
    return TableRecords(header, list(enumerate(rows[first - 1:], start=first)), None, read.title,
                    read.names, read.merged)


def xlsx_rows(path: str | Path, sheet: str | None = None) -> tuple[list[str], list[list[Any]]]:
    """Read a worksheet as a header and data rows (blank rows left out; a merged range's value
    given to the empty cells below it in its first column, in every column; escapes decoded as
    in :func:`read_xlsx_responses`).

    Args:
        path: The ``.xlsx`` workbook.
        sheet: The sheet name (default: the first sheet).

    Returns:
        The header cells as strings and each non-blank row's values (``None`` for empty cells).

    Raises:
        InputError: If the workbook cannot be read, or the sheet is missing or empty.
    """
    header, rows = xlsx_sheet_rows(path, sheet)
    return header, [row for _, row in rows]


def xlsx_sheet_rows(path: str | Path, sheet: str | None = None, *,
                    unfilled: Callable[[list[str]], Collection[int]] | None = None
                    ) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Read a worksheet as a header and numbered data rows (blank rows left out): see
    :func:`xlsx_rows`.

    Args:
        path: The ``.xlsx`` workbook.
        sheet: The sheet name (default: the first sheet).
        unfilled: Header cells -> the (0-based) columns whose merged ranges are not filled, such
            as an id column.

    Returns:
        The header cells as strings and ``(sheet row, values)`` for each non-blank row.
    """
    records = _xlsx_records(Path(path), sheet)
    skip = () if unfilled is None else unfilled(records.header)
    records.fill_merged(lambda column: column not in skip)
    header, rows = records.header, records.rows
    return header, [(number, row) for number, row in rows if not all(blank(v) for v in row)]


def typed_text(text: str) -> int | float | str:
    """A cell's text as an attribute value: a whole number or a decimal written as Python
    prints it becomes a number; any other text stays as written, so a postcode ``01234``, an
    id ``007``, a wave ``1.10``, ``1e5`` or ``nan`` keep their form.

    Args:
        text: The cell, stripped.
    """
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text) and repr(float(text)) == text:
        return float(text)
    return text


def _value(value: Any) -> Any:
    """Cell value as an attribute: clean numbers become numbers, dates ISO strings."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return typed_text(normalise(str(value)).strip())


def table_row(doc: Document) -> int | None:
    """The spreadsheet row a document read from a response table comes from, else ``None``.

    The readers add the row as the last attribute (``row``, or ``table_row``... when the table
    has a column of that name).
    """
    if doc.format not in TABLE_FORMATS or not doc.attributes:
        return None
    name = list(doc.attributes)[-1]
    value = doc.attributes[name]
    if _ROW_NAME.fullmatch(name) and type(value) is int:
        return value
    return None


def _documents(records: TableRecords, path: Path, options: ReadOptions, fmt: str) -> list[Document]:
    header, rows = records.header, records.rows
    names = column_names(header, rows, path, records.line(1))
    text_index = find_text_column(names, options, path, records)
    case_index = find_case_column(names, options, text_index, path, records)
    if options.id_column is not None:
        id_index = find_column(names, options.id_column, path, options, "id_column", records)
        records.fill_merged(lambda column: column not in (text_index, id_index))
    else:
        id_index = default_id_column(names, records, text_index, path, options)
    # The attribute columns, and their cell values by cell text: columns such as a group or a
    # class repeat a few values over many rows, each is converted once.
    columns = attribute_columns(names, text_index, id_index, case_index)
    values: dict[str, Any] = {}
    row_attribute = row_attribute_name(names)
    width = len(names)
    source = str(path)
    documents: list[Document] = []
    seen: dict[str, int] = {}
    empty: list[int] = []
    for row_number, row in rows:
        cells = row if len(row) >= width else list(row) + [None] * (width - len(row))
        raw_text = cells[text_index]
        text = "" if raw_text is None else normalise(str(raw_text)).strip()
        if not text:
            if any(not blank(c) for c in cells):
                empty.append(records.line(row_number))
            continue
        if id_index is not None:
            doc_id = id_string(cells[id_index])
            if not doc_id:
                raise InputError(
                    f"the id column {names[id_index]!r} is empty in this row",
                    path=path,
                    line=records.line(row_number),
                    hint="give every row with text an id",
                )
        else:
            doc_id = f"{path.stem}-{row_number}"
        if doc_id in seen:
            line = records.line(row_number)
            raise InputError(
                f"the id {doc_id!r} appears twice ({records.unit}s {seen[doc_id]} and {line})",
                path=path,
                line=line,
                hint="make the ids in the id column unique",
            )
        seen[doc_id] = records.line(row_number)
        attributes: dict[str, Any] = {}
        for i, name in columns:
            cell = cells[i]
            if i == case_index:  # a case id, as ids are read: 7.0 is case "7"
                attributes[name] = id_string(cell)
                continue
            if type(cell) is str:
                value = values.get(cell)
                if value is None:
                    value = _value(cell)
                    if len(values) < _VALUE_MEMO:
                        values[cell] = value
            else:
                value = _value(cell)
            attributes[name] = value
        attributes[row_attribute] = row_number
        # A fresh dict no one else holds: wrapped read-only as frozen_mapping would copy it.
        documents.append(Document(doc_id, text, source, fmt, FrozenMap.adopt(attributes)))
    if empty and documents:
        note(Issue("W108", f"{len(empty)} row(s) have no text in the column "
                   f"{names[text_index]!r} and were left out (the first is this row)",
                   path=source, line=empty[0], severity="warning",
                   hint="an unanswered question is fine; a formula cell needs its value saved "
                   "(open and save the workbook in Excel)"))
    if not documents:
        raise InputError(
            f"no row has text in the column {names[text_index]!r}",
            path=path,
            hint=f"check the text column ({options.option('text_column')})",
        )
    return documents


def read_csv_responses(path: Path, options: ReadOptions) -> list[Document]:
    """Read a CSV response table: one document per row with text.

    The delimiter (``,``, ``;`` or tab) is sniffed from the header; the file is decoded like text
    files (BOM, UTF-8, legacy encodings). The question-text and import-id rows under a
    Qualtrics export's header are skipped (:func:`~qualcode.io.surveys.extra_header_rows`).

    Args:
        path: The table.
        options: ``text_column`` (default: the one column named text, response, answer or
            jawaban) and ``id_column`` (default: a column named ``id`` whose values are unique;
            else ids ``<file stem>-<row>``, with warning W110 if an ``id`` column repeats a
            value or has an empty cell) and ``case_column`` (default: a column named ``case``
            in any letter case; an empty cell gives the row no case). Column names are
            compared without the spaces around them.

    Returns:
        Documents in row order, with the other columns (and ``row``, the 1-based spreadsheet row;
        ``table_row`` when the table has a column ``row``) as attributes, the case column's
        as ``case`` (a column named ``case`` beside another case column is ``table_case``);
        rows with empty text are skipped.

    Raises:
        InputError: If the file cannot be read or parsed, the text, id or case column is
            missing or ambiguous, the case column is the text column, an id is empty or
            repeated, or no row has text.
    """
    return _documents(_csv_records(path, options.max_bytes), path, options, "csv")


def read_xlsx_responses(path: Path, options: ReadOptions) -> list[Document]:
    """Read an Excel response table (``options.sheet``; else the first sheet whose header names
    the text column, with warning W107 when that is not the first sheet or other sheets name it
    too); see
    :func:`read_csv_responses`. Formulas give their cached values; a merged range's value is
    that of the empty cells below it in its first column (below the header; never in the text
    column or the id column); Excel's ``_xHHHH_`` escapes are decoded.

    Raises:
        InputError: If the workbook is damaged or not a workbook, the sheet is missing or empty,
            or as for :func:`read_csv_responses`.
    """
    return _documents(_xlsx_records(path, options.sheet, responses=options), path, options,
                      "xlsx")
