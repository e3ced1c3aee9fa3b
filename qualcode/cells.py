"""How the cells of a codings or segments table are read, wherever such a table is read: by the
readers (:mod:`qualcode.io.codings`), by the analysis of a table given in memory
(:mod:`qualcode.analysis.frames`) and by the REFI-QDA export (:mod:`qualcode.exchange`):
``segment``, ``start`` and ``end`` (:func:`position_values`), a segment listed twice
(:func:`repeated_segment_issues`) and ``status`` (:func:`status_name`).

One rule each, so a cell means the same to every command. Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qualcode.errors import Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "POSITION_HINT",
    "STATUSES",
    "bad_position",
    "counted_rows",
    "position_values",
    "repeated_segment_issues",
    "status_name",
    "status_values",
]

_MAX_DIGITS = 18  # every number of 18 digits fits a 64-bit integer

POSITION_HINT = ("segment, start and end are 0-based whole numbers; leave the cell empty (or "
                 "-1) when there is none")


def position_values(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A ``segment``, ``start`` or ``end`` column as 64-bit integers, and which cells are bad.

    Empty cells and ``-1`` mean "none" (-1). A non-negative whole number is itself, written
    ``12`` or, as spreadsheets save it, ``12.0``. Anything else is bad (and -1 in the values):
    text, fractions, negatives, exponents (``1e3``) and numbers of more than 18 digits, which
    would not survive as 64-bit integers.

    Returns:
        (values, bad), both on the index of ``cells``.
    """
    text = cells.astype("string").fillna("").str.strip()
    none = text.isin(("", "-1"))
    digits = text.str.extract(r"^0*(\d+?)(?:\.0*)?$", expand=False).fillna("")
    good = none | ((digits != "") & (digits.str.len() <= _MAX_DIGITS))
    values = digits.where(good & ~none, "-1").astype("int64")
    return values, ~good


def bad_position(cell: object, column: str) -> str:
    """What is wrong with a bad ``column`` cell (see :func:`position_values`), for a message."""
    text = str(cell).strip()
    if text.lstrip("+-").isdigit() and len(text.lstrip("+-0")) > _MAX_DIGITS:
        return f"{column} {text!r} is too large"
    if text.startswith("-"):
        return f"{column} {text!r} is negative"
    return f"{column} {text!r} is not a whole number"


def repeated_segment_issues(documents: pd.Series, segments: pd.Series,
                            place: Callable[[int], dict[str, Any]], *, limit: int = 20
                            ) -> list[Issue]:
    """An error (E704) for each row of a segments table whose (document, segment) an earlier
    row already has: a coding of that segment would take one row's text, case and attributes
    at random.

    The document id is compared without the spaces around it; a row without a segment number
    (-1, as :func:`position_values` reads an empty or bad cell) repeats nothing.

    Args:
        documents: The ``document`` column.
        segments: The ``segment`` column, as integers (:func:`position_values`).
        place: Where row i (0-based position) is, as :class:`Issue` keyword arguments
            (``path``, ``line``, ``where``).
        limit: At most this many issues.
    """
    import numpy as np
    import pandas as pd

    keys = pd.DataFrame({"document": documents.astype("string").fillna("").str.strip()
                         .to_numpy(dtype=object), "segment": segments.to_numpy()})
    numbered = keys["segment"].to_numpy() >= 0
    first: dict[tuple[str, int], int] = {}
    issues: list[Issue] = []
    for row in np.flatnonzero(keys.duplicated(keep=False).to_numpy() & numbered).tolist():
        document, segment = keys["document"].iat[row], int(keys["segment"].iat[row])
        earlier = first.setdefault((document, segment), row)
        if earlier == row:
            continue
        issues.append(Issue(
            "E704", f"segment {segment} of document {document} repeats (first at "
            f"{_place_text(place(earlier))})",
            hint="pass the segments table of one segmentation, each segment once",
            **place(row)))
        if len(issues) >= limit:
            break
    return issues


def _place_text(at: dict[str, Any]) -> str:
    """A place (:class:`Issue` keyword arguments) for a sentence: ``file:line``, else
    ``file, row n``."""
    if at.get("line") is not None:
        return f"{at['path']}:{at['line']}" if at.get("path") else f"line {at['line']}"
    return ", ".join(str(at[key]) for key in ("path", "where") if at.get(key))


STATUSES = ("suggested", "accepted", "rejected")
"""The ``status`` values of a coding (as a project writes them); case and spaces around them do
not matter (:func:`status_name`), and an empty status counts as accepted."""


def status_name(cell: object) -> str:
    """A ``status`` cell as every command reads it: without the spaces around it, lower-case
    (``" Rejected"`` is ``rejected``); ``""`` when it is empty or missing."""
    if cell is None or cell != cell:  # NaN: a missing cell
        return ""
    return str(cell).strip().lower()


def status_values(codings: pd.DataFrame) -> pd.Series:
    """The status of each coding of a table (:func:`status_name`; ``""`` without the column)."""
    import pandas as pd

    if "status" not in codings.columns:
        return pd.Series("", index=codings.index, dtype=object)
    cells = codings["status"].astype("string").fillna("").astype(object)
    return cells.map(status_name).astype(object)


def counted_rows(codings: pd.DataFrame) -> pd.Series:
    """Which codings count: all but those whose status is ``rejected`` (:func:`status_values`)."""
    return status_values(codings) != "rejected"
