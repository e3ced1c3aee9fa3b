"""Reading one worksheet of an Excel workbook as rows of cell values.

openpyxl reads the cells (read-only mode: the sheet is streamed, not built in memory);
:mod:`qualcode.io.xlsxparts` adds what that mode leaves out: merged ranges and the decoding of
Excel's ``_xHHHH_`` escapes.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcode.errors import InputError, Issue
from qualcode.io.cells import blank
from qualcode.io.options import ReadOptions
from qualcode.io.text import note
from qualcode.io.xlsxparts import decode_escapes, merged_ranges, sheet_parts, unescaped_strings

__all__ = ["Sheet", "fill_merged", "read_sheet"]

_HINT = "open it in Excel and save it again as .xlsx"


@dataclass(frozen=True, slots=True)
class Sheet:
    """A worksheet as read.

    Attributes:
        title: The sheet's name.
        rows: Every row from the first (blank rows included), as cell values (``None`` for an
            empty cell); rows may differ in length.
        merged: The sheet's merged ranges, ``(min_col, min_row, max_col, max_row)``.
        names: The names of the workbook's worksheets, in order (chart sheets left out).
    """

    title: str
    rows: list[list[Any]]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    names: tuple[str, ...] = ()


def _header(ws: Any) -> list[str]:
    first = next(ws.iter_rows(max_row=1, values_only=True), ())
    return [str(v).strip().casefold() for v in first if v is not None]


def _text_sheets(book: Any, names: Sequence[str]) -> list[Any]:
    """The worksheets whose header names the text column: exactly one of ``names``."""
    wanted = {n.strip().casefold() for n in names}  # as the header cells are compared
    return [ws for ws in book.worksheets if sum(1 for n in _header(ws) if n in wanted) == 1]


def _choose(book: Any, path: Path, text_names: Sequence[str], options: ReadOptions | None
            ) -> Any:
    """The first worksheet whose header names the text column (else the first worksheet), with
    warning W107 when it is not the first sheet or other sheets have a text column too."""
    found = _text_sheets(book, text_names)
    ws = found[0] if found else book.worksheets[0]
    unread = [other.title for other in found[1:]]
    if ws is book.worksheets[0] and not unread:
        return ws
    listed = ", ".join(map(repr, unread))
    if ws is book.worksheets[0]:
        message = (f"read only the sheet {ws.title!r}: the sheet(s) {listed} also have a text "
                   "column and were not read")
    else:
        others = [n for n in book.sheetnames if n != ws.title]
        message = (f"read the sheet {ws.title!r}, the first with a text column (the workbook "
                   f"also has {', '.join(map(repr, others))})")
        if unread:
            message += f"; the sheet(s) {listed} also have a text column and were not read"
    another = ("pass --sheet NAME" if options is None or options.settings is None
               else options.give("sheet", "its name"))
    hint = (f"{another} to read another sheet (one sheet per workbook is read); to read "
            "every sheet, save each as a workbook or CSV file of its own" if unread else
            "move the sheet of answers first to read it without a warning")
    note(Issue("W107", message, path=str(path), severity="warning", hint=hint))
    return ws


def _worksheet(book: Any, path: Path, sheet: str | None, text_names: Sequence[str] | None,
               options: ReadOptions | None = None) -> Any:
    names = [ws.title for ws in book.worksheets]
    if sheet is not None and sheet not in names:
        shown = f"worksheets are: {', '.join(names)}" if names else "it has no worksheet"
        if sheet in book.sheetnames:
            raise InputError(f"the sheet {sheet!r} is a chart sheet, not a sheet of cells",
                             path=path, hint=f"pass the sheet that holds the table; {shown}")
        raise InputError(f"the workbook has no sheet {sheet!r}", path=path,
                         hint=f"sheets are: {', '.join(names)}")
    if not book.worksheets:
        charts = f" (only chart sheets: {', '.join(book.sheetnames)})" if book.sheetnames else ""
        raise InputError(f"the workbook has no sheet of cells{charts}", path=path, hint=_HINT)
    if sheet is not None:
        return book[sheet]
    if text_names and len(book.worksheets) > 1:
        return _choose(book, path, text_names, options)
    return book.worksheets[0]


def _decoder(archive: zipfile.ZipFile) -> Callable[[str], str]:
    """Cell text -> the text it stands for (:func:`~qualcode.io.xlsxparts.decode_escapes`,
    with the shared strings openpyxl has half undone looked up first)."""
    known = unescaped_strings(archive)
    if not known:
        return decode_escapes
    return lambda text: known.get(text) or decode_escapes(text)


def _rows(ws: Any, decode: Callable[[str], str]) -> list[list[Any]]:
    rows = []
    for values in ws.iter_rows(values_only=True):  # parsed as it goes
        row = list(values)
        for i, value in enumerate(row):
            if type(value) is str and "_x" in value:
                row[i] = decode(value)
        rows.append(row)
    return rows


def read_sheet(path: Path, sheet: str | None = None, *,
               text_names: Sequence[str] | None = None,
               options: ReadOptions | None = None) -> Sheet:
    """Read one worksheet.

    Args:
        path: The workbook.
        sheet: The sheet's name; default: the first worksheet, or with ``text_names`` the first
            whose header names exactly one of them (warning W107 when that is not the first
            sheet, or when other sheets name one too, naming them).
        text_names: Column names that make a sheet the one with the text.
        options: The response table's options, which say how W107's hint names the sheet
            option (default: ``--sheet``).

    Raises:
        InputError: If the file is not a workbook or is damaged, or the sheet is missing or a
            chart sheet.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from qualcode.io.docx import check_zip_package
    from qualcode.io.guards import damaged_file_errors

    check_zip_package(path, "Excel workbook")
    damaged = (InvalidFileException, *damaged_file_errors())
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it ignores (validation, styles ...).
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(path, read_only=True, data_only=True)
    except damaged as exc:
        raise InputError(f"not a readable Excel workbook ({type(exc).__name__}: {exc})",
                         path=path, hint=_HINT) from exc
    try:
        ws = _worksheet(book, path, sheet, text_names, options)
        ws.reset_dimensions()  # stored dimensions are often wrong; read every row present
        with zipfile.ZipFile(path) as archive:
            rows = _rows(ws, _decoder(archive))
            part = sheet_parts(archive).get(ws.title)
            merged = tuple(merged_ranges(archive, part)) if part is not None else ()
    except InputError:
        raise
    except damaged as exc:
        raise InputError(f"the Excel workbook is damaged ({type(exc).__name__}: {exc})",
                         path=path, hint=_HINT) from exc
    finally:
        book.close()
    return Sheet(ws.title, rows, merged, tuple(w.title for w in book.worksheets))


