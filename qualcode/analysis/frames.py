"""Checking and normalising the codings and units tables the agreement functions take.

A table read from a file can carry where its rows come from
(:func:`qualcode.origin.mark_origin`); the
normalised tables then keep, per row, where it was read (:data:`PLACE_COLUMNS`), so a message
about a row names the file and line, even after rows were dropped or tables put together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qualcode.arguments import as_names
from qualcode.cells import (
    POSITION_HINT,
    STATUSES,
    bad_position,
    counted_rows,
    position_values,
    repeated_segment_issues,
    status_values,
)
from qualcode.errors import AnalysisError, CodingsError, Issue
from qualcode.origin import ORIGIN, Origin, origins

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PLACE_COLUMNS",
    "coders_of",
    "normalise_codings",
    "normalise_units",
    "place",
    "place_text",
    "source_name",
    "split_codes",
    "status_issues",
    "unknown_values",
    "with_places",
]

PLACE_COLUMNS = ("_origin", "_row")
"""Columns of a normalised table: where each row was read (a :class:`qualcode.origin.Origin`,
or the table's name when it was not read from a file) and its 0-based row there; its line is
found only when a message needs it (:func:`place`)."""

_TEXT_COLUMNS = ("document", "code", "code_path", "group", "coder", "source", "rule", "match",
                 "text", "case", "speaker")


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CodingsError(
            f"{name}: the {what} lacks column(s) {', '.join(missing)}",
            hint=f"columns found: {', '.join(map(str, frame.columns)) or '(none)'}; "
            f"a {what} needs {', '.join(columns)}",
        )


def _places(frame: pd.DataFrame, name: str) -> tuple[list[Any], np.ndarray]:
    """The origin block and row there of each row (:func:`qualcode.origin.origins`), else
    ``name`` and the row's position."""
    blocks = origins(frame)
    if blocks is None:
        return [name] * len(frame), np.arange(len(frame), dtype=np.int64)
    where: list[Any] = []
    for block in blocks:
        where += [block] * block.rows
    rows = [np.arange(block.rows, dtype=np.int64) for block in blocks]
    return where, np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)


