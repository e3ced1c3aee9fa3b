"""Which columns of a response table hold the text, the id and the case, and what the others
are called as attributes.

:mod:`qualcode.io.tables` reads a table into :class:`TableRecords` and turns its rows into
documents; the functions here name its columns, find the ones ``text_column``, ``id_column`` and
``case_column`` (or the defaults) choose, and say why when they cannot.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from qualcode.errors import InputError, Issue
from qualcode.io.cells import blank
from qualcode.io.options import ReadOptions
from qualcode.io.text import normalise, note

__all__ = ["TEXT_COLUMNS", "TableRecords", "attribute_columns", "column_names",
           "default_id_column", "find_case_column", "find_column", "find_text_column",
           "id_string", "row_attribute_name"]

TEXT_COLUMNS = ("text", "response", "answer", "jawaban")
"""Column names taken as the text column when ``text_column`` is not given."""

_ROW_ATTRIBUTES = ("row", "table_row")  # names for the row number, the first no column has


class TableRecords(NamedTuple):
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


def column_names(header: Sequence[Any], rows: list[tuple[int, list[Any]]], path: Path,
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


def _title_hint(records: TableRecords, wanted: Sequence[str], options: ReadOptions
                ) -> str | None:
    """The hint for a first row that looks like a title (:func:`~qualcode.io.titles.
    title_hint`), else ``None``."""
    from qualcode.io.titles import title_hint

    return title_hint(records.header, records.rows, {w.casefold() for w in wanted},
                      unit=records.unit, place=records.line, sheet=records.sheet,
                      sheets=records.sheets, options=options)


def find_column(names: list[str], wanted: str, path: Path, options: ReadOptions, key: str,
                records: TableRecords) -> int:
    """The column ``wanted`` names: the same name, else the one that differs only in letter
    case. The names are stripped of the spaces around them, and so is ``wanted``, as it is
    copied from a header cell (``"Respondent ID "``). ``key`` is the table option that named
    it (``"id_column"``), for the hint."""
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
        hint=_title_hint(records, [name], options)
        or f"columns are: {', '.join(names)}; {options.give(key, 'one of them')} (spaces "
        "around a name are ignored)",
    )


def find_text_column(names: list[str], options: ReadOptions, path: Path,
                     records: TableRecords) -> int:
    """The text column: ``--text-column``, else the one column named as in
    :data:`TEXT_COLUMNS` (in any letter case)."""
    if options.text_column is not None:
        return find_column(names, options.text_column, path, options, "text_column", records)
    found = [i for i, n in enumerate(names) if n.casefold() in TEXT_COLUMNS]
    if len(found) == 1:
        return found[0]
    why = "several text-like columns" if found else "no column named " + "/".join(TEXT_COLUMNS)
    raise InputError(
        f"cannot tell which column holds the text ({why})",
        path=path,
        line=records.line(1),
        hint=(None if found else _title_hint(records, TEXT_COLUMNS, options))
        or (f"pass --text-column with one of: {', '.join(names)}" if options.settings is None
            else options.give("text_column", f"one of {', '.join(names)}")),
    )


def id_string(value: Any) -> str:
    """A cell as an id: a whole float as its integer (``7.0`` is ``"7"``), text stripped."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else normalise(str(value)).strip()


def default_id_column(names: list[str], records: TableRecords, text_index: int,
                      path: Path, options: ReadOptions) -> int | None:
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
               hint="to name them by another column whose values are unique, "
               + options.give("id_column", "it")))
    return None


def find_case_column(names: list[str], options: ReadOptions, text_index: int, path: Path,
                     records: TableRecords) -> int | None:
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
    index = find_column(names, options.case_column, path, options, "case_column", records)
    if index == text_index:
        raise InputError(
            f"the column {names[index]!r} is the text column, so it cannot name the cases",
            path=path,
            line=records.line(1),
            hint=options.give("case_column", "the column of respondent or case ids"),
        )
    return index


def _id_problem(records: TableRecords, index: int, text_index: int) -> tuple[str, int] | None:
    """Why the cells of column ``index`` cannot name the rows with text, and the line where
    that shows (the first empty cell or repeated value); ``None`` if they can."""
    seen: dict[str, int] = {}
    for row_number, row in records.rows:
        if text_index >= len(row) or blank(row[text_index]):
            continue
        line = records.line(row_number)
        value = id_string(row[index]) if index < len(row) else ""
        if not value:
            return f"a cell is empty on {records.unit} {line}", line
        if value in seen:
            return f"{value!r} is repeated on {records.unit}s {seen[value]} and {line}", line
        seen[value] = line
    return None


def row_attribute_name(names: list[str]) -> str:
    """The attribute that holds a document's spreadsheet row: ``row``, or ``table_row`` (then
    ``table_row_2`` ...) when the table has a column of that name, which keeps its values."""
    return _spare_name(_ROW_ATTRIBUTES, names)


def _spare_name(wanted: Sequence[str], names: list[str]) -> str:
    """The first of ``wanted`` (then the last of them numbered, ``_2`` ...) that no column of
    ``names`` has, in any letter case."""
    taken = {n.casefold() for n in names}
    numbered = (f"{wanted[-1]}_{i}" for i in itertools.count(2))
    return next(n for n in itertools.chain(wanted, numbered) if n not in taken)


def attribute_columns(names: list[str], text_index: int, id_index: int | None,
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
