"""Writing the codings table as CSV row by row, with the bytes of the DataFrame path.

:func:`qualcode.tables.codings_table` followed by :func:`qualcode.report.tabular.write_csv` holds
the whole table in memory. This module writes the same bytes while documents stream past: each
document's cells are rendered by :func:`render_cell` exactly as the :mod:`csv` module (the
writer pandas itself uses, same dialect) renders them, every text cell made inert with
:func:`~qualcode.report.safety.safe_cell` first.

Case attributes follow the core columns. Their columns and the way pandas prints their values
(an integer column with a missing cell becomes float, ``6`` -> ``6.0``) depend on which cases
end up with codings, known only at the end. The writer guesses from the cases table before the
first row (every case appears, no cell is missing) and checks the guess at the end; in the rare
case it was wrong the file is rewritten once with the right attribute cells.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from qualcode.report.safety import safe_cell

__all__ = [
    "AttributeCells",
    "CodingsCsvWriter",
    "attribute_cells",
    "render_cell",
    "rewrite",
]

_INT64 = (-(2**63), 2**63 - 1)
_MISSING = object()


def _writer(handle: TextIO) -> Any:
    return csv.writer(handle, lineterminator="\n")


def render_cell(value: str) -> str:
    """One text cell as :mod:`csv` writes it in a row of several cells (quoted when it holds
    a comma, a quote or a line break; quotes doubled). Not made inert: see
    :func:`~qualcode.report.safety.safe_cell`."""
    if "," in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    if "\r" in value:  # whether a lone carriage return is quoted depends on the Python
        buffer = io.StringIO()
        _writer(buffer).writerow([value, ""])
        return buffer.getvalue()[:-2]
    return value


@dataclass(frozen=True, slots=True)
class AttributeCells:
    """The attribute columns and, per case, its cells as printed.

    Attributes:
        columns: Attribute column names, after the core columns.
        cells: Case id -> its cells (text, made inert, not yet quoted); rows whose case is not
            listed take :attr:`missing`.
        missing: The cells of a row without attributes.
    """

    columns: tuple[str, ...]
    cells: Mapping[str, tuple[str, ...]]
    missing: tuple[str, ...]

    def row_cells(self, case: str) -> tuple[str, ...]:
        """The cells of a row of ``case``."""
        return self.cells.get(case, self.missing)

    def suffix(self, case: str) -> str:
        """The text appended to a row of ``case``: ``",v1,v2..."``, quoted where needed."""
        cells = self.row_cells(case)
        return "," + _line(cells) if cells else ""


def _kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "int" if _INT64[0] <= value <= _INT64[1] else None
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return None


def _format(value: Any) -> str:
    if value is _MISSING or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return str(safe_cell(value))
    return str(value)


def _renamed(order: Sequence[str], attributes: Mapping[str, Mapping[str, Any]],
             reserved: Sequence[str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    taken = set(reserved)
    renamed: dict[str, dict[str, Any]] = {}
    columns: dict[str, None] = {}
    for case in order:
        row: dict[str, Any] = {}
        for key, value in attributes.get(case, {}).items():
            name = key if key not in taken else f"case_{key}"
            if name not in taken and name not in row:
                row[name] = value
        renamed[case] = row
        columns.update(dict.fromkeys(row))
    return renamed, list(columns)


def attribute_cells(order: Sequence[str], attributes: Mapping[str, Mapping[str, Any]],
                    missing: bool, reserved: Sequence[str]) -> AttributeCells:
    """How pandas prints the case attribute columns of a codings table.

    Args:
        order: The case ids of the rows, in order of first appearance.
        attributes: Case id -> attributes (cases not listed have none).
        missing: Whether some row has a case with no attributes, or no case.
        reserved: Column names taken already (an attribute of that name gets ``case_``).

    Returns:
        The columns and cells.
    """
    renamed, columns = _renamed(order, attributes, reserved)
    for column in columns:
        if None in {_kind(row[column]) for row in renamed.values() if column in row}:
            # a type read_cases never gives: let pandas print it
            return _pandas_cells(order, renamed, columns, missing)
    # codings_table keeps attribute columns as objects: each value is printed as it is
    cells = {case: tuple(_format(row.get(column, _MISSING)) for column in columns)
             for case, row in renamed.items()}
    return AttributeCells(tuple(columns), cells, ("",) * len(columns))


def _pandas_cells(order: Sequence[str], renamed: dict[str, dict[str, Any]], columns: list[str],
                  missing: bool) -> AttributeCells:
    import pandas as pd

    from qualcode.report.tabular import csv_text

    rows = [renamed[c] for c in order] + ([{}] if missing else [])
    text = csv_text(pd.DataFrame(rows, columns=columns, dtype=object))
    parsed = list(csv.reader(io.StringIO(text)))[1:]
    cells = {case: tuple(parsed[i]) for i, case in enumerate(order)}
    return AttributeCells(tuple(columns), cells, tuple(parsed[-1]) if missing else
                          ("",) * len(columns))


def _line(cells: Sequence[str]) -> str:
    """The cells as they follow other cells of a row (``csv`` would write a row of one empty
    cell as ``""``, which no row of a table with more columns holds)."""
    return ",".join(render_cell(cell) for cell in cells)


class CodingsCsvWriter:
    """Writes a codings table document by document into an open file.

    Args:
        handle: The text file to write (the caller makes the write atomic).
        core: The core column names.
        guess: The attribute cells guessed before the first row, or ``None`` for none.
    """

    def __init__(self, handle: TextIO, core: Sequence[str], guess: AttributeCells | None) -> None:
        self.handle = handle
        self.core = tuple(core)
        self.guess = guess
        self.rows = 0
        self.order: dict[str, None] = {}  # cases of the rows, first appearance
        self.missing = False
        _writer(handle).writerow([safe_cell(c) for c in
                                  (*self.core, *(guess.columns if guess else ()))])

    def write(self, case: str, attributes: bool, block: str, ends: Sequence[int]) -> None:
        """Write one document's rows.

        Args:
            case: The case of the document's rows (``""`` for none).
            attributes: Whether that case has attributes in the cases table.
            block: Its rows (cells rendered by :func:`render_cell`).
            ends: Where each row ends in ``block``.
        """
        if not ends:
            return
        self.rows += len(ends)
        if attributes:
            self.order.setdefault(case, None)
        else:
            self.missing = True
        suffix = self.guess.suffix(case) if self.guess is not None else ""
        if not suffix:
            self.handle.write(block)
            return
        start = 0
        parts = []
        for end in ends:
            parts.append(block[start:end - 1])
            parts.append(suffix + "\n")
            start = end
        self.handle.write("".join(parts))

    def needs_rewrite(self, actual: AttributeCells) -> bool:
        """Whether the guessed attribute cells differ from ``actual`` for the rows written."""
        guess = self.guess
        if guess is None:
            return bool(actual.columns)
        if actual.columns != guess.columns:
            return True
        if any(guess.row_cells(c) != actual.row_cells(c) for c in self.order):
            return True
        return self.missing and guess.missing != actual.missing


def rewrite(path: Path, core: int, columns: Sequence[str],
            cell_rows: Iterable[Sequence[str]]) -> None:
    """Rewrite the file at ``path`` in place (through a temporary beside it) with new
    attribute cells.

    Args:
        path: The CSV written by :class:`CodingsCsvWriter`.
        core: Number of core columns to keep from each row.
        columns: The attribute column names.
        cell_rows: Per data row, its attribute cells (already formatted), in order.
    """
    tmp = path.with_name(path.name + ".rewrite")
    with path.open(encoding="utf-8", newline="") as source, \
            tmp.open("w", encoding="utf-8", newline="") as target:
        reader = csv.reader(source)
        header = next(reader)
        writer = _writer(target)
        writer.writerow(header[:core] + [safe_cell(c) for c in columns])
        for row, cells in zip(reader, cell_rows, strict=True):
            writer.writerow(row[:core] + list(cells))
    os.replace(tmp, path)
