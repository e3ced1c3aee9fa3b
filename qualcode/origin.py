"""Where the rows of a table were read, so that a message about a row can name its file and line.

A reader marks the table it returns (:func:`mark_origin`); the mark lives in ``DataFrame.attrs``
and so follows the table into the analysis, which reads no file itself. Finding each row's
line can mean reading the file again (a cell may span lines), so the reader leaves how to find
them, and they are found only when a message needs one (:meth:`Origin.line`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ORIGIN", "Origin", "joined_origins", "mark_origin", "origins", "row_line"]

ORIGIN = "qualcode_origin"
"""Key of ``DataFrame.attrs``: where a table's rows were read, as a tuple of :class:`Origin`
blocks of consecutive rows."""

Lines = Sequence[int] | Callable[[], Sequence[int] | None] | None


class Origin:
    """A block of consecutive rows read from one file.

    Args:
        path: The file, as messages should name it.
        rows: The number of rows.
        lines: The file line (or sheet row) of each row; or a function that finds them, called
            the first time a line is asked for (``None`` from it, or lines that do not fit the
            rows: as for ``None``); ``None``: row i is on line i + 2 (a header, then one line
            per row).
    """

    __slots__ = ("_find", "_lines", "path", "rows")

    def __init__(self, path: str, rows: int, lines: Lines = None) -> None:
        self.path = path
        self.rows = rows
        self._find = lines if callable(lines) else None
        self._lines = None if lines is None or callable(lines) else tuple(lines)

    def lines(self) -> tuple[int, ...] | None:
        """Each row's line, found now if they were not yet; ``None``: row i is on line i + 2."""
        if self._find is not None:
            found, self._find = self._find(), None
            if found is not None and len(found) == self.rows:
                self._lines = tuple(found)
        return self._lines

    def line(self, row: int) -> int:
        """The file line of the block's row ``row`` (0-based)."""
        lines = self.lines()
        return int(lines[row]) if lines is not None else int(row) + 2

    def __deepcopy__(self, memo: dict[int, Any]) -> Origin:
        # pandas deep-copies attrs on every operation; an origin does not change once made
        # (its lines are found once), so copies share it and what it found
        return self

    def __repr__(self) -> str:
        return f"Origin({self.path!r}, {self.rows} rows)"


def mark_origin(frame: pd.DataFrame, path: str, lines: Lines = None) -> pd.DataFrame:
    """Record in ``frame.attrs`` that its rows were read from ``path``, for messages.

    Args:
        frame: The table as read.
        path: The file, as messages should name it.
        lines: The file line (or sheet row) of each row, or a function that finds them when
            first needed; ``None``: row i is on line i + 2.

    Returns:
        ``frame`` itself.
    """
    frame.attrs[ORIGIN] = (Origin(path, len(frame), lines),)
    return frame


def origins(frame: pd.DataFrame) -> tuple[Origin, ...] | None:
    """Where the rows of ``frame`` were read, if it says and that covers every row."""
    blocks = frame.attrs.get(ORIGIN)
    if not blocks or sum(block.rows for block in blocks) != len(frame):
        return None
    return tuple(blocks)


def row_line(frame: pd.DataFrame, row: int) -> tuple[str, int] | None:
    """The file and line of row ``row`` (0-based position) of a table read from a file, or
    ``None`` when the table does not say (:func:`origins`)."""
    for block in origins(frame) or ():
        if row < block.rows:
            return block.path, block.line(row)
        row -= block.rows
    return None


def joined_origins(frames: Sequence[pd.DataFrame]) -> tuple[Origin, ...] | None:
    """The origin of ``frames`` put one under the other (``None`` if one has none)."""
    blocks = [f.attrs.get(ORIGIN) for f in frames]
    if any(b is None for b in blocks):
        return None
    return tuple(block for b in blocks for block in b)
