"""Readers for response tables (``.csv``, ``.xlsx``): one document per row.

Open-ended survey answers and similar data come as a table with one response per row. The text
column becomes the document text, an id column (or ``<file stem>-<row>``) its id, and the other
columns its attributes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from qualcode.errors import InputError, Issue
from qualcode.io.cells import blank
from qualcode.io.csvrows import check_widths, csv_rows, declared_delimiter, response_dialect
from qualcode.io.options import ReadOptions
from qualcode.io.surveys import extra_header_rows
from qualcode.io.text import normalise, note, read_text_file
from qualcode.model import TABLE_FORMATS, Document, FrozenMap

__all__ = ["TEXT_COLUMNS", "read_csv_responses", "read_xlsx_responses", "table_row",
           "typed_text", "xlsx_rows", "xlsx_sheet_rows"]

TEXT_COLUMNS = ("text", "response", "answer", "jawaban")
"""Column names taken as the text column when ``text_column`` is not given."""

_INT = re.compile(r"-?(?:0|[1-9]\d*)")
_FLOAT = re.compile(r"-?(?:0|[1-9]\d*)\.\d+")
_VALUE_MEMO = 10_000  # distinct attribute cell texts remembered per table
_ROW_ATTRIBUTES = ("row", "table_row")  # names for the row number, the first no column has
_ROW_NAME = re.compile(r"row|table_row(?:_\d+)?")


class _Records(NamedTuple):
    """A table as read: header cells, then (1-based spreadsheet row, cells) for each later row.

    ``lines`` holds the file line each CSV row starts on (blank lines are rows, as a spreadsheet
    shows them, but a quoted cell may span lines); ``None`` for a sheet, whose rows are its
    lines. ``sheet`` and ``sheets`` name a workbook's sheet read and all its worksheets;
    ``merged`` holds its merged ranges, not yet filled (:meth:`fill_merged`).
    """

    header: list[str]
    rows: list[tuple[int, list[Any]]]
    lines: list[int] | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    merged: tuple[tuple[int, int, int, int], ...] = ()

    def fill_merged(self, fill: Callable[[int], bool]) -> None:
        """Fill the merged ranges of a sheet's data rows in the columns (0-based) ``fill``
        accepts (:func:`~qualcode.io.workbooks.fill_merged`)."""
        if self.merged:
            from qualcode.io.workbooks import fill_merged

            fill_merged(self.rows, self.merged, fill)

    def line(self, row: int) -> int:
        """The file line (CSV) or sheet row (XLSX) of spreadsheet row ``row``, for messages."""
        return row if self.lines is None else self.lines[row - 1]

    @property
    def unit(self) -> str:
        """What :meth:`line` counts, for messages that name several places."""
        return "row" if self.lines is None else "line"


def _csv_records(path: Path, max_bytes: int | None = None) -> _Records:
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
    return _Records(rows[0], list(enumerate(rows[first - 1:], start=first)),
                    [line for line, _ in records])


def _xlsx_records(path: Path, sheet: str | None = None, *, responses: bool = False,
                  text_column: str | None = None) -> _Records:
    from qualcode.io.workbooks import read_sheet

    names = None
    if responses:
        names = (text_column,) if text_column is not None else TEXT_COLUMNS
    read = read_sheet(path, sheet, text_names=names)
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
    return _Records(header, list(enumerate(rows[first - 1:], start=first)), None, read.title,
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


def _columns(header: Sequence[Any], rows: list[tuple[int, list[Any]]], path: Path,
             line: int = 1) -> list[str]:
    """Column names: the header's, ``column_<n>`` for unnamed columns that hold data."""
    width = max([i + 1 for i, v in enumerate(header) if not blank(v)], default=0)
    for _, row in rows:
        # Only a cell beyond the width so far can widen the table: look at those, last first.
        for i in range(len(row) - 1, width - 1, -1):
            if not blank(row[i]):
                width = i + 1
                break
    names = []
    for i in range(width):
        raw = header[i] if i < len(header) else None
        name = "" if raw is None else normalise(str(raw)).strip()
        names.append(name or f"column_{i + 1}")
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if name in seen:
            raise InputError(
                f"the column name {name!r} appears twice (columns {seen[name]} and {i})",
                path=path,
                line=line,
                hint="give every column a different name",
            )
        seen[name] = i
    return names


def _title_hint(records: _Records, wanted: Sequence[str]) -> str | None:
    """The hint for a first row that looks like a title (:func:`~qualcode.io.titles.
    title_hint`), else ``None``."""
    from qualcode.io.titles import title_hint

    return title_hint(records.header, records.rows, {w.casefold() for w in wanted},
                      unit=records.unit, place=records.line, sheet=records.sheet,
                      sheets=records.sheets)