def with_places(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """``frame`` with the columns :data:`PLACE_COLUMNS`: where each row was read."""
    if all(c in frame.columns for c in PLACE_COLUMNS):
        return frame.copy()
    where, rows = _places(frame, name)
    return frame.assign(**{PLACE_COLUMNS[0]: where, PLACE_COLUMNS[1]: rows})


def place(frame: pd.DataFrame, position: int) -> dict[str, Any]:
    """Keyword arguments of :class:`Issue` naming row ``position`` (0-based) of a table that
    has :data:`PLACE_COLUMNS`: its file and line, or the table's name and 1-based row."""
    if not all(c in frame.columns for c in PLACE_COLUMNS):
        return {"where": f"row {position + 1}"}
    where = frame[PLACE_COLUMNS[0]].iat[position]
    row = int(frame[PLACE_COLUMNS[1]].iat[position])
    if isinstance(where, Origin):
        return {"path": where.path, "line": where.line(row)}
    return {"path": str(where), "where": f"row {row + 1}"}


def place_text(frame: pd.DataFrame, position: int) -> str:
    """Row ``position`` of a table as ``file:line`` (or ``name, row n``), for a sentence."""
    where = place(frame, position)
    if "line" in where:
        return f"{where['path']}:{where['line']}"
    return f"{where['path']}, {where['where']}" if "path" in where else where["where"]


def coders_of(frame: pd.DataFrame, coders: str | Sequence[str] | None, coverage: str, what: str,
              original: pd.DataFrame | None = None) -> list[str]:
    """The coders to compare: ``coders`` as given (also those who coded nothing, under
    ``coverage="all"``); else those the table was read with (``attrs["coders"]``, see
    :func:`qualcode.io.coded_tables.read_codings_files`) while it holds the rows read; else
    those of the normalised ``frame``'s ``coder`` column, in order.

    Under ``coverage="all"`` a coder without codings read every unit and found nothing: data
    like any other. Under ``"documents"`` such a coder read nothing, which is an error naming
    their file (or the coder), however many other coders remain: leaving them out silently
    would report fewer coders than were given.

    Args:
        frame: The normalised codings.
        coders: Every coder (one name or several), in order, or ``None``.
        coverage: ``documents`` or ``all``.
        what: The analysis, for messages (``agreement``, ``adjudication``).
        original: The table as given, whose files (:data:`ORIGIN`) without rows are named.

    Raises:
        AnalysisError: If ``coders`` is not one name or a list of them, fewer than two
            coders remain, or (under ``documents``) a coder has no codings.
    """
    import pandas as pd

    given = original if original is not None else frame
    if coders is None and origins(given) is not None:  # rows left out: its coders may be too
        coders = given.attrs.get("coders")
    if coders is not None:
        coders = as_names(coders, "coders", AnalysisError)
    found = list(dict.fromkeys(frame.get("coder", pd.Series(dtype=object))))
    listed = list(dict.fromkeys([*coders, *found])) if coders is not None else found
    active = listed if coverage == "all" else [c for c in listed if c in found]
    idle = [c for c in listed if c not in active]
    if len(active) >= 2 and not idle:
        return active
    named = f" ({', '.join(active)})" if active else ""
    if idle:
        count = (f"{what} needs at least two coders with codings, found {len(active)}{named}"
                 if len(active) < 2 else
                 f"{what} under coverage documents needs codings from every coder")
        raise AnalysisError(
            f"{count}; {_idle_text(given, idle)}",
            hint="a coder who coded nothing read nothing under --coverage documents; remove "
            "their file (or name), or, if every coder read every unit, pass --coverage all "
            "(and --units) to count their silence as absent")
    raise AnalysisError(f"{what} needs at least two coders, found {len(active)}{named}",
                        hint="pass one codings file per coder, or a table whose coder "
                        "column names several")


def _idle_text(given: pd.DataFrame, idle: Sequence[str]) -> str:
    """Who of ``idle`` coded nothing, for a sentence: the files without rows (:data:`ORIGIN`),
    the file of a coder whose rows all lack a code or are rejected, else the coder."""
    blocks = given.attrs.get(ORIGIN) or ()
    empty = [block.path for block in blocks if block.rows == 0]
    parts = []
    if empty:
        parts.append(f"{', '.join(empty)} hold{'s' if len(empty) == 1 else ''} no codings")
    column = (given["coder"].astype("string").fillna("").str.strip().to_numpy(dtype=object)
              if "coder" in given.columns else np.array([], dtype=object))
    placed = with_places(given, "codings") if len(column) else given
    unexplained = []
    for coder in idle:
        rows = np.flatnonzero(column == coder)
        if rows.size:
            parts.append(f"coder {coder} ({place_text(placed, int(rows[0]))}) has only rows "
                         "without a code or rejected")
        else:
            unexplained.append(coder)
    if unexplained and len(unexplained) > len(empty):
        parts.append(f"{', '.join(unexplained)} coded nothing")
    return "; ".join(parts)


_CODE_SEPARATORS = re.compile(r"[;,]")


def split_codes(cell: object) -> list[str]:
    """The codes of a cell that lists several (an adjudication decision, an evaluation set's
    gold codes): separated by ``;`` or ``,``, without the spaces around them, each once, in
    order."""
    text = "" if cell is None or cell != cell else str(cell)  # NaN: an empty cell
    return list(dict.fromkeys(c.strip() for c in _CODE_SEPARATORS.split(text) if c.strip()))


def unknown_values(values: np.ndarray, known: Sequence[str]) -> dict[str, list[int]]:
    """The non-empty ``values`` that are not ``known``, each with the positions it stands at,
    in order of first appearance (for one warning per unknown value, placed at its first row).
    """
    positions = np.flatnonzero((values != "") & ~np.isin(values, known))
    found: dict[str, list[int]] = {}
    for position in positions.tolist():
        found.setdefault(values[position], []).append(position)
    return found


def status_issues(codings: pd.DataFrame, name: str = "codings") -> list[Issue]:
    """One warning (C003) per status value that is not one of
    :data:`qualcode.cells.STATUSES`: such codings are counted like accepted ones, which a typo
    (``rejcted``) should not do unnoticed.

    Args:
        codings: The codings table (before rows are dropped, so rows keep their place).
        name: What to call it in messages when it was not read from a file.
    """
    found = unknown_values(status_values(codings).to_numpy(), STATUSES)
    if not found:
        return []
    placed = with_places(codings, name)
    issues = []
    for rows in found.values():
        first = rows[0]
        raw = codings["status"].iloc[first]
        issues.append(Issue(
            "C003", f"status {raw!r} is not one of {', '.join(STATUSES)}: "
            f"{len(rows)} coding(s) with it are counted as accepted", severity="warning",
            hint="correct the status (case and spaces do not matter), or leave it empty for "
            "an accepted coding", **place(placed, first)))
    return issues


def source_name(frame: pd.DataFrame, default: str) -> str:
    """The file(s) a table was read from (:data:`ORIGIN`), else ``default``, for messages."""
    blocks = frame.attrs.get(ORIGIN)
    return ", ".join(dict.fromkeys(block.path for block in blocks)) if blocks else default


def _integers(frame: pd.DataFrame, column: str, issues: list[Issue]) -> pd.Series:
    """``column`` as integers (:func:`qualcode.cells.position_values`); bad cells are reported
    where they are."""
    import pandas as pd

    if column not in frame.columns:
        return pd.Series(-1, index=frame.index, dtype="int64")
    values, bad = position_values(frame[column])
    for position in list(bad.to_numpy().nonzero()[0][:5]):
        issues.append(Issue("E702", bad_position(frame[column].iloc[position], column),
                            hint=POSITION_HINT, **place(frame, position)))
    return values


def normalise_codings(frame: pd.DataFrame, *, name: str = "codings") -> pd.DataFrame:
    """Return a clean copy of a codings table.

    Text columns become strings (missing -> ``""``), ``segment``, ``start`` and ``end`` become
    integers (missing -> ``-1``; see :func:`qualcode.cells.position_values`);
    :data:`PLACE_COLUMNS` say where each row was read. Rows without a code and rows whose
    ``status`` is ``rejected`` (:func:`qualcode.cells.counted_rows`) are dropped: they mark
    nothing. ``attrs["issues"]`` holds the warnings about status values (:func:`status_issues`).

    Args:
        frame: A codings table (at least ``document`` and ``code``).
        name: What to call it in messages (usually its file).

    Returns:
        The normalised table with a fresh 0-based index.

    Raises:
        CodingsError: If required columns are missing or numbers are malformed.
    """
    _require(frame, ("document", "code"), name, "codings table")
    out = with_places(frame, name)
    for column in _TEXT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].astype("string").fillna("").str.strip().astype(object)
    issues: list[Issue] = []
    for column in ("segment", "start", "end"):
        out[column] = _integers(out, column, issues)
    if issues:
        raise CodingsError(f"{name}: malformed numbers in the codings table", issues=issues)
    warnings = status_issues(out, name)
    out = out[(out["code"] != "") & counted_rows(out)].reset_index(drop=True)
    out.attrs["issues"] = tuple(warnings)
    return out


