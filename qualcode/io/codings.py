"""Reading a saved codings table (ours, or a colleague's hand coding with the same columns).

One rule reads ``segment``, ``start`` and ``end`` wherever codings and segments tables are read
(:func:`qualcode.cells.position_values`), and a table read here remembers where its rows were
read (:func:`qualcode.io.coded_tables.file_origin`), so later messages about a row can name its
file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qualcode.cells import POSITION_HINT, bad_position, position_values, repeated_segment_issues
from qualcode.errors import CodingsError, InputError, IssueCollector
from qualcode.io.coded_tables import file_origin, read_table, strip_labels
from qualcode.origin import ORIGIN, Origin
from qualcode.tables import CODINGS_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "REQUIRED_CODINGS_COLUMNS",
    "REQUIRED_SEGMENTS_COLUMNS",
    "read_codings",
    "read_segments",
]

REQUIRED_CODINGS_COLUMNS = ("document", "segment", "code")
"""Columns a codings table must have; the others of :data:`CODINGS_COLUMNS` default to empty."""

REQUIRED_SEGMENTS_COLUMNS = ("document", "segment", "text")
"""Columns a saved segments table must have."""

_INTEGER_COLUMNS = ("segment", "start", "end")
_DEFAULTS = {"start": "-1", "end": "-1", "source": "imported"}


def read_codings(path: str | Path) -> pd.DataFrame:
    """Read a codings table written by qualcode or by hand with the same columns.

    The cells qualcode made inert for spreadsheets (a leading apostrophe before ``=``, ``+``,
    ``-``, ``@``) get their text back, and every cell but the ``text`` loses the spaces around
    it (``assessment `` is the code ``assessment``). Missing optional columns are added
    (``code_path`` = the code, ``source`` = ``imported``, start/end ``-1``, the rest empty) and
    the columns are put in the canonical order, extra (attribute) columns last.

    Args:
        path: A ``.csv``, ``.tsv`` or ``.xlsx`` file (the ``codings`` sheet, else the first).

    Returns:
        The codings table, ``segment``, ``start`` and ``end`` as integers, marked with where
        its rows were read
        (:func:`qualcode.io.coded_tables.file_origin`).

    Raises:
        InputError: If the file is missing or unreadable.
        CodingsError: If required columns are missing (all named), a code is empty, or a
            ``segment``, ``start`` or ``end`` value is not a non-negative whole number (empty or
            -1: none); each bad cell is named by its 1-based line.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("codings table not found", path=path, hint="check the path")
    frame = read_table(path, sheet=("codings", 0))
    missing = [c for c in REQUIRED_CODINGS_COLUMNS if c not in frame.columns]
    if missing:
        raise CodingsError(
            f"the codings table has no column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}",
            path=path,
            hint=f"a codings table needs the columns {', '.join(REQUIRED_CODINGS_COLUMNS)} "
            f"(usually {', '.join(CODINGS_COLUMNS)}); found {', '.join(frame.columns) or 'none'}",
        )
    strip_labels(frame)
    for column in CODINGS_COLUMNS:
        if column not in frame.columns:
            frame[column] = _DEFAULTS.get(column, "")
    empty_path = frame["code_path"] == ""
    frame.loc[empty_path, "code_path"] = frame.loc[empty_path, "code"]
    frame = frame.reset_index(drop=True)
    origin = file_origin(path, len(frame))
    issues = IssueCollector(path=str(path))
    _read_positions(frame, _INTEGER_COLUMNS, origin, issues)
    for index in np.flatnonzero((frame["code"].str.strip() == "").to_numpy())[:20]:
        issues.add("C002", "empty code", line=origin.line(index), where="code",
                   hint="every row names the code applied")
    issues.raise_if_errors(CodingsError, f"{path}: the codings table has bad values")
    extra = [c for c in frame.columns if c not in CODINGS_COLUMNS]
    frame = frame[[*CODINGS_COLUMNS, *extra]]
    frame.attrs[ORIGIN] = (origin,)
    return frame


def _read_positions(frame: pd.DataFrame, columns: Sequence[str], origin: Origin,
                    issues: IssueCollector, *, required: Sequence[str] = ()) -> None:
    """Turn ``columns`` into integers in place, by one rule for every table
    (:func:`qualcode.cells.position_values`): a non-negative whole number, or
    empty / -1 for none (not for a ``required`` column). Each bad cell is an issue (C001)
    with its line."""
    for column in columns:
        values, bad = position_values(frame[column])
        if column in required:
            bad |= values < 0
        for index in np.flatnonzero(bad.to_numpy())[:20]:
            cell = frame[column].iat[index]
            message = (f"{column} is empty" if not str(cell).strip()
                       else bad_position(cell, column))
            issues.add("C001", message, line=origin.line(index), where=column,
                       hint=POSITION_HINT if column not in required
                       else f"every row of the table needs its {column} number")
        frame[column] = values


def read_segments(path: str | Path) -> pd.DataFrame:
    """Read a segments table written by ``qualcode segments`` or ``qualcode analyze``.

    Every cell but the ``text`` loses the spaces around it, as in :func:`read_codings`.

    Args:
        path: A ``.csv``, ``.tsv`` or ``.xlsx`` file (the ``segments`` sheet, else the first).

    Returns:
        The table with inert cells restored, ``segment`` (and ``start``, ``end``) as integers
        and ``interviewer`` as booleans.

    Raises:
        InputError: If the file is missing or unreadable.
        CodingsError: If ``document``, ``segment`` or ``text`` is missing, a ``segment``
            (required), ``start`` or ``end`` is not a non-negative whole number, or a
            (document, segment) pair repeats (each bad row named by its line).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("segments table not found", path=path, hint="check the --segments path")
    frame = read_table(path, sheet=("segments", 0))
    missing = [c for c in REQUIRED_SEGMENTS_COLUMNS if c not in frame.columns]
    if missing:
        raise CodingsError(
            f"the segments table has no column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}", path=path,
            hint="write it with `qualcode segments ... -o segments.csv`",
        )
    strip_labels(frame)
    frame = frame.reset_index(drop=True)
    origin = file_origin(path, len(frame))
    issues = IssueCollector(path=str(path))
    columns = [c for c in _INTEGER_COLUMNS if c in frame.columns]
    _read_positions(frame, columns, origin, issues, required=("segment",))
    issues.issues += repeated_segment_issues(
        frame["document"], frame["segment"],
        lambda row: {"path": str(path), "line": origin.line(row), "where": "segment"},
        limit=max(0, 20 - len(issues.issues)))
    issues.raise_if_errors(CodingsError, f"{path}: the segments table has bad values")
    if "interviewer" in frame.columns:
        frame["interviewer"] = frame["interviewer"].str.strip().str.lower().isin(
            ("true", "1", "yes"))
    return frame