def _find_column(names: list[str], wanted: str, path: Path, option: str, records: _Records
                 ) -> int:
    """The column ``wanted`` names: the same name, else the one that differs only in letter
    case. The names are stripped of the spaces around them, and so is ``wanted``, as it is
    copied from a header cell (``"Respondent ID "``)."""
    name = normalise(wanted).strip()
    if name in names:
        return names.index(name)
    folded = [i for i, n in enumerate(names) if n.casefold() == name.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise InputError(
        f"no column {wanted!r} in the table",
        path=path,
        line=records.line(1),
        hint=_title_hint(records, [name])
        or f"columns are: {', '.join(names)}; pass one of them as {option} (spaces around a "
        "name are ignored)",
    )


def _text_index(names: list[str], options: ReadOptions, path: Path, records: _Records) -> int:
    if options.text_column is not None:
        return _find_column(names, options.text_column, path, "--text-column", records)
    found = [i for i, n in enumerate(names) if n.casefold() in TEXT_COLUMNS]
    if len(found) == 1:
        return found[0]
    why = "several text-like columns" if found else "no column named " + "/".join(TEXT_COLUMNS)
    raise InputError(
        f"cannot tell which column holds the text ({why})",
        path=path,
        line=records.line(1),
        hint=(None if found else _title_hint(records, TEXT_COLUMNS))
        or f"pass --text-column with one of: {', '.join(names)}",
    )


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


def _id_string(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else normalise(str(value)).strip()


def _id_column(names: list[str], records: _Records, text_index: int, path: Path
               ) -> int | None:
    """Without ``--id-column``: a column named ``id`` whose cells name every row with text once
    (respondent ids), else ``None`` (documents are named by their row; W110 says why when the
    table has such a column).

    Fills the merged ranges of a sheet, but never in the text column, nor in the id column
    when its cells as typed name the rows (one id merged over several answers names none: it is
    then an attribute, filled over the rows it spans).
    """
    found = [i for i, n in enumerate(names) if n.strip().casefold() == "id" and i != text_index]
    if len(found) != 1:
        records.fill_merged(lambda column: column != text_index)
        return None
    index = found[0]
    records.fill_merged(lambda column: column not in (text_index, index))
    if _id_problem(records, index, text_index) is not None:
        records.fill_merged(lambda column: column == index)
    problem = _id_problem(records, index, text_index)
    if problem is None:
        return index
    why, line = problem
    note(Issue("W110", f"the column {names[index]!r} cannot name the documents ({why}): they "
               "are named by their row, and the column stays an attribute",
               path=str(path), line=line, severity="warning",
               hint="to name them by another column whose values are unique, pass it as "
               "--id-column"))
    return None


def _case_column(names: list[str], options: ReadOptions, text_index: int, path: Path,
                 records: _Records) -> int | None:
    """The column that gives each row its case: ``--case-column``, else the one column named
    ``case`` (in any letter case; ``case`` itself among several), else ``None``.

    Raises:
        InputError: If ``--case-column`` is not a column, or is the text column.
    """
    if options.case_column is None:
        found = [i for i, n in enumerate(names) if n.casefold() == "case" and i != text_index]
        if len(found) > 1:
            found = [i for i in found if names[i] == "case"]
        return found[0] if len(found) == 1 else None
    index = _find_column(names, options.case_column, path, "--case-column", records)
    if index == text_index:
        raise InputError(
            f"the column {names[index]!r} is the text column, so it cannot name the cases",
            path=path,
            line=records.line(1),
            hint="pass the column of respondent or case ids as --case-column",
        )
    return index


def _id_problem(records: _Records, index: int, text_index: int) -> tuple[str, int] | None:
    """Why the cells of column ``index`` cannot name the rows with text, and the line where
    that shows (the first empty cell or repeated value); ``None`` if they can."""
    seen: dict[str, int] = {}
    for row_number, row in records.rows:
        if text_index >= len(row) or blank(row[text_index]):
            continue
        line = records.line(row_number)
        value = _id_string(row[index]) if index < len(row) else ""
        if not value:
            return f"a cell is empty on {records.unit} {line}", line
        if value in seen:
            return f"{value!r} is repeated on {records.unit}s {seen[value]} and {line}", line
        seen[value] = line
    return None


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


def _row_attribute(names: list[str]) -> str:
    """The attribute that holds a document's spreadsheet row: ``row``, or ``table_row`` (then
    ``table_row_2`` ...) when the table has a column of that name, which keeps its values."""
    return _spare_name(_ROW_ATTRIBUTES, names)


def _spare_name(wanted: Sequence[str], names: list[str]) -> str:
    """The first of ``wanted`` (then the last of them numbered, ``_2`` ...) that no column of
    ``names`` has, in any letter case."""
    taken = {n.casefold() for n in names}
    numbered = (f"{wanted[-1]}_{i}" for i in itertools.count(2))
    return next(n for n in itertools.chain(wanted, numbered) if n not in taken)


def _attribute_columns(names: list[str], text_index: int, id_index: int | None,
                       case_index: int | None) -> list[tuple[int, str]]:
    """(column, attribute name) of every column that becomes an attribute: all but the text
    and id columns, the case column as ``case`` (even when it is the id column too). When the
    case column is another one, a column named ``case`` (in any letter case) keeps its values
    as ``table_case``, as ``row`` does beside the row number."""
    columns = []
    for i, name in enumerate(names):
        if i == case_index:
            columns.append((i, "case"))
        elif i not in (text_index, id_index):
            if name.casefold() == "case" and case_index is not None:
                name = _spare_name(("table_case",), names)
            columns.append((i, name))
    return columns


def _documents(records: _Records, path: Path, options: ReadOptions, fmt: str) -> list[Document]:
    header, rows = records.header, records.rows
    names = _columns(header, rows, path, records.line(1))
    text_index = _text_index(names, options, path, records)
    case_index = _case_column(names, options, text_index, path, records)
    if options.id_column is not None:
        id_index = _find_column(names, options.id_column, path, "--id-column", records)
        records.fill_merged(lambda column: column not in (text_index, id_index))
    else:
        id_index = _id_column(names, records, text_index, path)
    # The attribute columns, and their cell values by cell text: columns such as a group or a
    # class repeat a few values over many rows, each is converted once.
    columns = _attribute_columns(names, text_index, id_index, case_index)
    values: dict[str, Any] = {}
    row_attribute = _row_attribute(names)
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
            doc_id = _id_string(cells[id_index])
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
                attributes[name] = _id_string(cell)
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
            hint="check the text column (--text-column)",
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
    return _documents(_xlsx_records(path, options.sheet, responses=True,
                                    text_column=options.text_column), path, options, "xlsx")
