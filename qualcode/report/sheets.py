"""Writing result tables as CSV or as XLSX workbooks (one sheet per table), safely."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.errors import OutputError
from qualcode.report.formats import TABLE_SUFFIXES
from qualcode.report.office import save_workbook
from qualcode.report.safety import sheet_cell
from qualcode.report.tabular import write_csv
from qualcode.report.xlsx import sheet_name

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLE_SUFFIXES", "write_sheets", "write_table"]


def write_sheets(
    frames: Mapping[str, pd.DataFrame],
    target: str | Path,
    *,
    wrap: Sequence[str] = ("text",),
    notes: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write ``frames`` to an XLSX workbook, one sheet per entry, atomically.

    Header cells are bold and frozen; columns named in ``wrap`` are wide and wrap their text;
    every cell is written as :func:`~qualcode.report.safety.sheet_cell` says (control characters
    XML cannot hold dropped) and its text is stored as text, never as a formula
    (:func:`~qualcode.report.office.save_workbook`).

    Args:
        frames: Sheet name -> table.
        target: The ``.xlsx`` path.
        wrap: Columns that hold long text.
        notes: Sheet name -> lines written on a sheet of their own (instructions).

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, frame in frames.items():
        sheet = book.create_sheet(sheet_name(name, taken))
        sheet.append([sheet_cell(str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([sheet_cell(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for j, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(j)
            if column in wrap:
                sheet.column_dimensions[letter].width = 70
                for cell in sheet[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                sheet.column_dimensions[letter].width = max(10, min(30, len(str(column)) + 4))
    for name, lines in (notes or {}).items():
        sheet = book.create_sheet(sheet_name(name, taken))
        sheet.column_dimensions["A"].width = 110
        for line in lines:
            sheet.append([sheet_cell(line)])
    return save_workbook(book, target)


def write_table(frame: pd.DataFrame, target: str | Path | None, *, sheet: str = "table") -> None:
    """Write ``frame`` as CSV (stdout for ``None`` or ``-``) or, for ``.xlsx``, a workbook.

    Raises:
        OutputError: If the suffix is neither ``.csv`` nor ``.xlsx``.
    """
    if target is None or str(target) == "-":
        write_csv(frame, target)
        return
    suffix = Path(target).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise OutputError(f"cannot write tables of type {suffix or '(no suffix)'!r}",
                          path=target, hint=f"use one of {', '.join(TABLE_SUFFIXES)}")
    if suffix == ".xlsx":
        write_sheets({sheet: frame}, target)
    else:
        write_csv(frame, target)
