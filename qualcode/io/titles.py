"""A table whose first row is a title, not its column names.

Spreadsheets often start with a title ("Survei Buruh 2024") and a blank row above the column
names. The readers take the first row as the column names, so the text column is not found;
the hint then has to say why, rather than offer the title as a column to pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

from qualcode.io.cells import blank
from qualcode.io.options import ReadOptions

__all__ = ["title_hint"]

_LOOK = 20  # rows searched for the column names
_CELLS = re.compile(r"[,;\t]")


def _named(cells: Sequence[Any], wanted: Collection[str]) -> str | None:
    """The cell of ``cells`` that is one of the ``wanted`` names (casefolded), if any; a row of
    one cell (a CSV line read without a delimiter) is split at commas, semicolons and tabs."""
    texts = [str(c) for c in cells if not blank(c)]
    if len(texts) == 1:
        texts = _CELLS.split(texts[0])
    for text in texts:
        name = text.strip().strip('"').strip()
        if name.casefold() in wanted:
            return name
    return None


def title_hint(header: Sequence[Any], rows: Sequence[tuple[int, Sequence[Any]]],
               wanted: Collection[str], *, unit: str, place: Callable[[int], int],
               sheet: str | None = None, sheets: Sequence[str] = (),
               options: ReadOptions | None = None) -> str | None:
    """The hint for a table whose text column is missing because its first row looks like a
    title: one filled cell, over rows that hold more cells or name the text column. ``None``
    when the first row does not look like one.

    Args:
        header: The first row.
        rows: ``(row, cells)`` for the rows below it.
        wanted: The text column's possible names, casefolded.
        unit: ``"row"`` or ``"line"``, what ``place`` counts.
        place: Row number -> the row or line to name.
        sheet: The sheet read, for a workbook.
        sheets: The workbook's sheets.
        options: The table's options, which say how the hint names the sheet option
            (default: ``--sheet``).
    """
    title = [str(v).strip() for v in header if not blank(v)]
    if len(title) != 1:
        return None
    top = rows[:_LOOK]
    found = next(((n, name) for n, cells in top if (name := _named(cells, wanted))), None)
    if found is None and not any(sum(not blank(c) for c in cells) > 1 for _, cells in top):
        return None
    where = f"the first {unit}" + (f" of the sheet {sheet!r}" if sheet else "")
    hint = (f"{where} ({title[0]!r}) looks like a title, not column names: the column names "
            f"must be in the first {unit}, so delete the {unit}s above them")
    if found is not None:
        hint += f" ({unit} {place(found[0])} holds {found[1]!r})"
    if len(sheets) > 1:
        advice = ("pass --sheet with the sheet of answers"
                  if options is None or options.settings is None
                  else options.give("sheet", "the sheet of answers"))
        hint += f", or {advice} (sheets: {', '.join(sheets)})"
    return hint