def normalise_units(frame: pd.DataFrame, *, name: str = "units") -> pd.DataFrame:
    """Return a clean copy of a units (segments) table: ``document, segment, start, end``.

    Args:
        frame: A segments table as ``qualcode segments`` writes it.
        name: What to call it in messages.

    Returns:
        The table with integer positions, sorted by document order of appearance and start.

    Raises:
        CodingsError: If columns are missing, positions are malformed, a (document, segment)
            pair repeats, or two units of a document overlap.
    """
    _require(frame, ("document", "segment", "start", "end"), name, "units table")
    out = with_places(frame, name)
    for column in _TEXT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].astype("string").fillna("").str.strip().astype(object)
    if "text" in frame.columns:
        out["text"] = frame["text"].astype("string").fillna("").astype(object)
    issues: list[Issue] = []
    for column in ("segment", "start", "end"):
        out[column] = _integers(out, column, issues)
    bad = np.flatnonzero(((out["start"] < 0) | (out["end"] < out["start"])).to_numpy())
    for position in bad[:5].tolist():
        issues.append(Issue(
            "E703", f"start {out['start'].iat[position]} and end {out['end'].iat[position]} "
            "are not a span [start, end)", hint="start >= 0 and end >= start",
            **place(out, position)))
    issues += repeated_segment_issues(out["document"], out["segment"],
                                      lambda row: place(out, row), limit=5)
    if issues:
        raise CodingsError(f"{source_name(frame, name)}: the units table is malformed",
                           issues=issues)
    order = {doc: i for i, doc in enumerate(dict.fromkeys(out["document"]))}
    out["_doc"] = out["document"].map(order)
    out = out.sort_values(["_doc", "start", "end"], kind="stable").drop(columns="_doc")
    out = out.reset_index(drop=True)
    same_doc = out["document"].to_numpy()[1:] == out["document"].to_numpy()[:-1]
    overlap = same_doc & (out["start"].to_numpy()[1:] < out["end"].to_numpy()[:-1])
    if overlap.any():
        i = int(overlap.nonzero()[0][0])
        first, second = out.iloc[i], out.iloc[i + 1]
        raise CodingsError(
            f"units {first['segment']} ({place_text(out, i)}, {first['start']}-{first['end']}) "
            f"and {second['segment']} ({place_text(out, i + 1)}, {second['start']}-"
            f"{second['end']}) of document {first['document']} overlap",
            hint="pass a segments table of one unit (turns, or sentences, not both)",
        )
    return out.drop(columns=list(PLACE_COLUMNS))