def fill_merged(rows: Sequence[tuple[int, list[Any]]],
                merged: Sequence[tuple[int, int, int, int]],
                fill: Callable[[int], bool] = lambda column: True) -> None:
    """Give the empty cells under a merged range's first cell its value, as the sheet shows it
    (a role typed once for three informants), in ``rows`` itself.

    A range fills its first column only, down the rows it spans: a value merged across columns
    belongs to the first of them (an answer merged over a notes column is no note). Only ranges
    that start at or below the first of ``rows`` are filled (a range holding a column name would
    copy it into the data), within the rows present, so a range over a whole column costs no more
    than the rows there are.

    Args:
        rows: ``(sheet row, cells)`` for consecutive rows from the first data row on.
        merged: The sheet's merged ranges (:attr:`Sheet.merged`).
        fill: Whether the column of this 0-based index is filled (not the text column of a
            response table: a merged answer is one answer).
    """
    if not rows:
        return
    first = rows[0][0]
    for min_col, min_row, _, max_row in merged:
        index = min_col - 1
        if min_row < first or min_row - first >= len(rows) or not fill(index):
            continue
        top = rows[min_row - first][1]
        value = top[index] if index < len(top) else None
        if blank(value):
            continue
        for _, row in rows[min_row - first + 1: max_row - first + 1]:
            if len(row) <= index:
                row.extend([None] * (index + 1 - len(row)))
            if blank(row[index]):
                row[index] = value
