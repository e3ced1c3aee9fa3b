"""One Excel workbook: a sheet per table, a codebook sheet and a provenance sheet."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.errors import OutputError
from qualcode.model import Codebook
from qualcode.report.office import save_workbook
from qualcode.report.provenance import provenance_rows
from qualcode.report.safety import keep_text, needs_quote_prefix, sheet_cell
from qualcode.report.text import clean_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["codebook_frame", "flat_table", "sheet_name", "write_workbook"]

MAX_ROWS = 1_048_575
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")


def flat_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a named index (a matrix's ``code``) turned into its first column."""
    if frame.index.name is not None or any(n is not None for n in frame.index.names[1:]):
        return frame.reset_index()
    return frame


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, no ``[]:*?/\\'``)."""
    base = _SHEET_BAD.sub("_", clean_text(name)).strip() or "sheet"
    base = base[:31]
    candidate, number = base, 2
    while candidate.casefold() in taken:
        suffix = f"~{number}"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def codebook_frame(codebook: Codebook, language: str | None = None) -> pd.DataFrame:
    """The codebook as a table: one row per code with its definition fields."""
    import pandas as pd

    rows = []
    for code in codebook.codes:
        rows.append({
            "code": code.id,
            "parent": code.parent or "",
            "dimension": codebook.dimension_of(code.id) or "",
            "label": code.label(language),
            "color": code.color or "",
            "brief": code.text_of("brief", language),
            "definition": code.text_of("definition", language),
            "when_to_use": code.text_of("when_to_use", language),
            "when_not_to_use": code.text_of("when_not_to_use", language),
            "examples": "\n".join(code.examples),
            "rules": len(code.rules),
        })
    return pd.DataFrame(rows)


def _write_sheet(sheet: Any, frame: pd.DataFrame, *, freeze_first_column: bool) -> None:
    """Stream ``frame`` into a write-only sheet (widths, panes and filter set first)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if len(frame) > MAX_ROWS:
        raise OutputError(
            f"the table for sheet {sheet.title!r} has {len(frame)} rows, more than a sheet holds",
            hint="use the CSV files instead",
        )
    columns = [str(c) for c in frame.columns]
    wide: list[int] = []  # columns whose cells wrap
    for index, name in enumerate(columns):
        sample = [len(str(v)) for v in frame.iloc[:200, index]] if len(frame) else []
        width = max([len(name), *sample]) + 2
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(8, min(60, width))
        if width > 60:
            wide.append(index)
    sheet.freeze_panes = "B2" if freeze_first_column else "A2"
    if len(columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = keep_text(WriteOnlyCell(sheet, value=sheet_cell(name)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrapped = Alignment(wrap_text=True, vertical="top")  # one style shared by the cells
    wrap = frozenset(wide)
    for row in frame.itertuples(index=False, name=None):
        values: list[Any] = [sheet_cell(v) for v in row]
        for index, value in enumerate(values):
            # a cell object only where a plain value will not do: a wrapped column, or a text
            # openpyxl would take for a formula or that needs the quote prefix
            if index in wrap or (isinstance(value, str) and needs_quote_prefix(value)):
                cell = keep_text(WriteOnlyCell(sheet, value=value))
                if index in wrap:
                    cell.alignment = wrapped
                values[index] = cell
        sheet.append(values)


def write_workbook(
    target: str | Path,
    tables: Mapping[str, pd.DataFrame],
    *,
    codebook: Codebook | None = None,
    provenance: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> Path:
    """Write ``tables`` into one XLSX workbook, atomically.

    Each table gets a sheet (its name cut to 31 characters) with a bold, frozen header row, an
    autofilter and column widths fitted to the content. Matrices keep their row names as the
    first column (frozen too). A ``codebook`` sheet lists the codes (from ``codebook``, else the
    codes found in a ``codings`` table) and a ``provenance`` sheet says how it was made. Every
    cell is written as :func:`qualcode.report.safety.sheet_cell` says (control characters
    dropped) and text is stored as text, whatever it starts with
    (:func:`qualcode.report.safety.keep_text`).

    Args:
        target: The ``.xlsx`` file.
        tables: Sheet name -> table, in sheet order.
        codebook: The codebook for the codebook sheet.
        provenance: The provenance dictionary.
        language: Language of the codebook sheet's labels and definitions.

    Returns:
        ``target``.

    Raises:
        OutputError: If a table is too long for a sheet or the file cannot be written.
    """
    import pandas as pd
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # rows streamed to the file: fast and flat in memory
    taken: set[str] = set()
    for name, frame in tables.items():
        flat = flat_table(frame)
        _write_sheet(book.create_sheet(sheet_name(name, taken)), flat,
                     freeze_first_column=flat is not frame)
    if codebook is not None:
        codes = codebook_frame(codebook, language)
    elif "codings" in tables and "code" in tables["codings"].columns:
        columns = [c for c in ("code", "code_path", "group") if c in tables["codings"].columns]
        codes = tables["codings"][columns].drop_duplicates("code").reset_index(drop=True)
    else:
        codes = pd.DataFrame({"code": []})
    _write_sheet(book.create_sheet(sheet_name("codebook", taken)), codes,
                 freeze_first_column=True)
    if provenance is not None:
        rows = pd.DataFrame(provenance_rows(provenance), columns=["field", "value"])
        _write_sheet(book.create_sheet(sheet_name("provenance", taken)), rows,
                     freeze_first_column=False)
    return save_workbook(book, target, provenance=provenance)
